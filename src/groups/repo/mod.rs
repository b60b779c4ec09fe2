//! Queries on groups, memberships, meetings, agenda items, attendees, decisions, action items.

use super::model::{
    ActionItem, ActionItemStatus, AgendaItem, Attendee, Decision, Group, GroupJoining, GroupKind,
    GroupMemberStatus, GroupRole, GroupVisibility, Meeting, MeetingAttendance, Membership,
    MinutesVisibility, ProjectAction,
};
use crate::db::dialect::is_unique_violation;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::ids::{BookingId, GroupId, MeetingId, NetworkId, PlaceId, ProjectId, SpaceId, UserId};
use crate::{db_run, db_tx};

mod visible;

pub use visible::*;

const GROUP_COLS: &str = "id, name, slug, kind, purpose, visibility, joining, autonomous, network_id, place_id, project_id, slot_rrule, slot_start, slot_minutes, slot_room, slot_space_id, created_at";
const MEMBER_COLS: &str = "m.id, m.group_id, m.user_id, u.display_name, u.email, m.role, m.status, m.mandate_start, m.mandate_end, m.created_at";
const MEETING_COLS: &str = "id, group_id, title, starts_at, ends_at, room, space_id, booking_id, online_url, minutes, minutes_visibility, minutes_published_at, from_slot, created_at";
const DECISION_COLS: &str = "d.id, d.meeting_id, d.group_id, d.text, d.created_at, mt.starts_at AS meeting_starts_at, g.name AS group_name";
const ACTION_COLS: &str = "a.id, a.group_id, a.meeting_id, a.title, a.owner_id, u.display_name AS owner_name, a.due_on, a.status, a.created_at, a.updated_at, g.name AS group_name";

pub struct NewGroup<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub kind: GroupKind,
    pub purpose: &'a str,
    pub visibility: GroupVisibility,
    pub joining: GroupJoining,
    pub autonomous: bool,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub project_id: Option<ProjectId>,
    pub now: i64,
}

/// Inserts with the first free slug among `slug`, `slug-2`…
pub async fn insert_group(db: &Db, g: NewGroup<'_>) -> AppResult<Group> {
    let sql = format!(
        "INSERT INTO groups (name, slug, kind, purpose, visibility, joining, autonomous, network_id, place_id, project_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING {GROUP_COLS}"
    );
    for n in 1..=100 {
        let candidate = if n == 1 {
            g.slug.to_string()
        } else {
            format!("{}-{n}", g.slug)
        };
        let res = db_run!(db, |p| sqlx::query_as::<_, Group>(&sql)
            .bind(g.name)
            .bind(&candidate)
            .bind(g.kind)
            .bind(g.purpose)
            .bind(g.visibility)
            .bind(g.joining)
            .bind(g.autonomous)
            .bind(g.network_id)
            .bind(g.place_id)
            .bind(g.project_id)
            .bind(g.now)
            .fetch_one(p)
            .await);
        match res {
            Ok(group) => return Ok(group),
            Err(e) if is_unique_violation(&e) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Conflict("slug_taken"))
}

pub async fn update_group(db: &Db, g: &Group) -> AppResult<()> {
    db_run!(db, |p| {
        sqlx::query(
        "UPDATE groups SET name = $1, kind = $2, purpose = $3, visibility = $4, joining = $5, autonomous = $6, \
         slot_rrule = $7, slot_start = $8, slot_minutes = $9, slot_room = $10, slot_space_id = $11 WHERE id = $12"
    )
    .bind(&g.name)
    .bind(g.kind)
    .bind(&g.purpose)
    .bind(g.visibility)
    .bind(g.joining)
    .bind(g.autonomous)
    .bind(&g.slot_rrule)
    .bind(&g.slot_start)
    .bind(g.slot_minutes)
    .bind(&g.slot_room)
    .bind(g.slot_space_id)
    .bind(g.id)
    .execute(p)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn group_by_id(db: &Db, id: GroupId) -> AppResult<Option<Group>> {
    let sql = format!("SELECT {GROUP_COLS} FROM groups WHERE id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Group>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

/// Every group, by name: for tools and tests, never a page (see [`visible_groups_page`]).
pub async fn all_groups(db: &Db) -> AppResult<Vec<Group>> {
    let sql = format!("SELECT {GROUP_COLS} FROM groups ORDER BY name, id");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Group>(&sql)
        .fetch_all(p)
        .await)?)
}

pub async fn group_by_slug(db: &Db, slug: &str) -> AppResult<Option<Group>> {
    let sql = format!("SELECT {GROUP_COLS} FROM groups WHERE slug = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Group>(&sql)
        .bind(slug)
        .fetch_optional(p)
        .await)?)
}

/// The groups attached to a project, by name (index `groups_project`).
pub async fn groups_of_project(db: &Db, project_id: ProjectId) -> AppResult<Vec<Group>> {
    let sql = format!("SELECT {GROUP_COLS} FROM groups WHERE project_id = $1 ORDER BY name, id");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Group>(&sql)
        .bind(project_id)
        .fetch_all(p)
        .await)?)
}

pub async fn memberships(db: &Db, group_id: GroupId) -> AppResult<Vec<Membership>> {
    let sql = format!(
        "SELECT {MEMBER_COLS} FROM group_members m JOIN users u ON u.id = m.user_id \
         WHERE m.group_id = $1 ORDER BY m.status, m.role, u.display_name, m.id"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Membership>(&sql)
        .bind(group_id)
        .fetch_all(p)
        .await)?)
}

