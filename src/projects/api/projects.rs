//! Projects in the API: start one, list those the caller may see, read one, replace its
//! description.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::Json;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::shared::{member_api, project_out, projects_out, visible};
use crate::auth::{api_user, Ctx};
use crate::error::{ApiError, ApiResult, AppError, FieldErrors};
use crate::form::{ApiPath, Json as JsonIn};
use crate::ids::{NetworkId, ProjectId};
use crate::projects::dto::ProjectOut;
use crate::projects::model::{NetworkDecision, ProjectEdit, ProjectStatus};
use crate::projects::repo;
use crate::projects::service::{self, ProjectInput};
use crate::state::AppState;

type E = crate::error::ApiErrorBody;

#[derive(Deserialize, ToSchema)]
pub struct CreateProject {
    /// 1 to 200 characters.
    pub name: String,
    /// The network that follows the project (its admins are the advisors).
    #[serde(default)]
    pub network_id: Option<NetworkId>,
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
    /// `idea` (default), `in_progress`, `opened`, `abandoned`: read by the service with the
    /// other fields, so that an unknown status is reported along with their errors.
    #[serde(default)]
    #[schema(value_type = Option<ProjectStatus>)]
    pub status: Option<String>,
    /// Shown to everyone (default: private to holders and advisors).
    #[serde(default)]
    pub public: Option<bool>,
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
        Some(who.user.id),
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

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// From 1.
    #[param(value_type = Option<i64>)]
    pub page: Option<String>,
    /// 1 to 200 (default 50).
    #[param(value_type = Option<i64>)]
    pub per_page: Option<String>,
}

/// `(page, per_page)` of a list query; bad values are field errors (422).
fn parse_window(q: &ListQuery) -> Result<(i64, i64), AppError> {
    let mut errors = FieldErrors::default();
    let mut number = |raw: &Option<String>, field: &'static str, max: i64, default: i64| match raw
        .as_deref()
        .map(str::trim)
    {
        None | Some("") => default,
        Some(v) => match v.parse::<i64>() {
            Ok(n) if (1..=max).contains(&n) => n,
            _ => {
                errors.add(field, "field-invalid-number");
                default
            }
        },
    };
    let page = number(&q.page, "page", 1_000_000, 1);
    let per_page = number(&q.per_page, "per_page", 200, 50);
    errors.into_result()?;
    Ok((page, per_page))
}

