//! The visitor guide of a place (`/lieux/{slug}/guide`) and of a network's territory
//! (`/reseaux/{slug}/guide`): the actors and coworkings grouped by what a visitor needs
//! (sections and their categories in `model::GuideSection`), open now first, then the
//! nearest; a map; one column on a phone; printable as a one-page leaflet (`static/guide.css`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use super::pages::set_map_csp;
use crate::actors::model::{parse_near, GuideEntry};
use crate::actors::service::{self, GuideScope};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::web::{render, Chrome};

#[derive(Deserialize, Default)]
pub(super) struct GuideQuery {
    /// `lat,lon`: distances from there (by default the place, or the centre of the network's
    /// places).
    #[serde(default)]
    near: String,
}

pub(super) struct EntryView {
    name: String,
    href: String,
    what: String,
    city: String,
    phone: String,
    phone_display: String,
    open_now: Option<bool>,
    distance: String,
    lat: String,
    lon: String,
}

pub(super) struct SectionView {
    id: &'static str,
    title: String,
    hint: String,
    entries: Vec<EntryView>,
}

#[derive(Template)]
#[template(path = "actors/guide.html")]
struct GuideTpl {
    c: Chrome,
    base: String,
    owner_name: String,
    owner_slug: String,
    near: String,
    bad_near: bool,
    sections: Vec<SectionView>,
    has_points: bool,
    tile_url: String,
}

/// Kilometres as the reader's language writes them.
fn km(lang: Lang, d: f64) -> String {
    let s = format!("{d:.1}");
    match lang {
        Lang::Fr => s.replace('.', ","),
        Lang::En => s,
    }
}

fn entry_view(c: &Chrome, e: GuideEntry) -> EntryView {
    let (lat, lon) = e
        .point
        .map(|(la, lo)| (la.to_string(), lo.to_string()))
        .unwrap_or_default();
    EntryView {
        what: c.t(&e.what_key),
        phone_display: crate::places::model::display_phone(&e.phone),
        distance: e.distance_km.map(|d| km(c.lang, d)).unwrap_or_default(),
        name: e.name,
        href: e.href,
        city: e.city,
        phone: e.phone,
        open_now: e.open_now,
        lat,
        lon,
    }
}

async fn guide_page(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    q: GuideQuery,
    scope: GuideScope,
    (base, owner_name, owner_slug): (&str, String, String),
) -> AppResult<Response> {
    let near = match q.near.trim() {
        "" => Ok(None),
        n => parse_near(n).map(Some).ok_or(()),
    };
    let guide = service::guide(state, scope, near.unwrap_or(None)).await?;
    let mut c = Chrome::new(ctx, headers, "guide-title");
    c.title = format!("{} · {owner_name}", c.title);
    let sections: Vec<SectionView> = guide
        .sections
        .into_iter()
        .map(|(s, entries)| SectionView {
            id: s.as_str(),
            title: c.t(&s.label_key()),
            hint: c.t(&s.hint_key()),
            entries: entries.into_iter().map(|e| entry_view(&c, e)).collect(),
        })
        .collect();
    let has_points = sections
        .iter()
        .any(|s| s.entries.iter().any(|e| !e.lat.is_empty()));
    let mut res = render(&GuideTpl {
        bad_near: near.is_err(),
        near: q.near,
        has_points,
        tile_url: state.config.map_tile_url.clone(),
        c,
        base: base.to_string(),
        owner_name,
        owner_slug,
        sections,
    })?;
    if has_points {
        set_map_csp(&mut res, &state.config.map_tile_url, false);
    }
    Ok(res)
}

pub(super) async fn place_guide(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<GuideQuery>,
) -> AppResult<Response> {
    let (id, name, slug, point) = crate::actors::repo::published_place(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let scope = GuideScope::Place(id, point);
    guide_page(&state, &ctx, &headers, q, scope, ("lieux", name, slug)).await
}

pub(super) async fn network_guide(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<GuideQuery>,
) -> AppResult<Response> {
    let n = crate::tenancy::repo::network_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let scope = GuideScope::Network(n.id);
    guide_page(
        &state,
        &ctx,
        &headers,
        q,
        scope,
        ("reseaux", n.name, n.slug),
    )
    .await
}
