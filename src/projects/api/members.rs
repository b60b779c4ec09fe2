//! Holders of a project in the API: the list, inviting one by email (the same answer whether
//! an account has the address or not; the person becomes a holder by accepting), removing one
//! (never the last).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::shared::member_api;
use crate::auth::{api_user, Ctx};
use crate::error::{ApiError, ApiResult};
use crate::form::{ApiPath, Json as JsonIn};
use crate::ids::{ProjectId, UserId};
use crate::projects::model::Added;
use crate::projects::repo;
use crate::projects::service::members;
use crate::state::AppState;

type E = crate::error::ApiErrorBody;

#[derive(Serialize, ToSchema)]
pub struct MemberOut {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
}

/// The holders of a project (holders and advisors only).
#[utoipa::path(
    get, path = "/api/v1/projects/{id}/members", tag = "projets",
    operation_id = "projects_members_list",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    responses(
        (status = 200, description = "Les porteurs", body = [MemberOut]),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_list(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
) -> ApiResult<Json<Vec<MemberOut>>> {
    let p = member_api(&state, &ctx, id).await?;
    Ok(Json(
        repo::members(&state.db, p.id)
            .await?
            .into_iter()
            .map(|(user_id, name, email)| MemberOut {
                user_id,
                name,
                email,
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct AddHolder {
    pub email: String,
}

#[derive(Serialize, ToSchema)]
pub struct AddHolderOut {
    pub result: Added,
}

/// Invites a holder by email: `invited` whether or not an account has this address (no
/// account oracle); the person becomes a holder only by accepting the invitation (the link of
/// the email, or their account's invitations page). `already_member` for a current holder.
#[utoipa::path(
    post, path = "/api/v1/projects/{id}/members", tag = "projets",
    operation_id = "projects_members_add",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    request_body = AddHolder,
    responses(
        (status = 201, description = "Invitation envoyée (ou déjà porteur·se)", body = AddHolderOut),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Adresse invalide", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_add(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
    JsonIn(b): JsonIn<AddHolder>,
) -> ApiResult<(StatusCode, Json<AddHolderOut>)> {
    let p = member_api(&state, &ctx, id).await?;
    let who = api_user(&ctx)?;
    let result = members::add_by_email(&state, who, &p, &b.email)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::CREATED, Json(AddHolderOut { result })))
}

/// Removes a holder (never the last one: 409).
#[utoipa::path(
    delete, path = "/api/v1/projects/{id}/members/{user_id}", tag = "projets",
    operation_id = "projects_members_remove",
    params(("id" = i64, Path, description = "Projet"), ("user_id" = i64, Path, description = "Porteur")),
    responses(
        (status = 204, description = "Retiré·e"),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 409, description = "Dernier porteur du projet", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_remove(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, user_id)): ApiPath<(ProjectId, UserId)>,
) -> ApiResult<StatusCode> {
    let p = member_api(&state, &ctx, id).await?;
    let who = api_user(&ctx)?;
    members::remove(&state, who, &p, user_id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(StatusCode::NO_CONTENT)
}