/// Projects the caller may see (public ones, those they hold or advise, those followed by a
/// network they administer; every one for an instance admin), by name, one page at a time:
/// `page` from 1, `per_page` projects (50 by default). The header `X-Total-Count` gives how
/// many there are (counted up to 10 000).
#[utoipa::path(
    get, path = "/api/v1/projects", tag = "projets", operation_id = "projects_list",
    params(ListQuery),
    responses(
        (status = 200, description = "Une page de projets", body = [ProjectOut],
         headers(("X-Total-Count" = i64, description = "Nombre de projets visibles"))),
        (status = 422, description = "Page invalide", body = E),
    )
)]
pub async fn list_projects(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::form::Query(q): crate::form::Query<ListQuery>,
) -> ApiResult<(HeaderMap, Json<Vec<ProjectOut>>)> {
    let (page, per_page) = parse_window(&q).map_err(|e| ApiError(e, ctx.lang))?;
    let (rows, total) =
        service::visible_page(&state, ctx.user.as_ref(), per_page, (page - 1) * per_page).await?;
    let mut headers = HeaderMap::new();
    headers.insert("x-total-count", HeaderValue::from(total));
    Ok((headers, Json(projects_out(&state, rows).await?)))
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
    ApiPath(id): ApiPath<ProjectId>,
) -> ApiResult<Json<ProjectOut>> {
    let (p, _) = visible(&state, &ctx, id).await?;
    Ok(Json(project_out(&state, p).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct UpdateProject {
    pub name: String,
    #[serde(default)]
    pub communes: Option<String>,
    #[serde(default)]
    pub epci: Option<String>,
    #[serde(default)]
    pub departement: Option<String>,
    #[serde(default)]
    pub holders: Option<Vec<String>>,
    #[serde(default)]
    pub intent: Option<String>,
    #[serde(default)]
    pub uses: Option<Vec<String>>,
    /// `idea`, `in_progress`, `opened`, `abandoned`: read by the service with the other
    /// fields, so that an unknown status is reported along with their errors.
    #[schema(value_type = ProjectStatus)]
    pub status: String,
    #[serde(default)]
    pub public: Option<bool>,
    #[serde(default)]
    pub network_id: Option<NetworkId>,
}

/// Replaces the description of a project (name, territory, holders, intent, uses, status,
/// visibility, network). The slug does not change.
#[utoipa::path(
    put, path = "/api/v1/projects/{id}", tag = "projets",
    operation_id = "projects_update",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    request_body = UpdateProject,
    responses(
        (status = 200, description = "Le projet", body = ProjectOut),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_update(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
    JsonIn(b): JsonIn<UpdateProject>,
) -> ApiResult<Json<ProjectOut>> {
    let p = member_api(&state, &ctx, id).await?;
    let who = api_user(&ctx)?;
    let f = ProjectEdit {
        name: b.name,
        communes: b.communes.unwrap_or_default(),
        epci: b.epci.unwrap_or_default(),
        departement: b.departement.unwrap_or_default(),
        holders: b.holders.unwrap_or_default().join("\n"),
        intent: b.intent.unwrap_or_default(),
        uses: b.uses.unwrap_or_default().join("\n"),
        status: b.status,
        network_id: b.network_id.map(|n| n.to_string()).unwrap_or_default(),
        public: b.public.unwrap_or(false).then(|| "1".to_string()),
    };
    let updated = service::edit(&state, who, &p, &f)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(project_out(&state, updated).await?))
}

/// Changes only the fields sent (JSON Merge Patch, RFC 7396: a field set to `null` is
/// emptied): the project as `GET` returns it, the fields sent merged in, saved as a `PUT` of the
/// result (same rights, same checks, same answers).
#[utoipa::path(
    patch, path = "/api/v1/projects/{id}", tag = "projets",
    operation_id = "projects_patch",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    request_body(content = UpdateProject, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Le projet", body = ProjectOut),
        (status = 400, description = "Corps illisible", body = E),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_patch(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
    JsonIn(changes): JsonIn<serde_json::Value>,
) -> ApiResult<Json<ProjectOut>> {
    api_user(&ctx)?;
    let Json(now) = get_project(State(state.clone()), ctx.clone(), ApiPath(id)).await?;
    let body = crate::form::patched(&now, &changes)?;
    api_update(State(state), ctx, ApiPath(id), JsonIn(body)).await
}

#[derive(Deserialize, ToSchema)]
pub struct NetworkAnswer {
    /// `accept` or `refuse`.
    pub decision: NetworkDecision,
}

/// A network's admin answers a project's request to be followed by the network: `accept`
/// (the project appears on the advisors' dashboard, its workshops in the network's agenda,
/// and the network's admins get their rights on it) or `refuse`. Only the admins of the
/// network the project names may answer; the waiting requests are listed in
/// `GET /api/v1/projects/dashboard` (`requests`).
#[utoipa::path(
    post, path = "/api/v1/projects/{id}/network", tag = "projets",
    operation_id = "projects_network_decision",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    request_body = NetworkAnswer,
    responses(
        (status = 200, description = "Le projet", body = ProjectOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnu, ou vous n'administrez pas son réseau", body = E),
        (status = 409, description = "Projet sans réseau", body = E),
        (status = 422, description = "Décision inconnue", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn network_decision(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ProjectId>,
    JsonIn(b): JsonIn<NetworkAnswer>,
) -> ApiResult<Json<ProjectOut>> {
    let who = api_user(&ctx)?;
    let p = repo::project_by_id(&state.db, id)
        .await?
        .ok_or(crate::error::AppError::NotFound)?;
    let p = service::decide_network(&state, Some(who), &p, b.decision == NetworkDecision::Accept)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(project_out(&state, p).await?))
}
