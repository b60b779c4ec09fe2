//! Queries of the threads: each list is one statement whatever its length (names joined).

use super::model::{About, Message, Report, Side, Thread};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::ids::UserId;
use crate::{db_run, db_tx};

const THREAD: &str = "SELECT t.id, t.actor_id, t.post_id, t.subject, t.sender_id, t.recipient_id, \
     t.sender_shares, t.recipient_shares, t.sender_read_at, t.recipient_read_at, t.created_at, \
     t.last_message_at, s.display_name AS sender_name, r.display_name AS recipient_name \
     FROM contact_threads t JOIN users s ON s.id = t.sender_id JOIN users r ON r.id = t.recipient_id";

/// The thread from `sender` to `recipient` about this profile or post, if one exists.
pub async fn existing(
    db: &Db,
    about: About,
    sender: UserId,
    recipient: UserId,
) -> AppResult<Option<i64>> {
    let (actor, post) = about.columns();
    Ok(db_run!(db, |p| sqlx::query_scalar(
        "SELECT id FROM contact_threads WHERE sender_id = $1 AND recipient_id = $2 \
         AND actor_id IS NOT DISTINCT FROM $3 AND post_id IS NOT DISTINCT FROM $4 \
         ORDER BY id LIMIT 1"
    )
    .bind(sender)
    .bind(recipient)
    .bind(actor)
    .bind(post)
    .fetch_optional(p)
    .await)?)
}

/// A new thread and its first message; its id.
pub async fn insert(
    db: &Db,
    about: About,
    subject: &str,
    sender: UserId,
    recipient: UserId,
    body: &str,
    now: i64,
) -> AppResult<i64> {
    let (actor, post) = about.columns();
    db_tx!(db, |tx| async {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO contact_threads (actor_id, post_id, subject, sender_id, recipient_id, \
             sender_read_at, created_at, last_message_at) VALUES ($1, $6, $2, $3, $4, $5, $5, $5) \
             RETURNING id",
        )
        .bind(actor)
        .bind(subject)
        .bind(sender)
        .bind(recipient)
        .bind(now)
        .bind(post)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO contact_messages (thread_id, author_id, body, created_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(sender)
        .bind(body)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        Ok::<i64, AppError>(id)
    })
}

/// A message in a thread, read by its author at once.
pub async fn add_message(
    db: &Db,
    thread: i64,
    author: UserId,
    side: Side,
    body: &str,
    now: i64,
) -> AppResult<()> {
    let update = format!(
        "UPDATE contact_threads SET last_message_at = $1, {}_read_at = $1 WHERE id = $2",
        side.column()
    );
    db_tx!(db, |tx| async {
        sqlx::query(
            "INSERT INTO contact_messages (thread_id, author_id, body, created_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(thread)
        .bind(author)
        .bind(body)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(&update)
            .bind(now)
            .bind(thread)
            .execute(&mut *tx)
            .await?;
        Ok::<(), AppError>(())
    })
}

pub async fn thread(db: &Db, id: i64) -> AppResult<Option<Thread>> {
    let sql = format!("{THREAD} WHERE t.id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Thread>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

/// One page of this person's threads, the latest first, and how many they have.
pub async fn threads_of(
    db: &Db,
    user: UserId,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<Thread>, i64)> {
    let sql = format!(
        "{THREAD} WHERE t.sender_id = $1 OR t.recipient_id = $1 \
         ORDER BY t.last_message_at DESC, t.id DESC LIMIT {limit} OFFSET {offset}"
    );
    let rows = db_run!(db, |p| sqlx::query_as::<_, Thread>(&sql)
        .bind(user)
        .fetch_all(p)
        .await)?;
    let total: i64 = db_run!(db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM contact_threads WHERE sender_id = $1 OR recipient_id = $1"
    )
    .bind(user)
    .fetch_one(p)
    .await)?;
    Ok((rows, total))
}

/// The messages of a thread, oldest first (the latest `limit`).
pub async fn messages(db: &Db, thread: i64, limit: i64) -> AppResult<Vec<Message>> {
    let sql = format!(
        "SELECT * FROM (SELECT m.id, m.thread_id, m.author_id, u.display_name AS author_name, \
         m.body, m.created_at FROM contact_messages m JOIN users u ON u.id = m.author_id \
         WHERE m.thread_id = $1 ORDER BY m.id DESC LIMIT {limit}) x ORDER BY x.id"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Message>(&sql)
        .bind(thread)
        .fetch_all(p)
        .await)?)
}

/// This side has read the thread.
pub async fn mark_read(db: &Db, thread: i64, side: Side, now: i64) -> AppResult<()> {
    let sql = format!(
        "UPDATE contact_threads SET {}_read_at = $1 WHERE id = $2",
        side.column()
    );
    db_run!(db, |p| sqlx::query(&sql)
        .bind(now)
        .bind(thread)
        .execute(p)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// This side shows (or no longer shows) its contact details.
pub async fn set_share(db: &Db, thread: i64, side: Side, share: bool) -> AppResult<()> {
    let sql = format!(
        "UPDATE contact_threads SET {}_shares = $1 WHERE id = $2",
        side.column()
    );
    db_run!(db, |p| sqlx::query(&sql)
        .bind(i32::from(share))
        .bind(thread)
        .execute(p)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// Threads this person opened since `since`.
pub async fn threads_opened_since(db: &Db, sender: UserId, since: i64) -> AppResult<i64> {
    Ok(db_run!(db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM contact_threads WHERE sender_id = $1 AND created_at >= $2"
    )
    .bind(sender)
    .bind(since)
    .fetch_one(p)
    .await)?)
}

/// Messages this person wrote since `since`.
pub async fn messages_since(db: &Db, author: UserId, since: i64) -> AppResult<i64> {
    Ok(db_run!(db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM contact_messages WHERE author_id = $1 AND created_at >= $2"
    )
    .bind(author)
    .bind(since)
    .fetch_one(p)
    .await)?)
}

/// Has `blocker` blocked `blocked`?
pub async fn is_blocked(db: &Db, blocker: UserId, blocked: UserId) -> AppResult<bool> {
    Ok(db_run!(db, |p| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM contact_blocks WHERE blocker_id = $1 AND blocked_id = $2"
    )
    .bind(blocker)
    .bind(blocked)
    .fetch_one(p)
    .await)?
        > 0)
}

pub async fn block(db: &Db, blocker: UserId, blocked: UserId, now: i64) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "INSERT INTO contact_blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING"
    )
    .bind(blocker)
    .bind(blocked)
    .bind(now)
    .execute(p)
    .await
    .map(|_| ()))?;
    Ok(())
}

