//! Queries on users, roles, API tokens, single-use links and the audit log.

use sqlx::FromRow;

use super::model::{ApiToken, Role, RoleKind, RoleRow, User};
use crate::db::dialect::is_unique_violation;
use crate::db::Db;
use crate::db_run;
use crate::error::AppResult;
use crate::ids::UserId;

pub use crate::auth::identity::{roles_of, user_by_id, user_by_token, USER_COLS};

/// The name of the network or place a role or an invitation is for, as the account pages show
/// it (`None`: instance-wide, or the scope is gone).
pub async fn scope_name(
    db: &Db,
    network_id: Option<i64>,
    place_id: Option<i64>,
) -> AppResult<Option<String>> {
    let (sql, id) = match (network_id, place_id) {
        (Some(n), _) => ("SELECT name FROM networks WHERE id = $1", n),
        (None, Some(p)) => ("SELECT name FROM places WHERE id = $1", p),
        (None, None) => return Ok(None),
    };
    Ok(db_run!(db, |p| sqlx::query_scalar::<_, String>(sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

pub async fn user_by_email(db: &Db, email: &str) -> AppResult<Option<User>> {
    let sql = format!("SELECT {USER_COLS} FROM users WHERE email = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, User>(&sql)
        .bind(email.trim().to_lowercase())
        .fetch_optional(p)
        .await)?)
}

/// Inserts a user; `Ok(None)` when the email is taken.
pub async fn insert_user(
    db: &Db,
    email: &str,
    name: &str,
    password_hash: &str,
    confirmed_at: Option<i64>,
    now: i64,
) -> AppResult<Option<UserId>> {
    let res = db_run!(db, |p| {
        sqlx::query_scalar::<_, UserId>(
        "INSERT INTO users (email, display_name, password_hash, email_confirmed_at, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id"
    )
    .bind(email)
    .bind(name)
    .bind(password_hash)
    .bind(confirmed_at)
    .bind(now)
    .fetch_one(p)
    .await
    });
    match res {
        Ok(id) => Ok(Some(id)),
        Err(e) if is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

pub async fn set_password(db: &Db, user_id: UserId, hash: &str) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "UPDATE users SET password_hash = $1 WHERE id = $2"
    )
    .bind(hash)
    .bind(user_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn confirm_email(db: &Db, user_id: UserId, now: i64) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "UPDATE users SET email_confirmed_at = COALESCE(email_confirmed_at, $1) WHERE id = $2"
    )
    .bind(now)
    .bind(user_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn update_profile(db: &Db, user_id: UserId, name: &str, locale: &str) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "UPDATE users SET display_name = $1, locale = $2 WHERE id = $3"
    )
    .bind(name)
    .bind(locale)
    .bind(user_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_locale(db: &Db, user_id: UserId, locale: &str) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "UPDATE users SET locale = $1 WHERE id = $2"
    )
    .bind(locale)
    .bind(user_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn delete_user(db: &Db, user_id: UserId) -> AppResult<()> {
    db_run!(db, |p| sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(user_id)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

// ---- roles ----

/// Grants a role; granting one already held is not an error.
pub async fn grant_role(
    db: &Db,
    user_id: UserId,
    kind: RoleKind,
    network_id: Option<i64>,
    place_id: Option<i64>,
    now: i64,
) -> AppResult<()> {
    let res = db_run!(db, |p| {
        sqlx::query(
        "INSERT INTO roles (user_id, role, network_id, place_id, created_at) VALUES ($1, $2, $3, $4, $5)"
    )
    .bind(user_id)
    .bind(kind.as_str())
    .bind(network_id)
    .bind(place_id)
    .bind(now)
    .execute(p).await.map(|r| r.rows_affected())
    });
    match res {
        Ok(_) => Ok(()),
        Err(e) if is_unique_violation(&e) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

pub async fn role_by_id(db: &Db, id: i64) -> AppResult<Option<Role>> {
    let row: Option<RoleRow> = db_run!(db, |p| sqlx::query_as(
        "SELECT id, user_id, role, network_id, place_id FROM roles WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(p)
    .await)?;
    Ok(row.map(Role::from))
}

pub async fn revoke_role(db: &Db, id: i64) -> AppResult<()> {
    db_run!(db, |p| sqlx::query("DELETE FROM roles WHERE id = $1")
        .bind(id)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A role with the name of its holder, for the admin pages.
#[derive(Debug, Clone, FromRow)]
pub struct RoleHolder {
    pub id: i64,
    pub role: String,
    pub user_id: UserId,
    pub display_name: String,
    pub email: String,
}

/// How many role holders an administration page shows at once (a network of thousands of
/// places, a big place: thousands of members).
pub const HOLDERS_PER_PAGE: i64 = 50;

/// One page of the holders of roles on a network, a place or the instance (both `None`):
/// those who run it first (animators, managers, administrators), then members, by name; and
/// how many there are. Two statements, through the index of the scope's column.
pub async fn role_holders_page(
    db: &Db,
    network_id: Option<i64>,
    place_id: Option<i64>,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<RoleHolder>, i64)> {
    let (cond, scope) = match (network_id, place_id) {
        (Some(n), _) => ("r.network_id = $1 AND r.place_id IS NULL", n),
        (None, Some(p)) => ("r.place_id = $1 AND r.network_id IS NULL", p),
        (None, None) => ("r.network_id IS NULL AND r.place_id IS NULL AND $1 = 0", 0),
    };
    let sql = format!(
        "SELECT r.id, r.role, u.id AS user_id, u.display_name, u.email FROM roles r \
         JOIN users u ON u.id = r.user_id WHERE {cond} \
         ORDER BY CASE WHEN r.role = 'member' THEN 1 ELSE 0 END, u.display_name, r.id \
         LIMIT $2 OFFSET $3"
    );
    let rows = db_run!(db, |p| sqlx::query_as::<_, RoleHolder>(&sql)
        .bind(scope)
        .bind(limit)
        .bind(offset)
        .fetch_all(p)
        .await)?;
    let sql = format!("SELECT COUNT(*) FROM roles r WHERE {cond}");
    let total = db_run!(db, |p| sqlx::query_scalar::<_, i64>(&sql)
        .bind(scope)
        .fetch_one(p)
        .await)?;
    Ok((rows, total))
}

/// The display names of the accounts `ids`, in one statement.
pub async fn display_names(
    db: &Db,
    ids: &[UserId],
) -> AppResult<std::collections::HashMap<UserId, String>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let raw: Vec<i64> = ids.iter().map(|i| i.get()).collect();
    let sql = format!(
        "SELECT id, display_name FROM users WHERE id IN ({})",
        crate::db::id_list(&raw)
    );
    let rows: Vec<(UserId, String)> = db_run!(db, |p| sqlx::query_as(&sql).fetch_all(p).await)?;
    Ok(rows.into_iter().collect())
}

// ---- API tokens ----

#[allow(clippy::too_many_arguments)]
pub async fn insert_token(
    db: &Db,
    user_id: UserId,
    name: &str,
    hash: &str,
    prefix: &str,
    now: i64,
    expires_at: Option<i64>,
) -> AppResult<i64> {
    Ok(db_run!(db, |p| {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(user_id)
        .bind(name)
        .bind(hash)
        .bind(prefix)
        .bind(now)
        .bind(expires_at)
        .fetch_one(p)
        .await
    })?)
}

pub async fn tokens_of(db: &Db, user_id: UserId) -> AppResult<Vec<ApiToken>> {
    Ok(db_run!(db, |p| sqlx::query_as::<_, ApiToken>(
        "SELECT id, user_id, name, prefix, created_at, last_used_at, revoked_at, expires_at \
         FROM api_tokens WHERE user_id = $1 ORDER BY id DESC"
    )
    .bind(user_id)
    .fetch_all(p)
    .await)?)
}

/// Revokes one of the user's tokens; false when it is not theirs (or unknown).
pub async fn revoke_token(db: &Db, user_id: UserId, token_id: i64, now: i64) -> AppResult<bool> {
    let n = db_run!(db, |p| {
        sqlx::query(
        "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2 AND user_id = $3"
    )
    .bind(now)
    .bind(token_id)
    .bind(user_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// Revokes every live token of the user (a password change or reset); how many.
pub async fn revoke_all_tokens(db: &Db, user_id: UserId, now: i64) -> AppResult<u64> {
    Ok(db_run!(db, |p| {
        sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(user_id)
        .execute(p)
        .await
        .map(|r| r.rows_affected())
    })?)
}

// ---- single-use links ----

#[derive(Debug, Clone, FromRow)]
pub struct OneTimeToken {
    pub id: i64,
    pub purpose: String,
    pub user_id: Option<UserId>,
    pub email: String,
    pub role: Option<String>,
    pub network_id: Option<i64>,
    pub place_id: Option<i64>,
    pub created_by: Option<UserId>,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

pub struct NewOneTime<'a> {
    pub purpose: &'a str,
    pub hash: &'a str,
    pub user_id: Option<UserId>,
    pub email: &'a str,
    pub role: Option<RoleKind>,
    pub network_id: Option<i64>,
    pub place_id: Option<i64>,
    pub created_by: Option<UserId>,
    pub now: i64,
    pub expires_at: i64,
}

pub async fn insert_one_time(db: &Db, t: NewOneTime<'_>) -> AppResult<()> {
    db_run!(db, |p| {
        sqlx::query(
        "INSERT INTO one_time_tokens (purpose, token_hash, user_id, email, role, network_id, place_id, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    )
    .bind(t.purpose)
    .bind(t.hash)
    .bind(t.user_id)
    .bind(t.email)
    .bind(t.role.map(|r| r.as_str()))
    .bind(t.network_id)
    .bind(t.place_id)
    .bind(t.created_by)
    .bind(t.now)
    .bind(t.expires_at)
    .execute(p).await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

const OTT_COLS: &str =
    "id, purpose, user_id, email, role, network_id, place_id, created_by, expires_at, used_at";

/// A single-use link that is still valid (not used, not expired), without using it.
pub async fn peek_one_time(
    db: &Db,
    purpose: &str,
    hash: &str,
    now: i64,
) -> AppResult<Option<OneTimeToken>> {
    let sql = format!(
        "SELECT {OTT_COLS} FROM one_time_tokens WHERE purpose = $1 AND token_hash = $2 AND used_at IS NULL AND expires_at > $3"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, OneTimeToken>(&sql)
        .bind(purpose)
        .bind(hash)
        .bind(now)
        .fetch_optional(p)
        .await)?)
}

/// Uses a single-use link: one atomic update, so two concurrent uses cannot both succeed.
pub async fn use_one_time(
    db: &Db,
    purpose: &str,
    hash: &str,
    now: i64,
) -> AppResult<Option<OneTimeToken>> {
    let sql = format!(
        "UPDATE one_time_tokens SET used_at = $1 WHERE purpose = $2 AND token_hash = $3 AND used_at IS NULL AND expires_at > $1 RETURNING {OTT_COLS}"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, OneTimeToken>(&sql)
        .bind(now)
        .bind(purpose)
        .bind(hash)
        .fetch_optional(p)
        .await)?)
}

/// Pending invitations sent for a place or a network.
pub async fn pending_invitations(
    db: &Db,
    network_id: Option<i64>,
    place_id: Option<i64>,
    now: i64,
) -> AppResult<Vec<OneTimeToken>> {
    // Only the scopes given are compared (an index serves `network_id = $2`, `place_id = $3`;
    // none serves `$2 IS NULL OR …`).
    let by = |col: &str, n: usize, v: Option<i64>| match v {
        Some(_) => format!(" AND {col} = ${n}"),
        None => format!(" AND {col} IS NULL"),
    };
    let sql =
        format!(
        "SELECT {OTT_COLS} FROM one_time_tokens WHERE purpose = 'invitation' AND used_at IS NULL \
         AND expires_at > $1{}{} ORDER BY id",
        by("network_id", 2, network_id),
        by("place_id", if network_id.is_some() { 3 } else { 2 }, place_id)
    );
    Ok(db_run!(db, |p| {
        let mut q = sqlx::query_as::<_, OneTimeToken>(&sql).bind(now);
        for v in [network_id, place_id].into_iter().flatten() {
            q = q.bind(v);
        }
        q.fetch_all(p).await
    })?)
}

// ---- audit log ----

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct AuditEvent {
    pub id: i64,
    pub at: i64,
    pub user_id: Option<UserId>,
    pub event: String,
    pub ip: String,
    pub detail: String,
}

pub async fn audit(
    db: &Db,
    now: i64,
    user_id: Option<UserId>,
    event: &str,
    ip: &str,
    detail: &str,
) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "INSERT INTO audit_events (at, user_id, event, ip, detail) VALUES ($1, $2, $3, $4, $5)"
    )
    .bind(now)
    .bind(user_id)
    .bind(event)
    .bind(ip)
    .bind(detail)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn audit_of(db: &Db, user_id: UserId) -> AppResult<Vec<AuditEvent>> {
    Ok(db_run!(db, |p| {
        sqlx::query_as::<_, AuditEvent>(
        "SELECT id, at, user_id, event, ip, detail FROM audit_events WHERE user_id = $1 ORDER BY id"
    )
    .bind(user_id)
    .fetch_all(p)
    .await
    })?)
}

pub async fn recent_audit(db: &Db, limit: i64) -> AppResult<Vec<AuditEvent>> {
    Ok(db_run!(db, |p| sqlx::query_as::<_, AuditEvent>(
        "SELECT id, at, user_id, event, ip, detail FROM audit_events ORDER BY id DESC LIMIT $1"
    )
    .bind(limit)
    .fetch_all(p)
    .await)?)
}

/// The members and managers of a place (their role there), by name: whom its managers may book
/// for.
pub async fn people_of_place(
    db: &Db,
    place_id: i64,
    limit: i64,
) -> AppResult<Vec<(UserId, String)>> {
    Ok(db_run!(db, |p| {
        sqlx::query_as::<_, (UserId, String)>(
        "SELECT DISTINCT u.id, u.display_name FROM users u JOIN roles r ON r.user_id = u.id \
         WHERE r.place_id = $1 AND r.role IN ('member', 'place_manager') ORDER BY u.display_name, u.id \
         LIMIT $2"
    )
    .bind(place_id)
    .bind(limit)
    .fetch_all(p)
    .await
    })?)
}
