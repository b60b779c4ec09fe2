//! The funding plan in the API: funding applications (with the documents of the project's
//! library attached to them) and budget lines.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::shared::{managed, member_api};
use crate::auth::{api_user, Ctx};
use crate::error::{ApiError, ApiResult, AppError};
use crate::form::{ApiPath, Json as JsonIn};
use crate::ids::{DocumentId, ProjectId};
use crate::projects::dto::{budget_out, BudgetLineIn, BudgetLineOut};
use crate::projects::model::{
    BudgetLine, FundingApplication, FundingInput, FundingProgramme, FundingStatus,
};
use crate::projects::repo;
use crate::projects::service::funding as service;
use crate::state::AppState;

type E = crate::error::ApiErrorBody;

/// An application as sent. `programme` and `status` are texts read by the service with the
/// other fields, so that an unknown value (422 on its field) is reported along with their
/// errors; the document lists their values.
#[derive(Deserialize, ToSchema)]
pub struct FundingIn {
    pub funder: String,
    /// `leader_feader`, `region`, `departement`, `fondation_de_france`, `anct_fabriques`,
    /// `other`.
    #[schema(value_type = FundingProgramme)]
    pub programme: String,
    #[serde(default)]
    pub amount_requested_cents: i64,
    #[serde(default)]
    pub amount_granted_cents: i64,
    /// `draft` (default), `submitted`, `granted`, `refused`, `paid`.
    #[serde(default)]
    #[schema(value_type = Option<FundingStatus>)]
    pub status: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub deadline: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct FundingOut {
    pub id: i64,
    pub project_id: ProjectId,
    pub funder: String,
    pub programme: FundingProgramme,
    pub amount_requested_cents: i64,
    pub amount_granted_cents: i64,
    pub status: FundingStatus,
    pub deadline: Option<String>,
}

fn funding_out(f: FundingApplication) -> FundingOut {
    FundingOut {
        id: f.id,
        project_id: f.project_id,
        funder: f.funder,
        programme: f.programme,
        amount_requested_cents: f.amount_requested_cents,
        amount_granted_cents: f.amount_granted_cents,
        status: f.status,
        deadline: f.deadline,
    }
}

fn funding_input(b: &FundingIn) -> FundingInput<'_> {
    FundingInput {
        funder: &b.funder,
        programme: &b.programme,
        amount_requested_cents: b.amount_requested_cents,
        amount_granted_cents: b.amount_granted_cents,
        status: b.status.as_deref().unwrap_or("draft"),
        deadline: b.deadline.as_deref().unwrap_or(""),
    }
}

/// Records a funding application.
#[utoipa::path(
    post, path = "/api/v1/projects/{id}/funding-applications", tag = "projets",
    operation_id = "projects_funding_create",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    request_body = FundingIn,
    responses(
        (status = 201, description = "Dossier enregistré", body = FundingOut),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn create_funding(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
    JsonIn(b): JsonIn<FundingIn>,
) -> ApiResult<(StatusCode, Json<FundingOut>)> {
    let p = managed(&state, &ctx, id).await?;
    let f = service::add_funding(&state, Some(api_user(&ctx)?.user.id), &p, funding_input(&b))
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::CREATED, Json(funding_out(f))))
}

