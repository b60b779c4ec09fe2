//! Lists of groups and of what they hold at national scale (issue 16: 2 000 groups, 20 000
//! meetings): the groups a person may see, one page at a time, and the register of decisions,
//! with the visibility rule of `service::may_see` written in SQL. The person's scope comes from
//! their roles ([`Viewer`], no query); each list is one statement for its rows (and one for
//! its count), whatever the number of groups. Every set below is read through an index: a
//! person's memberships, the groups of their networks, places and projects, the public groups.

use super::{DECISION_COLS, GROUP_COLS, MEETING_COLS, MEMBER_COLS};
use crate::db::{id_list, Db};
use crate::db_run;
use crate::error::AppResult;
use crate::groups::model::{Decision, Group, Meeting, Membership};
use crate::ids::{GroupId, UserId};

/// What a person may see of groups, read from their roles: a visitor (`user_id` `None`) sees
/// the public groups; a signed-in person also the groups they are a current member of (leaders
/// and autonomous groups' members included), of the projects they hold, of the networks they
/// run (with these networks' places and the projects they follow), and of the places they
/// manage; an instance administrator sees every group.
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    pub user_id: Option<UserId>,
    pub instance_admin: bool,
    /// Networks they administer.
    pub networks: Vec<i64>,
    /// Places they manage.
    pub places: Vec<i64>,
    /// Mandates are current at this instant.
    pub now: i64,
}

/// A value bound to a statement.
#[derive(Debug, Clone)]
enum Bind {
    I(i64),
    T(String),
}

/// The bound values of a statement being written, numbered `$1`, `$2`… as they are added.
#[derive(Debug, Default)]
struct Binds(Vec<Bind>);

impl Binds {
    fn int(&mut self, v: i64) -> String {
        self.0.push(Bind::I(v));
        format!("${}", self.0.len())
    }
    fn text(&mut self, v: String) -> String {
        self.0.push(Bind::T(v));
        format!("${}", self.0.len())
    }
    /// The number the next value will have.
    fn next(&self) -> usize {
        self.0.len() + 1
    }
}

/// Binds `$binds` to the query `$q`, in order.
macro_rules! bind_all {
    ($q:expr, $binds:expr) => {{
        let mut q = $q;
        for b in &$binds.0 {
            q = match b {
                Bind::I(i) => q.bind(*i),
                Bind::T(t) => q.bind(t.as_str()),
            };
        }
        q
    }};
}

async fn groups(db: &Db, sql: &str, binds: &Binds) -> AppResult<Vec<Group>> {
    Ok(db_run!(db, |p| bind_all!(
        sqlx::query_as::<_, Group>(sql),
        binds
    )
    .fetch_all(p)
    .await)?)
}

async fn count(db: &Db, sql: &str, binds: &Binds) -> AppResult<i64> {
    Ok(db_run!(db, |p| bind_all!(
        sqlx::query_scalar::<_, i64>(sql),
        binds
    )
    .fetch_one(p)
    .await)?)
}

/// Public groups whose parent everyone sees (a network, a place, a public project): the
/// groups of a private project are seen through [`readable_sets`] only.
const PUBLIC_GROUPS: &str =
    "SELECT g.id FROM groups g LEFT JOIN projects pr ON pr.id = g.project_id \
     WHERE g.visibility = 'public' AND (g.project_id IS NULL OR pr.public)";

