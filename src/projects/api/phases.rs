//! Phases in the API: a project's phases (changed, added, removed by its holders and
//! advisors) and a network's phase template (its admins).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::shared::{managed, member_api};
use crate::auth::{api_user, Ctx};
use crate::error::{ApiError, ApiResult, AppError, FieldErrors};
use crate::form::{ApiPath, Json as JsonIn};
use crate::ids::{NetworkId, ProjectId};
use crate::projects::dto::{phase_out, PhaseOut};
use crate::projects::model;
use crate::projects::service::phases::{self as service, PhaseChanges};
use crate::state::AppState;
use crate::tenancy::model::Network;

type E = crate::error::ApiErrorBody;

#[derive(Deserialize, ToSchema)]
pub struct UpdatePhase {
    /// 1 to 200 characters.
    #[serde(default)]
    pub title: Option<String>,
    /// One objective per item.
    #[serde(default)]
    pub objectives: Option<Vec<String>>,
    /// `YYYY-MM-DD` or empty.
    #[serde(default)]
    pub starts_on: Option<String>,
    #[serde(default)]
    pub ends_on: Option<String>,
    /// 0–100 (100: done).
    #[serde(default)]
    pub completion: Option<i64>,
    /// The support received (e.g. "Niveau 2 : définition du besoin").
    #[serde(default)]
    pub support_level: Option<String>,
}

/// Updates a phase (title, objectives, dates, completion, support level received).
#[utoipa::path(
    patch, path = "/api/v1/projects/{id}/phases/{phase_id}", tag = "projets",
    operation_id = "projects_update_phase",
    params(("id" = i64, Path, description = "Projet"), ("phase_id" = i64, Path, description = "Phase")),
    request_body = UpdatePhase,
    responses(
        (status = 200, description = "La phase", body = PhaseOut),
        (status = 404, description = "Inconnue ou hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn update_phase(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, phase_id)): ApiPath<(ProjectId, i64)>,
    JsonIn(b): JsonIn<UpdatePhase>,
) -> ApiResult<Json<PhaseOut>> {
    let p = managed(&state, &ctx, id).await?;
    let ph = service::phase_of(&state, &p, phase_id).await?;
    // Absent fields keep their value.
    let objectives = b
        .objectives
        .map(|o| o.join("\n"))
        .unwrap_or_else(|| ph.objectives.clone());
    let starts = b
        .starts_on
        .unwrap_or_else(|| ph.starts_on.clone().unwrap_or_default());
    let ends = b
        .ends_on
        .unwrap_or_else(|| ph.ends_on.clone().unwrap_or_default());
    let support = b.support_level.unwrap_or_else(|| ph.support_level.clone());
    let completion = b.completion.unwrap_or(ph.completion);
    if let Some(t) = &b.title {
        // An invalid title is answered alone, before the other fields are looked at.
        let mut errors = FieldErrors::default();
        if model::parse_label(t, "title", &mut errors).is_none() {
            return Err(ApiError(AppError::Invalid(errors), ctx.lang));
        }
    }
    let ph = service::update_phase(
        &state,
        ctx.user.as_ref(),
        &p,
        phase_id,
        PhaseChanges {
            title: b.title.as_deref(),
            objectives: &objectives,
            starts_on: &starts,
            ends_on: &ends,
            completion,
            support_level: &support,
        },
    )
    .await
    .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(phase_out(ph)))
}

// ---- a project's phases: API ----

#[derive(Deserialize, ToSchema)]
pub struct NewPhase {
    /// 1 to 200 characters.
    pub title: String,
    #[serde(default)]
    pub objectives: Vec<String>,
}

/// Adds a phase at the end of a project's phases.
#[utoipa::path(
    post, path = "/api/v1/projects/{id}/phases", tag = "projets",
    operation_id = "projects_phase_create",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    request_body = NewPhase,
    responses(
        (status = 201, description = "La phase", body = PhaseOut),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_phase_create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
    JsonIn(b): JsonIn<NewPhase>,
) -> ApiResult<(StatusCode, Json<PhaseOut>)> {
    let p = member_api(&state, &ctx, id).await?;
    let ph = service::add_phase(&state, &p, &b.title, &b.objectives.join("\n"))
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::CREATED, Json(phase_out(ph))))
}

