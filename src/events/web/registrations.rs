//! After registering: cancelling (by the person, an organizer or the signed link of the
//! email), organizers' decisions on pending registrations, "mes inscriptions" and its feed.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::events::model;
use crate::events::{repo, service};
use crate::form::Form;
use crate::ids::{EventId, RegistrationId};
use crate::state::AppState;
use crate::web::paging::{pages, PageLink, PageQuery};
use crate::web::{redirect_flash, render, Chrome};

#[derive(Deserialize)]
pub(super) struct NextForm {
    #[serde(default)]
    next: String,
}

pub(super) async fn cancel_registration(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<RegistrationId>,
    Form(f): Form<NextForm>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let reg = repo::registration_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let ev = repo::event_by_id(&state.db, reg.event_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if reg.user_id != p.user.id && !service::can_organize(&state, Some(p), &ev).await {
        return Err(AppError::NotFound);
    }
    service::cancel_registration(&state, id).await?;
    if reg.user_id != p.user.id && reg.status.is_live() {
        service::tell_cancelled_by_organizer(&state, &reg, &ev).await?;
    }
    let next = crate::web::safe_next(Some(&f.next));
    let next = if next == "/" {
        format!("/evenements/{}", ev.id)
    } else {
        next
    };
    Ok(redirect_flash(&next, "flash-registration-cancelled"))
}

#[derive(Deserialize)]
pub(super) struct DecisionForm {
    decision: String,
}

pub(super) async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<RegistrationId>,
    Form(f): Form<DecisionForm>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let reg = repo::registration_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let ev = repo::event_by_id(&state.db, reg.event_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !service::can_organize(&state, Some(p), &ev).await {
        return Err(AppError::NotFound);
    }
    service::decide_pending(&state, id, f.decision == "accept").await?;
    Ok(redirect_flash(
        &format!("/evenements/{}/inscrits", ev.id),
        "flash-saved",
    ))
}

// ---- signed cancellation link ----

#[derive(Template)]
#[template(path = "events/cancel_link.html")]
struct CancelLinkTpl {
    c: Chrome,
    token: String,
    title: String,
    when: String,
    live: bool,
}

pub(super) async fn cancel_link_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> AppResult<Response> {
    // A member's registration, else a guest's (the same link in both emails).
    let (event_id, occurrence_id, live) =
        match repo::registration_by_token(&state.db, &token).await? {
            Some(reg) => (reg.event_id, reg.occurrence_id, reg.status.is_live()),
            None => {
                let g = repo::guests::guest_by_cancel_token(&state.db, &token)
                    .await?
                    .ok_or(AppError::NotFound)?;
                (g.event_id, g.occurrence_id, g.status == "confirmed")
            }
        };
    let ev = repo::event_by_id(&state.db, event_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let occ = repo::occurrence_by_id(&state.db, occurrence_id)
        .await?
        .ok_or(AppError::NotFound)?;
    render(&CancelLinkTpl {
        c: Chrome::new(&ctx, &headers, "cancel-link-title"),
        token,
        title: ev.title,
        when: model::when(ctx.lang, occ.starts_at, occ.ends_at, ev.all_day),
        live,
    })
}

pub(super) async fn cancel_link_post(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let event_id = match repo::registration_by_token(&state.db, &token).await? {
        Some(reg) => {
            service::cancel_registration(&state, reg.id).await?;
            reg.event_id
        }
        None => {
            let g = repo::guests::guest_by_cancel_token(&state.db, &token)
                .await?
                .ok_or(AppError::NotFound)?;
            service::guests::cancel_guest(&state, &g).await?
        }
    };
    Ok(redirect_flash(
        &format!("/evenements/{event_id}"),
        "flash-registration-cancelled",
    ))
}

// ---- mes inscriptions ----

#[derive(Template)]
#[template(path = "events/mine.html")]
struct MineTpl {
    c: Chrome,
    regs: Vec<MineRow>,
    /// Every upcoming registration (the page shows [`MINE_PER_PAGE`]).
    total: i64,
    pages: Vec<PageLink>,
    feed_url: Option<String>,
    has_feed: bool,
}

pub struct MineRow {
    pub reg_id: RegistrationId,
    pub event_id: EventId,
    pub title: String,
    pub when: String,
    pub status: String,
    pub guests: i32,
}

/// Registrations a page of "mes inscriptions" shows.
const MINE_PER_PAGE: i64 = 30;

async fn mine_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    page: &PageQuery,
    feed_url: Option<String>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let now = state.clock.now_ms();
    let (limit, offset) = page.window(MINE_PER_PAGE);
    let total = repo::registrations_of_user_count(&state.db, p.user.id, now).await?;
    let regs = repo::registrations_of_user_page(&state.db, p.user.id, now, limit, offset)
        .await?
        .into_iter()
        .map(|r| MineRow {
            reg_id: r.reg_id,
            event_id: r.event.id,
            when: model::when(ctx.lang, r.occ_starts_at, r.occ_ends_at, r.event.all_day),
            title: r.event.title,
            status: format!("reg-status-{}", r.reg_status),
            guests: r.reg_guests,
        })
        .collect();
    render(&MineTpl {
        c: Chrome::new(ctx, headers, "mine-title"),
        regs,
        total,
        pages: pages("", "/mes-inscriptions", page.number(), total, MINE_PER_PAGE),
        has_feed: repo::has_feed_token(&state.db, p.user.id).await?,
        feed_url,
    })
}

pub(super) async fn mine(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(page): Query<PageQuery>,
) -> AppResult<Response> {
    mine_view(&state, &ctx, &headers, &page, None).await
}

pub(super) async fn renew_feed(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let token = service::renew_feed_token(&state, p.user.id).await?;
    let url = format!(
        "{}/flux/{token}.ics",
        state.config.base_url.trim_end_matches('/')
    );
    mine_view(&state, &ctx, &headers, &PageQuery::default(), Some(url)).await
}