/// Funding applications of a project (holders and advisors only).
#[utoipa::path(
    get, path = "/api/v1/projects/{id}/funding-applications", tag = "projets",
    operation_id = "projects_funding_list",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    responses(
        (status = 200, description = "Les dossiers", body = [FundingOut]),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn list_funding(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
) -> ApiResult<Json<Vec<FundingOut>>> {
    let p = managed(&state, &ctx, id).await?;
    let apps = repo::fundings(&state.db, p.id).await?;
    Ok(Json(apps.into_iter().map(funding_out).collect()))
}

async fn managed_funding(state: &AppState, ctx: &Ctx, id: i64) -> ApiResult<FundingApplication> {
    api_user(ctx)?;
    let f = repo::funding_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    managed(state, ctx, f.project_id).await?;
    Ok(f)
}

/// One funding application (the project's holders and advisors).
#[utoipa::path(
    get, path = "/api/v1/funding-applications/{id}", tag = "projets",
    operation_id = "projects_funding_get",
    params(("id" = i64, Path, description = "Identifiant du dossier")),
    responses(
        (status = 200, description = "Le dossier", body = FundingOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn get_funding(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<FundingOut>> {
    Ok(Json(funding_out(managed_funding(&state, &ctx, id).await?)))
}

/// Changes only the fields sent (JSON Merge Patch, RFC 7396: a field set to `null` is
/// emptied): the application as `GET` returns it, the fields sent merged in, saved as a `PUT` of the
/// result (same rights, same checks, same answers).
#[utoipa::path(
    patch, path = "/api/v1/funding-applications/{id}", tag = "projets",
    operation_id = "projects_funding_patch",
    params(("id" = i64, Path, description = "Identifiant du dossier")),
    request_body(content = FundingIn, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Dossier mis à jour", body = FundingOut),
        (status = 400, description = "Corps illisible", body = E),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn patch_funding(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(changes): JsonIn<serde_json::Value>,
) -> ApiResult<Json<FundingOut>> {
    let Json(now) = get_funding(State(state.clone()), ctx.clone(), ApiPath(id)).await?;
    let body = crate::form::patched(&now, &changes)?;
    update_funding(State(state), ctx, ApiPath(id), JsonIn(body)).await
}

/// Replaces a funding application (status, amounts, deadline…).
#[utoipa::path(
    put, path = "/api/v1/funding-applications/{id}", tag = "projets",
    operation_id = "projects_funding_update",
    params(("id" = i64, Path, description = "Identifiant du dossier")),
    request_body = FundingIn,
    responses(
        (status = 200, description = "Dossier mis à jour", body = FundingOut),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn update_funding(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<FundingIn>,
) -> ApiResult<Json<FundingOut>> {
    let f = managed_funding(&state, &ctx, id).await?;
    let f = service::update_funding(&state, api_user(&ctx)?, &f, funding_input(&b))
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(funding_out(f)))
}

/// Deletes a funding application.
#[utoipa::path(
    delete, path = "/api/v1/funding-applications/{id}", tag = "projets",
    operation_id = "projects_funding_delete",
    params(("id" = i64, Path, description = "Identifiant du dossier")),
    responses(
        (status = 204, description = "Supprimé"),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn delete_funding(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    let f = managed_funding(&state, &ctx, id).await?;
    service::delete_funding(&state, ctx.user.as_ref(), &f).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds a budget line (investment or operation).
#[utoipa::path(
    post, path = "/api/v1/projects/{id}/budget-lines", tag = "projets",
    operation_id = "projects_budget_create",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    request_body = BudgetLineIn,
    responses(
        (status = 201, description = "Ligne ajoutée", body = BudgetLineOut),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn create_budget_line(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
    JsonIn(b): JsonIn<BudgetLineIn>,
) -> ApiResult<(StatusCode, Json<BudgetLineOut>)> {
    let p = managed(&state, &ctx, id).await?;
    let l = service::add_budget_line(
        &state,
        Some(api_user(&ctx)?.user.id),
        &p,
        &b.kind,
        &b.label,
        b.amount_cents,
    )
    .await
    .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::CREATED, Json(budget_out(l))))
}

async fn api_line(state: &AppState, ctx: &Ctx, id: i64) -> ApiResult<BudgetLine> {
    api_user(ctx)?;
    let l = repo::budget_line_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    member_api(state, ctx, l.project_id).await?;
    Ok(l)
}

/// One budget line (the project's holders and advisors).
#[utoipa::path(
    get, path = "/api/v1/budget-lines/{id}", tag = "projets",
    operation_id = "projects_budget_get",
    params(("id" = i64, Path, description = "Identifiant de la ligne")),
    responses(
        (status = 200, description = "La ligne", body = BudgetLineOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnue ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_budget_get(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<BudgetLineOut>> {
    Ok(Json(budget_out(api_line(&state, &ctx, id).await?)))
}

/// Changes only the fields sent (JSON Merge Patch, RFC 7396: a field set to `null` is
/// emptied): the line as `GET` returns it, the fields sent merged in, saved as a `PUT` of the
/// result (same rights, same checks, same answers).
#[utoipa::path(
    patch, path = "/api/v1/budget-lines/{id}", tag = "projets",
    operation_id = "projects_budget_patch",
    params(("id" = i64, Path, description = "Identifiant de la ligne")),
    request_body(content = BudgetLineIn, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Ligne mise à jour", body = BudgetLineOut),
        (status = 400, description = "Corps illisible", body = E),
        (status = 404, description = "Inconnue ou hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_budget_patch(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(changes): JsonIn<serde_json::Value>,
) -> ApiResult<Json<BudgetLineOut>> {
    let Json(now) = api_budget_get(State(state.clone()), ctx.clone(), ApiPath(id)).await?;
    let body = crate::form::patched(&now, &changes)?;
    api_budget_update(State(state), ctx, ApiPath(id), JsonIn(body)).await
}

/// Replaces a budget line.
#[utoipa::path(
    put, path = "/api/v1/budget-lines/{id}", tag = "projets",
    operation_id = "projects_budget_update",
    params(("id" = i64, Path, description = "Identifiant de la ligne")),
    request_body = BudgetLineIn,
    responses(
        (status = 200, description = "Ligne mise à jour", body = BudgetLineOut),
        (status = 404, description = "Inconnue ou hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_budget_update(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<BudgetLineIn>,
) -> ApiResult<Json<BudgetLineOut>> {
    let l = api_line(&state, &ctx, id).await?;
    let l = service::update_budget_line(
        &state,
        ctx.user.as_ref(),
        &l,
        &b.kind,
        &b.label,
        b.amount_cents,
    )
    .await
    .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(budget_out(l)))
}

/// Deletes a budget line.
#[utoipa::path(
    delete, path = "/api/v1/budget-lines/{id}", tag = "projets",
    operation_id = "projects_budget_delete",
    params(("id" = i64, Path, description = "Identifiant de la ligne")),
    responses(
        (status = 204, description = "Supprimée"),
        (status = 404, description = "Inconnue ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_budget_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    let l = api_line(&state, &ctx, id).await?;
    service::delete_budget_line(&state, ctx.user.as_ref(), &l).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn api_application(state: &AppState, ctx: &Ctx, id: i64) -> ApiResult<FundingApplication> {
    api_user(ctx)?;
    let f = repo::funding_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    member_api(state, ctx, f.project_id).await?;
    Ok(f)
}

#[derive(Serialize, ToSchema)]
pub struct AttachmentOut {
    pub document_id: DocumentId,
    pub title: String,
    pub url: String,
}

/// Documents attached to a funding application (from the project's library).
#[utoipa::path(
    get, path = "/api/v1/funding-applications/{id}/documents", tag = "projets",
    operation_id = "projects_funding_documents",
    params(("id" = i64, Path, description = "Identifiant du dossier")),
    responses(
        (status = 200, description = "Pièces jointes", body = [AttachmentOut]),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_documents(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<AttachmentOut>>> {
    let f = api_application(&state, &ctx, id).await?;
    let mut out = Vec::new();
    for doc in repo::attached_documents(&state.db, f.id).await? {
        if let Some(d) = crate::documents::service::document(&state.db, doc).await? {
            out.push(AttachmentOut {
                document_id: d.id,
                url: format!("/documents/{}", d.id),
                title: d.title,
            });
        }
    }
    Ok(Json(out))
}

#[derive(Deserialize, ToSchema)]
pub struct AttachIn {
    /// A document of the project's library (upload it first with `project_id`).
    pub document_id: DocumentId,
}

/// Attaches a document of the project's library to a funding application.
#[utoipa::path(
    post, path = "/api/v1/funding-applications/{id}/documents", tag = "projets",
    operation_id = "projects_funding_attach",
    params(("id" = i64, Path, description = "Identifiant du dossier")),
    request_body = AttachIn,
    responses(
        (status = 204, description = "Jointe"),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Document hors de la bibliothèque du projet", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_attach(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<AttachIn>,
) -> ApiResult<StatusCode> {
    let f = api_application(&state, &ctx, id).await?;
    service::attach(&state, &f, b.document_id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Detaches a document from a funding application (the document stays in the library).
#[utoipa::path(
    delete, path = "/api/v1/funding-applications/{id}/documents/{document_id}", tag = "projets",
    operation_id = "projects_funding_detach",
    params(("id" = i64, Path, description = "Dossier"), ("document_id" = i64, Path, description = "Document")),
    responses(
        (status = 204, description = "Retirée"),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_detach(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, document_id)): ApiPath<(i64, DocumentId)>,
) -> ApiResult<StatusCode> {
    let f = api_application(&state, &ctx, id).await?;
    service::detach(&state, &f, document_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