/// Removes a phase from a project.
#[utoipa::path(
    delete, path = "/api/v1/projects/{id}/phases/{phase_id}", tag = "projets",
    operation_id = "projects_phase_delete",
    params(("id" = i64, Path, description = "Projet"), ("phase_id" = i64, Path, description = "Phase")),
    responses(
        (status = 204, description = "Supprimée"),
        (status = 404, description = "Inconnue ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_phase_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, phase_id)): ApiPath<(ProjectId, i64)>,
) -> ApiResult<StatusCode> {
    let p = member_api(&state, &ctx, id).await?;
    service::delete_phase(&state, &p, phase_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- the network's template: API ----

#[derive(Serialize, Deserialize, ToSchema)]
pub struct TemplatePhaseIo {
    /// 1 to 200 characters.
    pub title: String,
    #[serde(default)]
    pub objectives: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TemplateOut {
    pub network_id: NetworkId,
    /// True while the network has no template of its own (the seeds' four phases apply).
    pub is_default: bool,
    pub phases: Vec<TemplatePhaseIo>,
}

fn template_out(
    network_id: NetworkId,
    phases: Vec<(String, String)>,
    is_default: bool,
) -> TemplateOut {
    TemplateOut {
        network_id,
        is_default,
        phases: phases
            .into_iter()
            .map(|(title, o)| TemplatePhaseIo {
                title,
                objectives: model::lines(&o),
            })
            .collect(),
    }
}

async fn api_network(state: &AppState, ctx: &Ctx, id: NetworkId) -> ApiResult<Network> {
    api_user(ctx)?;
    let n = crate::tenancy::repo::network_by_id(&state.db, id).await?;
    Ok(service::managed_network(ctx.user.as_ref(), n)?)
}

/// The phase template of a network (its admins).
#[utoipa::path(
    get, path = "/api/v1/networks/{id}/phase-template", tag = "projets",
    operation_id = "projects_phase_template_get",
    params(("id" = i64, Path, description = "Identifiant du réseau")),
    responses(
        (status = 200, description = "Le modèle de phases", body = TemplateOut),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_template_get(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<NetworkId>,
) -> ApiResult<Json<TemplateOut>> {
    api_network(&state, &ctx, id).await?;
    let (phases, is_default) = service::effective_template(&state, id).await?;
    Ok(Json(template_out(id, phases, is_default)))
}

#[derive(Deserialize, ToSchema)]
pub struct TemplateIn {
    /// Ordered phases; an empty list goes back to the default four.
    pub phases: Vec<TemplatePhaseIo>,
}

/// Replaces the phase template of a network; new projects it follows copy it.
#[utoipa::path(
    put, path = "/api/v1/networks/{id}/phase-template", tag = "projets",
    operation_id = "projects_phase_template_put",
    params(("id" = i64, Path, description = "Identifiant du réseau")),
    request_body = TemplateIn,
    responses(
        (status = 200, description = "Le modèle de phases", body = TemplateOut),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Phases invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_template_put(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<NetworkId>,
    JsonIn(b): JsonIn<TemplateIn>,
) -> ApiResult<Json<TemplateOut>> {
    let n = api_network(&state, &ctx, id).await?;
    let rows: Vec<(String, String)> = b
        .phases
        .into_iter()
        .map(|p| (p.title, p.objectives.join("\n")))
        .collect();
    // Every given phase needs a title, even without objectives.
    let mut errors = FieldErrors::default();
    if rows.iter().any(|r| r.0.trim().is_empty()) {
        errors.add("phases", "field-required");
        return Err(ApiError(AppError::Invalid(errors), ctx.lang));
    }
    service::save_template(&state, &n, &rows)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    let (phases, is_default) = service::effective_template(&state, id).await?;
    Ok(Json(template_out(id, phases, is_default)))
}
