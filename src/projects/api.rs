//! Projects, phases, Social Business Canvas versions, funding applications and budget lines
//! in the API.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::{self, BudgetLine, CanvasVersion, FundingApplication, Phase, Project};
use super::repo;
use super::service::{self, FundingInput, PhaseInput, ProjectInput};
use crate::auth::api_user;
use crate::auth::Ctx;
use crate::clock::rfc3339;
use crate::error::{ApiError, ApiResult, AppError};
use crate::form::{ApiPath, Json as JsonIn};
use crate::state::AppState;

type E = crate::error::ApiErrorBody;

#[derive(Deserialize, ToSchema)]
pub struct CreateProject {
    /// 1 to 200 characters.
    pub name: String,
    /// The network that follows the project (its admins are the advisors).
    #[serde(default)]
    pub network_id: Option<i64>,
    #[serde(default)]
    pub communes: Option<String>,
    #[serde(default)]
    pub epci: Option<String>,
    #[serde(default)]
    pub departement: Option<String>,
    /// Holder organizations (commune, EPCI, association, SCIC…).
    #[serde(default)]
    pub holders: Option<Vec<String>>,
    /// Rich text (sanitized).
    #[serde(default)]
    pub intent: Option<String>,
    /// Planned uses: coworking, fablab, café, épicerie, jardin…
    #[serde(default)]
    pub uses: Option<Vec<String>>,
    /// `idea` (default), `in_progress`, `opened`, `abandoned`.
    #[serde(default)]
    pub status: Option<String>,
    /// Shown to everyone (default: private to holders and advisors).
    #[serde(default)]
    pub public: Option<bool>,
}

#[derive(Serialize, ToSchema)]
pub struct PhaseOut {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub objectives: Vec<String>,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    /// 0–100; 100 means done.
    pub completion: i64,
    pub done: bool,
    pub support_level: String,
}

pub fn phase_out(p: Phase) -> PhaseOut {
    PhaseOut {
        objectives: model::lines(&p.objectives),
        done: p.completion >= 100,
        id: p.id,
        position: p.position,
        title: p.title,
        starts_on: p.starts_on,
        ends_on: p.ends_on,
        completion: p.completion,
        support_level: p.support_level,
    }
}

#[derive(Serialize, ToSchema)]
pub struct FundingSummary {
    pub investment_cents: i64,
    pub operation_cents: i64,
    pub budget_cents: i64,
    pub requested_cents: i64,
    /// Granted by applications `granted` or `paid`.
    pub granted_cents: i64,
    /// French writing of `granted_cents`, e.g. "121 801,85 €".
    pub granted: String,
    pub budget: String,
    /// Granted / budget, e.g. "80,0 %" (absent without a budget).
    pub cofinancing_rate: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ProjectOut {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub communes: String,
    pub epci: String,
    pub departement: String,
    pub holders: Vec<String>,
    pub intent: String,
    pub uses: Vec<String>,
    pub status: String,
    pub public: bool,
    pub network_id: Option<i64>,
    pub url: String,
    pub phases: Vec<PhaseOut>,
    pub funding: FundingSummary,
}

pub async fn project_out(state: &AppState, p: Project) -> ApiResult<ProjectOut> {
    let phases = repo::phases(&state.db, p.id).await?;
    let apps = repo::fundings(&state.db, p.id).await?;
    let lines = repo::budget_lines(&state.db, p.id).await?;
    let t = model::totals(&apps, &lines);
    Ok(ProjectOut {
        url: format!("/projets/{}", p.slug),
        holders: p.holder_list(),
        uses: p.use_list(),
        phases: phases.into_iter().map(phase_out).collect(),
        funding: FundingSummary {
            investment_cents: t.investment_cents,
            operation_cents: t.operation_cents,
            budget_cents: t.budget_cents,
            requested_cents: t.requested_cents,
            granted_cents: t.granted_cents,
            granted: crate::money::format_eur(t.granted_cents),
            budget: crate::money::format_eur(t.budget_cents),
            cofinancing_rate: t.rate_permille.map(model::format_rate),
        },
        id: p.id,
        name: p.name,
        slug: p.slug,
        communes: p.communes,
        epci: p.epci,
        departement: p.departement,
        intent: p.intent,
        status: p.status,
        public: p.public,
        network_id: p.network_id,
    })
}

async fn visible(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> ApiResult<(Project, crate::auth::policy::Target)> {
    let p = repo::project_by_id(&state.db, id).await?;
    Ok(service::visible(state, ctx.user.as_ref(), p).await?)
}

async fn managed(state: &AppState, ctx: &Ctx, id: i64) -> ApiResult<Project> {
    api_user(ctx)?;
    let p = repo::project_by_id(&state.db, id).await?;
    Ok(service::managed(state, ctx.user.as_ref(), p).await?.0)
}

/// Starts a project; the caller becomes its first holder and the default phases are copied in.
#[utoipa::path(
    post, path = "/api/v1/projects", tag = "projets", operation_id = "projects_create",
    request_body = CreateProject,
    responses(
        (status = 201, description = "Projet créé", body = ProjectOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn create_project(
    State(state): State<AppState>,
    ctx: Ctx,
    JsonIn(b): JsonIn<CreateProject>,
) -> ApiResult<(StatusCode, Json<ProjectOut>)> {
    let who = api_user(&ctx)?;
    let holders = b.holders.unwrap_or_default().join("\n");
    let uses = b.uses.unwrap_or_default().join("\n");
    let p = service::create_project(
        &state,
        who,
        ProjectInput {
            name: &b.name,
            communes: b.communes.as_deref().unwrap_or(""),
            epci: b.epci.as_deref().unwrap_or(""),
            departement: b.departement.as_deref().unwrap_or(""),
            holders: &holders,
            intent: b.intent.as_deref().unwrap_or(""),
            uses: &uses,
            status: b.status.as_deref().unwrap_or("idea"),
            public: b.public.unwrap_or(false),
            network_id: b.network_id,
        },
    )
    .await
    .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::CREATED, Json(project_out(&state, p).await?)))
}

/// Projects the caller may see (public ones, and those they hold or advise).
#[utoipa::path(
    get, path = "/api/v1/projects", tag = "projets", operation_id = "projects_list",
    responses((status = 200, description = "Les projets", body = [ProjectOut]))
)]
pub async fn list_projects(
    State(state): State<AppState>,
    ctx: Ctx,
) -> ApiResult<Json<Vec<ProjectOut>>> {
    let mut out = Vec::new();
    for p in repo::all_projects(&state.db).await? {
        let t = service::target(&state, &p).await?;
        if service::may_see(ctx.user.as_ref(), &p, &t) {
            out.push(project_out(&state, p).await?);
        }
    }
    Ok(Json(out))
}

