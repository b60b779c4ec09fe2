//! SQL of the notification preferences, the pending digest items and the digest runs. One
//! query text for both engines.

use sqlx::FromRow;

use super::model::{Cadence, Kind};
use crate::db::Db;
use crate::error::AppResult;
use crate::ids::UserId;
use crate::{db_run, db_tx};

/// The account an address belongs to, and its cadence for one kind (`None`: no row, which
/// means `immediate`).
pub async fn recipient(db: &Db, email: &str, kind: Kind) -> AppResult<Option<(UserId, String)>> {
    Ok(db_run!(db, |p| sqlx::query_as::<_, (UserId, String)>(
        "SELECT u.id, COALESCE(np.cadence, 'immediate') FROM users u \
         LEFT JOIN notification_preferences np ON np.user_id = u.id AND np.kind = $2 \
         WHERE u.email = $1"
    )
    .bind(email.trim().to_lowercase())
    .bind(kind.as_str())
    .fetch_optional(p)
    .await)?)
}

/// The rows a person saved: `(kind, cadence)` (kinds without a row are `immediate`).
pub async fn preferences_of(db: &Db, user: UserId) -> AppResult<Vec<(String, String)>> {
    Ok(db_run!(db, |p| sqlx::query_as::<_, (String, String)>(
        "SELECT kind, cadence FROM notification_preferences WHERE user_id = $1 ORDER BY kind"
    )
    .bind(user)
    .fetch_all(p)
    .await)?)
}

/// Saves the person's choices in one transaction. Choosing `never` for a kind also drops that
/// kind's items waiting for a digest; items waiting under another choice keep their digest.
pub async fn save_preferences(
    db: &Db,
    user: UserId,
    choices: &[(Kind, Cadence)],
    now: i64,
) -> AppResult<()> {
    db_tx!(db, |tx| async {
        for (kind, cadence) in choices {
            sqlx::query(
                "INSERT INTO notification_preferences (user_id, kind, cadence, updated_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, kind) \
                 DO UPDATE SET cadence = excluded.cadence, updated_at = excluded.updated_at",
            )
            .bind(user)
            .bind(kind.as_str())
            .bind(cadence.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if *cadence == Cadence::Never {
                sqlx::query("DELETE FROM notification_pending WHERE user_id = $1 AND kind = $2")
                    .bind(user)
                    .bind(kind.as_str())
                    .execute(&mut *tx)
                    .await?;
            }
        }
        Ok::<(), crate::error::AppError>(())
    })
}

/// A notification to put in a digest.
pub struct NewPending<'a> {
    pub user: UserId,
    pub kind: Kind,
    pub cadence: Cadence,
    pub subject: &'a str,
    pub body: &'a str,
    pub now: i64,
    /// The instant of the digest it waits for (names the period).
    pub due_at: i64,
    /// The job kind and payload that run that digest.
    pub job_kind: &'a str,
    pub job_payload: &'a str,
}

/// Stores a pending item and, in the same transaction, makes sure its period's digest is
/// scheduled: the first node to insert the `(cadence, due_at)` row queues the job; every other
/// insert of the same period conflicts and queues nothing.
pub async fn store_pending(db: &Db, n: NewPending<'_>) -> AppResult<()> {
    db_tx!(db, |tx| async {
        sqlx::query(
            "INSERT INTO notification_pending (user_id, kind, cadence, subject, body, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(n.user)
        .bind(n.kind.as_str())
        .bind(n.cadence.as_str())
        .bind(n.subject)
        .bind(n.body)
        .bind(n.now)
        .execute(&mut *tx)
        .await?;
        let scheduled = sqlx::query(
            "INSERT INTO notification_digests (cadence, due_at, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (cadence, due_at) DO NOTHING",
        )
        .bind(n.cadence.as_str())
        .bind(n.due_at)
        .bind(n.now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if scheduled == 1 {
            sqlx::query(crate::jobs::INSERT_SQL)
                .bind(n.job_kind)
                .bind(n.job_payload)
                .bind(n.due_at)
                .bind(n.now)
                .execute(&mut *tx)
                .await?;
        }
        Ok::<(), crate::error::AppError>(())
    })
}

/// Up to `limit` accounts, after `after`, with items of `cadence` created by `due_at`.
pub async fn accounts_due(
    db: &Db,
    cadence: Cadence,
    due_at: i64,
    after: i64,
    limit: i64,
) -> AppResult<Vec<UserId>> {
    Ok(db_run!(db, |p| sqlx::query_scalar::<_, UserId>(
        "SELECT DISTINCT user_id FROM notification_pending \
         WHERE cadence = $1 AND created_at <= $2 AND user_id > $3 ORDER BY user_id LIMIT $4"
    )
    .bind(cadence.as_str())
    .bind(due_at)
    .bind(after)
    .bind(limit)
    .fetch_all(p)
    .await)?)
}

/// A notification waiting for its digest.
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Pending {
    pub id: i64,
    pub kind: String,
    pub cadence: String,
    pub subject: String,
    pub body: String,
    pub created_at: i64,
}

/// The recipient of a digest.
#[derive(Debug, Clone, FromRow)]
pub struct Reader {
    pub email: String,
    pub locale: String,
}

/// Takes an account's items of `cadence` created by `due_at` and queues the one email
/// `compose` makes of them, in one transaction: the `DELETE … RETURNING` is the claim (a
/// second run, on this node or another, finds nothing left, and PostgreSQL makes a
/// concurrent one wait for this commit), and a failure rolls the items back. Answers how many
/// items went.
pub async fn take_digest<F>(
    db: &Db,
    user: UserId,
    cadence: Cadence,
    due_at: i64,
    now: i64,
    compose: F,
) -> AppResult<usize>
where
    F: FnOnce(&Reader, &mut Vec<Pending>) -> AppResult<(String, String)>,
{
    db_tx!(db, |tx| async {
        let mut items = sqlx::query_as::<_, Pending>(
            "DELETE FROM notification_pending \
             WHERE user_id = $1 AND cadence = $2 AND created_at <= $3 \
             RETURNING id, kind, cadence, subject, body, created_at",
        )
        .bind(user)
        .bind(cadence.as_str())
        .bind(due_at)
        .fetch_all(&mut *tx)
        .await?;
        if items.is_empty() {
            return Ok(0);
        }
        let Some(reader) =
            sqlx::query_as::<_, Reader>("SELECT email, locale FROM users WHERE id = $1")
                .bind(user)
                .fetch_optional(&mut *tx)
                .await?
        else {
            return Ok(0);
        };
        items.sort_by_key(|i| (i.created_at, i.id));
        let n = items.len();
        let payload = compose(&reader, &mut items)?;
        let email = crate::mail::Email {
            to: reader.email.clone(),
            subject: payload.0,
            text: payload.1,
            ..Default::default()
        };
        let json = serde_json::to_string(&email).map_err(anyhow::Error::from)?;
        sqlx::query(crate::jobs::INSERT_SQL)
            .bind(crate::mail::EMAIL_JOB)
            .bind(json)
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        Ok::<usize, crate::error::AppError>(n)
    })
}

/// The items waiting for a digest of one person (RGPD export), oldest first.
pub async fn pending_of(db: &Db, user: UserId) -> AppResult<Vec<Pending>> {
    Ok(db_run!(db, |p| sqlx::query_as::<_, Pending>(
        "SELECT id, kind, cadence, subject, body, created_at FROM notification_pending \
         WHERE user_id = $1 ORDER BY created_at, id"
    )
    .bind(user)
    .fetch_all(p)
    .await)?)
}
