//! The register of decisions and "my actions".

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::common::*;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::groups::model::{ActionItemStatus, Decision};
use crate::groups::repo;
use crate::groups::service::{self};
use crate::state::AppState;
use crate::web::paging::{pages, PageLink, PageQuery};
use crate::web::{redirect_flash, render_status, Chrome};

#[derive(Deserialize)]
pub(super) struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "groups/decisions.html")]
pub(super) struct DecisionsTpl {
    c: Chrome,
    q: String,
    decisions: Vec<(Decision, String)>,
}

pub(super) async fn decisions_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<SearchQuery>,
) -> AppResult<Response> {
    let found = service::readable_decisions(&state, ctx.user.as_ref(), None, &q.q).await?;
    let decisions = found
        .into_iter()
        .map(|d| {
            let w = crate::clock::paris_display(d.meeting_starts_at);
            (d, w)
        })
        .collect();
    render_status(
        StatusCode::OK,
        &DecisionsTpl {
            c: Chrome::new(&ctx, &headers, "groups-decisions"),
            q: q.q,
            decisions,
        },
    )
}

#[derive(Template)]
#[template(path = "groups/my_actions.html")]
pub(super) struct MyActionsTpl {
    c: Chrome,
    actions: Vec<ActionRow>,
    show_group: bool,
    /// Every action item of the person (the page shows [`MY_ACTIONS_PER_PAGE`]).
    total: i64,
    pages: Vec<PageLink>,
}

/// Action items a page of "mes actions" shows.
const MY_ACTIONS_PER_PAGE: i64 = 30;

/// The person's action items across groups, open ones first by due date, one page.
pub(super) async fn my_actions(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(page): Query<PageQuery>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let c = Chrome::new(&ctx, &headers, "groups-my-actions");
    let (limit, offset) = page.window(MY_ACTIONS_PER_PAGE);
    let (rows, total) = repo::my_actions_page(&state.db, p.user.id, limit, offset).await?;
    let actions = rows.into_iter().map(|a| action_row(&c, a, true)).collect();
    render_status(
        StatusCode::OK,
        &MyActionsTpl {
            c,
            actions,
            show_group: true,
            total,
            pages: pages(
                "",
                "/mes-actions",
                page.number(),
                total,
                MY_ACTIONS_PER_PAGE,
            ),
        },
    )
}

#[derive(Deserialize)]
pub(super) struct StatusForm {
    status: String,
    #[serde(default)]
    next: Option<String>,
}

pub(super) async fn action_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<StatusForm>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let a = repo::action_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let g = repo::group_by_id(&state.db, a.group_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let t = service::target(&state, &g).await?;
    if !service::may_see(Some(p), &g, &t) {
        return Err(AppError::NotFound);
    }
    if !service::may_manage(Some(p), &t) && a.owner_id != Some(p.user.id) {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    let status: ActionItemStatus = crate::form::parse::parse_enum(&f.status, "status", &mut errors)
        .ok_or(AppError::Invalid(errors))?;
    service::update_action(&state, &g, &a, status, a.owner_id, a.due_on.as_deref()).await?;
    let next = crate::web::safe_next(f.next.as_deref());
    Ok(redirect_flash(&next, "flash-action-updated"))
}
