//! Guests: people registered to an occurrence without an account (see the migration
//! `0036_guest_registrations`). Confirming takes a seat under the occurrence's lock with the
//! members' seats counted ([`super::seats`]): guests and members never exceed the capacity.

use super::shared::{lock_clause, CONFIRMED_SEATS, REG_COLS};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::events::model::{EventStatus, RegStatus, Registration};
use crate::ids::{EventId, UserId};
use crate::{db_run, db_tx};

/// A guest registration (its email is for its owner and the organizers only).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct GuestRegistration {
    pub id: i64,
    pub occurrence_id: i64,
    pub event_id: EventId,
    pub name: String,
    pub email: String,
    pub locale: String,
    /// `unconfirmed`, `confirmed`, `full` (confirmed too late) or `cancelled`.
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
}

const GUEST_COLS: &str =
    "id, occurrence_id, event_id, name, email, locale, status, created_at, updated_at";

/// A new guest registration, waiting for its emailed confirmation.
pub struct NewGuest<'a> {
    pub occurrence_id: i64,
    pub name: &'a str,
    pub email: &'a str,
    pub locale: &'a str,
    pub confirm_hash: &'a str,
    pub cancel_hash: &'a str,
    pub now: i64,
}

pub async fn insert_guest(db: &Db, g: NewGuest<'_>) -> AppResult<GuestRegistration> {
    let sql = format!(
        "INSERT INTO event_guest_registrations (occurrence_id, event_id, name, email, locale, \
         status, confirm_token_hash, cancel_token_hash, created_at, updated_at) \
         SELECT $1, event_id, $2, $3, $4, 'unconfirmed', $5, $6, $7, $7 \
         FROM event_occurrences WHERE id = $1 RETURNING {GUEST_COLS}"
    );
    db_run!(db, |p| sqlx::query_as::<_, GuestRegistration>(&sql)
        .bind(g.occurrence_id)
        .bind(g.name)
        .bind(g.email)
        .bind(g.locale)
        .bind(g.confirm_hash)
        .bind(g.cancel_hash)
        .bind(g.now)
        .fetch_optional(p)
        .await)?
    .ok_or(AppError::NotFound)
}

/// The guest registration a confirmation link names.
pub async fn guest_by_confirm_token(db: &Db, token: &str) -> AppResult<Option<GuestRegistration>> {
    let sql =
        format!("SELECT {GUEST_COLS} FROM event_guest_registrations WHERE confirm_token_hash = $1");
    let hash = crate::auth::secret::hash_token(token);
    Ok(db_run!(db, |p| sqlx::query_as::<_, GuestRegistration>(
        &sql
    )
    .bind(&hash)
    .fetch_optional(p)
    .await)?)
}

/// A guest registration by its id (the reminder job's).
pub async fn guest_by_id(db: &Db, id: i64) -> AppResult<Option<GuestRegistration>> {
    let sql = format!("SELECT {GUEST_COLS} FROM event_guest_registrations WHERE id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, GuestRegistration>(
        &sql
    )
    .bind(id)
    .fetch_optional(p)
    .await)?)
}

/// The guest registration a cancellation link names.
pub async fn guest_by_cancel_token(db: &Db, token: &str) -> AppResult<Option<GuestRegistration>> {
    let sql =
        format!("SELECT {GUEST_COLS} FROM event_guest_registrations WHERE cancel_token_hash = $1");
    let hash = crate::auth::secret::hash_token(token);
    Ok(db_run!(db, |p| sqlx::query_as::<_, GuestRegistration>(
        &sql
    )
    .bind(&hash)
    .fetch_optional(p)
    .await)?)
}

/// Confirms an unconfirmed guest registration under the occurrence's lock: `confirmed` when a
/// seat remains and nobody waits for one, else `full`. An address already confirmed on the
/// occurrence keeps its registration (this one is cancelled and the confirmed one answered).
/// A registration no longer unconfirmed is answered as it is.
/// Confirming gives the registration its cancellation link (`cancel_hash`, the hash of the
/// secret the confirmation email carries).
pub async fn confirm_guest(
    db: &Db,
    id: i64,
    cancel_hash: &str,
    now: i64,
) -> AppResult<GuestRegistration> {
    let lock = format!(
        "SELECT e.capacity, e.status, o.cancelled FROM event_occurrences o \
         JOIN events e ON e.id = o.event_id WHERE o.id = $1{}",
        lock_clause(db)
    );
    let row_sql = format!("SELECT {GUEST_COLS} FROM event_guest_registrations WHERE id = $1");
    let same_sql = format!(
        "SELECT {GUEST_COLS} FROM event_guest_registrations \
         WHERE occurrence_id = $1 AND email = $2 AND status = 'confirmed'"
    );
    let set_sql = format!(
        "UPDATE event_guest_registrations SET status = $1, updated_at = $2 WHERE id = $3 \
         RETURNING {GUEST_COLS}"
    );
    let confirm_sql = format!(
        "UPDATE event_guest_registrations SET status = 'confirmed', updated_at = $1, \
         cancel_token_hash = $2 WHERE id = $3 RETURNING {GUEST_COLS}"
    );
    db_tx!(db, |tx| async {
        let g: Option<GuestRegistration> = sqlx::query_as(&row_sql)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(g) = g else {
            return Err(AppError::NotFound);
        };
        let occ: Option<(Option<i32>, EventStatus, bool)> = sqlx::query_as(&lock)
            .bind(g.occurrence_id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some((capacity, status, cancelled)) = occ else {
            return Err(AppError::NotFound);
        };
        // Re-read under the lock: another request may have confirmed it meanwhile.
        let g: GuestRegistration = sqlx::query_as(&row_sql)
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        if g.status != "unconfirmed" {
            return Ok(g);
        }
        if status != EventStatus::Published || cancelled {
            return Err(AppError::Conflict("event_not_open"));
        }
        let same: Option<GuestRegistration> = sqlx::query_as(&same_sql)
            .bind(g.occurrence_id)
            .bind(&g.email)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(same) = same {
            sqlx::query_as::<_, GuestRegistration>(&set_sql)
                .bind("cancelled")
                .bind(now)
                .bind(g.id)
                .fetch_one(&mut *tx)
                .await?;
            return Ok(same);
        }
        let confirmed: i64 = sqlx::query_scalar(CONFIRMED_SEATS)
            .bind(g.occurrence_id)
            .fetch_one(&mut *tx)
            .await?;
        let waiting: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM event_registrations \
             WHERE occurrence_id = $1 AND status = 'waitlisted'",
        )
        .bind(g.occurrence_id)
        .fetch_one(&mut *tx)
        .await?;
        let fits = waiting == 0 && capacity.is_none_or(|c| confirmed < i64::from(c));
        let g: GuestRegistration = if fits {
            sqlx::query_as(&confirm_sql)
                .bind(now)
                .bind(cancel_hash)
                .bind(g.id)
                .fetch_one(&mut *tx)
                .await?
        } else {
            sqlx::query_as(&set_sql)
                .bind("full")
                .bind(now)
                .bind(g.id)
                .fetch_one(&mut *tx)
                .await?
        };
        Ok::<GuestRegistration, AppError>(g)
    })
}

