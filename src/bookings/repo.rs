//! Queries on spaces, closures, qualifications and bookings. The capacity check and the insert
//! happen in one serialized write transaction: [`insert_checked`].

use super::model::{
    first_clash, loads, max_load, Booking, BookingStatus, Closure, Held, Space, SpaceDraft,
    MAX_BOOKING_MS,
};
use crate::db::dialect::lock_space_sql;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::ids::{BookingId, NetworkId, PlaceId, SpaceId, UserId};
use crate::{db_run, db_tx};

const SPACE_COLS: &str =
    "id, place_id, name, kind, is_equipment, capacity, mode, unit, min_units, max_units, \
    opening_hours, lead_time_minutes, cancel_deadline_hours, access, requires_qualification, \
    price_member_cents, price_public_cents, description, equipment, active, created_at, \
    beyond_place_hours, \
    (SELECT p.opening_hours FROM places p WHERE p.id = spaces.place_id) AS place_hours";
const BOOKING_COLS: &str =
    "id, space_id, user_id, booked_by, series_id, starts_at, ends_at, seats, status, \
    price_cents, note, sequence, created_at, updated_at";

/// The 409 of a full slot.
pub const FULL: &str = "booking_full";
/// The 409 of an event on a slot of its space already taken.
pub const SPACE_TAKEN: &str = "space_taken";

/// Everything that holds seats of space `$1` over `[$2, $3)`: its live bookings (`$4`: the
/// earliest start a booking reaching `$2` can have, for the index; `$5`: a booking left out,
/// the one being moved) and the occurrences of the events held in it (`space_holds`; `$6`: an
/// owner left out, the event being edited; a hold without seats takes the whole space). The
/// one list every check of a space's capacity reads: bookings, events and groups' slots (which
/// book) take the same seats.
const HELD_SQL: &str = "SELECT starts_at, ends_at, seats, '' AS label FROM bookings \
     WHERE space_id = $1 AND status IN ('confirmed', 'pending') AND starts_at < $3 \
     AND starts_at > $4 AND ends_at > $2 AND id <> $5 \
     UNION ALL SELECT h.starts_at, h.ends_at, COALESCE(h.seats, s.capacity) AS seats, h.label \
     FROM space_holds h JOIN spaces s ON s.id = h.space_id \
     WHERE h.space_id = $1 AND h.starts_at < $3 AND h.ends_at > $2 AND h.owner <> $6";

/// The conflict of a refused interval of `space_id`, named (the space's name read in the
/// same transaction by the caller).
fn taken(
    code: &'static str,
    space_id: SpaceId,
    space: String,
    clash: (i64, i64, String),
) -> AppError {
    AppError::Taken(Box::new(crate::error::Taken {
        code,
        space_id: space_id.get(),
        space,
        label: clash.2,
        starts_at: clash.0,
        ends_at: clash.1,
    }))
}

pub async fn insert_space(
    db: &Db,
    place_id: PlaceId,
    d: &SpaceDraft,
    now: i64,
) -> AppResult<Space> {
    let i = &d.input;
    let sql = format!(
        "INSERT INTO spaces (place_id, name, kind, is_equipment, capacity, mode, unit, min_units, max_units, \
         opening_hours, lead_time_minutes, cancel_deadline_hours, access, requires_qualification, \
         price_member_cents, price_public_cents, description, equipment, active, created_at, \
         beyond_place_hours) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, TRUE, $19, $20) \
         RETURNING {SPACE_COLS}"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Space>(&sql)
        .bind(place_id)
        .bind(&i.name)
        .bind(i.kind)
        .bind(d.is_equipment)
        .bind(i.capacity)
        .bind(i.mode)
        .bind(i.unit)
        .bind(i.min_units)
        .bind(i.max_units)
        .bind(&i.opening_hours)
        .bind(i.lead_time_minutes)
        .bind(i.cancel_deadline_hours)
        .bind(i.access)
        .bind(i.requires_qualification)
        .bind(i.price_member_cents)
        .bind(i.price_public_cents)
        .bind(&i.description)
        .bind(&i.equipment)
        .bind(now)
        .bind(i.beyond_place_hours)
        .fetch_one(p)
        .await)?)
}