/// A person's memberships waiting for their answer (`invited`), oldest first.
pub async fn invited_memberships(db: &Db, user_id: UserId) -> AppResult<Vec<Membership>> {
    let sql = format!(
        "SELECT {MEMBER_COLS} FROM group_members m JOIN users u ON u.id = m.user_id \
         WHERE m.user_id = $1 AND m.status = 'invited' ORDER BY m.created_at, m.id"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Membership>(&sql)
        .bind(user_id)
        .fetch_all(p)
        .await)?)
}

pub async fn membership_by_id(db: &Db, id: i64) -> AppResult<Option<Membership>> {
    let sql = format!(
        "SELECT {MEMBER_COLS} FROM group_members m JOIN users u ON u.id = m.user_id WHERE m.id = $1"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Membership>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

pub struct NewMembership {
    pub group_id: GroupId,
    pub user_id: UserId,
    pub role: GroupRole,
    pub status: GroupMemberStatus,
    pub mandate_start: Option<i64>,
    pub mandate_end: Option<i64>,
    pub now: i64,
}

const INSERT_MEMBERSHIP: &str =
    "INSERT INTO group_members (group_id, user_id, role, status, mandate_start, mandate_end, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";

pub async fn insert_membership(db: &Db, m: NewMembership) -> AppResult<i64> {
    Ok(db_run!(db, |p| {
        sqlx::query_scalar::<_, i64>(INSERT_MEMBERSHIP)
            .bind(m.group_id)
            .bind(m.user_id)
            .bind(m.role)
            .bind(m.status)
            .bind(m.mandate_start)
            .bind(m.mandate_end)
            .bind(m.now)
            .fetch_one(p)
            .await
    })?)
}

/// An invitation to a group kept for an address no account uses yet.
pub struct NewEmailInvitation<'a> {
    pub group_id: GroupId,
    pub email: &'a str,
    pub role: GroupRole,
    pub mandate_start: Option<i64>,
    pub mandate_end: Option<i64>,
    pub now: i64,
    pub expires_at: i64,
}

pub async fn insert_email_invitation(db: &Db, i: NewEmailInvitation<'_>) -> AppResult<()> {
    db_run!(db, |p| {
        sqlx::query(
            "INSERT INTO group_invitations (group_id, email, role, mandate_start, mandate_end, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(i.group_id)
        .bind(i.email)
        .bind(i.role)
        .bind(i.mandate_start)
        .bind(i.mandate_end)
        .bind(i.now)
        .bind(i.expires_at)
        .execute(p)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Turns the live invitations sent to `email` into `invited` memberships of `user_id`, in one
/// transaction: each invitation is used once (a conditional update), and a group where the
/// person already has a membership that is active, asked for or invited gets no second one.
/// How an invitation sent before the account existed reaches it. The number of memberships
/// made.
pub async fn claim_email_invitations(
    db: &Db,
    user_id: UserId,
    email: &str,
    now: i64,
) -> AppResult<u64> {
    type Row = (i64, GroupId, GroupRole, Option<i64>, Option<i64>);
    db_tx!(db, |tx| async {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, group_id, role, mandate_start, mandate_end FROM group_invitations \
             WHERE email = $1 AND used_at IS NULL AND expires_at > $2 ORDER BY created_at, id",
        )
        .bind(email)
        .bind(now)
        .fetch_all(&mut *tx)
        .await?;
        let mut made = 0;
        for (id, group_id, role, start, end) in rows {
            let used = sqlx::query(
                "UPDATE group_invitations SET used_at = $1 WHERE id = $2 AND used_at IS NULL",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            let held: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM group_members WHERE group_id = $1 AND user_id = $2 \
                 AND status IN ('active', 'pending', 'invited') LIMIT 1",
            )
            .bind(group_id)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
            if used == 0 || held.is_some() {
                continue;
            }
            sqlx::query_scalar::<_, i64>(INSERT_MEMBERSHIP)
                .bind(group_id)
                .bind(user_id)
                .bind(role)
                .bind(GroupMemberStatus::Invited)
                .bind(start)
                .bind(end)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
            made += 1;
        }
        Ok::<_, AppError>(made)
    })
}

/// Ends a membership (kept for history): status `left`, mandate ended now if it was running.
pub async fn end_membership(db: &Db, id: i64, now: i64) -> AppResult<()> {
    db_run!(db, |p| {
        sqlx::query(
        "UPDATE group_members SET status = 'left', \
         mandate_end = CASE WHEN mandate_end IS NULL OR mandate_end > $1 THEN $1 ELSE mandate_end END \
         WHERE id = $2"
    )
    .bind(now)
    .bind(id)
    .execute(p)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub struct NewMeeting<'a> {
    pub group_id: GroupId,
    pub title: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub room: &'a str,
    pub online_url: &'a str,
    pub minutes: &'a str,
    pub minutes_visibility: MinutesVisibility,
    pub agenda: &'a [String],
    pub from_slot: bool,
    pub space_id: Option<SpaceId>,
    pub booking_id: Option<BookingId>,
    pub now: i64,
}

/// Inserts a meeting, its agenda and its invited attendees (the group's active members) in one
/// transaction. A slot meeting already created for the same start is not created twice
/// (`None`).
pub async fn insert_meeting(db: &Db, m: NewMeeting<'_>) -> AppResult<Option<Meeting>> {
    let sql = format!(
        "INSERT INTO meetings (group_id, title, starts_at, ends_at, room, online_url, minutes, minutes_visibility, \
         minutes_published_at, from_slot, created_at, space_id, booking_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT DO NOTHING RETURNING {MEETING_COLS}"
    );
    let published = (m.minutes_visibility == MinutesVisibility::Public && !m.minutes.is_empty())
        .then_some(m.now);
    db_tx!(db, |tx| async {
        let meeting: Option<Meeting> = sqlx::query_as(&sql)
            .bind(m.group_id)
            .bind(m.title)
            .bind(m.starts_at)
            .bind(m.ends_at)
            .bind(m.room)
            .bind(m.online_url)
            .bind(m.minutes)
            .bind(m.minutes_visibility)
            .bind(published)
            .bind(m.from_slot)
            .bind(m.now)
            .bind(m.space_id)
            .bind(m.booking_id)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(meeting) = &meeting {
            for (i, title) in m.agenda.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO agenda_items (meeting_id, position, title) VALUES ($1, $2, $3)",
                )
                .bind(meeting.id)
                .bind(i as i64 + 1)
                .bind(title)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query(
                "INSERT INTO meeting_attendees (meeting_id, user_id, status) \
                 SELECT DISTINCT $1, user_id, 'invited' FROM group_members \
                 WHERE group_id = $2 AND status = 'active' AND (mandate_end IS NULL OR mandate_end > $3)",
            )
            .bind(meeting.id)
            .bind(m.group_id)
            .bind(m.now)
            .execute(&mut *tx)
            .await?;
        }
        Ok::<_, AppError>(meeting)
    })
}

pub async fn meeting_by_id(db: &Db, id: MeetingId) -> AppResult<Option<Meeting>> {
    let sql = format!("SELECT {MEETING_COLS} FROM meetings WHERE id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Meeting>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

pub async fn meetings_of_group(db: &Db, group_id: GroupId) -> AppResult<Vec<Meeting>> {
    let sql = format!(
        "SELECT {MEETING_COLS} FROM meetings WHERE group_id = $1 ORDER BY starts_at DESC, id"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Meeting>(&sql)
        .bind(group_id)
        .fetch_all(p)
        .await)?)
}

/// Saves the minutes; `publish` makes them public (stamped the first time).
pub async fn save_minutes(
    db: &Db,
    id: MeetingId,
    minutes: &str,
    visibility: MinutesVisibility,
    now: i64,
) -> AppResult<()> {
    db_run!(db, |p| {
        sqlx::query(
        "UPDATE meetings SET minutes = $1, minutes_visibility = $2, \
         minutes_published_at = CASE WHEN $2 = 'public' THEN COALESCE(minutes_published_at, $3) ELSE NULL END \
         WHERE id = $4"
    )
    .bind(minutes)
    .bind(visibility)
    .bind(now)
    .bind(id)
    .execute(p)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn agenda(db: &Db, meeting_id: MeetingId) -> AppResult<Vec<AgendaItem>> {
    Ok(db_run!(db, |p| {
        sqlx::query_as::<_, AgendaItem>(
        "SELECT id, meeting_id, position, title FROM agenda_items WHERE meeting_id = $1 ORDER BY position, id"
    )
    .bind(meeting_id)
    .fetch_all(p)
    .await
    })?)
}

/// The agendas of several meetings (a group's list of meetings: one statement).
pub async fn agenda_of_meetings(db: &Db, ids: &[MeetingId]) -> AppResult<Vec<AgendaItem>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let raw: Vec<i64> = ids.iter().map(|i| i.get()).collect();
    let sql = format!(
        "SELECT id, meeting_id, position, title FROM agenda_items WHERE meeting_id IN ({}) \
         ORDER BY meeting_id, position, id",
        crate::db::id_list(&raw)
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, AgendaItem>(&sql)
        .fetch_all(p)
        .await)?)
}

/// An attendee of one of several meetings.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MeetingAttendee {
    pub meeting_id: MeetingId,
    #[sqlx(flatten)]
    pub attendee: Attendee,
}

/// The attendees of several meetings (one statement).
pub async fn attendees_of_meetings(db: &Db, ids: &[MeetingId]) -> AppResult<Vec<MeetingAttendee>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let raw: Vec<i64> = ids.iter().map(|i| i.get()).collect();
    let sql = format!(
        "SELECT a.meeting_id, a.user_id, u.display_name, a.status FROM meeting_attendees a \
         JOIN users u ON u.id = a.user_id WHERE a.meeting_id IN ({}) ORDER BY u.display_name",
        crate::db::id_list(&raw)
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, MeetingAttendee>(&sql)
        .fetch_all(p)
        .await)?)
}

pub async fn add_agenda_item(db: &Db, meeting_id: MeetingId, title: &str) -> AppResult<()> {
    db_run!(db, |p| {
        sqlx::query(
        "INSERT INTO agenda_items (meeting_id, position, title) \
         VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE meeting_id = $1), $2)"
    )
    .bind(meeting_id)
    .bind(title)
    .execute(p)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn attendees(db: &Db, meeting_id: MeetingId) -> AppResult<Vec<Attendee>> {
    Ok(db_run!(db, |p| {
        sqlx::query_as::<_, Attendee>(
        "SELECT a.user_id, u.display_name, a.status FROM meeting_attendees a JOIN users u ON u.id = a.user_id \
         WHERE a.meeting_id = $1 ORDER BY u.display_name"
    )
    .bind(meeting_id)
    .fetch_all(p)
    .await
    })?)
}

pub async fn set_attendee(
    db: &Db,
    meeting_id: MeetingId,
    user_id: UserId,
    status: MeetingAttendance,
) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "INSERT INTO meeting_attendees (meeting_id, user_id, status) VALUES ($1, $2, $3) \
         ON CONFLICT (meeting_id, user_id) DO UPDATE SET status = excluded.status"
    )
    .bind(meeting_id)
    .bind(user_id)
    .bind(status)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn insert_decision(db: &Db, meeting: &Meeting, text: &str, now: i64) -> AppResult<i64> {
    let search = crate::text::fold_words(text);
    Ok(db_run!(db, |p| {
        sqlx::query_scalar::<_, i64>(
        "INSERT INTO decisions (meeting_id, group_id, text, search_text, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id"
    )
    .bind(meeting.id)
    .bind(meeting.group_id)
    .bind(text)
    .bind(&search)
    .bind(now)
    .fetch_one(p)
    .await
    })?)
}

/// Decisions of a meeting or a group (the filters given), matching every word of `query` when
/// it has any, newest meetings first (at most 200; the callers checked that the minutes may be
/// read). Each filter is read through its index (`decisions_meeting`, `decisions_group`, the
/// search index); the register of what a person may read is [`readable_decisions`].
pub async fn decisions(
    db: &Db,
    meeting_id: Option<MeetingId>,
    group_id: Option<GroupId>,
    query: &str,
) -> AppResult<Vec<Decision>> {
    let mut conds = Vec::new();
    let mut ids = Vec::new();
    for (column, value) in [
        ("d.meeting_id", meeting_id.map(MeetingId::get)),
        ("d.group_id", group_id.map(GroupId::get)),
    ] {
        if let Some(v) = value {
            ids.push(v);
            conds.push(format!("{column} = ${}", ids.len()));
        }
    }
    let search = crate::db::search::condition(db, "decisions", "d", ids.len() + 1, query);
    if let Some((c, _)) = &search {
        conds.push(c.clone());
    }
    let where_sql = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    let sql = format!(
        "SELECT {DECISION_COLS} FROM decisions d JOIN meetings mt ON mt.id = d.meeting_id \
         JOIN groups g ON g.id = d.group_id {where_sql} \
         ORDER BY mt.starts_at DESC, mt.id DESC, d.id LIMIT 200"
    );
    let bound = search.map(|(_, v)| v);
    Ok(db_run!(db, |p| {
        let mut q = sqlx::query_as::<_, Decision>(&sql);
        for v in &ids {
            q = q.bind(*v);
        }
        if let Some(v) = &bound {
            q = q.bind(v);
        }
        q.fetch_all(p).await
    })?)
}

pub struct NewAction<'a> {
    pub group_id: GroupId,
    pub meeting_id: Option<MeetingId>,
    pub title: &'a str,
    pub owner_id: Option<UserId>,
    pub due_on: Option<&'a str>,
    pub now: i64,
}

pub async fn insert_action(db: &Db, a: NewAction<'_>) -> AppResult<i64> {
    Ok(db_run!(db, |p| {
        sqlx::query_scalar::<_, i64>(
        "INSERT INTO action_items (group_id, meeting_id, title, owner_id, due_on, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 'todo', $6, $6) RETURNING id"
    )
    .bind(a.group_id)
    .bind(a.meeting_id)
    .bind(a.title)
    .bind(a.owner_id)
    .bind(a.due_on)
    .bind(a.now)
    .fetch_one(p)
    .await
    })?)
}

pub async fn action_by_id(db: &Db, id: i64) -> AppResult<Option<ActionItem>> {
    let sql = format!(
        "SELECT {ACTION_COLS} FROM action_items a JOIN groups g ON g.id = a.group_id \
         LEFT JOIN users u ON u.id = a.owner_id WHERE a.id = $1"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, ActionItem>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

/// The open action items with a due date of the groups of these projects, soonest first:
/// one statement for a page of the advisors' dashboard (indexes `groups_project`,
/// `action_items_group`).
pub async fn open_dated_actions_of_projects(
    db: &Db,
    projects: &[ProjectId],
) -> AppResult<Vec<ProjectAction>> {
    if projects.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = projects.iter().map(|p| p.get()).collect();
    let sql = format!(
        "SELECT g.project_id, g.slug AS group_slug, {ACTION_COLS} FROM groups g \
         JOIN action_items a ON a.group_id = g.id LEFT JOIN users u ON u.id = a.owner_id \
         WHERE g.project_id IN ({}) AND a.due_on IS NOT NULL AND a.status <> 'done' \
         ORDER BY a.due_on, a.id",
        crate::db::id_list(&ids)
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, ProjectAction>(&sql)
        .fetch_all(p)
        .await)?)
}

/// The `WHERE` clause of the filters given (`a.group_id = $1`…), and their values: each read
/// through its index (`action_items_group`, `action_items_owner`, `action_items_meeting`).
fn action_filters(
    group_id: Option<GroupId>,
    owner_id: Option<UserId>,
    meeting_id: Option<MeetingId>,
) -> (String, Vec<i64>) {
    let mut conds = Vec::new();
    let mut values = Vec::new();
    for (column, value) in [
        ("a.group_id", group_id.map(GroupId::get)),
        ("a.owner_id", owner_id.map(UserId::get)),
        ("a.meeting_id", meeting_id.map(MeetingId::get)),
    ] {
        if let Some(v) = value {
            values.push(v);
            conds.push(format!("{column} = ${}", values.len()));
        }
    }
    if conds.is_empty() {
        return (String::new(), values);
    }
    (format!("WHERE {}", conds.join(" AND ")), values)
}

/// Open items first, by due date, then those done.
const ACTION_ORDER: &str =
    "ORDER BY CASE a.status WHEN 'done' THEN 1 ELSE 0 END, a.due_on IS NULL, a.due_on, a.id";

/// Action items of a group, of an owner, or of a meeting (the filters given), open ones first
/// by due date.
pub async fn actions(
    db: &Db,
    group_id: Option<GroupId>,
    owner_id: Option<UserId>,
    meeting_id: Option<MeetingId>,
) -> AppResult<Vec<ActionItem>> {
    let (where_sql, values) = action_filters(group_id, owner_id, meeting_id);
    let sql = format!(
        "SELECT {ACTION_COLS} FROM action_items a JOIN groups g ON g.id = a.group_id \
         LEFT JOIN users u ON u.id = a.owner_id {where_sql} {ACTION_ORDER}"
    );
    Ok(db_run!(db, |p| {
        let mut q = sqlx::query_as::<_, ActionItem>(&sql);
        for v in &values {
            q = q.bind(*v);
        }
        q.fetch_all(p).await
    })?)
}

/// One page of a person's action items ("mes actions"), in the same order, and how many they
/// have.
pub async fn my_actions_page(
    db: &Db,
    owner_id: UserId,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<ActionItem>, i64)> {
    let sql = format!(
        "SELECT {ACTION_COLS} FROM action_items a JOIN groups g ON g.id = a.group_id \
         LEFT JOIN users u ON u.id = a.owner_id WHERE a.owner_id = $1 {ACTION_ORDER} LIMIT $2 OFFSET $3"
    );
    let rows = db_run!(db, |p| sqlx::query_as::<_, ActionItem>(&sql)
        .bind(owner_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(p)
        .await)?;
    let total: i64 = db_run!(db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM action_items WHERE owner_id = $1"
    )
    .bind(owner_id)
    .fetch_one(p)
    .await)?;
    Ok((rows, total))
}

pub async fn update_action(
    db: &Db,
    id: i64,
    status: ActionItemStatus,
    owner_id: Option<UserId>,
    due_on: Option<&str>,
    now: i64,
) -> AppResult<()> {
    db_run!(db, |p| {
        sqlx::query(
        "UPDATE action_items SET status = $1, owner_id = $2, due_on = $3, updated_at = $4 WHERE id = $5"
    )
    .bind(status)
    .bind(owner_id)
    .bind(due_on)
    .bind(now)
    .bind(id)
    .execute(p)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Is there already a slot meeting of the group starting then?
pub async fn slot_meeting_exists(db: &Db, group_id: GroupId, starts_at: i64) -> AppResult<bool> {
    let n: i64 = db_run!(db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM meetings WHERE group_id = $1 AND starts_at = $2 AND from_slot"
    )
    .bind(group_id)
    .bind(starts_at)
    .fetch_one(p)
    .await)?;
    Ok(n > 0)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SlotConflict {
    pub starts_at: i64,
    pub reason: String,
}

/// Replaces the recorded conflicts of a group's slot.
pub async fn set_slot_conflicts(
    db: &Db,
    group_id: GroupId,
    conflicts: &[SlotConflict],
    now: i64,
) -> AppResult<()> {
    db_tx!(db, |tx| async {
        sqlx::query("DELETE FROM slot_conflicts WHERE group_id = $1")
            .bind(group_id)
            .execute(&mut *tx)
            .await?;
        for c in conflicts {
            sqlx::query("INSERT INTO slot_conflicts (group_id, starts_at, reason, created_at) VALUES ($1, $2, $3, $4)")
                .bind(group_id)
                .bind(c.starts_at)
                .bind(&c.reason)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        Ok::<_, AppError>(())
    })
}

/// Conflicts of the slot still ahead of `now`.
pub async fn slot_conflicts(db: &Db, group_id: GroupId, now: i64) -> AppResult<Vec<SlotConflict>> {
    Ok(db_run!(db, |p| {
        sqlx::query_as::<_, SlotConflict>(
        "SELECT starts_at, reason FROM slot_conflicts WHERE group_id = $1 AND starts_at > $2 ORDER BY starts_at"
    )
    .bind(group_id)
    .bind(now)
    .fetch_all(p)
    .await
    })?)
}

/// Invites a new member to the group's meetings still ahead.
const INVITE_TO_UPCOMING: &str = "INSERT INTO meeting_attendees (meeting_id, user_id, status) \
     SELECT id, $2, 'invited' FROM meetings WHERE group_id = $1 AND starts_at > $3 \
     ON CONFLICT (meeting_id, user_id) DO NOTHING";

pub async fn invite_to_upcoming(
    db: &Db,
    group_id: GroupId,
    user_id: UserId,
    now: i64,
) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(INVITE_TO_UPCOMING)
        .bind(group_id)
        .bind(user_id)
        .bind(now)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Inserts an active membership and invites its person to the group's meetings still ahead,
/// in one transaction.
pub async fn insert_active_membership(db: &Db, m: NewMembership) -> AppResult<i64> {
    db_tx!(db, |tx| async {
        let id: i64 = sqlx::query_scalar(INSERT_MEMBERSHIP)
            .bind(m.group_id)
            .bind(m.user_id)
            .bind(m.role)
            .bind(GroupMemberStatus::Active)
            .bind(m.mandate_start)
            .bind(m.mandate_end)
            .bind(m.now)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(INVITE_TO_UPCOMING)
            .bind(m.group_id)
            .bind(m.user_id)
            .bind(m.now)
            .execute(&mut *tx)
            .await?;
        Ok::<_, AppError>(id)
    })
}

/// What a manager changes on a membership.
pub struct MembershipChange {
    pub id: i64,
    pub group_id: GroupId,
    pub user_id: UserId,
    /// A new status; `active` also invites the person to the meetings ahead.
    pub status: Option<GroupMemberStatus>,
    pub mandate_end: Option<i64>,
    pub now: i64,
}

/// Applies a manager's change to a membership in one transaction.
pub async fn change_membership(db: &Db, c: MembershipChange) -> AppResult<()> {
    db_tx!(db, |tx| async {
        if let Some(status) = c.status {
            sqlx::query("UPDATE group_members SET status = $1 WHERE id = $2")
                .bind(status)
                .bind(c.id)
                .execute(&mut *tx)
                .await?;
            if status == GroupMemberStatus::Active {
                sqlx::query(INVITE_TO_UPCOMING)
                    .bind(c.group_id)
                    .bind(c.user_id)
                    .bind(c.now)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        if let Some(end) = c.mandate_end {
            sqlx::query("UPDATE group_members SET mandate_end = $1 WHERE id = $2")
                .bind(end)
                .bind(c.id)
                .execute(&mut *tx)
                .await?;
        }
        Ok::<_, AppError>(())
    })
}
