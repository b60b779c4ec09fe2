//! Failed logins, throttled per account and per client IP, in the database (so the limits hold
//! across app nodes). A tiers-lieu's members share one public address: ten people signing in
//! from it in a minute must all get in, while a password-guessing loop on one account is
//! slowed. So:
//!
//! - only **failures** count, and a success clears its account's failures;
//! - an **account** (the address typed, hashed) may fail [`Limits::account_free`] times; from
//!   that failure on, it waits 30 s, then 1 min, 2 min… (doubling at each failure, at most
//!   [`Limits::cap_ms`]) before its next try; its failures are remembered a day;
//! - an **IP** is blocked once it has failed [`Limits::ip_failures`] times in a window, until
//!   the window ends.
//!
//! A refused attempt (still blocked) is not counted: nobody can extend a lock by hammering it.

use sha2::{Digest, Sha256};

use crate::db::Db;
use crate::db_run;
use crate::error::AppResult;

/// The thresholds, from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The failure of an account from which it waits before its next try.
    pub account_free: i64,
    /// The failure of an IP within `window_ms` from which it is blocked until the window ends.
    pub ip_failures: i64,
    pub window_ms: i64,
    /// The longest delay of an account.
    pub cap_ms: i64,
}

/// The first delay of an account past its free failures.
pub const FIRST_DELAY_MS: i64 = 30_000;
/// How long an account's failures are remembered.
pub const ACCOUNT_MEMORY_MS: i64 = 24 * 3_600_000;

/// The throttle key of the account an address names (hashed: the addresses people mistype
/// are not kept).
pub fn account_key(email: &str) -> String {
    let folded = email.trim().to_lowercase();
    let digest = Sha256::digest(folded.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("account:{hex}")
}

pub fn ip_key(ip: &str) -> String {
    format!("ip:{ip}")
}

/// Until when the first of `keys` still blocked is blocked (`None`: none is).
pub async fn blocked_until(db: &Db, keys: &[String], now_ms: i64) -> AppResult<Option<i64>> {
    let mut until = None;
    for key in keys {
        let row: Option<i64> = db_run!(db, |p| sqlx::query_scalar(
            "SELECT blocked_until FROM login_throttle WHERE key = $1 AND blocked_until > $2"
        )
        .bind(key)
        .bind(now_ms)
        .fetch_optional(p)
        .await)?;
        until = until.max(row);
    }
    Ok(until)
}

/// The delay an account waits after its `failures`-th failure (0 while free).
pub fn account_delay_ms(failures: i64, limits: &Limits) -> i64 {
    if failures < limits.account_free {
        return 0;
    }
    let doublings = (failures - limits.account_free).min(20) as u32;
    FIRST_DELAY_MS
        .saturating_mul(1_i64 << doublings)
        .min(limits.cap_ms)
}

/// Counts one failure on `key` (its count starts again once `memory_ms` has passed since its
/// first failure, unless it is blocked), and blocks it for `delay(failures, first_failure_at)`
/// milliseconds from now when that is positive (`0`: not blocked). Atomic per key: concurrent
/// failures on two nodes both count.
async fn failure(
    db: &Db,
    key: &str,
    now_ms: i64,
    memory_ms: i64,
    delay: impl Fn(i64, i64) -> i64,
) -> AppResult<()> {
    let (failures, first): (i64, i64) = db_run!(db, |p| {
        sqlx::query_as(
        "INSERT INTO login_throttle (key, failures, first_failure_at, blocked_until) \
         VALUES ($1, 1, $2, 0) \
         ON CONFLICT (key) DO UPDATE SET \
           failures = CASE WHEN login_throttle.first_failure_at <= $3 \
             AND login_throttle.blocked_until <= $2 THEN 1 ELSE login_throttle.failures + 1 END, \
           first_failure_at = CASE WHEN login_throttle.first_failure_at <= $3 \
             AND login_throttle.blocked_until <= $2 THEN $2 ELSE login_throttle.first_failure_at END \
         RETURNING failures, first_failure_at"
    )
    .bind(key)
    .bind(now_ms)
    .bind(now_ms - memory_ms)
    .fetch_one(p)
    .await
    })?;
    let until = now_ms + delay(failures, first);
    if until > now_ms {
        db_run!(db, |p| sqlx::query(
            "UPDATE login_throttle SET blocked_until = \
             CASE WHEN blocked_until < $2 THEN $2 ELSE blocked_until END WHERE key = $1"
        )
        .bind(key)
        .bind(until)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Counts a failed login on the account `email` names and on the client's IP.
pub async fn login_failed(
    db: &Db,
    email: &str,
    ip: &str,
    now_ms: i64,
    limits: &Limits,
) -> AppResult<()> {
    failure(
        db,
        &account_key(email),
        now_ms,
        ACCOUNT_MEMORY_MS,
        |n, _| account_delay_ms(n, limits),
    )
    .await?;
    failure(db, &ip_key(ip), now_ms, limits.window_ms, |n, first| {
        if n >= limits.ip_failures {
            first + limits.window_ms - now_ms
        } else {
            0
        }
    })
    .await
}

/// A successful login: the account's failures are forgotten (not the IP's: a guesser cannot
/// reset their count by signing in to their own account between guesses).
pub async fn login_succeeded(db: &Db, email: &str) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "DELETE FROM login_throttle WHERE key = $1"
    )
    .bind(account_key(email))
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Forgets rows no longer blocked whose failures are older than an account's memory (called by
/// the job worker).
pub async fn purge(db: &Db, now_ms: i64) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "DELETE FROM login_throttle WHERE blocked_until < $1 AND first_failure_at < $2"
    )
    .bind(now_ms)
    .bind(now_ms - ACCOUNT_MEMORY_MS)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_after_the_free_failures_up_to_the_cap() {
        let l = Limits {
            account_free: 5,
            ip_failures: 100,
            window_ms: 900_000,
            cap_ms: 900_000,
        };
        let delays: Vec<i64> = (1..=12).map(|n| account_delay_ms(n, &l)).collect();
        assert_eq!(
            delays,
            [0, 0, 0, 0, 30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000]
        );
        assert_eq!(account_delay_ms(i64::MAX, &l), 900_000);
    }

    #[test]
    fn an_account_key_ignores_case_and_spaces_and_hides_the_address() {
        let k = account_key(" Anne@Example.org ");
        assert_eq!(k, account_key("anne@example.org"));
        assert!(!k.contains("anne"));
    }
}
