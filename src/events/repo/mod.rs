//! Queries on events, occurrences, registrations and feed tokens.
//!
//! Capacity lives in the database: every registration change runs in a write transaction that
//! first locks the occurrence row (`SELECT … FOR UPDATE OF o` on PostgreSQL; on SQLite the
//! transaction is `BEGIN IMMEDIATE`, so writers are already serialized), then counts the
//! confirmed seats and decides. Arrival order is the order of the ids, which are assigned
//! under that lock.

use super::model::{Event, EventKind, EventStatus, NewEvent, Occurrence, RegStatus, Registration};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::ids::{EventId, NetworkId, PlaceId, ProjectId, RegistrationId, UserId};
use crate::{db_run, db_tx};

pub mod guests;
mod seats;
mod shared;

pub use seats::{approve, cancel, promote_waiting, register, Registered};
use shared::REG_COLS;

pub const EVENT_COLS: &str = "id, uid, network_id, place_id, title, kind, description, starts_at, ends_at, \
    all_day, timezone, location_kind, location_place_id, space_id, space_seats, address, online_url, capacity, price_cents, \
    price_info, audience, wheelchair, sign_language, subtitles, status, cancel_reason, approval, \
    questions, categories, rrule, exdates, sequence, created_by, created_at, updated_at";

const OCC_COLS: &str = "id, event_id, starts_at, ends_at, cancelled";