/// The opening hours of a place (OSM syntax; empty when it gives none or is unknown).
pub async fn place_hours(db: &Db, place_id: PlaceId) -> AppResult<String> {
    let hours: Option<String> = db_run!(db, |p| sqlx::query_scalar(
        "SELECT opening_hours FROM places WHERE id = $1"
    )
    .bind(place_id)
    .fetch_optional(p)
    .await)?;
    Ok(hours.unwrap_or_default())
}

/// The members and managers of a place whose name or address, lowercased, is `LIKE` `like`
/// (`\` escapes), by name: `(id, name, address)`, `limit` at most.
pub async fn members_matching(
    db: &Db,
    place_id: PlaceId,
    like: &str,
    limit: i64,
) -> AppResult<Vec<(UserId, String, String)>> {
    Ok(db_run!(db, |p| sqlx::query_as::<
        _,
        (UserId, String, String),
    >(
        "SELECT DISTINCT u.id, u.display_name, u.email FROM users u \
         JOIN roles r ON r.user_id = u.id \
         WHERE r.place_id = $1 AND r.role IN ('member', 'place_manager') \
         AND (LOWER(u.display_name) LIKE $2 ESCAPE '\\' OR LOWER(u.email) LIKE $2 ESCAPE '\\') \
         ORDER BY u.display_name, u.id LIMIT $3"
    )
    .bind(place_id)
    .bind(like)
    .bind(limit)
    .fetch_all(p)
    .await)?)
}

/// Updates a space. Lowering the capacity is done under the space's lock and refused (409)
/// when the bookings already held would exceed it at some instant.
pub async fn update_space(db: &Db, id: SpaceId, d: &SpaceDraft, now: i64) -> AppResult<()> {
    let i = &d.input;
    let lock = lock_space_sql(db);
    db_tx!(db, |tx| async {
        sqlx::query_scalar::<_, i32>(lock)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::NotFound)?;
        // Bookings and events' holds to come; a hold of the whole space follows the capacity.
        let rows: Vec<(i64, i64, i32)> = sqlx::query_as(
            "SELECT starts_at, ends_at, seats FROM bookings WHERE space_id = $1 \
                 AND status IN ('confirmed', 'pending') AND ends_at > $2 \
             UNION ALL SELECT starts_at, ends_at, COALESCE(seats, $3) FROM space_holds \
                 WHERE space_id = $1 AND ends_at > $2",
        )
        .bind(id)
        .bind(now)
        .bind(i.capacity)
        .fetch_all(&mut *tx)
        .await?;
        if max_load(&rows, now, i64::MAX) > i.capacity {
            return Err(AppError::Conflict(FULL));
        }
        sqlx::query(
                "UPDATE spaces SET name = $1, kind = $2, is_equipment = $3, capacity = $4, mode = $5, unit = $6, \
                 min_units = $7, max_units = $8, opening_hours = $9, lead_time_minutes = $10, \
                 cancel_deadline_hours = $11, access = $12, requires_qualification = $13, \
                 price_member_cents = $14, price_public_cents = $15, description = $16, equipment = $17, \
                 beyond_place_hours = $19 WHERE id = $18",
            )
            .bind(&i.name)
            .bind(i.kind)
            .bind(d.is_equipment)
            .bind(i.capacity)
            .bind(i.mode)
            .bind(i.unit)
            .bind(i.min_units)
            .bind(i.max_units)
            .bind(&i.opening_hours)
            .bind(i.lead_time_minutes)
            .bind(i.cancel_deadline_hours)
            .bind(i.access)
            .bind(i.requires_qualification)
            .bind(i.price_member_cents)
            .bind(i.price_public_cents)
            .bind(&i.description)
            .bind(&i.equipment)
            .bind(id)
            .bind(i.beyond_place_hours)
            .execute(&mut *tx)
            .await?;
        Ok::<(), AppError>(())
    })
}

pub async fn space_by_id(db: &Db, id: SpaceId) -> AppResult<Option<Space>> {
    let sql = format!("SELECT {SPACE_COLS} FROM spaces WHERE id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Space>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

/// Several spaces at once, by id.
pub async fn spaces_by_ids(db: &Db, ids: &[SpaceId]) -> AppResult<Vec<Space>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let raw: Vec<i64> = ids.iter().map(|i| i.get()).collect();
    let sql = format!(
        "SELECT {SPACE_COLS} FROM spaces WHERE id IN ({})",
        crate::db::id_list(&raw)
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Space>(&sql)
        .fetch_all(p)
        .await)?)
}

