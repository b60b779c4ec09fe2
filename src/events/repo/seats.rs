//! The seats of an occurrence: registering (and changing one's guests), cancelling, the
//! organizer's decision, and promoting the waiting list. Each runs in one write transaction
//! that first locks the occurrence (see the module above).

use super::shared::{lock_clause, CONFIRMED_SEATS, GUEST_SEATS, REG_COLS};
use crate::db::Db;
use crate::db_tx;
use crate::error::{AppError, AppResult};
use crate::events::model::{decide, EventStatus, RegStatus, Registration};
use crate::ids::{RegistrationId, UserId};

/// Result of a registration attempt.
pub struct Registered {
    pub registration: Registration,
    /// False when the person was already registered (a retried request): nothing changed.
    pub created: bool,
    /// The secret of the cancellation link, only when created.
    pub cancel_token: Option<String>,
}

/// Registers `user_id` to an occurrence, deciding under the occurrence lock.
pub async fn register(
    db: &Db,
    occurrence_id: i64,
    user_id: UserId,
    guests: i32,
    answers: &str,
    now: i64,
) -> AppResult<Registered> {
    let lock = format!(
        "SELECT o.id, e.capacity, e.approval, e.status, o.cancelled FROM event_occurrences o \
         JOIN events e ON e.id = o.event_id WHERE o.id = $1{}",
        lock_clause(db)
    );
    let existing_sql = format!(
        "SELECT {REG_COLS} FROM event_registrations WHERE occurrence_id = $1 AND user_id = $2 \
         AND status IN ('confirmed', 'waitlisted', 'pending')"
    );
    let insert_sql = format!(
        "INSERT INTO event_registrations (occurrence_id, event_id, user_id, guests, status, answers, \
         cancel_token_hash, created_at, updated_at) \
         SELECT $1, event_id, $2, $3, $4, $5, $6, $7, $7 FROM event_occurrences WHERE id = $1 \
         RETURNING {REG_COLS}"
    );
    let guests_sql = format!(
        "UPDATE event_registrations SET guests = $1, updated_at = $2 WHERE id = $3 RETURNING {REG_COLS}"
    );
    let others_sql = format!(
        "SELECT COALESCE(SUM(1 + guests), 0) + {GUEST_SEATS} FROM event_registrations \
         WHERE occurrence_id = $1 AND status = 'confirmed' AND id <> $2"
    );
    let counts_sql = format!(
        "SELECT COALESCE(SUM(CASE WHEN status = 'confirmed' THEN 1 + guests ELSE 0 END), 0) \
         + {GUEST_SEATS}, \
         COALESCE(SUM(CASE WHEN status = 'waitlisted' THEN 1 ELSE 0 END), 0) \
         FROM event_registrations WHERE occurrence_id = $1"
    );
    let token = crate::auth::secret::random_token();
    let token_hash = crate::auth::secret::hash_token(&token);
    // An async block: its early answers (`return`) still end in the macro's commit.
    db_tx!(db, |tx| async {
        let row: Option<(i64, Option<i32>, bool, EventStatus, bool)> = sqlx::query_as(&lock)
            .bind(occurrence_id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some((_, capacity, approval, status, cancelled)) = row else {
            return Err(AppError::NotFound);
        };
        if status != EventStatus::Published || cancelled {
            return Err(AppError::Conflict("event_not_open"));
        }
        let existing: Option<Registration> = sqlx::query_as(&existing_sql)
            .bind(occurrence_id)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(r) = existing {
            // The same person again with another number of guests: a change, under the same
            // lock and the same capacity rule as registering. A confirmed person keeps their
            // seat only if the new number fits beside the others' confirmed seats (else 409,
            // unchanged); waiting or pending people are counted when their turn comes.
            if r.guests == guests {
                return Ok(Registered {
                    registration: r,
                    created: false,
                    cancel_token: None,
                });
            }
            if r.status == RegStatus::Confirmed {
                let others: i64 = sqlx::query_scalar(&others_sql)
                    .bind(occurrence_id)
                    .bind(r.id)
                    .fetch_one(&mut *tx)
                    .await?;
                if capacity.is_some_and(|c| others + 1 + i64::from(guests) > i64::from(c)) {
                    return Err(AppError::Conflict("event_full"));
                }
            }
            let changed: Registration = sqlx::query_as(&guests_sql)
                .bind(guests)
                .bind(now)
                .bind(r.id)
                .fetch_one(&mut *tx)
                .await?;
            return Ok(Registered {
                registration: changed,
                created: false,
                cancel_token: None,
            });
        }
        let (confirmed, waiting): (i64, i64) = sqlx::query_as(&counts_sql)
            .bind(occurrence_id)
            .fetch_one(&mut *tx)
            .await?;
        let decision = decide(
            capacity,
            approval,
            confirmed,
            waiting > 0,
            1 + i64::from(guests),
        );
        let reg: Registration = sqlx::query_as(&insert_sql)
            .bind(occurrence_id)
            .bind(user_id)
            .bind(guests)
            .bind(decision)
            .bind(answers)
            .bind(&token_hash)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        Ok::<Registered, AppError>(Registered {
            registration: reg,
            created: true,
            cancel_token: Some(token.clone()),
        })
    })
}

/// Cancels a live registration and promotes, in arrival order, the waitlisted people who fit.
/// Answers the cancelled registration (unchanged when it was not live) and the promoted ones.
pub async fn cancel(
    db: &Db,
    registration_id: RegistrationId,
    now: i64,
) -> AppResult<(Registration, Vec<Registration>)> {
    change(db, registration_id, now, Change::Cancel).await
}

/// The organizer's decision on a pending registration: confirmed when seats remain (else
/// waitlisted), or refused.
pub async fn approve(
    db: &Db,
    registration_id: RegistrationId,
    accept: bool,
    now: i64,
) -> AppResult<(Registration, Vec<Registration>)> {
    change(
        db,
        registration_id,
        now,
        if accept {
            Change::Approve
        } else {
            Change::Refuse
        },
    )
    .await
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Change {
    Cancel,
    Approve,
    Refuse,
}

async fn change(
    db: &Db,
    registration_id: RegistrationId,
    now: i64,
    what: Change,
) -> AppResult<(Registration, Vec<Registration>)> {
    let reg_sql = format!("SELECT {REG_COLS} FROM event_registrations WHERE id = $1");
    let lock = format!(
        "SELECT e.capacity FROM event_occurrences o JOIN events e ON e.id = o.event_id WHERE o.id = $1{}",
        lock_clause(db)
    );
    let update_sql = format!(
        "UPDATE event_registrations SET status = $1, updated_at = $2 WHERE id = $3 RETURNING {REG_COLS}"
    );
    let waiting_sql = format!(
        "SELECT {REG_COLS} FROM event_registrations WHERE occurrence_id = $1 AND status = 'waitlisted' ORDER BY id"
    );
    db_tx!(db, |tx| async {
        let reg: Option<Registration> = sqlx::query_as(&reg_sql)
            .bind(registration_id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(reg) = reg else {
            return Err(AppError::NotFound);
        };
        let capacity: Option<i32> = sqlx::query_scalar(&lock)
            .bind(reg.occurrence_id)
            .fetch_one(&mut *tx)
            .await?;
        // Re-read under the lock: another request may have changed it meanwhile.
        let reg: Registration = sqlx::query_as(&reg_sql)
            .bind(registration_id)
            .fetch_one(&mut *tx)
            .await?;
        let new_status = match (what, reg.status) {
            (Change::Cancel, s) if s.is_live() => RegStatus::Cancelled,
            (Change::Refuse, RegStatus::Pending) => RegStatus::Refused,
            (Change::Approve, RegStatus::Pending) => RegStatus::Waitlisted,
            _ => return Ok((reg, Vec::new())),
        };
        let reg: Registration = sqlx::query_as(&update_sql)
            .bind(new_status)
            .bind(now)
            .bind(registration_id)
            .fetch_one(&mut *tx)
            .await?;
        // Promote waitlisted people in arrival order while they fit (an approved person
        // joined the end of the waitlist just above, so they are promoted only if their turn
        // comes).
        let mut promoted = Vec::new();
        let confirmed: i64 = sqlx::query_scalar(CONFIRMED_SEATS)
            .bind(reg.occurrence_id)
            .fetch_one(&mut *tx)
            .await?;
        let waiting: Vec<Registration> = sqlx::query_as(&waiting_sql)
            .bind(reg.occurrence_id)
            .fetch_all(&mut *tx)
            .await?;
        let mut taken = confirmed;
        for w in waiting {
            let fits = capacity.is_none_or(|c| taken + w.seats() <= i64::from(c));
            if !fits {
                break;
            }
            taken += w.seats();
            let up: Registration = sqlx::query_as(&update_sql)
                .bind(RegStatus::Confirmed)
                .bind(now)
                .bind(w.id)
                .fetch_one(&mut *tx)
                .await?;
            promoted.push(up);
        }
        // The approved person may have been promoted: answer their new state.
        let reg = promoted
            .iter()
            .find(|p| p.id == reg.id)
            .cloned()
            .unwrap_or(reg);
        let promoted = promoted.into_iter().filter(|p| p.id != reg.id).collect();
        Ok((reg, promoted))
    })
}

/// Confirms, in arrival order, the waiting people who now fit (after the capacity grew).
pub async fn promote_waiting(
    db: &Db,
    occurrence_id: i64,
    now: i64,
) -> AppResult<Vec<Registration>> {
    let lock = format!(
        "SELECT e.capacity FROM event_occurrences o JOIN events e ON e.id = o.event_id WHERE o.id = $1{}",
        lock_clause(db)
    );
    let waiting_sql = format!(
        "SELECT {REG_COLS} FROM event_registrations WHERE occurrence_id = $1 AND status = 'waitlisted' ORDER BY id"
    );
    let update_sql = format!(
        "UPDATE event_registrations SET status = 'confirmed', updated_at = $1 WHERE id = $2 RETURNING {REG_COLS}"
    );
    db_tx!(db, |tx| async {
        let capacity: Option<Option<i32>> = sqlx::query_scalar(&lock)
            .bind(occurrence_id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(capacity) = capacity else {
            return Ok(Vec::new());
        };
        let mut taken: i64 = sqlx::query_scalar(CONFIRMED_SEATS)
            .bind(occurrence_id)
            .fetch_one(&mut *tx)
            .await?;
        let waiting: Vec<Registration> = sqlx::query_as(&waiting_sql)
            .bind(occurrence_id)
            .fetch_all(&mut *tx)
            .await?;
        let mut promoted = Vec::new();
        for w in waiting {
            if capacity.is_some_and(|c| taken + w.seats() > i64::from(c)) {
                break;
            }
            taken += w.seats();
            let up: Registration = sqlx::query_as(&update_sql)
                .bind(now)
                .bind(w.id)
                .fetch_one(&mut *tx)
                .await?;
            promoted.push(up);
        }
        Ok::<Vec<Registration>, AppError>(promoted)
    })
}
