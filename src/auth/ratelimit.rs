//! Fixed-window rate limits stored in the database, so they hold across app nodes.

use crate::db::Db;
use crate::db_run;
use crate::error::AppResult;

/// Counts one hit on `key`; answers whether it is still within `limit` hits per window.
pub async fn hit(db: &Db, key: &str, limit: i64, window_secs: i64, now_ms: i64) -> AppResult<bool> {
    let expired_before = now_ms - window_secs * 1000;
    let hits: i32 = db_run!(db, |p| {
        sqlx::query_scalar(
        "INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (key) DO UPDATE SET \
           hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.hits + 1 END, \
           window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END \
         RETURNING hits"
    )
    .bind(key)
    .bind(now_ms)
    .bind(expired_before)
    .fetch_one(p)
    .await
    })?;
    Ok(i64::from(hits) <= limit)
}

/// Forgets windows that ended long ago (called by the job worker).
pub async fn purge(db: &Db, now_ms: i64, window_secs: i64) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "DELETE FROM rate_limits WHERE window_start < $1"
    )
    .bind(now_ms - 2 * window_secs * 1000)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
