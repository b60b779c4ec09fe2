//! Lists of projects at national scale (issue 16): one page of the projects a person may see,
//! one page of the projects an advisor follows, the requests waiting for a network's answer,
//! each with its count, and what a page shows of its projects (phases, funding applications,
//! budget lines) read for the page's ids in one statement each. Every list is ordered by name
//! along an index of migration 0021; the network ids of a scope are written into the statement
//! ([`id_list`]), the person and the filters are bound.

use super::PHASE_COLS;
use super::{BUDGET_COLS, FUNDING_COLS, PROJECT_COLS};
use crate::db::{id_list, Db};
use crate::db_run;
use crate::error::AppResult;
use crate::ids::{NetworkId, ProjectId, UserId};
use crate::projects::model::{BudgetLine, FundingApplication, Phase, Project, ProjectStatus};

/// A count stops here: beyond, nobody pages, and counting every row of a large table is what
/// the lists must not do (the plans test, `tests/it/plans.rs`).
pub const COUNT_CAP: i64 = 10_000;

/// Which projects a person sees in a list: the rule of `service::may_see` written as SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// Every project (instance admins).
    All,
    /// The public projects, those `user` holds or advises (`project_members`), and those a
    /// network of `networks` follows (named and accepted).
    Some {
        user: Option<UserId>,
        networks: Vec<NetworkId>,
    },
}

/// Which projects an advisor's dashboard lists, filtered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Followed {
    /// `None`: every project (instance admins); else those followed (accepted) by one of
    /// these networks.
    pub networks: Option<Vec<NetworkId>>,
    /// Only the projects naming this network.
    pub network: Option<NetworkId>,
    pub status: Option<ProjectStatus>,
}

/// A value bound to a statement built here.
enum Bind {
    I(i64),
    S(&'static str),
}

/// Conditions on `projects` and their bound values, numbered as they are added.
#[derive(Default)]
struct Where {
    parts: Vec<String>,
    binds: Vec<Bind>,
}

impl Where {
    /// The next placeholder, bound to `b`.
    fn bind(&mut self, b: Bind) -> String {
        self.binds.push(b);
        format!("${}", self.binds.len())
    }

    fn clause(&self) -> String {
        if self.parts.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.parts.join(" AND "))
        }
    }

    /// `SELECT … ORDER BY name, id LIMIT … OFFSET …` of these conditions and the count
    /// (capped at [`COUNT_CAP`]) of the rows of `counted` (by default the same conditions):
    /// the page and the total.
    async fn page(
        mut self,
        db: &Db,
        limit: i64,
        offset: i64,
        counted: Option<String>,
    ) -> AppResult<(Vec<Project>, i64)> {
        let clause = self.clause();
        let counted = counted.unwrap_or_else(|| format!("SELECT 1 FROM projects {clause}"));
        let count_sql = format!("SELECT COUNT(*) FROM ({counted} LIMIT {COUNT_CAP}) t");
        let n = self.binds.len();
        let sql = format!(
            "SELECT {PROJECT_COLS} FROM projects {clause} ORDER BY name, id LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let count_binds = self.binds.len();
        self.binds.push(Bind::I(limit));
        self.binds.push(Bind::I(offset));
        let binds = &self.binds;
        let rows = db_run!(db, |p| {
            let mut q = sqlx::query_as::<_, Project>(&sql);
            for b in binds {
                q = match b {
                    Bind::I(i) => q.bind(*i),
                    Bind::S(s) => q.bind(*s),
                };
            }
            q.fetch_all(p).await
        })?;
        let count: (i64,) = db_run!(db, |p| {
            let mut q = sqlx::query_as::<_, (i64,)>(&count_sql);
            for b in &binds[..count_binds] {
                q = match b {
                    Bind::I(i) => q.bind(*i),
                    Bind::S(s) => q.bind(*s),
                };
            }
            q.fetch_one(p).await
        })?;
        Ok((rows, count.0))
    }
}

fn ids(networks: &[NetworkId]) -> String {
    id_list(&networks.iter().map(|n| n.get()).collect::<Vec<_>>())
}

/// One page of the projects `seen` admits, by name, and how many there are.
pub async fn visible_page(
    db: &Db,
    seen: &Seen,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<Project>, i64)> {
    let mut w = Where::default();
    let Seen::Some { user, networks } = seen else {
        return w.page(db, limit, offset, None).await;
    };
    // The page walks the names and keeps what one of the conditions admits; the count adds
    // up the ids each condition finds through its own index (an `OR` would read every row).
    let mut any = vec!["public = TRUE".to_string()];
    let mut each = vec!["SELECT id FROM projects WHERE public = TRUE".to_string()];
    if let Some(u) = user {
        let p = w.bind(Bind::I(u.get()));
        let members = format!("SELECT project_id FROM project_members WHERE user_id = {p}");
        any.push(format!("id IN ({members})"));
        each.push(members);
    }
    if !networks.is_empty() {
        let advised = format!(
            "network_id IN ({}) AND network_status = 'accepted'",
            ids(networks)
        );
        any.push(format!("({advised})"));
        each.push(format!("SELECT id FROM projects WHERE {advised}"));
    }
    if any.len() == 1 {
        w.parts.push(any.remove(0));
        return w.page(db, limit, offset, None).await;
    }
    w.parts.push(format!("({})", any.join(" OR ")));
    let counted = each.join(" UNION ");
    w.page(db, limit, offset, Some(counted)).await
}