pub async fn spaces_of_place(db: &Db, place_id: PlaceId) -> AppResult<Vec<Space>> {
    let sql = format!(
        "SELECT {SPACE_COLS} FROM spaces WHERE place_id = $1 AND active ORDER BY is_equipment, name, id"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Space>(&sql)
        .bind(place_id)
        .fetch_all(p)
        .await)?)
}

/// The active spaces of several places at once (forms that offer the rooms of every place a
/// person organizes for: one statement, whatever their number).
pub async fn spaces_of_places(db: &Db, place_ids: &[PlaceId]) -> AppResult<Vec<Space>> {
    if place_ids.is_empty() {
        return Ok(Vec::new());
    }
    let raw: Vec<i64> = place_ids.iter().map(|i| i.get()).collect();
    let sql = format!(
        "SELECT {SPACE_COLS} FROM spaces WHERE place_id IN ({}) AND active \
         ORDER BY is_equipment, name, id",
        crate::db::id_list(&raw)
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Space>(&sql)
        .fetch_all(p)
        .await)?)
}

/// The active spaces of the places of a network, in one statement whatever their number (a
/// national network's report: 5 000 places; their ids are not spelled out in the statement).
pub async fn spaces_of_network(db: &Db, network: NetworkId) -> AppResult<Vec<Space>> {
    let sql = format!(
        "SELECT {SPACE_COLS} FROM spaces WHERE place_id IN \
         (SELECT place_id FROM network_places WHERE network_id = $1) AND active \
         ORDER BY is_equipment, name, id"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Space>(&sql)
        .bind(network)
        .fetch_all(p)
        .await)?)
}

pub async fn archive_space(db: &Db, id: SpaceId) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "UPDATE spaces SET active = FALSE WHERE id = $1"
    )
    .bind(id)
    .execute(p)
    .await
    .map(|_| ()))?;
    Ok(())
}

// ---- closures ----

pub async fn closures(db: &Db, space_id: SpaceId) -> AppResult<Vec<Closure>> {
    Ok(db_run!(db, |p| {
        sqlx::query_as::<_, Closure>(
        "SELECT id, space_id, starts_on, ends_on, reason FROM space_closures WHERE space_id = $1 ORDER BY starts_on"
    )
    .bind(space_id)
    .fetch_all(p)
    .await
    })?)
}

pub async fn add_closure(
    db: &Db,
    space_id: SpaceId,
    starts_on: &str,
    ends_on: &str,
    reason: &str,
) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "INSERT INTO space_closures (space_id, starts_on, ends_on, reason) VALUES ($1, $2, $3, $4)"
    )
    .bind(space_id)
    .bind(starts_on)
    .bind(ends_on)
    .bind(reason)
    .execute(p)
    .await
    .map(|_| ()))?;
    Ok(())
}

pub async fn delete_closure(db: &Db, space_id: SpaceId, id: i64) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "DELETE FROM space_closures WHERE id = $1 AND space_id = $2"
    )
    .bind(id)
    .bind(space_id)
    .execute(p)
    .await
    .map(|_| ()))?;
    Ok(())
}

// ---- qualifications ----

pub async fn is_qualified(db: &Db, space_id: SpaceId, user_id: UserId) -> AppResult<bool> {
    Ok(db_run!(db, |p| sqlx::query_scalar::<_, i64>(
        "SELECT user_id FROM space_qualifications WHERE space_id = $1 AND user_id = $2"
    )
    .bind(space_id)
    .bind(user_id)
    .fetch_optional(p)
    .await)?
    .is_some())
}

pub async fn qualify(
    db: &Db,
    space_id: SpaceId,
    user_id: UserId,
    by: UserId,
    now: i64,
) -> AppResult<()> {
    db_run!(db, |p| {
        sqlx::query(
        "INSERT INTO space_qualifications (space_id, user_id, granted_by, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (space_id, user_id) DO NOTHING"
    )
    .bind(space_id)
    .bind(user_id)
    .bind(by)
    .bind(now)
    .execute(p)
    .await
    .map(|_| ())
    })?;
    Ok(())
}

