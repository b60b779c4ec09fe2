//! Who a principal is: the user row and the roles it holds, read once per request by the
//! context extractor. The account pages (`accounts`) write these rows; authentication and
//! every other module read them from here.

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::Db;
use crate::db_run;
use crate::error::AppResult;
use crate::ids::UserId;

pub const USER_COLS: &str =
    "id, email, display_name, locale, password_hash, email_confirmed_at, created_at";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub locale: String,
    pub password_hash: String,
    pub email_confirmed_at: Option<i64>,
    pub created_at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoleKind {
    InstanceAdmin,
    NetworkAdmin,
    PlaceManager,
    Member,
}

impl RoleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RoleKind::InstanceAdmin => "instance_admin",
            RoleKind::NetworkAdmin => "network_admin",
            RoleKind::PlaceManager => "place_manager",
            RoleKind::Member => "member",
        }
    }
    pub fn parse(s: &str) -> Option<RoleKind> {
        match s {
            "instance_admin" | "instance-admin" => Some(RoleKind::InstanceAdmin),
            "network_admin" | "network-admin" => Some(RoleKind::NetworkAdmin),
            "place_manager" | "place-manager" => Some(RoleKind::PlaceManager),
            "member" => Some(RoleKind::Member),
            _ => None,
        }
    }
    /// The message key of the role's French/English name.
    pub fn label_key(self) -> &'static str {
        match self {
            RoleKind::InstanceAdmin => "role-instance-admin",
            RoleKind::NetworkAdmin => "role-network-admin",
            RoleKind::PlaceManager => "role-place-manager",
            RoleKind::Member => "role-member",
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RoleRow {
    pub id: i64,
    pub user_id: UserId,
    pub role: String,
    pub network_id: Option<i64>,
    pub place_id: Option<i64>,
}

/// A role scoped to its tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Role {
    pub id: i64,
    pub kind: RoleKind,
    pub network_id: Option<i64>,
    pub place_id: Option<i64>,
}

impl From<RoleRow> for Role {
    fn from(r: RoleRow) -> Self {
        Role {
            id: r.id,
            kind: RoleKind::parse(&r.role).unwrap_or(RoleKind::Member),
            network_id: r.network_id,
            place_id: r.place_id,
        }
    }
}

pub async fn user_by_id(db: &Db, id: UserId) -> AppResult<Option<User>> {
    let sql = format!("SELECT {USER_COLS} FROM users WHERE id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, User>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

pub async fn roles_of(db: &Db, user_id: UserId) -> AppResult<Vec<Role>> {
    let rows: Vec<RoleRow> = db_run!(db, |p| {
        sqlx::query_as(
        "SELECT id, user_id, role, network_id, place_id FROM roles WHERE user_id = $1 ORDER BY id"
    )
    .bind(user_id)
    .fetch_all(p)
    .await
    })?;
    Ok(rows.into_iter().map(Role::from).collect())
}

/// The user owning a live token with this hash (not revoked, not expired); records its use.
pub async fn user_by_token(db: &Db, hash: &str, now: i64) -> AppResult<Option<UserId>> {
    Ok(db_run!(db, |p| {
        sqlx::query_scalar::<_, UserId>(
            "UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL \
         AND (expires_at IS NULL OR expires_at > $1) RETURNING user_id",
        )
        .bind(now)
        .bind(hash)
        .fetch_optional(p)
        .await
    })?)
}
