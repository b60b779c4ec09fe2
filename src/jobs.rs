//! A persistent job queue in the database: survives restarts, safe with several app nodes
//! (a job is claimed by one conditional `UPDATE`, with a lease), retried with exponential
//! backoff, marked failed after `max_attempts`.
//!
//! The queue knows no area: each area that defers work (emails, reminders) registers the job
//! kinds it handles in a [`Registry`] at start-up (`crate::job_registry` in the shell), and the
//! worker runs a claimed job through the handler registered for its kind.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use sqlx::FromRow;

use crate::db::Db;
use crate::db_run;
use crate::error::AppResult;
use crate::state::AppState;

/// How long a claimed job is reserved before another worker may take it over.
const LEASE_MS: i64 = 5 * 60 * 1000;

#[derive(Debug, Clone, FromRow)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i32,
    pub max_attempts: i32,
}

/// The statement that queues a job, binding `kind`, `payload`, `run_at` and `created_at`: for
/// an area that must queue a job inside its own transaction (the job then exists exactly when
/// the rest of the transaction's writes do).
pub const INSERT_SQL: &str =
    "INSERT INTO jobs (kind, payload, run_at, created_at) VALUES ($1, $2, $3, $4)";

pub async fn enqueue(db: &Db, kind: &str, payload: &str, now: i64) -> AppResult<()> {
    enqueue_at(db, kind, payload, now).await
}

/// Puts a job in the queue to run at `run_at_ms` (a reminder the day before, say); the worker
/// of any node picks it up once due.
pub async fn enqueue_at(db: &Db, kind: &str, payload: &str, run_at_ms: i64) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(INSERT_SQL)
        .bind(kind)
        .bind(payload)
        .bind(run_at_ms)
        .bind(run_at_ms)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Claims the oldest due job, or `None`. The outer `WHERE` re-checks the lease, so when two
/// workers race for the same row only one update matches.
pub async fn claim(db: &Db, now: i64) -> AppResult<Option<Job>> {
    for _ in 0..5 {
        let candidate: Option<i64> = db_run!(db, |p| sqlx::query_scalar(
            "SELECT id FROM jobs WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= $1 \
             AND (locked_until IS NULL OR locked_until < $1) ORDER BY run_at, id LIMIT 1"
        )
        .bind(now)
        .fetch_optional(p)
        .await)?;
        let Some(id) = candidate else { return Ok(None) };
        let job: Option<Job> = db_run!(db, |p| {
            sqlx::query_as(
            "UPDATE jobs SET locked_until = $1, attempts = attempts + 1 \
             WHERE id = $2 AND done_at IS NULL AND failed_at IS NULL AND (locked_until IS NULL OR locked_until < $3) \
             RETURNING id, kind, payload, attempts, max_attempts"
        )
        .bind(now + LEASE_MS)
        .bind(id)
        .bind(now)
        .fetch_optional(p)
        .await
        })?;
        if job.is_some() {
            return Ok(job);
        }
    }
    Ok(None)
}