/// The sets of groups whose internal content `v` may read (`Action::ReadGroup`): current
/// memberships, and the groups of what they manage (a network: its groups, its places' and its
/// followed projects'; a place; a project they hold). Each is a `SELECT id`, read through an
/// index; empty for a visitor. An instance administrator is not listed here (every group).
fn readable_sets(v: &Viewer, b: &mut Binds) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(u) = v.user_id {
        let u = b.int(u.get());
        let now = b.int(v.now);
        out.push(format!(
            "SELECT group_id AS id FROM group_members WHERE user_id = {u} AND status = 'active' \
             AND (mandate_start IS NULL OR mandate_start <= {now}) \
             AND (mandate_end IS NULL OR mandate_end > {now})"
        ));
        out.push(format!(
            "SELECT g.id FROM project_members pm JOIN groups g ON g.project_id = pm.project_id \
             WHERE pm.user_id = {u}"
        ));
    }
    if !v.networks.is_empty() {
        let ids = id_list(&v.networks);
        out.push(format!("SELECT id FROM groups WHERE network_id IN ({ids})"));
        out.push(format!(
            "SELECT g.id FROM network_places np JOIN groups g ON g.place_id = np.place_id \
             WHERE np.network_id IN ({ids})"
        ));
        out.push(format!(
            "SELECT g.id FROM projects pr JOIN groups g ON g.project_id = pr.id \
             WHERE pr.network_id IN ({ids}) AND pr.network_status = 'accepted'"
        ));
    }
    if !v.places.is_empty() {
        out.push(format!(
            "SELECT id FROM groups WHERE place_id IN ({})",
            id_list(&v.places)
        ));
    }
    out
}

/// The groups `v` may see (`service::may_see`): the public ones and those they may read.
fn visible_set(v: &Viewer, b: &mut Binds) -> String {
    let mut sets = vec![PUBLIC_GROUPS.to_string()];
    sets.extend(readable_sets(v, b));
    sets.join(" UNION ")
}