pub async fn unqualify(db: &Db, space_id: SpaceId, user_id: UserId) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "DELETE FROM space_qualifications WHERE space_id = $1 AND user_id = $2"
    )
    .bind(space_id)
    .bind(user_id)
    .execute(p)
    .await
    .map(|_| ()))?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Qualified {
    pub user_id: UserId,
    pub display_name: String,
    pub email: String,
}

pub async fn qualified_people(db: &Db, space_id: SpaceId) -> AppResult<Vec<Qualified>> {
    Ok(db_run!(db, |p| sqlx::query_as::<_, Qualified>(
        "SELECT u.id AS user_id, u.display_name, u.email FROM space_qualifications q \
         JOIN users u ON u.id = q.user_id WHERE q.space_id = $1 ORDER BY u.display_name"
    )
    .bind(space_id)
    .fetch_all(p)
    .await)?)
}

// ---- bookings ----

pub struct NewBooking<'a> {
    pub space_id: SpaceId,
    pub user_id: UserId,
    pub booked_by: UserId,
    pub series_id: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub seats: i32,
    pub status: BookingStatus,
    pub price_cents: i64,
    pub note: &'a str,
    /// The holder books as qualified on a machine: the qualification is read again inside the
    /// writing transaction (a revoked one refuses the write with 403).
    pub needs_qualification: bool,
    pub now: i64,
}

/// Inserts a booking if, at every instant of its interval, the seats already held plus its own
/// stay within the space's capacity; otherwise `Conflict("booking_full")` (409) and nothing is
/// written. The check and the insert run in one write transaction that first takes the
/// space's lock ([`lock_space_sql`]), so concurrent requests, from any number of app nodes,
/// are decided one after the other.
pub async fn insert_checked(db: &Db, nb: &NewBooking<'_>) -> AppResult<Booking> {
    let lock = lock_space_sql(db);
    let insert = format!(
        "INSERT INTO bookings (space_id, user_id, booked_by, series_id, starts_at, ends_at, seats, status, \
         price_cents, note, sequence, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $11) RETURNING {BOOKING_COLS}"
    );
    db_tx!(db, |tx| async {
        let capacity = sqlx::query_scalar::<_, i32>(lock)
            .bind(nb.space_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::NotFound)?;
        if nb.needs_qualification {
            let q: Option<i64> = sqlx::query_scalar(
                "SELECT user_id FROM space_qualifications WHERE space_id = $1 AND user_id = $2",
            )
            .bind(nb.space_id)
            .bind(nb.user_id)
            .fetch_optional(&mut *tx)
            .await?;
            if q.is_none() {
                return Err(AppError::Forbidden);
            }
        }
        let held: Vec<Held> = sqlx::query_as(HELD_SQL)
            .bind(nb.space_id)
            .bind(nb.starts_at)
            .bind(nb.ends_at)
            .bind(nb.starts_at - MAX_BOOKING_MS)
            .bind(0i64)
            .bind("")
            .fetch_all(&mut *tx)
            .await?;
        if let Some(clash) = first_clash(&held, &[(nb.starts_at, nb.ends_at)], nb.seats, capacity) {
            let name: String = sqlx::query_scalar("SELECT name FROM spaces WHERE id = $1")
                .bind(nb.space_id)
                .fetch_one(&mut *tx)
                .await?;
            return Err(taken(FULL, nb.space_id, name, clash));
        }
        let b = sqlx::query_as::<_, Booking>(&insert)
            .bind(nb.space_id)
            .bind(nb.user_id)
            .bind(nb.booked_by)
            .bind(nb.series_id)
            .bind(nb.starts_at)
            .bind(nb.ends_at)
            .bind(nb.seats)
            .bind(nb.status)
            .bind(nb.price_cents)
            .bind(nb.note)
            .bind(nb.now)
            .fetch_one(&mut *tx)
            .await?;
        Ok::<Booking, AppError>(b)
    })
}

