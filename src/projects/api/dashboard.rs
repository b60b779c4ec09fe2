//! The advisors' dashboard in the API, `GET /api/v1/projects/dashboard`.

use axum::extract::State;
use axum::Json;

use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::projects::model::dashboard::{parse_filter, DashboardOut, DashboardQuery};
use crate::projects::service::dashboard::{advisor, build};
use crate::state::AppState;

type E = crate::error::ApiErrorBody;

/// The advisor's dashboard: the projects followed by a network the caller administers
/// (every project for an instance admin), 30 a page by name (`page`, `total`), each with its
/// current phase, next deadlines and overdue items; and the first 50 requests waiting for an
/// answer (`requests_total`).
#[utoipa::path(
    get, path = "/api/v1/projects/dashboard", tag = "projets", operation_id = "projects_dashboard",
    params(DashboardQuery),
    responses(
        (status = 200, description = "Projets suivis", body = DashboardOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé aux conseillers (administrateurs de réseau)", body = E),
        (status = 422, description = "Filtre invalide", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn dashboard_json(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::form::Query(q): crate::form::Query<DashboardQuery>,
) -> ApiResult<Json<DashboardOut>> {
    crate::auth::api_user(&ctx)?;
    let who = advisor(ctx.user.as_ref()).map_err(|e| ApiError(e, ctx.lang))?;
    let f = parse_filter(&q).map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(build(&state, who, &f).await?))
}