/// The pattern finding `q` anywhere in a lower-cased name (`LIKE … ESCAPE '\'`), or `None`
/// for an empty search.
fn name_pattern(q: &str) -> Option<String> {
    let q = q.trim().to_lowercase();
    if q.is_empty() {
        return None;
    }
    let mut out = String::from("%");
    for c in q.chars().take(100) {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    Some(out)
}

/// The count of an instance administrator's list stops there (the page links reach 334 pages
/// of 30; a search narrows further): counting every group of a large instance for page links
/// would read the whole table at each visit.
pub const COUNT_CAP: i64 = 10_000;

fn group_cols(alias: &str) -> String {
    GROUP_COLS
        .split(", ")
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One page of the groups `v` may see, by name, those whose name contains `q` (case aside)
/// when it is not empty, and how many there are (at most [`COUNT_CAP`] for an instance
/// administrator). Two statements.
pub async fn visible_groups_page(
    db: &Db,
    v: &Viewer,
    q: &str,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<Group>, i64)> {
    let pattern = name_pattern(q);
    let cols = group_cols("g");
    // The same text for the page and the count, with its own bound values.
    let base = |b: &mut Binds| {
        let from = if v.instance_admin {
            "FROM groups g".to_string()
        } else {
            format!(
                "FROM ({}) v JOIN groups g ON g.id = v.id",
                visible_set(v, b)
            )
        };
        match &pattern {
            Some(p) => format!(
                "{from} WHERE LOWER(g.name) LIKE {} ESCAPE '\\'",
                b.text(p.clone())
            ),
            None => from,
        }
    };
    let mut b = Binds::default();
    let from = base(&mut b);
    let sql = format!(
        "SELECT {cols} {from} ORDER BY g.name, g.id LIMIT {} OFFSET {}",
        b.int(limit),
        b.int(offset)
    );
    let rows = groups(db, &sql, &b).await?;
    let mut b = Binds::default();
    let from = base(&mut b);
    let sql = if v.instance_admin {
        format!("SELECT COUNT(*) FROM (SELECT 1 {from} LIMIT {COUNT_CAP}) c")
    } else {
        format!("SELECT COUNT(*) {from}")
    };
    let total = count(db, &sql, &b).await?;
    Ok((rows, total))
}

/// Which of `ids` have a current président·e (the others are presided in the interim by their
/// place, for clubs). One statement.
pub async fn with_president(db: &Db, ids: &[GroupId], now: i64) -> AppResult<Vec<GroupId>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let raw: Vec<i64> = ids.iter().map(|i| i.get()).collect();
    let sql = format!(
        "SELECT DISTINCT group_id FROM group_members WHERE group_id IN ({}) \
         AND role = 'president' AND status = 'active' \
         AND (mandate_start IS NULL OR mandate_start <= $1) AND (mandate_end IS NULL OR mandate_end > $1)",
        id_list(&raw)
    );
    Ok(db_run!(db, |p| sqlx::query_scalar::<_, GroupId>(&sql)
        .bind(now)
        .fetch_all(p)
        .await)?)
}

/// The order of the register: newest meetings first.
const DECISION_ORDER: &str = "ORDER BY mt.starts_at DESC, mt.id DESC, d.id";

/// The decisions `v` may read, newest meetings first, at most `limit`: every decision of the
/// groups whose internal minutes they read, and the decisions of public minutes of the groups
/// they see (`service::readable_decisions` states the rule); only those of `group_id` when
/// given, only those matching every word of `query` when it has any. One statement: the
/// decisions of readable groups through `decisions_group`, the decisions of public minutes
/// from the newest meetings (`meetings_starts`, then `decisions_meeting`; at most `limit` of
/// them), or for an instance administrator without a filter every decision the same way.
pub async fn readable_decisions(
    db: &Db,
    v: &Viewer,
    group_id: Option<GroupId>,
    query: &str,
    limit: i64,
) -> AppResult<Vec<Decision>> {
    let mut b = Binds::default();
    let mut filters = Vec::new();
    if let Some(g) = group_id {
        filters.push(format!("d.group_id = {}", b.int(g.get())));
    }
    if let Some((cond, value)) = crate::db::search::condition(db, "decisions", "d", b.next(), query)
    {
        b.text(value);
        filters.push(cond);
    }
    let and_filters: String = filters.iter().map(|f| format!(" AND {f}")).collect();
    let joined = format!(
        "SELECT {DECISION_COLS} FROM decisions d JOIN meetings mt ON mt.id = d.meeting_id \
         JOIN groups g ON g.id = d.group_id"
    );
    let sql = if v.instance_admin && filters.is_empty() {
        // Newest meetings first, their decisions: the first `limit` found end the reading.
        format!(
            "SELECT {DECISION_COLS} FROM meetings mt CROSS JOIN decisions d \
             JOIN groups g ON g.id = d.group_id WHERE d.meeting_id = mt.id {DECISION_ORDER} LIMIT {}",
            b.int(limit)
        )
    } else if v.instance_admin {
        format!(
            "{joined} WHERE {} {DECISION_ORDER} LIMIT {}",
            filters.join(" AND "),
            b.int(limit)
        )
    } else {
        let limit = b.int(limit);
        let mut parts = Vec::new();
        let readable = readable_sets(v, &mut b);
        if !readable.is_empty() {
            parts.push(format!(
                "SELECT d.id FROM ({}) v JOIN decisions d ON d.group_id = v.id WHERE 1 = 1{and_filters}",
                readable.join(" UNION ALL ")
            ));
        }
        parts.push(format!(
            "SELECT id FROM (SELECT d.id FROM meetings mt CROSS JOIN decisions d \
             WHERE d.meeting_id = mt.id AND mt.minutes_visibility = 'public' \
             AND d.group_id IN ({PUBLIC_GROUPS}){and_filters} {DECISION_ORDER} LIMIT {limit}) pub"
        ));
        format!(
            "SELECT {DECISION_COLS} FROM ({}) x JOIN decisions d ON d.id = x.id \
             JOIN meetings mt ON mt.id = d.meeting_id JOIN groups g ON g.id = d.group_id \
             {DECISION_ORDER} LIMIT {limit}",
            parts.join(" UNION ")
        )
    };
    Ok(db_run!(db, |p| bind_all!(
        sqlx::query_as::<_, Decision>(&sql),
        b
    )
    .fetch_all(p)
    .await)?)
}

/// The groups among `ids` that exist, in one statement (lists that check many groups at once:
/// the documents of every scope).
pub async fn groups_by_ids(db: &Db, ids: &[GroupId]) -> AppResult<Vec<Group>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let raw: Vec<i64> = ids.iter().map(|i| i.get()).collect();
    let sql = format!(
        "SELECT {GROUP_COLS} FROM groups WHERE id IN ({})",
        id_list(&raw)
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Group>(&sql)
        .fetch_all(p)
        .await)?)
}