/// Moves a booking to the interval, status, seats and price of `nb` (decided by the same rules
/// as a new booking), with the same checks as [`insert_checked`] in one transaction: the
/// holder's qualification when needed, and the capacity (the booking's own seats are not
/// counted against itself).
pub async fn reschedule_checked(db: &Db, b: &Booking, nb: &NewBooking<'_>) -> AppResult<()> {
    let lock = lock_space_sql(db);
    db_tx!(db, |tx| async {
        let capacity = sqlx::query_scalar::<_, i32>(lock)
            .bind(b.space_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::NotFound)?;
        if nb.needs_qualification {
            let q: Option<i64> = sqlx::query_scalar(
                "SELECT user_id FROM space_qualifications WHERE space_id = $1 AND user_id = $2",
            )
            .bind(nb.space_id)
            .bind(nb.user_id)
            .fetch_optional(&mut *tx)
            .await?;
            if q.is_none() {
                return Err(AppError::Forbidden);
            }
        }
        let held: Vec<Held> = sqlx::query_as(HELD_SQL)
            .bind(b.space_id)
            .bind(nb.starts_at)
            .bind(nb.ends_at)
            .bind(nb.starts_at - MAX_BOOKING_MS)
            .bind(b.id)
            .bind("")
            .fetch_all(&mut *tx)
            .await?;
        if let Some(clash) = first_clash(&held, &[(nb.starts_at, nb.ends_at)], nb.seats, capacity) {
            let name: String = sqlx::query_scalar("SELECT name FROM spaces WHERE id = $1")
                .bind(b.space_id)
                .fetch_one(&mut *tx)
                .await?;
            return Err(taken(FULL, b.space_id, name, clash));
        }
        sqlx::query(
                "UPDATE bookings SET starts_at = $1, ends_at = $2, price_cents = $3, seats = $4, status = $5, \
                 sequence = sequence + 1, updated_at = $6 WHERE id = $7",
            )
            .bind(nb.starts_at)
            .bind(nb.ends_at)
            .bind(nb.price_cents)
            .bind(nb.seats)
            .bind(nb.status)
            .bind(nb.now)
            .bind(b.id)
            .execute(&mut *tx)
            .await?;
        Ok::<(), AppError>(())
    })
}

