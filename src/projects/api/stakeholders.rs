//! The stakeholders directory of a project in the API (its holders and advisors only; 404 to
//! anyone else). Contact details need `consent_on`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use super::shared::member_api;
use crate::auth::{api_user, Ctx};
use crate::error::{ApiError, ApiResult};
use crate::form::{ApiPath, Json as JsonIn};
use crate::ids::ProjectId;
use crate::projects::model::stakeholders::{Stakeholder, StakeholderIn, StakeholderKind};
use crate::projects::repo::stakeholders as repo;
use crate::projects::service::stakeholders as service;
use crate::state::AppState;

type E = crate::error::ApiErrorBody;

#[derive(Serialize, ToSchema)]
pub struct StakeholderOut {
    pub id: i64,
    pub project_id: ProjectId,
    pub kind: StakeholderKind,
    pub name: String,
    pub organization: String,
    pub role: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    /// The consent date (contact details are kept only with it).
    pub consent_on: Option<String>,
    pub notes: String,
    pub created_at: String,
    pub updated_at: String,
}

fn out(s: Stakeholder) -> StakeholderOut {
    StakeholderOut {
        id: s.id,
        project_id: s.project_id,
        kind: s.kind,
        name: s.name,
        organization: s.organization,
        role: s.role,
        email: s.email,
        phone: s.phone,
        address: s.address,
        consent_on: s.consent_on,
        notes: s.notes,
        created_at: crate::clock::rfc3339(s.created_at),
        updated_at: crate::clock::rfc3339(s.updated_at),
    }
}

/// The stakeholders of a project (its holders and advisors only; 404 to anyone else).
#[utoipa::path(
    get, path = "/api/v1/projects/{id}/stakeholders", tag = "projets",
    operation_id = "projects_stakeholders_list",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    responses(
        (status = 200, description = "Les parties prenantes", body = [StakeholderOut]),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_list(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
) -> ApiResult<Json<Vec<StakeholderOut>>> {
    let p = member_api(&state, &ctx, id).await?;
    let all = repo::of_project(&state.db, p.id).await?;
    Ok(Json(all.into_iter().map(out).collect()))
}

/// Adds a person or an organization to the directory. Contact details need `consent_on`.
#[utoipa::path(
    post, path = "/api/v1/projects/{id}/stakeholders", tag = "projets",
    operation_id = "projects_stakeholders_create",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    request_body = StakeholderIn,
    responses(
        (status = 201, description = "Ajouté", body = StakeholderOut),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides (dont coordonnées sans consentement)", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
    JsonIn(b): JsonIn<StakeholderIn>,
) -> ApiResult<(StatusCode, Json<StakeholderOut>)> {
    let p = member_api(&state, &ctx, id).await?;
    let s = service::create(&state, ctx.user_id(), &p, &b)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::CREATED, Json(out(s))))
}

/// Replaces a stakeholder.
#[utoipa::path(
    put, path = "/api/v1/stakeholders/{id}", tag = "projets",
    operation_id = "projects_stakeholders_update",
    params(("id" = i64, Path, description = "Identifiant de la partie prenante")),
    request_body = StakeholderIn,
    responses(
        (status = 200, description = "Mis à jour", body = StakeholderOut),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_update(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<StakeholderIn>,
) -> ApiResult<Json<StakeholderOut>> {
    api_user(&ctx)?;
    let (_, s) = service::managed(&state, ctx.user.as_ref(), id).await?;
    let s = service::update(&state, &s, &b)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(out(s)))
}

/// One stakeholder (the project's holders and advisors).
#[utoipa::path(
    get, path = "/api/v1/stakeholders/{id}", tag = "projets",
    operation_id = "projects_stakeholder_get",
    params(("id" = i64, Path, description = "Identifiant de la partie prenante")),
    responses(
        (status = 200, description = "La partie prenante", body = StakeholderOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_get(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<StakeholderOut>> {
    api_user(&ctx)?;
    let (_, s) = service::managed(&state, ctx.user.as_ref(), id).await?;
    Ok(Json(out(s)))
}

/// Changes only the fields sent (JSON Merge Patch, RFC 7396: a field set to `null` is
/// emptied): the stakeholder as `GET` returns it, the fields sent merged in, saved as a `PUT` of the
/// result (same rights, same checks, same answers).
#[utoipa::path(
    patch, path = "/api/v1/stakeholders/{id}", tag = "projets",
    operation_id = "projects_stakeholder_patch",
    params(("id" = i64, Path, description = "Identifiant de la partie prenante")),
    request_body(content = StakeholderIn, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Mis à jour", body = StakeholderOut),
        (status = 400, description = "Corps illisible", body = E),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_patch(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(changes): JsonIn<serde_json::Value>,
) -> ApiResult<Json<StakeholderOut>> {
    let Json(now) = api_get(State(state.clone()), ctx.clone(), ApiPath(id)).await?;
    let body = crate::form::patched(&now, &changes)?;
    api_update(State(state), ctx, ApiPath(id), JsonIn(body)).await
}

/// Deletes a stakeholder (and their contact details).
#[utoipa::path(
    delete, path = "/api/v1/stakeholders/{id}", tag = "projets",
    operation_id = "projects_stakeholders_delete",
    params(("id" = i64, Path, description = "Identifiant de la partie prenante")),
    responses(
        (status = 204, description = "Supprimé"),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    api_user(&ctx)?;
    let (_, s) = service::managed(&state, ctx.user.as_ref(), id).await?;
    service::delete(&state, &s).await?;
    Ok(StatusCode::NO_CONTENT)
}