pub async fn unblock(db: &Db, blocker: UserId, blocked: UserId) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "DELETE FROM contact_blocks WHERE blocker_id = $1 AND blocked_id = $2"
    )
    .bind(blocker)
    .bind(blocked)
    .execute(p)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// A report; `false` when this person already reported this thread.
pub async fn report(
    db: &Db,
    thread: i64,
    reporter: UserId,
    reason: &str,
    now: i64,
) -> AppResult<bool> {
    let done = db_run!(db, |p| sqlx::query(
        "INSERT INTO contact_reports (thread_id, reporter_id, reason, created_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING"
    )
    .bind(thread)
    .bind(reporter)
    .bind(reason)
    .bind(now)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Has this thread a report not yet dealt with?
pub async fn has_open_report(db: &Db, thread: i64) -> AppResult<bool> {
    Ok(db_run!(db, |p| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM contact_reports WHERE thread_id = $1 AND resolved_at IS NULL"
    )
    .bind(thread)
    .fetch_one(p)
    .await)?
        > 0)
}

/// The oldest open reports (at most `limit`) on threads about profiles attached to these places
/// or networks (every one when `everything`; threads about no profile go to instance admins).
pub async fn open_reports(
    db: &Db,
    everything: bool,
    places: &[i64],
    networks: &[i64],
    limit: i64,
) -> AppResult<Vec<Report>> {
    let scope = if everything {
        "1 = 1".to_string()
    } else {
        let list = |v: &[i64]| {
            if v.is_empty() {
                "NULL".to_string()
            } else {
                v.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
            }
        };
        let (p, n) = (list(places), list(networks));
        format!(
            "t.actor_id IN (SELECT a.id FROM actors a WHERE a.network_id IN ({n})) OR t.actor_id IN \
             (SELECT ap.actor_id FROM actor_places ap WHERE ap.place_id IN ({p}) OR ap.place_id IN \
             (SELECT np.place_id FROM network_places np WHERE np.network_id IN ({n}))) \
             OR t.post_id IN (SELECT po.id FROM posts po WHERE po.network_id IN ({n}) \
             OR po.place_id IN ({p}) OR po.place_id IN \
             (SELECT np.place_id FROM network_places np WHERE np.network_id IN ({n})))"
        )
    };
    let sql = format!(
        "SELECT r.id, r.thread_id, t.subject, u.display_name AS reporter_name, r.reason, \
         r.created_at FROM contact_reports r JOIN contact_threads t ON t.id = r.thread_id \
         JOIN users u ON u.id = r.reporter_id WHERE r.resolved_at IS NULL AND ({scope}) \
         ORDER BY r.created_at, r.id LIMIT {limit}"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Report>(&sql)
        .fetch_all(p)
        .await)?)
}

/// The thread of a report.
pub async fn report_thread(db: &Db, id: i64) -> AppResult<Option<i64>> {
    Ok(db_run!(db, |p| sqlx::query_scalar(
        "SELECT thread_id FROM contact_reports WHERE id = $1 AND resolved_at IS NULL"
    )
    .bind(id)
    .fetch_optional(p)
    .await)?)
}

/// Closes every open report of a thread.
pub async fn resolve_reports(db: &Db, thread: i64, by: UserId, now: i64) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "UPDATE contact_reports SET resolved_at = $1, resolved_by = $2 \
         WHERE thread_id = $3 AND resolved_at IS NULL"
    )
    .bind(now)
    .bind(by)
    .bind(thread)
    .execute(p)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// Deletes a thread (a moderator's decision on a report).
pub async fn delete_thread(db: &Db, thread: i64) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "DELETE FROM contact_threads WHERE id = $1"
    )
    .bind(thread)
    .execute(p)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// Everything this person wrote, with the subject of its thread (their personal-data export).
pub async fn written_by(db: &Db, user: UserId) -> AppResult<Vec<(String, String, i64)>> {
    Ok(db_run!(db, |p| sqlx::query_as(
        "SELECT t.subject, m.body, m.created_at FROM contact_messages m \
         JOIN contact_threads t ON t.id = m.thread_id WHERE m.author_id = $1 ORDER BY m.id"
    )
    .bind(user)
    .fetch_all(p)
    .await)?)
}

/// The people this person blocked (their personal-data export).
pub async fn blocked_by(db: &Db, user: UserId) -> AppResult<Vec<(String, i64)>> {
    Ok(db_run!(db, |p| sqlx::query_as(
        "SELECT u.display_name, b.created_at FROM contact_blocks b JOIN users u \
         ON u.id = b.blocked_id WHERE b.blocker_id = $1 ORDER BY b.created_at"
    )
    .bind(user)
    .fetch_all(p)
    .await)?)
}