pub async fn booking_by_id(db: &Db, id: BookingId) -> AppResult<Option<Booking>> {
    let sql = format!("SELECT {BOOKING_COLS} FROM bookings WHERE id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Booking>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

/// Sets the status (cancelled, refused, confirmed) when it is currently one of `from` (one or
/// two statuses; none matches nothing).
pub async fn set_status(
    db: &Db,
    id: BookingId,
    from: &[BookingStatus],
    to: BookingStatus,
    now: i64,
) -> AppResult<bool> {
    let Some(&a) = from.first() else {
        return Ok(false);
    };
    let b = from.get(1).copied().unwrap_or(a);
    Ok(db_run!(db, |p| sqlx::query(
        "UPDATE bookings SET status = $1, sequence = sequence + 1, updated_at = $2 \
         WHERE id = $3 AND status IN ($4, $5)"
    )
    .bind(to)
    .bind(now)
    .bind(id)
    .bind(a)
    .bind(b)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?
        == 1)
}

/// Seats held on a space that overlap `[from, to)`.
pub async fn held_between(
    db: &Db,
    space_id: SpaceId,
    from: i64,
    to: i64,
) -> AppResult<Vec<(i64, i64, i32)>> {
    Ok(loads(&held_labelled(db, space_id, from, to).await?))
}

/// [`held_between`] with what holds each (an event's title; empty: a booking).
pub async fn held_labelled(db: &Db, space_id: SpaceId, from: i64, to: i64) -> AppResult<Vec<Held>> {
    Ok(db_run!(db, |p| sqlx::query_as::<_, Held>(HELD_SQL)
        .bind(space_id)
        .bind(from)
        .bind(to)
        .bind(from.saturating_sub(MAX_BOOKING_MS))
        .bind(0i64)
        .bind("")
        .fetch_all(p)
        .await)?)
}

/// [`held_between`] for several spaces at once (a place's occupancy page: one statement for
/// the month, whatever its number of spaces).
pub async fn held_between_many(
    db: &Db,
    space_ids: &[SpaceId],
    from: i64,
    to: i64,
) -> AppResult<std::collections::HashMap<SpaceId, Vec<(i64, i64, i32)>>> {
    let mut out: std::collections::HashMap<SpaceId, Vec<(i64, i64, i32)>> = Default::default();
    if space_ids.is_empty() {
        return Ok(out);
    }
    let raw: Vec<i64> = space_ids.iter().map(|i| i.get()).collect();
    let ids = crate::db::id_list(&raw);
    let sql = format!(
        "SELECT space_id, starts_at, ends_at, seats FROM bookings WHERE space_id IN ({ids}) \
         AND status IN ('confirmed', 'pending') AND starts_at < $2 AND starts_at > $3 AND ends_at > $1 \
         UNION ALL SELECT h.space_id, h.starts_at, h.ends_at, COALESCE(h.seats, s.capacity) \
         FROM space_holds h JOIN spaces s ON s.id = h.space_id \
         WHERE h.space_id IN ({ids}) AND h.starts_at < $2 AND h.ends_at > $1"
    );
    let rows: Vec<(SpaceId, i64, i64, i32)> = db_run!(db, |p| sqlx::query_as(&sql)
        .bind(from)
        .bind(to)
        .bind(from.saturating_sub(MAX_BOOKING_MS))
        .fetch_all(p)
        .await)?;
    for (space, s, e, seats) in rows {
        out.entry(space).or_default().push((s, e, seats));
    }
    Ok(out)
}

/// A booking with the names a list needs.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BookingRow {
    pub id: BookingId,
    pub space_id: SpaceId,
    pub space_name: String,
    pub place_id: PlaceId,
    pub user_id: UserId,
    pub user_name: String,
    pub user_email: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub seats: i32,
    pub status: BookingStatus,
    pub price_cents: i64,
    pub cancel_deadline_hours: i32,
    pub sequence: i32,
    pub updated_at: i64,
    pub note: String,
}

const ROW_SELECT: &str = "SELECT b.id, b.space_id, s.name AS space_name, s.place_id, b.user_id, \
    u.display_name AS user_name, u.email AS user_email, b.starts_at, b.ends_at, b.seats, b.status, \
    b.price_cents, s.cancel_deadline_hours, b.sequence, b.updated_at, b.note \
    FROM bookings b JOIN spaces s ON s.id = b.space_id JOIN users u ON u.id = b.user_id";

/// A person's bookings ending after `from`, soonest first.
pub async fn bookings_of_user(db: &Db, user_id: UserId, from: i64) -> AppResult<Vec<BookingRow>> {
    bookings_of_user_page(db, user_id, from, i64::MAX, 0).await
}

/// A user's live bookings ending after `from`, by start: `limit` rows from `offset` (served
/// in order by `bookings_user`).
pub async fn bookings_of_user_page(
    db: &Db,
    user_id: UserId,
    from: i64,
    limit: i64,
    offset: i64,
) -> AppResult<Vec<BookingRow>> {
    let sql = format!(
        "{ROW_SELECT} WHERE b.user_id = $1 AND b.ends_at > $2 AND b.status IN ('confirmed', 'pending') \
         ORDER BY b.starts_at, b.id LIMIT $3 OFFSET $4"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, BookingRow>(&sql)
        .bind(user_id)
        .bind(from)
        .bind(limit)
        .bind(offset)
        .fetch_all(p)
        .await)?)
}

/// How many live bookings a user has ending after `from`.
pub async fn bookings_of_user_count(db: &Db, user_id: UserId, from: i64) -> AppResult<i64> {
    Ok(db_run!(db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM bookings b WHERE b.user_id = $1 AND b.ends_at > $2 \
         AND b.status IN ('confirmed', 'pending')"
    )
    .bind(user_id)
    .bind(from)
    .fetch_one(p)
    .await)?)
}

/// Bookings of a place overlapping `[from, to)` (every status but cancelled/refused unless
/// `all`), by start.
pub async fn bookings_of_place(
    db: &Db,
    place_id: PlaceId,
    from: i64,
    to: i64,
) -> AppResult<Vec<BookingRow>> {
    let sql = format!(
        "{ROW_SELECT} WHERE s.place_id = $1 AND b.starts_at < $3 AND b.ends_at > $2 \
         AND b.status IN ('confirmed', 'pending') ORDER BY b.starts_at, s.name, b.id"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, BookingRow>(&sql)
        .bind(place_id)
        .bind(from)
        .bind(to)
        .fetch_all(p)
        .await)?)
}

