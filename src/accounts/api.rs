//! `GET /api/v1/me`.

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
