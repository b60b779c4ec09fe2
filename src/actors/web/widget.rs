//! The embeddable showcase (`/lieux/{slug}/vitrine/integrer`, `/reseaux/{slug}/vitrine/integrer`):
//! a bare list and map of the showcase's actors, filters preset by the query string, that any
//! website may frame (`frame-ancestors *`, no `X-Frame-Options`) — the only actors' pages that
//! may be. Its links open in the top window.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;

use super::pages::{filters, set_map_csp, ShowcaseQuery};
use super::shared::{card_view, CardView};
use crate::actors::repo::Filters;
use crate::actors::service;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::{render, Chrome};

/// A widget lists at most this many actors (the showcase's link says how many there are).
pub const WIDGET_MAX: i64 = 50;

#[derive(Template)]
#[template(path = "actors/widget.html")]
struct WidgetTpl {
    c: Chrome,
    owner_name: String,
    /// The full showcase.
    href: String,
    cards: Vec<CardView>,
    total: i64,
    has_points: bool,
    tile_url: String,
}

async fn widget(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    open_now: bool,
    f: Filters,
    (href, owner_name): (String, String),
) -> AppResult<Response> {
    let (cards, total) = service::search(state, &f, open_now, WIDGET_MAX, 0).await?;
    let mut c = Chrome::new(ctx, headers, "actors-showcase-title");
    c.title = format!("{} · {owner_name}", c.title);
    let cards: Vec<CardView> = cards.iter().map(|card| card_view(&c, card)).collect();
    let has_points = cards.iter().any(|v| !v.lat.is_empty());
    let mut res = render(&WidgetTpl {
        c,
        owner_name,
        href,
        cards,
        total,
        has_points,
        tile_url: state.config.map_tile_url.clone(),
    })?;
    set_map_csp(&mut res, &state.config.map_tile_url, true);
    res.headers_mut().remove("x-frame-options");
    res.headers_mut()
        .insert("x-maillage-embeddable", HeaderValue::from_static("1"));
    Ok(res)
}

pub(super) async fn place_widget(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<ShowcaseQuery>,
) -> AppResult<Response> {
    let (id, name, slug, point) = crate::actors::repo::published_place(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let (mut f, _) = filters(&q, point);
    f.place = Some(id);
    f.words.truncate(8);
    let href = format!("/lieux/{slug}/vitrine");
    widget(
        &state,
        &ctx,
        &headers,
        q.open_now.is_some(),
        f,
        (href, name),
    )
    .await
}

pub(super) async fn network_widget(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<ShowcaseQuery>,
) -> AppResult<Response> {
    let n = crate::tenancy::repo::network_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let (mut f, _) = filters(&q, None);
    f.network = Some(n.id);
    f.words.truncate(8);
    let href = format!("/reseaux/{}/vitrine", n.slug);
    widget(
        &state,
        &ctx,
        &headers,
        q.open_now.is_some(),
        f,
        (href, n.name),
    )
    .await
}