/// Bookings of a space overlapping `[from, to)` (confirmed and pending).
pub async fn bookings_of_space(
    db: &Db,
    space_id: SpaceId,
    from: i64,
    to: i64,
) -> AppResult<Vec<BookingRow>> {
    let sql = format!(
        "{ROW_SELECT} WHERE b.space_id = $1 AND b.starts_at < $3 AND b.ends_at > $2 \
         AND b.status IN ('confirmed', 'pending') ORDER BY b.starts_at, b.id"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, BookingRow>(&sql)
        .bind(space_id)
        .bind(from)
        .bind(to)
        .fetch_all(p)
        .await)?)
}

/// The `limit` nearest pending bookings of a place, waiting for a manager, and how many there
/// are in all (a busy place gathers hundreds: the calendar shows the nearest).
pub async fn pending_of_place(
    db: &Db,
    place_id: PlaceId,
    limit: i64,
) -> AppResult<(Vec<BookingRow>, i64)> {
    let sql = pending_sql(limit);
    let (rows, total) = tokio::try_join!(
        async {
            db_run!(db, |p| sqlx::query_as::<_, BookingRow>(&sql)
                .bind(place_id)
                .fetch_all(p)
                .await)
        },
        pending_count_of_place(db, place_id),
    )?;
    Ok((rows, total))
}

/// The statement of [`pending_of_place`] (`$1` the place): read from the partial index of
/// pending bookings (`bookings_pending`, migration 0046), not from every booking of the place.
pub fn pending_sql(limit: i64) -> String {
    format!(
        "{ROW_SELECT} WHERE s.place_id = $1 AND b.status = 'pending' ORDER BY b.starts_at, b.id \
         LIMIT {}",
        limit.max(0)
    )
}

/// The statement of [`pending_count_of_place`] (`$1` the place), from the same index.
pub const PENDING_COUNT: &str =
    "SELECT COUNT(*) FROM bookings b JOIN spaces s ON s.id = b.space_id \
     WHERE s.place_id = $1 AND b.status = 'pending'";

/// How many bookings of a place wait for a manager.
pub async fn pending_count_of_place(db: &Db, place_id: PlaceId) -> Result<i64, sqlx::Error> {
    db_run!(db, |p| sqlx::query_scalar(PENDING_COUNT)
        .bind(place_id)
        .fetch_one(p)
        .await)
}

pub async fn insert_series(
    db: &Db,
    space_id: SpaceId,
    user_id: UserId,
    rrule: &str,
    now: i64,
) -> AppResult<i64> {
    Ok(db_run!(db, |p| {
        sqlx::query_scalar::<_, i64>(
        "INSERT INTO booking_series (space_id, user_id, rrule, created_at) VALUES ($1, $2, $3, $4) RETURNING id"
    )
    .bind(space_id)
    .bind(user_id)
    .bind(rrule)
    .bind(now)
    .fetch_one(p)
    .await
    })?)
}

/// Emails of the managers of a place (for approvals and service requests).
pub async fn manager_emails(db: &Db, place_id: PlaceId) -> AppResult<Vec<String>> {
    Ok(db_run!(db, |p| sqlx::query_scalar::<_, String>(
        "SELECT DISTINCT u.email FROM roles r JOIN users u ON u.id = r.user_id \
         WHERE r.role = 'place_manager' AND r.place_id = $1 ORDER BY u.email"
    )
    .bind(place_id)
    .fetch_all(p)
    .await)?)
}

// ---- holds: the events held in a space ----

/// What an event asks of its space's calendar: the intervals of its live occurrences (none: it
/// holds nothing any more), how many seats (`None`: the whole space), its title.
pub struct HoldRequest<'a> {
    /// `event:<uid>`: the holds this request replaces, wherever they were.
    pub owner: &'a str,
    pub space_id: Option<SpaceId>,
    pub label: &'a str,
    pub intervals: &'a [(i64, i64)],
    pub seats: Option<i32>,
}