/// The memberships of each of the groups `ids`, in one statement, in the order of
/// `memberships`.
///
/// Only those of `user` when one is given (`Some(None)`: nobody's, for a visitor; `None`:
/// everyone's): what deciding whether that person may read in those groups needs, without
/// reading every member of hundreds of groups.
pub async fn memberships_of_groups(
    db: &Db,
    ids: &[GroupId],
    user: Option<Option<UserId>>,
) -> AppResult<std::collections::HashMap<GroupId, Vec<Membership>>> {
    let mut out: std::collections::HashMap<GroupId, Vec<Membership>> = Default::default();
    let only = match user {
        None => String::new(),
        Some(Some(u)) => format!(" AND m.user_id = {}", u.get()),
        Some(None) => return Ok(out),
    };
    if ids.is_empty() {
        return Ok(out);
    }
    let raw: Vec<i64> = ids.iter().map(|i| i.get()).collect();
    let sql = format!(
        "SELECT {MEMBER_COLS} FROM group_members m JOIN users u ON u.id = m.user_id \
         WHERE m.group_id IN ({}){only} ORDER BY m.group_id, m.status, m.role, u.display_name, m.id",
        id_list(&raw)
    );
    let rows: Vec<Membership> = db_run!(db, |p| sqlx::query_as::<_, Membership>(&sql)
        .fetch_all(p)
        .await)?;
    for m in rows {
        out.entry(m.group_id).or_default().push(m);
    }
    Ok(out)
}

/// What the groups `ids` did, for a timeline: their newest meetings held before `now` (by
/// start) and their newest published minutes (by publication), at most `limit` of each, in
/// two statements whatever the number of groups.
pub async fn meetings_for_timeline(
    db: &Db,
    ids: &[GroupId],
    now: i64,
    limit: i64,
) -> AppResult<(Vec<Meeting>, Vec<Meeting>)> {
    if ids.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let raw: Vec<i64> = ids.iter().map(|i| i.get()).collect();
    let list = id_list(&raw);
    let held = format!(
        "SELECT {MEETING_COLS} FROM meetings WHERE group_id IN ({list}) AND starts_at <= $1 \
         ORDER BY starts_at DESC, id DESC LIMIT $2"
    );
    let held = db_run!(db, |p| sqlx::query_as::<_, Meeting>(&held)
        .bind(now)
        .bind(limit)
        .fetch_all(p)
        .await)?;
    let minutes = format!(
        "SELECT {MEETING_COLS} FROM meetings WHERE group_id IN ({list}) \
         AND minutes_published_at IS NOT NULL \
         ORDER BY minutes_published_at DESC, id DESC LIMIT $1"
    );
    let minutes = db_run!(db, |p| sqlx::query_as::<_, Meeting>(&minutes)
        .bind(limit)
        .fetch_all(p)
        .await)?;
    Ok((held, minutes))
}

/// The first `limit` public groups of a network (its own, not its places' or projects'), by
/// name: what its public page shows to everyone. One statement.
pub async fn public_of_network(
    db: &Db,
    network: crate::ids::NetworkId,
    limit: i64,
) -> AppResult<Vec<Group>> {
    let sql = format!(
        "SELECT {GROUP_COLS} FROM groups WHERE visibility = 'public' AND network_id = $1 \
         ORDER BY name, id LIMIT $2"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Group>(&sql)
        .bind(network)
        .bind(limit)
        .fetch_all(p)
        .await)?)
}

