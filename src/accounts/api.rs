//! `GET /api/v1/me` and `GET /api/v1/me/tokens`.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use super::model::RoleKind;
use crate::auth::api_user;
use crate::auth::Ctx;
use crate::error::ApiResult;
use crate::ids::UserId;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct RoleOut {
    pub role: RoleKind,
    pub network_id: Option<i64>,
    pub place_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    /// `fr` or `en`.
    pub locale: String,
    /// RFC 3339.
    pub created_at: String,
    pub roles: Vec<RoleOut>,
}

/// The person the token (or session) belongs to, with their roles.
#[utoipa::path(
    get, path = "/api/v1/me", tag = "comptes",
    responses(
        (status = 200, description = "La personne connectée", body = Me),
        (status = 401, description = "Jeton absent, inconnu ou révoqué", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn me(State(_state): State<AppState>, ctx: Ctx) -> ApiResult<Json<Me>> {
    let p = api_user(&ctx)?;
    Ok(Json(Me {
        id: p.user.id,
        email: p.user.email.clone(),
        display_name: p.user.display_name.clone(),
        locale: p.user.locale.clone(),
        created_at: crate::clock::rfc3339(p.user.created_at),
        roles: p
            .roles
            .iter()
            .map(|r| RoleOut {
                role: r.kind,
                network_id: r.network_id,
                place_id: r.place_id,
            })
            .collect(),
    }))
}

/// One of the person's API tokens (never its secret).
#[derive(Serialize, ToSchema)]
pub struct TokenOut {
    pub id: i64,
    pub name: String,
    /// The first characters of the token, to recognise it.
    pub prefix: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339; `null` when never used.
    pub last_used_at: Option<String>,
    /// RFC 3339; `null` when the token does not expire.
    pub expires_at: Option<String>,
    /// RFC 3339; `null` while the token is live. A password change or reset revokes every
    /// token.
    pub revoked_at: Option<String>,
    /// Answers requests now (neither revoked nor expired).
    pub active: bool,
}

/// The person's API tokens, newest first, with their creation, last use and expiry dates.
#[utoipa::path(
    get, path = "/api/v1/me/tokens", tag = "comptes",
    responses(
        (status = 200, description = "Les jetons de la personne connectée", body = [TokenOut]),
        (status = 401, description = "Jeton absent, inconnu, expiré ou révoqué", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn my_tokens(State(state): State<AppState>, ctx: Ctx) -> ApiResult<Json<Vec<TokenOut>>> {
    let p = api_user(&ctx)?;
    let now = state.clock.now_ms();
    let rfc = crate::clock::rfc3339;
    let tokens = super::repo::tokens_of(&state.db, p.user.id).await?;
    Ok(Json(
        tokens
            .into_iter()
            .map(|t| TokenOut {
                active: t.revoked_at.is_none() && !t.expired(&now),
                id: t.id,
                name: t.name,
                prefix: t.prefix,
                created_at: rfc(t.created_at),
                last_used_at: t.last_used_at.map(rfc),
                expires_at: t.expires_at.map(rfc),
                revoked_at: t.revoked_at.map(rfc),
            })
            .collect(),
    ))
}