/// Replaces every hold of `owner` by the intervals of `r` in its space, if at each instant of
/// each interval the seats already held there — bookings and the other events' holds — plus
/// its own stay within the space's capacity; otherwise `Taken("space_taken")` (409), naming
/// the first interval refused and what takes it, and nothing is written. The same serialized
/// check as [`insert_checked`]: one write transaction that first takes the space's lock.
pub async fn replace_holds_checked(db: &Db, r: &HoldRequest<'_>) -> AppResult<()> {
    let lock = lock_space_sql(db);
    let wanted: Vec<(i64, i64)> = r.intervals.iter().copied().filter(|(s, e)| e > s).collect();
    db_tx!(db, |tx| async {
        if let (Some(space_id), Some(from), Some(to)) = (
            r.space_id,
            wanted.iter().map(|w| w.0).min(),
            wanted.iter().map(|w| w.1).max(),
        ) {
            let capacity = sqlx::query_scalar::<_, i32>(lock)
                .bind(space_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(AppError::NotFound)?;
            let held: Vec<Held> = sqlx::query_as(HELD_SQL)
                .bind(space_id)
                .bind(from)
                .bind(to)
                .bind(from.saturating_sub(MAX_BOOKING_MS))
                .bind(0i64)
                .bind(r.owner)
                .fetch_all(&mut *tx)
                .await?;
            let seats = r.seats.unwrap_or(capacity);
            if let Some(clash) = first_clash(&held, &wanted, seats, capacity) {
                let name: String = sqlx::query_scalar("SELECT name FROM spaces WHERE id = $1")
                    .bind(space_id)
                    .fetch_one(&mut *tx)
                    .await?;
                return Err(taken(SPACE_TAKEN, space_id, name, clash));
            }
        }
        sqlx::query("DELETE FROM space_holds WHERE owner = $1")
            .bind(r.owner)
            .execute(&mut *tx)
            .await?;
        if let Some(space_id) = r.space_id {
            for (s, e) in &wanted {
                sqlx::query(
                    "INSERT INTO space_holds (space_id, owner, label, starts_at, ends_at, seats) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(space_id)
                .bind(r.owner)
                .bind(r.label)
                .bind(*s)
                .bind(*e)
                .bind(r.seats)
                .execute(&mut *tx)
                .await?;
            }
        }
        Ok::<(), AppError>(())
    })
}

/// Releases every hold of `owner` (a cancelled event, a creation that did not go through).
pub async fn release_holds(db: &Db, owner: &str) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "DELETE FROM space_holds WHERE owner = $1"
    )
    .bind(owner)
    .execute(p)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// An event's occurrence held in a space, for the calendars.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HoldRow {
    pub space_id: SpaceId,
    pub space_name: String,
    pub label: String,
    pub starts_at: i64,
    pub ends_at: i64,
    /// The seats it takes (the whole space: its capacity).
    pub seats: i32,
}

const HOLD_SELECT: &str = "SELECT h.space_id, s.name AS space_name, h.label, h.starts_at, \
    h.ends_at, COALESCE(h.seats, s.capacity) AS seats FROM space_holds h \
    JOIN spaces s ON s.id = h.space_id";

/// The events' holds of a space overlapping `[from, to)`, by start.
pub async fn holds_of_space(
    db: &Db,
    space_id: SpaceId,
    from: i64,
    to: i64,
) -> AppResult<Vec<HoldRow>> {
    let sql = format!(
        "{HOLD_SELECT} WHERE h.space_id = $1 AND h.starts_at < $3 AND h.ends_at > $2 \
         ORDER BY h.starts_at, h.id"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, HoldRow>(&sql)
        .bind(space_id)
        .bind(from)
        .bind(to)
        .fetch_all(p)
        .await)?)
}

/// The events' holds of every space of a place overlapping `[from, to)`, by start.
pub async fn holds_of_place(
    db: &Db,
    place_id: PlaceId,
    from: i64,
    to: i64,
) -> AppResult<Vec<HoldRow>> {
    let sql = format!(
        "{HOLD_SELECT} WHERE s.place_id = $1 AND h.starts_at < $3 AND h.ends_at > $2 \
         ORDER BY h.starts_at, s.name, h.id"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, HoldRow>(&sql)
        .bind(place_id)
        .bind(from)
        .bind(to)
        .fetch_all(p)
        .await)?)
}