/// Cancels a guest registration (unconfirmed or confirmed); answers it as it was before and
/// whether a seat was freed.
pub async fn cancel_guest(db: &Db, id: i64, now: i64) -> AppResult<(GuestRegistration, bool)> {
    let sql = format!(
        "UPDATE event_guest_registrations SET status = 'cancelled', updated_at = $2 \
         WHERE id = $1 AND status IN ('unconfirmed', 'confirmed') \
         RETURNING {GUEST_COLS}"
    );
    let before_sql = format!("SELECT {GUEST_COLS} FROM event_guest_registrations WHERE id = $1");
    let before: GuestRegistration =
        db_run!(db, |p| sqlx::query_as::<_, GuestRegistration>(&before_sql)
            .bind(id)
            .fetch_optional(p)
            .await)?
        .ok_or(AppError::NotFound)?;
    let changed: Option<GuestRegistration> =
        db_run!(db, |p| sqlx::query_as::<_, GuestRegistration>(&sql)
            .bind(id)
            .bind(now)
            .fetch_optional(p)
            .await)?;
    let freed = changed.is_some() && before.status == "confirmed";
    Ok((before, freed))
}

/// Moves a guest registration to the account `user_id` (created from it): a member's
/// registration of the same occurrence, status and cancellation link takes its place, in one
/// transaction under the occurrence's lock (the seat count does not change). `None` when the
/// guest registration is no longer live or the account already has a registration there.
pub async fn attach_guest(
    db: &Db,
    id: i64,
    user_id: UserId,
    now: i64,
) -> AppResult<Option<Registration>> {
    let lock = format!(
        "SELECT o.id FROM event_occurrences o JOIN events e ON e.id = o.event_id \
         WHERE o.id = (SELECT occurrence_id FROM event_guest_registrations WHERE id = $1){}",
        lock_clause(db)
    );
    let insert_sql = format!(
        "INSERT INTO event_registrations (occurrence_id, event_id, user_id, guests, status, \
         answers, cancel_token_hash, created_at, updated_at) \
         SELECT g.occurrence_id, g.event_id, $2, 0, $3, '', g.cancel_token_hash, g.created_at, $4 \
         FROM event_guest_registrations g WHERE g.id = $1 AND g.status = 'confirmed' \
         AND NOT EXISTS (SELECT 1 FROM event_registrations r WHERE r.occurrence_id = g.occurrence_id \
           AND r.user_id = $2 AND r.status IN ('confirmed', 'waitlisted', 'pending')) \
         RETURNING {REG_COLS}"
    );
    db_tx!(db, |tx| async {
        let _: Option<i64> = sqlx::query_scalar(&lock)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        // The cancellation link moves with it: the guest's row gives it up first.
        let hash: Option<String> = sqlx::query_scalar(
            "SELECT cancel_token_hash FROM event_guest_registrations WHERE id = $1 AND status = 'confirmed'",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(hash) = hash else {
            return Ok(None);
        };
        let reg: Option<Registration> = sqlx::query_as(&insert_sql)
            .bind(id)
            .bind(user_id)
            .bind(RegStatus::Confirmed)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
        if reg.is_some() {
            sqlx::query(
                "UPDATE event_guest_registrations SET status = 'cancelled', \
                 cancel_token_hash = $2, updated_at = $3 WHERE id = $1",
            )
            .bind(id)
            .bind(format!("moved:{hash}"))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        Ok::<Option<Registration>, AppError>(reg)
    })
}

/// The confirmed guests of an event, for its organizers, in arrival order.
pub async fn guests_of_event(db: &Db, event_id: EventId) -> AppResult<Vec<GuestRegistration>> {
    let sql = format!(
        "SELECT {GUEST_COLS} FROM event_guest_registrations \
         WHERE event_id = $1 AND status = 'confirmed' ORDER BY id"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, GuestRegistration>(
        &sql
    )
    .bind(event_id)
    .fetch_all(p)
    .await)?)
}

/// Is the event a session of a training? (Guests are for events open to the public; a
/// training's sign-in sheet and badges need an account.)
pub async fn is_training_session(db: &Db, event_id: EventId) -> AppResult<bool> {
    let n: i64 = db_run!(db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM training_sessions WHERE event_id = $1"
    )
    .bind(event_id)
    .fetch_one(p)
    .await)?;
    Ok(n > 0)
}
