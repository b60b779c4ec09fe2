//! The timeline of a project in the API (holders and advisors only).

use axum::extract::{Query, State};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use super::shared::member_api;
use crate::auth::Ctx;
use crate::error::ApiResult;
use crate::ids::ProjectId;
use crate::projects::model::TimelineKind;
use crate::projects::service::timeline;
use crate::state::AppState;
use crate::web::paging::PageQuery;

type E = crate::error::ApiErrorBody;

#[derive(Serialize, ToSchema)]
pub struct TimelineEntryOut {
    /// RFC 3339 (UTC).
    pub at: String,
    /// The same instant in Paris time, as shown on the page.
    pub at_paris: String,
    pub kind: TimelineKind,
    pub text: String,
    pub who: String,
    pub url: Option<String>,
}

/// What happened in a project, newest first, 50 lines a page (`page`, from 1; holders and
/// advisors only). A page shorter than 50 lines is the last.
#[utoipa::path(
    get, path = "/api/v1/projects/{id}/timeline", tag = "projets",
    operation_id = "projects_timeline",
    params(
        ("id" = i64, Path, description = "Identifiant du projet"),
        ("page" = Option<i64>, Query, description = "Page, à partir de 1 (50 lignes par page)"),
    ),
    responses(
        (status = 200, description = "La chronologie", body = [TimelineEntryOut]),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_timeline(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::form::ApiPath(id): crate::form::ApiPath<ProjectId>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Vec<TimelineEntryOut>>> {
    let p = member_api(&state, &ctx, id).await?;
    let (all, _) = timeline::page(&state, ctx.user.as_ref(), &p, ctx.lang, q.number()).await?;
    Ok(Json(
        all.into_iter()
            .map(|e| TimelineEntryOut {
                at: crate::clock::rfc3339(e.at),
                at_paris: crate::clock::paris_display(e.at),
                kind: e.kind,
                // Without Fluent's bidi isolation marks, which only matter in HTML.
                text: e.text.replace(['\u{2068}', '\u{2069}'], ""),
                who: e.who,
                url: (!e.link.is_empty()).then_some(e.link),
            })
            .collect(),
    ))
}
