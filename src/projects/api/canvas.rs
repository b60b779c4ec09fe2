//! The Social Business Canvas in the API: the latest version, a new version, every version.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::shared::{managed, visible};
use crate::auth::{api_user, Ctx};
use crate::clock::rfc3339;
use crate::error::{ApiError, ApiResult};
use crate::form::{ApiPath, Json as JsonIn};
use crate::ids::ProjectId;
use crate::projects::model::{self, CanvasVersion};
use crate::projects::{repo, service};
use crate::state::AppState;

type E = crate::error::ApiErrorBody;

#[derive(Serialize, ToSchema)]
pub struct CanvasOut {
    /// The version (absent before the first save).
    pub version_id: Option<i64>,
    pub author: Option<String>,
    pub created_at: Option<String>,
    /// The 13 blocks: social_problem, beneficiaries, value_proposition, solution,
    /// key_activities, key_resources, partners, channels, segments, costs, revenues, impact,
    /// surplus.
    pub blocks: BTreeMap<String, String>,
}

fn canvas_out(v: Option<CanvasVersion>) -> CanvasOut {
    match v {
        Some(v) => CanvasOut {
            blocks: v.block_map(),
            version_id: Some(v.id),
            author: v.author_name,
            created_at: Some(rfc3339(v.created_at)),
        },
        None => CanvasOut {
            version_id: None,
            author: None,
            created_at: None,
            blocks: model::CANVAS_BLOCKS
                .iter()
                .map(|k| (k.to_string(), String::new()))
                .collect(),
        },
    }
}

/// The latest Social Business Canvas of a project.
#[utoipa::path(
    get, path = "/api/v1/projects/{id}/canvas", tag = "projets", operation_id = "projects_canvas_get",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    responses(
        (status = 200, description = "Le canevas", body = CanvasOut),
        (status = 404, description = "Inconnu ou privé", body = E),
    )
)]
pub async fn get_canvas(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
) -> ApiResult<Json<CanvasOut>> {
    let (p, _) = visible(&state, &ctx, id).await?;
    let latest = repo::latest_canvas(&state.db, p.id).await?;
    Ok(Json(canvas_out(latest)))
}

#[derive(Deserialize, ToSchema)]
pub struct PutCanvas {
    /// Block name → plain text (missing blocks are saved empty).
    pub blocks: BTreeMap<String, String>,
}

/// Saves the canvas as a new version.
#[utoipa::path(
    put, path = "/api/v1/projects/{id}/canvas", tag = "projets", operation_id = "projects_canvas_put",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    request_body = PutCanvas,
    responses(
        (status = 201, description = "Nouvelle version", body = CanvasOut),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Bloc inconnu ou texte trop long", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn put_canvas(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
    JsonIn(b): JsonIn<PutCanvas>,
) -> ApiResult<(StatusCode, Json<CanvasOut>)> {
    let p = managed(&state, &ctx, id).await?;
    let who = api_user(&ctx)?;
    service::save_canvas(&state, Some(who.user.id), &p, &b.blocks)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    let latest = repo::latest_canvas(&state.db, p.id).await?;
    Ok((StatusCode::CREATED, Json(canvas_out(latest))))
}

/// Changes only the fields sent (JSON Merge Patch, RFC 7396: a field set to `null` is
/// emptied): the canvas as `GET` returns it, the fields sent merged in, saved as a `PUT` of the
/// result (same rights, same checks, same answers).
#[utoipa::path(
    patch, path = "/api/v1/projects/{id}/canvas", tag = "projets", operation_id = "projects_canvas_patch",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    request_body(content = PutCanvas, content_type = "application/merge-patch+json"),
    responses(
        (status = 201, description = "Nouvelle version", body = CanvasOut),
        (status = 400, description = "Corps illisible", body = E),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Bloc inconnu ou texte trop long", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn patch_canvas(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
    JsonIn(changes): JsonIn<serde_json::Value>,
) -> ApiResult<(StatusCode, Json<CanvasOut>)> {
    api_user(&ctx)?;
    let Json(now) = get_canvas(State(state.clone()), ctx.clone(), ApiPath(id)).await?;
    let body = crate::form::patched(&now, &changes)?;
    put_canvas(State(state), ctx, ApiPath(id), JsonIn(body)).await
}

/// Every version of the canvas, newest first.
#[utoipa::path(
    get, path = "/api/v1/projects/{id}/canvas/versions", tag = "projets",
    operation_id = "projects_canvas_versions",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    responses(
        (status = 200, description = "Les versions", body = [CanvasOut]),
        (status = 404, description = "Inconnu ou privé", body = E),
    )
)]
pub async fn canvas_versions(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
) -> ApiResult<Json<Vec<CanvasOut>>> {
    let (p, _) = visible(&state, &ctx, id).await?;
    let versions = repo::canvas_versions(&state.db, p.id).await?;
    Ok(Json(
        versions.into_iter().map(|v| canvas_out(Some(v))).collect(),
    ))
}