/// One page of the projects an advisor follows, by name, and how many there are.
pub async fn followed_page(
    db: &Db,
    f: &Followed,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<Project>, i64)> {
    let mut w = Where::default();
    match &f.networks {
        None => {
            if let Some(n) = f.network {
                let p = w.bind(Bind::I(n.get()));
                w.parts.push(format!("network_id = {p}"));
            }
        }
        Some(networks) => {
            let networks: Vec<NetworkId> = networks
                .iter()
                .copied()
                .filter(|n| f.network.is_none_or(|only| only == *n))
                .collect();
            if networks.is_empty() {
                return Ok((Vec::new(), 0));
            }
            w.parts.push(format!(
                "network_id IN ({}) AND network_status = 'accepted'",
                ids(&networks)
            ));
        }
    }
    if let Some(s) = f.status {
        let p = w.bind(Bind::S(s.as_str()));
        w.parts.push(format!("status = {p}"));
    }
    w.page(db, limit, offset, None).await
}

/// The first `limit` projects, by name, asking to be followed by one of `networks` (`None`:
/// any network), and how many ask.
pub async fn requests_page(
    db: &Db,
    networks: Option<&[NetworkId]>,
    limit: i64,
) -> AppResult<(Vec<Project>, i64)> {
    let mut w = Where::default();
    match networks {
        None => w.parts.push("network_status = 'requested'".into()),
        Some([]) => return Ok((Vec::new(), 0)),
        Some(networks) => w.parts.push(format!(
            "network_id IN ({}) AND network_status = 'requested'",
            ids(networks)
        )),
    }
    w.page(db, limit, 0, None).await
}

/// The projects of this name, oldest first (the demonstration finds its project by name).
pub async fn projects_named(db: &Db, name: &str) -> AppResult<Vec<Project>> {
    let sql = format!("SELECT {PROJECT_COLS} FROM projects WHERE name = $1 ORDER BY id");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Project>(&sql)
        .bind(name)
        .fetch_all(p)
        .await)?)
}

fn project_ids(projects: &[ProjectId]) -> String {
    id_list(&projects.iter().map(|p| p.get()).collect::<Vec<_>>())
}

/// The phases of these projects, by project and position.
pub async fn phases_of(db: &Db, projects: &[ProjectId]) -> AppResult<Vec<Phase>> {
    if projects.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {PHASE_COLS} FROM project_phases WHERE project_id IN ({}) \
         ORDER BY project_id, position, id",
        project_ids(projects)
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Phase>(&sql)
        .fetch_all(p)
        .await)?)
}

/// The funding applications of these projects, by project and id.
pub async fn fundings_of(db: &Db, projects: &[ProjectId]) -> AppResult<Vec<FundingApplication>> {
    if projects.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {FUNDING_COLS} FROM funding_applications WHERE project_id IN ({}) \
         ORDER BY project_id, id",
        project_ids(projects)
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, FundingApplication>(
        &sql
    )
    .fetch_all(p)
    .await)?)
}

/// The budget lines of these projects, by project, kind and id.
pub async fn budget_lines_of(db: &Db, projects: &[ProjectId]) -> AppResult<Vec<BudgetLine>> {
    if projects.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {BUDGET_COLS} FROM budget_lines WHERE project_id IN ({}) \
         ORDER BY project_id, kind, id",
        project_ids(projects)
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, BudgetLine>(&sql)
        .fetch_all(p)
        .await)?)
}

/// The first `limit` public projects a network follows (its answer `accepted`), by name: what
/// its public page shows to everyone. One statement.
pub async fn public_of_network(db: &Db, network: NetworkId, limit: i64) -> AppResult<Vec<Project>> {
    let sql = format!(
        "SELECT {PROJECT_COLS} FROM projects WHERE network_id = $1 AND network_status = 'accepted' \
         AND public ORDER BY name, id LIMIT $2"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Project>(&sql)
        .bind(network)
        .bind(limit)
        .fetch_all(p)
        .await)?)
}

/// The `limit` public projects created last (the home page), read in order from the index
/// `projects_public_recent` (migration 0040): a few rows, no sort of the table. One statement.
pub async fn latest_public(db: &Db, limit: i64) -> AppResult<Vec<Project>> {
    let sql = format!(
        "SELECT {PROJECT_COLS} FROM projects WHERE public = TRUE \
         ORDER BY created_at DESC, id DESC LIMIT $1"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Project>(&sql)
        .bind(limit)
        .fetch_all(p)
        .await)?)
}