fn prefixed(cols: &str, p: &str) -> String {
    cols.split(',')
        .map(|c| format!("{p}.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Inserts an event and its occurrences (`starts`: UTC ms of each start).
pub async fn insert_event(
    db: &Db,
    e: &NewEvent,
    uid: &str,
    starts: &[i64],
    created_by: Option<UserId>,
    project_id: Option<ProjectId>,
    now: i64,
) -> AppResult<Event> {
    let sql = format!(
        "INSERT INTO events (uid, network_id, place_id, title, kind, description, starts_at, ends_at, all_day, \
         location_kind, location_place_id, address, online_url, capacity, price_cents, price_info, audience, \
         wheelchair, sign_language, subtitles, status, approval, questions, categories, rrule, exdates, \
         created_by, created_at, updated_at, space_id, project_id, space_seats) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
         $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $28, $29, $30, $31) RETURNING {EVENT_COLS}"
    );
    let duration = e.ends_at - e.starts_at;
    db_tx!(db, |tx| async {
        let ev: Event = sqlx::query_as(&sql)
            .bind(uid)
            .bind(e.network_id)
            .bind(e.place_id)
            .bind(&e.title)
            .bind(e.kind)
            .bind(&e.description)
            .bind(e.starts_at)
            .bind(e.ends_at)
            .bind(e.all_day)
            .bind(e.location_kind)
            .bind(e.location_place_id)
            .bind(&e.address)
            .bind(&e.online_url)
            .bind(e.capacity)
            .bind(e.price_cents)
            .bind(&e.price_info)
            .bind(&e.audience)
            .bind(e.wheelchair)
            .bind(e.sign_language)
            .bind(e.subtitles)
            .bind(e.status)
            .bind(e.approval)
            .bind(&e.questions)
            .bind(&e.categories)
            .bind(&e.rrule)
            .bind(&e.exdates)
            .bind(created_by)
            .bind(now)
            .bind(e.space_id)
            .bind(project_id)
            .bind(e.space_seats)
            .fetch_one(&mut *tx)
            .await?;
        for s in starts {
            sqlx::query(
                "INSERT INTO event_occurrences (event_id, starts_at, ends_at) VALUES ($1, $2, $3)",
            )
            .bind(ev.id)
            .bind(*s)
            .bind(*s + duration)
            .execute(&mut *tx)
            .await?;
        }
        Ok::<Event, AppError>(ev)
    })
}

/// Replaces the fields of an event (a re-import, an edit) and brings its occurrences in line
/// with `starts`: new dates are added, dates gone are removed unless someone registered to
/// them (those are marked cancelled instead).
pub async fn update_event(
    db: &Db,
    id: EventId,
    e: &NewEvent,
    starts: &[i64],
    now: i64,
) -> AppResult<Event> {
    let sql = format!(
        "UPDATE events SET title = $1, kind = $2, description = $3, starts_at = $4, ends_at = $5, all_day = $6, \
         location_kind = $7, location_place_id = $8, address = $9, online_url = $10, capacity = $11, \
         price_cents = $12, price_info = $13, audience = $14, wheelchair = $15, sign_language = $16, \
         subtitles = $17, status = $18, approval = $19, questions = $20, categories = $21, rrule = $22, \
         exdates = $23, sequence = sequence + 1, updated_at = $24, space_id = $26, space_seats = $27 WHERE id = $25 \
         RETURNING {EVENT_COLS}"
    );
    let duration = e.ends_at - e.starts_at;
    db_tx!(db, |tx| async {
        let ev: Event = sqlx::query_as(&sql)
            .bind(&e.title)
            .bind(e.kind)
            .bind(&e.description)
            .bind(e.starts_at)
            .bind(e.ends_at)
            .bind(e.all_day)
            .bind(e.location_kind)
            .bind(e.location_place_id)
            .bind(&e.address)
            .bind(&e.online_url)
            .bind(e.capacity)
            .bind(e.price_cents)
            .bind(&e.price_info)
            .bind(&e.audience)
            .bind(e.wheelchair)
            .bind(e.sign_language)
            .bind(e.subtitles)
            .bind(e.status)
            .bind(e.approval)
            .bind(&e.questions)
            .bind(&e.categories)
            .bind(&e.rrule)
            .bind(&e.exdates)
            .bind(now)
            .bind(id)
            .bind(e.space_id)
            .bind(e.space_seats)
            .fetch_one(&mut *tx)
            .await?;
        // A capacity below the seats already confirmed on a coming date is refused (the
        // people keep their seats; the organizer cancels some first): read after the update,
        // which holds the event's row, the row every seat change locks first
        // (`shared::lock_clause`), so no registration slips in between.
        if let Some(c) = e.capacity {
            let most: i64 = sqlx::query_scalar(
                "SELECT COALESCE(MAX(t.seats), 0) FROM (SELECT SUM(1 + r.guests) AS seats \
                 FROM event_registrations r JOIN event_occurrences o ON o.id = r.occurrence_id \
                 WHERE r.event_id = $1 AND r.status = 'confirmed' AND o.ends_at >= $2 \
                 AND o.cancelled = FALSE GROUP BY r.occurrence_id) t",
            )
            .bind(id)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            if most > i64::from(c) {
                let mut f = crate::error::FieldErrors::default();
                f.add("capacity", "event-error-capacity-below-confirmed");
                return Err(AppError::Invalid(f));
            }
        }
        let existing: Vec<(i64, i64)> =
            sqlx::query_as("SELECT id, starts_at FROM event_occurrences WHERE event_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        // A date whose time changed keeps its row (and its registrations): same Paris day.
        let day = |ms: i64| super::model::utc_to_paris(ms).date();
        let mut moved = Vec::new();
        for (occ, start) in &existing {
            if starts.contains(start) {
                continue;
            }
            let target = starts.iter().find(|s| {
                day(**s) == day(*start)
                    && !existing.iter().any(|(_, e)| e == *s)
                    && !moved.contains(*s)
            });
            if let Some(t) = target {
                sqlx::query(
                    "UPDATE event_occurrences SET starts_at = $1, ends_at = $2, cancelled = FALSE WHERE id = $3",
                )
                .bind(*t)
                .bind(*t + duration)
                .bind(*occ)
                .execute(&mut *tx)
                .await?;
                moved.push(*t);
            }
        }
        let existing: Vec<(i64, i64)> =
            sqlx::query_as("SELECT id, starts_at FROM event_occurrences WHERE event_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        for (occ, start) in &existing {
            if !starts.contains(start) {
                let used: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM event_registrations WHERE occurrence_id = $1",
                )
                .bind(*occ)
                .fetch_one(&mut *tx)
                .await?;
                if used == 0 {
                    sqlx::query("DELETE FROM event_occurrences WHERE id = $1")
                        .bind(*occ)
                        .execute(&mut *tx)
                        .await?;
                } else {
                    sqlx::query("UPDATE event_occurrences SET cancelled = TRUE WHERE id = $1")
                        .bind(*occ)
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        for s in starts {
            sqlx::query(
                "INSERT INTO event_occurrences (event_id, starts_at, ends_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (event_id, starts_at) DO UPDATE SET ends_at = excluded.ends_at, cancelled = FALSE",
            )
            .bind(id)
            .bind(*s)
            .bind(*s + duration)
            .execute(&mut *tx)
            .await?;
        }
        Ok::<Event, AppError>(ev)
    })
}

pub async fn set_status(
    db: &Db,
    id: EventId,
    status: EventStatus,
    reason: &str,
    now: i64,
) -> AppResult<()> {
    db_run!(db, |p| {
        sqlx::query(
        "UPDATE events SET status = $1, cancel_reason = $2, sequence = sequence + 1, updated_at = $3 WHERE id = $4"
    )
    .bind(status)
    .bind(reason)
    .bind(now)
    .bind(id)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn event_by_id(db: &Db, id: EventId) -> AppResult<Option<Event>> {
    let sql = format!("SELECT {EVENT_COLS} FROM events WHERE id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Event>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

pub async fn event_by_uid(db: &Db, uid: &str) -> AppResult<Option<Event>> {
    let sql = format!("SELECT {EVENT_COLS} FROM events WHERE uid = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Event>(&sql)
        .bind(uid)
        .fetch_optional(p)
        .await)?)
}

pub async fn occurrences_of(db: &Db, event_id: EventId) -> AppResult<Vec<Occurrence>> {
    Ok(occurrences_of_many(db, &[event_id])
        .await?
        .remove(&event_id)
        .unwrap_or_default())
}

/// The occurrences of several events (lists: one statement), by event, in time order.
pub async fn occurrences_of_many(
    db: &Db,
    ids: &[EventId],
) -> AppResult<std::collections::HashMap<EventId, Vec<Occurrence>>> {
    let mut out: std::collections::HashMap<EventId, Vec<Occurrence>> = Default::default();
    if ids.is_empty() {
        return Ok(out);
    }
    let raw: Vec<i64> = ids.iter().map(|i| i.get()).collect();
    let sql = format!(
        "SELECT {OCC_COLS} FROM event_occurrences WHERE event_id IN ({}) \
         ORDER BY event_id, starts_at",
        crate::db::id_list(&raw)
    );
    let rows: Vec<Occurrence> = db_run!(db, |p| sqlx::query_as::<_, Occurrence>(&sql)
        .fetch_all(p)
        .await)?;
    for o in rows {
        out.entry(o.event_id).or_default().push(o);
    }
    Ok(out)
}

pub async fn occurrence_by_id(db: &Db, id: i64) -> AppResult<Option<Occurrence>> {
    let sql = format!("SELECT {OCC_COLS} FROM event_occurrences WHERE id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Occurrence>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

/// Seats taken and people waiting, per occurrence of an event.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct Counts {
    pub occurrence_id: i64,
    pub confirmed_seats: i64,
    pub waitlisted: i64,
    pub pending: i64,
}

pub async fn counts_of_event(db: &Db, event_id: EventId) -> AppResult<Vec<Counts>> {
    Ok(counts_of_events(db, &[event_id])
        .await?
        .remove(&event_id)
        .unwrap_or_default())
}

/// [`Counts`] with its event, for lists.
#[derive(Debug, Clone, sqlx::FromRow)]
struct EventCounts {
    event_id: EventId,
    #[sqlx(flatten)]
    counts: Counts,
}

/// The seats of every occurrence of several events (lists: one statement), by event.
pub async fn counts_of_events(
    db: &Db,
    ids: &[EventId],
) -> AppResult<std::collections::HashMap<EventId, Vec<Counts>>> {
    let mut out: std::collections::HashMap<EventId, Vec<Counts>> = Default::default();
    if ids.is_empty() {
        return Ok(out);
    }
    let raw: Vec<i64> = ids.iter().map(|i| i.get()).collect();
    let sql = format!(
        "SELECT o.event_id, o.id AS occurrence_id, \
         COALESCE(SUM(CASE WHEN r.status = 'confirmed' THEN 1 + r.guests ELSE 0 END), 0) \
         + (SELECT COUNT(*) FROM event_guest_registrations g \
            WHERE g.occurrence_id = o.id AND g.status = 'confirmed') AS confirmed_seats, \
         COALESCE(SUM(CASE WHEN r.status = 'waitlisted' THEN 1 ELSE 0 END), 0) AS waitlisted, \
         COALESCE(SUM(CASE WHEN r.status = 'pending' THEN 1 ELSE 0 END), 0) AS pending \
         FROM event_occurrences o LEFT JOIN event_registrations r ON r.occurrence_id = o.id \
         WHERE o.event_id IN ({}) GROUP BY o.event_id, o.id",
        crate::db::id_list(&raw)
    );
    let rows: Vec<EventCounts> = db_run!(db, |p| sqlx::query_as::<_, EventCounts>(&sql)
        .fetch_all(p)
        .await)?;
    for r in rows {
        out.entry(r.event_id).or_default().push(r.counts);
    }
    Ok(out)
}

/// One occurrence of an event, for agenda lists.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AgendaItem {
    #[sqlx(flatten)]
    pub event: Event,
    pub occ_id: i64,
    pub occ_starts_at: i64,
    pub occ_ends_at: i64,
    pub occ_cancelled: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Events of the network and of its places.
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub kind: Option<EventKind>,
    /// Events held in (or organized by) a place of this département (`04`, `2A`…).
    pub department: Option<String>,
    pub online: bool,
    pub free: bool,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub q: Option<String>,
    /// Include drafts (for organizers' own lists); never for public views.
    pub include_drafts: bool,
    pub limit: i64,
    /// Occurrences skipped (the following pages of a list).
    pub offset: i64,
    /// One row per event: its first occurrence in the window (the list view of an agenda, where
    /// a weekly club is one card with its next dates, see [`next_dates`]).
    pub first_only: bool,
}

/// A value bound to [`agenda_sql`]'s statement.
#[derive(Debug, Clone)]
pub enum Bind {
    I(i64),
    S(String),
}

impl Bind {
    /// The value written as a SQL literal (plan tests read the statement with its values).
    pub fn literal(&self) -> String {
        match self {
            Bind::I(v) => v.to_string(),
            Bind::S(s) => format!("'{}'", s.replace('\'', "''")),
        }
    }
}

/// How far a list of occurrences may be paged (deeper, a narrower filter is the answer).
pub const MAX_OFFSET: i64 = 100_000;

/// Occurrences matching the filter, by start time.
pub async fn agenda(db: &Db, f: &Filter) -> AppResult<Vec<AgendaItem>> {
    let (sql, binds) = agenda_sql(db.backend(), f);
    Ok(db_run!(db, |p| {
        let mut q = sqlx::query_as::<_, AgendaItem>(&sql);
        for b in &binds {
            q = match b {
                Bind::I(v) => q.bind(*v),
                Bind::S(s) => q.bind(s.clone()),
            };
        }
        q.fetch_all(p).await
    })?)
}

/// The statement of [`agenda`] and its values (`$1`, `$2`… in order).
pub fn agenda_sql(backend: crate::db::Backend, f: &Filter) -> (String, Vec<Bind>) {
    // Lists wider than a place read the occurrences in start order from the
    // `(starts_at, id, ends_at)` index and stop at the page's end (1 ms for the next six
    // dates of a 5 000-place network); left to itself SQLite read every occurrence that ends
    // later (its `ends_at` index, or every event of the network through an `OR` of two
    // indexes) and sorted them (10–20 ms). A place's own list stays on its events' index.
    let pin = if f.place_id.is_none() {
        crate::db::dialect::index_hint(backend, "event_occurrences_time")
    } else {
        String::new()
    };
    let mut sql = format!(
        "SELECT {}, o.id AS occ_id, o.starts_at AS occ_starts_at, o.ends_at AS occ_ends_at, \
         o.cancelled AS occ_cancelled FROM event_occurrences o {pin} JOIN events e ON e.id = o.event_id WHERE 1 = 1",
        prefixed(EVENT_COLS, "e")
    );
    let mut binds: Vec<Bind> = Vec::new();
    // Each value gets its own placeholder `$n`.
    let mut arg = |b: Bind| {
        binds.push(b);
        format!("${}", binds.len())
    };
    if !f.include_drafts {
        sql.push_str(" AND e.status <> 'draft'");
    }
    // A project's workshop is in the agendas only when the project is public (no more visible
    // than the project: `events::service::visible_event` for the event's own page) and once
    // the network it names accepted to follow it.
    // (A correlated EXISTS: the project is read by its key for the few events that have one,
    // instead of an OR the planners serve by reading every event or every project.)
    sql.push_str(
        " AND (e.project_id IS NULL OR EXISTS (SELECT 1 FROM projects pr \
         WHERE pr.id = e.project_id AND pr.public AND pr.network_status = 'accepted'))",
    );
    // A network's agenda: its own events, and the events of its places (a place's event that
    // names another network never reaches that network's agenda, whatever was stored).
    if let Some(n) = f.network_id.map(NetworkId::get) {
        let (a, b) = (arg(Bind::I(n)), arg(Bind::I(n)));
        // Checked per event (a key lookup), not an `IN` list of the network's places that
        // planners turn into a read of every event of the network.
        sql.push_str(&format!(
            " AND ((e.place_id IS NULL AND e.network_id = {a}) OR EXISTS (SELECT 1 FROM \
             network_places np WHERE np.place_id = e.place_id AND np.network_id = {b}))"
        ));
    }
    if let Some(p) = f.place_id.map(PlaceId::get) {
        let (a, b) = (arg(Bind::I(p)), arg(Bind::I(p)));
        sql.push_str(&format!(
            " AND (e.place_id = {a} OR e.location_place_id = {b})"
        ));
    }
    if let Some(d) = &f.department {
        let (a, b) = (arg(Bind::S(d.clone())), arg(Bind::S(d.clone())));
        sql.push_str(&format!(
            " AND (e.place_id IN (SELECT id FROM places WHERE department = {a}) \
             OR e.location_place_id IN (SELECT id FROM places WHERE department = {b}))"
        ));
    }
    if let Some(k) = f.kind {
        let a = arg(Bind::S(k.as_str().to_string()));
        sql.push_str(&format!(" AND e.kind = {a}"));
    }
    if f.online {
        sql.push_str(" AND e.location_kind IN ('online', 'hybrid')");
    }
    if f.free {
        sql.push_str(" AND (e.price_cents IS NULL OR e.price_cents = 0)");
    }
    if let Some(from) = f.from {
        let a = arg(Bind::I(from));
        sql.push_str(&format!(" AND o.ends_at >= {a}"));
    }
    if let Some(to) = f.to {
        let a = arg(Bind::I(to));
        sql.push_str(&format!(" AND o.starts_at < {a}"));
    }
    if f.first_only {
        // No earlier occurrence of the same event in the window (the other conditions are the
        // event's: they hold for all its occurrences). Served by UNIQUE (event_id, starts_at).
        match f.from {
            Some(from) => {
                let a = arg(Bind::I(from));
                sql.push_str(&format!(
                    " AND NOT EXISTS (SELECT 1 FROM event_occurrences o2 WHERE o2.event_id = o.event_id \
                     AND o2.starts_at < o.starts_at AND o2.ends_at >= {a})"
                ));
            }
            None => sql.push_str(
                " AND NOT EXISTS (SELECT 1 FROM event_occurrences o2 WHERE o2.event_id = o.event_id \
                 AND o2.starts_at < o.starts_at)",
            ),
        }
    }
    // Words searched: the events' full-text index (`events_fts` on SQLite, tested for each
    // date before its event is read; the stored `search_tsv` on PostgreSQL; migration 0045),
    // each word a prefix, all required, case and accents folded. The dates are still read in
    // start order: a frequent word fills the page at once, a rare one costs a probe a date.
    // (The last condition: `arg` is not used past this point.)
    let words =
        f.q.as_deref()
            .map(crate::db::search::words)
            .unwrap_or_default();
    if !words.is_empty() {
        let (cond, value) = crate::db::dialect::stored_search_condition(
            backend,
            "events",
            "o.event_id",
            "e",
            &words,
            binds.len() + 1,
        );
        binds.push(Bind::S(value));
        sql.push_str(&format!(" AND {cond}"));
    }
    sql.push_str(&format!(
        " ORDER BY o.starts_at, o.id LIMIT {} OFFSET {}",
        if f.limit > 0 { f.limit.min(1000) } else { 200 },
        f.offset.clamp(0, MAX_OFFSET)
    ));
    (sql, binds)
}

/// The dates after an event's first in a window, for the agenda's one-card-per-event list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LaterDate {
    pub event_id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub cancelled: bool,
    /// How many occurrences the event has in the window (the first included).
    pub total: i64,
}

/// For each event, its occurrences of rank 2 to `1 + per_event` among those ending at or after
/// `from` (and starting before `to`), with the window's count: one statement for a page.
pub async fn next_dates(
    db: &Db,
    event_ids: &[i64],
    from: i64,
    to: Option<i64>,
    per_event: i64,
) -> AppResult<Vec<LaterDate>> {
    if event_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT event_id, starts_at, ends_at, cancelled, total FROM (\
         SELECT event_id, starts_at, ends_at, cancelled, \
         ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY starts_at) AS rn, \
         COUNT(*) OVER (PARTITION BY event_id) AS total \
         FROM event_occurrences WHERE event_id IN ({}) AND ends_at >= $1 AND starts_at < $2\
         ) t WHERE rn BETWEEN 2 AND $3 ORDER BY event_id, starts_at",
        crate::db::id_list(event_ids)
    );
    Ok(db_run!(db, |p| sqlx::query_as(&sql)
        .bind(from)
        .bind(to.unwrap_or(i64::MAX))
        .bind(per_event + 1)
        .fetch_all(p)
        .await)?)
}

/// The places that hold a published occurrence not yet over (and is not cancelled), read
/// through the occurrences' time index: an agenda's filters offer what has something to show,
/// not every place of the directory (50 000 at national scale).
const PLACES_WITH_UPCOMING: &str = "SELECT e.place_id FROM event_occurrences o \
     JOIN events e ON e.id = o.event_id \
     WHERE o.ends_at >= $1 AND NOT o.cancelled AND e.status = 'published' \
     AND e.place_id IS NOT NULL";

/// A place offered by an agenda's filter.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, serde::Deserialize)]
pub struct PlaceChoice {
    pub id: PlaceId,
    pub name: String,
    /// Its department (the agenda narrows a long list of places by department).
    pub department: String,
}

/// The places with an upcoming event, by name (those of `network` only, when given).
pub async fn places_with_upcoming(
    db: &Db,
    network: Option<NetworkId>,
    now: i64,
) -> AppResult<Vec<PlaceChoice>> {
    let in_network = match network {
        Some(_) => " AND id IN (SELECT place_id FROM network_places WHERE network_id = $2)",
        None => "",
    };
    let sql = format!(
        "SELECT id, name, department FROM places WHERE id IN ({PLACES_WITH_UPCOMING}){in_network} \
         ORDER BY name, id"
    );
    Ok(db_run!(db, |p| {
        let q = sqlx::query_as::<_, PlaceChoice>(&sql).bind(now);
        match network {
            Some(n) => q.bind(n),
            None => q,
        }
        .fetch_all(p)
        .await
    })?)
}

/// The newest change of the events (their last update, their last id) and the number of
/// public projects their networks follow (a project accepted or made public brings its
/// workshops into the agendas without changing the events): what the agendas' cached filters
/// and feeds were computed from (each read from an index).
pub async fn data_version(db: &Db) -> AppResult<(i64, i64, i64)> {
    let (a, b, c): (Option<i64>, Option<i64>, i64) = db_run!(db, |p| sqlx::query_as(
        "SELECT (SELECT MAX(updated_at) FROM events), (SELECT MAX(id) FROM events), \
         (SELECT COUNT(*) FROM projects WHERE public AND network_status = 'accepted')"
    )
    .fetch_one(p)
    .await)?;
    Ok((a.unwrap_or(0), b.unwrap_or(0), c))
}

pub async fn registration_by_id(db: &Db, id: RegistrationId) -> AppResult<Option<Registration>> {
    let sql = format!("SELECT {REG_COLS} FROM event_registrations WHERE id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Registration>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

/// 1 for the next person to be confirmed.
pub async fn waitlist_position(db: &Db, r: &Registration) -> AppResult<i64> {
    Ok(db_run!(db, |p| {
        sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM event_registrations WHERE occurrence_id = $1 AND status = 'waitlisted' AND id <= $2"
    )
    .bind(r.occurrence_id)
    .bind(r.id)
    .fetch_one(p)
    .await
    })?)
}

pub async fn registration_by_token(db: &Db, token: &str) -> AppResult<Option<Registration>> {
    let sql = format!("SELECT {REG_COLS} FROM event_registrations WHERE cancel_token_hash = $1");
    let hash = crate::auth::secret::hash_token(token);
    Ok(db_run!(db, |p| sqlx::query_as::<_, Registration>(&sql)
        .bind(&hash)
        .fetch_optional(p)
        .await)?)
}

/// A registration with the person's name and email, for the organizer.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Attendee {
    #[sqlx(flatten)]
    pub reg: Registration,
    pub display_name: String,
    pub email: String,
    pub occ_starts_at: i64,
}

pub async fn attendees(db: &Db, event_id: EventId) -> AppResult<Vec<Attendee>> {
    let sql = format!(
        "SELECT {}, u.display_name, u.email, o.starts_at AS occ_starts_at FROM event_registrations r \
         JOIN users u ON u.id = r.user_id JOIN event_occurrences o ON o.id = r.occurrence_id \
         WHERE r.event_id = $1 ORDER BY o.starts_at, r.id",
        prefixed(REG_COLS, "r")
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Attendee>(&sql)
        .bind(event_id)
        .fetch_all(p)
        .await)?)
}

/// A person's registration with its event and date, for "mes inscriptions" and the feed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MyRegistration {
    #[sqlx(flatten)]
    pub event: Event,
    pub reg_id: RegistrationId,
    pub reg_status: RegStatus,
    pub reg_guests: i32,
    pub occ_starts_at: i64,
    pub occ_ends_at: i64,
}

pub async fn registrations_of_user(
    db: &Db,
    user_id: UserId,
    from: i64,
) -> AppResult<Vec<MyRegistration>> {
    registrations_of_user_page(db, user_id, from, i64::MAX, 0).await
}

/// The live registrations of a user from `from` on, in date order: `limit` rows from `offset`
/// ("mes inscriptions" shows one page at a time; a frequent participant has hundreds).
pub async fn registrations_of_user_page(
    db: &Db,
    user_id: UserId,
    from: i64,
    limit: i64,
    offset: i64,
) -> AppResult<Vec<MyRegistration>> {
    let sql = format!(
        "SELECT {}, r.id AS reg_id, r.status AS reg_status, r.guests AS reg_guests, \
         o.starts_at AS occ_starts_at, o.ends_at AS occ_ends_at FROM event_registrations r \
         JOIN event_occurrences o ON o.id = r.occurrence_id JOIN events e ON e.id = r.event_id \
         WHERE r.user_id = $1 AND o.ends_at >= $2 AND r.status IN ('confirmed', 'waitlisted', 'pending') \
         ORDER BY o.starts_at, r.id LIMIT $3 OFFSET $4",
        prefixed(EVENT_COLS, "e")
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, MyRegistration>(&sql)
        .bind(user_id)
        .bind(from)
        .bind(limit)
        .bind(offset)
        .fetch_all(p)
        .await)?)
}

/// How many live registrations a user has from `from` on.
pub async fn registrations_of_user_count(db: &Db, user_id: UserId, from: i64) -> AppResult<i64> {
    Ok(db_run!(db, |p| {
        sqlx::query_scalar(
        "SELECT COUNT(*) FROM event_registrations r \
         JOIN event_occurrences o ON o.id = r.occurrence_id \
         WHERE r.user_id = $1 AND o.ends_at >= $2 AND r.status IN ('confirmed', 'waitlisted', 'pending')"
    )
    .bind(user_id)
    .bind(from)
    .fetch_one(p)
    .await
    })?)
}

/// The live registrations of a user to one event (its page), whatever their dates.
pub async fn registrations_of_user_to(
    db: &Db,
    user_id: UserId,
    event_id: EventId,
) -> AppResult<Vec<MyRegistration>> {
    let sql = format!(
        "SELECT {}, r.id AS reg_id, r.status AS reg_status, r.guests AS reg_guests, \
         o.starts_at AS occ_starts_at, o.ends_at AS occ_ends_at FROM event_registrations r \
         JOIN event_occurrences o ON o.id = r.occurrence_id JOIN events e ON e.id = r.event_id \
         WHERE r.user_id = $1 AND r.event_id = $2 AND r.status IN ('confirmed', 'waitlisted', 'pending') \
         ORDER BY o.starts_at, r.id",
        prefixed(EVENT_COLS, "e")
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, MyRegistration>(&sql)
        .bind(user_id)
        .bind(event_id)
        .fetch_all(p)
        .await)?)
}

/// The user's personal feed token: created (or replaced) here; only its hash is stored.
pub async fn renew_feed_token(db: &Db, user_id: UserId, now: i64) -> AppResult<String> {
    let token = crate::auth::secret::random_token();
    let hash = crate::auth::secret::hash_token(&token);
    db_run!(db, |p| {
        sqlx::query(
        "INSERT INTO event_feed_tokens (user_id, token_hash, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at"
    )
    .bind(user_id)
    .bind(&hash)
    .bind(now)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(token)
}

pub async fn user_of_feed_token(db: &Db, token: &str) -> AppResult<Option<UserId>> {
    let hash = crate::auth::secret::hash_token(token);
    Ok(db_run!(db, |p| sqlx::query_scalar::<_, UserId>(
        "SELECT user_id FROM event_feed_tokens WHERE token_hash = $1"
    )
    .bind(&hash)
    .fetch_optional(p)
    .await)?)
}

pub async fn has_feed_token(db: &Db, user_id: UserId) -> AppResult<bool> {
    Ok(db_run!(db, |p| sqlx::query_scalar::<_, i64>(
        "SELECT user_id FROM event_feed_tokens WHERE user_id = $1"
    )
    .bind(user_id)
    .fetch_optional(p)
    .await)?
    .is_some())
}

/// Emails of the people with a live registration to an event (to tell them it is cancelled).
/// The people registered (live) to an event, with their language (`users.locale`).
pub async fn live_registrants(
    db: &Db,
    event_id: EventId,
) -> AppResult<Vec<(String, crate::i18n::Lang)>> {
    let rows: Vec<(String, String)> = db_run!(db, |p| {
        sqlx::query_as(
            "SELECT u.email, u.locale FROM event_registrations r JOIN users u ON u.id = r.user_id \
         WHERE r.event_id = $1 AND r.status IN ('confirmed', 'waitlisted', 'pending') \
         UNION SELECT g.email, g.locale FROM event_guest_registrations g \
         WHERE g.event_id = $1 AND g.status = 'confirmed' ORDER BY 1",
        )
        .bind(event_id)
        .fetch_all(p)
        .await
    })?;
    let mut out: Vec<(String, crate::i18n::Lang)> = Vec::new();
    for (email, lang) in rows {
        if out.last().is_some_and(|(e, _)| *e == email) {
            continue;
        }
        out.push((email, crate::i18n::Lang::parse(&lang).unwrap_or_default()));
    }
    Ok(out)
}

/// The project that organizes an event, if any.
pub async fn project_id_of(db: &Db, event_id: EventId) -> AppResult<Option<ProjectId>> {
    let row: Option<(Option<ProjectId>,)> = db_run!(db, |p| sqlx::query_as(
        "SELECT project_id FROM events WHERE id = $1"
    )
    .bind(event_id)
    .fetch_optional(p)
    .await)?;
    Ok(row.and_then(|r| r.0))
}