/// The groups `user` is a current active member of, one page (`limit`, `offset`): those they lead
/// (président·e, animateur·rice) first, then by name, with their role; and how many there are.
/// Three statements, whatever the number of groups ("Mon espace").
pub async fn groups_of_member(
    db: &Db,
    user: UserId,
    now: i64,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<(Group, crate::groups::model::GroupRole)>, i64)> {
    const CURRENT: &str = "m.user_id = $1 AND m.status = 'active' \
         AND (m.mandate_start IS NULL OR m.mandate_start <= $2) \
         AND (m.mandate_end IS NULL OR m.mandate_end > $2)";
    let sql = format!(
        "SELECT m.group_id, m.role FROM group_members m JOIN groups g ON g.id = m.group_id \
         WHERE {CURRENT} \
         ORDER BY CASE WHEN m.role IN ('president', 'animator') THEN 0 ELSE 1 END, g.name, g.id \
         LIMIT $3 OFFSET $4"
    );
    let rows: Vec<(i64, String)> = db_run!(db, |p| sqlx::query_as::<_, (i64, String)>(&sql)
        .bind(user)
        .bind(now)
        .bind(limit)
        .bind(offset)
        .fetch_all(p)
        .await)?;
    let ids: Vec<GroupId> = rows.iter().map(|(id, _)| GroupId(*id)).collect();
    let mut by_id: std::collections::HashMap<GroupId, Group> = groups_by_ids(db, &ids)
        .await?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    let page = rows
        .into_iter()
        .filter_map(|(id, role)| {
            let role = crate::groups::model::GroupRole::from_text(&role)?;
            by_id.remove(&GroupId(id)).map(|g| (g, role))
        })
        .collect();
    let sql = format!("SELECT COUNT(*) FROM group_members m WHERE {CURRENT}");
    let total = db_run!(db, |p| sqlx::query_scalar::<_, i64>(&sql)
        .bind(user)
        .bind(now)
        .fetch_one(p)
        .await)?;
    Ok((page, total))
}

/// The groups `v` may read ([`readable_sets`]; any group for an instance administrator) that
/// have requests to join waiting, with their number, most requests first, at most `limit`
/// groups: the candidates of "requests to decide" (the caller keeps those `v` manages). One
/// statement.
pub async fn with_join_requests(db: &Db, v: &Viewer, limit: i64) -> AppResult<Vec<(GroupId, i64)>> {
    let mut b = Binds::default();
    let scope = if v.instance_admin {
        String::new()
    } else {
        let sets = readable_sets(v, &mut b);
        if sets.is_empty() {
            return Ok(Vec::new());
        }
        format!("AND m.group_id IN ({})", sets.join(" UNION "))
    };
    let sql = format!(
        "SELECT m.group_id, COUNT(*) AS n FROM group_members m WHERE m.status = 'pending' {scope} \
         GROUP BY m.group_id ORDER BY n DESC, m.group_id LIMIT {}",
        b.int(limit)
    );
    let rows: Vec<(i64, i64)> =
        db_run!(db, |p| bind_all!(sqlx::query_as::<_, (i64, i64)>(&sql), b)
            .fetch_all(p)
            .await)?;
    Ok(rows.into_iter().map(|(g, n)| (GroupId(g), n)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_searched_literally() {
        assert_eq!(name_pattern("  "), None);
        assert_eq!(name_pattern("Club"), Some("%club%".into()));
        assert_eq!(name_pattern("100%_"), Some("%100\\%\\_%".into()));
    }

    #[test]
    fn a_visitor_sees_the_public_groups_only() {
        let mut b = Binds::default();
        assert_eq!(visible_set(&Viewer::default(), &mut b), PUBLIC_GROUPS);
        assert!(b.0.is_empty());
        let manager = Viewer {
            user_id: Some(UserId(7)),
            places: vec![3, 4],
            now: 1,
            ..Default::default()
        };
        let mut b = Binds::default();
        let set = visible_set(&manager, &mut b);
        assert!(set.contains("place_id IN (3, 4)"), "{set}");
        assert!(!set.contains("network_id IN"), "{set}");
        assert_eq!(b.0.len(), 2);
    }
}