pub async fn complete(db: &Db, id: i64, now: i64) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "UPDATE jobs SET done_at = $1, locked_until = NULL, last_error = NULL WHERE id = $2"
    )
    .bind(now)
    .bind(id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Backoff after attempt `n`: 30 s, 1 min, 2 min … capped at 1 hour.
pub fn backoff_ms(attempts: i32) -> i64 {
    let exp = attempts.clamp(1, 8) - 1;
    (30_000_i64 << exp).min(3_600_000)
}

pub async fn fail(db: &Db, job: &Job, error: &str, now: i64) -> AppResult<()> {
    let error: String = error.chars().take(1000).collect();
    if job.attempts >= job.max_attempts {
        db_run!(db, |p| sqlx::query(
            "UPDATE jobs SET failed_at = $1, locked_until = NULL, last_error = $2 WHERE id = $3"
        )
        .bind(now)
        .bind(&error)
        .bind(job.id)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    } else {
        db_run!(db, |p| sqlx::query(
            "UPDATE jobs SET run_at = $1, locked_until = NULL, last_error = $2 WHERE id = $3"
        )
        .bind(now + backoff_ms(job.attempts))
        .bind(&error)
        .bind(job.id)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct JobStatus {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i32,
    pub run_at: i64,
    pub done_at: Option<i64>,
    pub failed_at: Option<i64>,
    pub last_error: Option<String>,
}

pub async fn all(db: &Db) -> AppResult<Vec<JobStatus>> {
    Ok(db_run!(db, |p| {
        sqlx::query_as::<_, JobStatus>(
        "SELECT id, kind, payload, attempts, run_at, done_at, failed_at, last_error FROM jobs ORDER BY id"
    )
    .fetch_all(p)
    .await
    })?)
}

/// What a job handler returns: a future borrowing the state and the payload.
pub type JobFuture<'a> = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send + 'a>>;

type Handler = Box<dyn for<'a> Fn(&'a AppState, &'a str) -> JobFuture<'a> + Send + Sync>;

/// The job kinds this process knows how to run, each with its handler.
#[derive(Default)]
pub struct Registry {
    handlers: HashMap<&'static str, Handler>,
}

impl Registry {
    pub fn new() -> Registry {
        Registry::default()
    }

    /// Registers the handler of `kind` (a kind registered twice keeps the last handler).
    pub fn register<F>(&mut self, kind: &'static str, handler: F)
    where
        F: for<'a> Fn(&'a AppState, &'a str) -> JobFuture<'a> + Send + Sync + 'static,
    {
        self.handlers.insert(kind, Box::new(handler));
    }

    /// The kinds registered, sorted (for logs and tests).
    pub fn kinds(&self) -> Vec<&'static str> {
        let mut k: Vec<_> = self.handlers.keys().copied().collect();
        k.sort_unstable();
        k
    }
}

/// Runs one due job, if any; answers whether one ran. A job of a kind nobody registered
/// fails like any other error (and is retried: a newer node may know it).
pub async fn run_one(state: &AppState, registry: &Registry) -> AppResult<bool> {
    let now = state.clock.now_ms();
    let Some(job) = claim(&state.db, now).await? else {
        return Ok(false);
    };
    let result: anyhow::Result<()> = match registry.handlers.get(job.kind.as_str()) {
        Some(handler) => handler(state, &job.payload).await,
        None => Err(anyhow::anyhow!("unknown job kind {}", job.kind)),
    };
    let now = state.clock.now_ms();
    match result {
        Ok(()) => {
            metrics::counter!("maillage_jobs_total", "kind" => job.kind.clone(), "outcome" => "done").increment(1);
            complete(&state.db, job.id, now).await?
        }
        Err(e) => {
            tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempts, error = %e, "job failed");
            metrics::counter!("maillage_jobs_total", "kind" => job.kind.clone(), "outcome" => "error").increment(1);
            fail(&state.db, &job, &e.to_string(), now).await?
        }
    }
    Ok(true)
}

/// The worker loop of a `serve` process: drains due jobs, then polls every second; every ten
/// minutes it also purges expired sessions and rate-limit counters.
pub async fn worker(state: AppState, registry: Registry) {
    let mut ticks: u64 = 0;
    loop {
        match run_one(&state, &registry).await {
            Ok(true) => continue,
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "job queue unavailable"),
        }
        ticks += 1;
        if ticks.is_multiple_of(600) {
            let now = state.clock.now_ms();
            let _ = crate::auth::session::purge_expired(&state.db, now).await;
            let _ =
                crate::auth::ratelimit::purge(&state.db, now, state.config.rate_limit_window_secs)
                    .await;
            let _ = crate::auth::throttle::purge(&state.db, now).await;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_grows_and_caps() {
        assert_eq!(super::backoff_ms(1), 30_000);
        assert_eq!(super::backoff_ms(2), 60_000);
        assert_eq!(super::backoff_ms(3), 120_000);
        assert_eq!(super::backoff_ms(20), 3_600_000);
    }
}
