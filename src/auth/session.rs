//! Browser sessions stored in the database (any app node serves any user). The cookie holds a
//! random token; the database holds its SHA-256 only.

use axum::http::header::{HeaderValue, SET_COOKIE};
use axum::http::HeaderMap;

use super::secret::{hash_token, random_token};
use crate::config::Config;
use crate::db::Db;
use crate::db_run;
use crate::error::AppResult;
use crate::ids::UserId;

pub const COOKIE: &str = "maillage_session";

/// Opens a new session for `user_id`; returns the cookie value (a fresh id at every login).
pub async fn create(
    db: &Db,
    user_id: UserId,
    now: i64,
    hours: i64,
    user_agent: &str,
) -> AppResult<String> {
    let token = random_token();
    let ua: String = user_agent.chars().take(200).collect();
    db_run!(db, |p| {
        sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, created_at, expires_at, user_agent) VALUES ($1, $2, $3, $4, $5)"
    )
    .bind(hash_token(&token))
    .bind(user_id)
    .bind(now)
    .bind(now + hours * 3_600_000)
    .bind(ua)
    .execute(p).await.map(|r| r.rows_affected())
    })?;
    Ok(token)
}

/// The user of a live session.
pub async fn user_of(db: &Db, token: &str, now: i64) -> AppResult<Option<UserId>> {
    Ok(db_run!(db, |p| sqlx::query_scalar::<_, UserId>(
        "SELECT user_id FROM sessions WHERE id_hash = $1 AND expires_at > $2"
    )
    .bind(hash_token(token))
    .bind(now)
    .fetch_optional(p)
    .await)?)
}

pub async fn revoke(db: &Db, token: &str) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "DELETE FROM sessions WHERE id_hash = $1"
    )
    .bind(hash_token(token))
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Ends every session of a user but `keep` (the cookie value of the current one, if any).
pub async fn revoke_all_of(db: &Db, user_id: UserId, keep: Option<&str>) -> AppResult<()> {
    let keep = keep.map(hash_token).unwrap_or_default();
    db_run!(db, |p| sqlx::query(
        "DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2"
    )
    .bind(user_id)
    .bind(keep)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn purge_expired(db: &Db, now: i64) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "DELETE FROM sessions WHERE expires_at <= $1"
    )
    .bind(now)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// `Set-Cookie` for the session: HttpOnly, SameSite=Lax, Secure when the site is https.
pub fn set_cookie(headers: &mut HeaderMap, config: &Config, token: &str) {
    let secure = if config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let v = format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        config.session_hours * 3600
    );
    if let Ok(v) = HeaderValue::from_str(&v) {
        headers.append(SET_COOKIE, v);
    }
}

pub fn clear_cookie(headers: &mut HeaderMap, config: &Config) {
    let secure = if config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let v = format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}");
    if let Ok(v) = HeaderValue::from_str(&v) {
        headers.append(SET_COOKIE, v);
    }
}

/// The value of cookie `name` in the request headers.
pub fn read_cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}