/// One project with its phases and funding summary (private projects answer 404 to others).
#[utoipa::path(
    get, path = "/api/v1/projects/{id}", tag = "projets", operation_id = "projects_get",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    responses(
        (status = 200, description = "Le projet", body = ProjectOut),
        (status = 404, description = "Inconnu ou privé", body = E),
    )
)]
pub async fn get_project(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<ProjectOut>> {
    let (p, _) = visible(&state, &ctx, id).await?;
    Ok(Json(project_out(&state, p).await?))
}

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
    ApiPath((id, phase_id)): ApiPath<(i64, i64)>,
    JsonIn(b): JsonIn<UpdatePhase>,
) -> ApiResult<Json<PhaseOut>> {
    let p = managed(&state, &ctx, id).await?;
    let mut ph = repo::phases(&state.db, p.id)
        .await?
        .into_iter()
        .find(|ph| ph.id == phase_id)
        .ok_or(AppError::NotFound)?;
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
    let old_completion = ph.completion;
    if let Some(t) = &b.title {
        let mut errors = crate::error::FieldErrors::default();
        match model::parse_label(t, "title", &mut errors) {
            Some(t) => ph.title = t,
            None => return Err(ApiError(AppError::Invalid(errors), ctx.lang)),
        }
    }
    service::apply_phase(
        &mut ph,
        PhaseInput {
            objectives: &objectives,
            starts_on: &starts,
            ends_on: &ends,
            completion,
            support_level: &support,
        },
    )
    .map_err(|e| ApiError(e, ctx.lang))?;
    repo::update_phase(
        &state.db,
        &ph,
        old_completion,
        ctx.user_id(),
        state.clock.now_ms(),
    )
    .await?;
    Ok(Json(phase_out(ph)))
}

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
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<CanvasOut>> {
    let (p, _) = visible(&state, &ctx, id).await?;
    let latest = repo::canvas_versions(&state.db, p.id)
        .await?
        .into_iter()
        .next();
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
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<PutCanvas>,
) -> ApiResult<(StatusCode, Json<CanvasOut>)> {
    let p = managed(&state, &ctx, id).await?;
    let who = api_user(&ctx)?;
    service::save_canvas(&state, who, &p, &b.blocks)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    let latest = repo::canvas_versions(&state.db, p.id)
        .await?
        .into_iter()
        .next();
    Ok((StatusCode::CREATED, Json(canvas_out(latest))))
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
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<CanvasOut>>> {
    let (p, _) = visible(&state, &ctx, id).await?;
    let versions = repo::canvas_versions(&state.db, p.id).await?;
    Ok(Json(
        versions.into_iter().map(|v| canvas_out(Some(v))).collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct FundingIn {
    pub funder: String,
    /// `leader_feader`, `region`, `departement`, `fondation_de_france`, `anct_fabriques`,
    /// `other`.
    pub programme: String,
    #[serde(default)]
    pub amount_requested_cents: i64,
    #[serde(default)]
    pub amount_granted_cents: i64,
    /// `draft` (default), `submitted`, `granted`, `refused`, `paid`.
    #[serde(default)]
    pub status: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub deadline: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct FundingOut {
    pub id: i64,
    pub project_id: i64,
    pub funder: String,
    pub programme: String,
    pub amount_requested_cents: i64,
    pub amount_granted_cents: i64,
    pub status: String,
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
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<FundingIn>,
) -> ApiResult<(StatusCode, Json<FundingOut>)> {
    let p = managed(&state, &ctx, id).await?;
    let f = service::add_funding(&state, api_user(&ctx)?, &p, funding_input(&b))
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
    ApiPath(id): ApiPath<i64>,
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
    let c = service::check_funding(&funding_input(&b)).map_err(|e| ApiError(e, ctx.lang))?;
    let f = super::funding::update_application(&state, api_user(&ctx)?, &f, c).await?;
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
    repo::delete_funding(&state.db, &f, ctx.user_id(), state.clock.now_ms()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct BudgetLineIn {
    /// `investment` or `operation`.
    pub kind: String,
    pub label: String,
    pub amount_cents: i64,
}

#[derive(Serialize, ToSchema)]
pub struct BudgetLineOut {
    pub id: i64,
    pub kind: String,
    pub label: String,
    pub amount_cents: i64,
}

pub fn budget_out(l: BudgetLine) -> BudgetLineOut {
    BudgetLineOut {
        id: l.id,
        kind: l.kind,
        label: l.label,
        amount_cents: l.amount_cents,
    }
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
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<BudgetLineIn>,
) -> ApiResult<(StatusCode, Json<BudgetLineOut>)> {
    let p = managed(&state, &ctx, id).await?;
    let l = service::add_budget_line(
        &state,
        api_user(&ctx)?,
        &p,
        &b.kind,
        &b.label,
        b.amount_cents,
    )
    .await
    .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::CREATED, Json(budget_out(l))))
}

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, patch, post, put};
    axum::Router::new()
        .route("/api/v1/projects", get(list_projects).post(create_project))
        .route(
            "/api/v1/projects/{id}",
            get(get_project).put(super::members::api_update),
        )
        .route(
            "/api/v1/projects/{id}/phases/{phase_id}",
            patch(update_phase).delete(super::phases::api_phase_delete),
        )
        .route(
            "/api/v1/projects/{id}/canvas",
            get(get_canvas).put(put_canvas),
        )
        .route(
            "/api/v1/projects/{id}/canvas/versions",
            get(canvas_versions),
        )
        .route(
            "/api/v1/projects/{id}/funding-applications",
            get(list_funding).post(create_funding),
        )
        .route(
            "/api/v1/funding-applications/{id}",
            put(update_funding).delete(delete_funding),
        )
        .route(
            "/api/v1/projects/{id}/budget-lines",
            post(create_budget_line),
        )
        .merge(super::public::api_routes())
        .merge(workspace_routes())
}

fn workspace_routes() -> axum::Router<AppState> {
    use super::{funding, members, phases, stakeholders, timeline};
    use axum::routing::{delete, get, put};
    axum::Router::new()
        .route(
            "/api/v1/projects/{id}/stakeholders",
            get(stakeholders::api_list).post(stakeholders::api_create),
        )
        .route(
            "/api/v1/stakeholders/{id}",
            put(stakeholders::api_update).delete(stakeholders::api_delete),
        )
        .route(
            "/api/v1/projects/{id}/timeline",
            get(timeline::api_timeline),
        )
        .route(
            "/api/v1/projects/{id}/members",
            get(members::api_list).post(members::api_add),
        )
        .route(
            "/api/v1/projects/{id}/members/{user_id}",
            delete(members::api_remove),
        )
        .route(
            "/api/v1/projects/{id}/phases",
            axum::routing::post(phases::api_phase_create),
        )
        .route(
            "/api/v1/networks/{id}/phase-template",
            get(phases::api_template_get).put(phases::api_template_put),
        )
        .route(
            "/api/v1/budget-lines/{id}",
            put(funding::api_budget_update).delete(funding::api_budget_delete),
        )
        .route(
            "/api/v1/funding-applications/{id}/documents",
            get(funding::api_documents).post(funding::api_attach),
        )
        .route(
            "/api/v1/funding-applications/{id}/documents/{document_id}",
            delete(funding::api_detach),
        )
}
