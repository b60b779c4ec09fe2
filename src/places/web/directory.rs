//! The directory (`/lieux`), the map (`/carte`, usable as a list without JavaScript) and
//! the embeddable map (`/carte/integrer`).

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::HashMap;

use crate::auth::Ctx;
use crate::cache::Rendered;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::PlaceId;
use crate::places::directory::parse_filters;
use crate::places::model::{PlaceStatus, Typology, REGIONS};
use crate::places::repo::{self, Filters, PlaceRow};
use crate::places::service::{self};
use crate::state::AppState;
use crate::tenancy::model::Network;
use crate::web::paging::{pages, query_without_page, PageLink};
use crate::web::{render, render_status, Chrome};

/// A place as shown in lists.
pub struct Card {
    pub name: String,
    pub slug: String,
    pub city: String,
    pub postal_code: String,
    pub typologies: String,
    pub status: PlaceStatus,
    pub status_key: String,
    pub lat: String,
    pub lon: String,
    /// The first photo, shown as a thumbnail.
    pub photo: Option<crate::media::Photo>,
    /// How far from the origin of "près de moi" ("à 3,2 km"), or empty.
    pub distance: String,
}

/// Cards of these rows, with their distance from the origin of "près de moi" when
/// `distances` (km by place) measured them.
async fn cards_near(
    state: &AppState,
    ctx: &Ctx,
    rows: Vec<PlaceRow>,
    distances: &HashMap<PlaceId, f64>,
) -> AppResult<Vec<Card>> {
    let km: Vec<Option<f64>> = rows.iter().map(|r| distances.get(&r.id).copied()).collect();
    let mut out = cards(state, rows).await?;
    let comma = ctx.lang.code() == "fr";
    for (card, km) in out.iter_mut().zip(km) {
        if let Some(km) = km {
            card.distance = ctx.lang.ta(
                "places-distance",
                &[("km", crate::places::near::km_text(km, comma).as_str())],
            );
        }
    }
    Ok(out)
}

async fn cards(state: &AppState, rows: Vec<PlaceRow>) -> AppResult<Vec<Card>> {
    let ids: Vec<PlaceId> = rows.iter().map(|r| r.id).collect();
    let owner_ids: Vec<i64> = ids.iter().map(|i| i.get()).collect();
    let mut typ = repo::typologies_of(&state.db, Some(&ids)).await?;
    let mut photos = crate::media::of_many(&state.db, service::PHOTO_OWNER, &owner_ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| Card {
            photo: photos
                .remove(&r.id.get())
                .and_then(|v| v.into_iter().next()),
            typologies: typ
                .remove(&r.id)
                .unwrap_or_default()
                .into_iter()
                .map(|t| t.name)
                .collect::<Vec<_>>()
                .join(", "),
            name: r.name,
            slug: r.slug,
            city: r.city,
            postal_code: r.postal_code,
            status_key: format!("place-status-{}", r.status),
            status: r.status,
            lat: r.latitude.map(|v| v.to_string()).unwrap_or_default(),
            lon: r.longitude.map(|v| v.to_string()).unwrap_or_default(),
            distance: String::new(),
        })
        .collect())
}

/// The filter form's current values.
#[derive(Default)]
pub struct FilterView {
    pub q: String,
    pub typology: String,
    pub region: String,
    pub department: String,
    pub city: String,
    pub service: String,
    pub network: String,
    pub open_now: bool,
    /// "Près de moi": the commune or postal code typed, the position the button gave
    /// (`lat`, `lon`, kept in hidden fields), and the radius chosen.
    pub near: String,
    pub lat: String,
    pub lon: String,
    pub radius_km: u32,
    /// How many filters are set (the collapsed panel's summary says it).
    pub active: usize,
}

/// A typology in the map's legend: its slug, name, colour class and icon.
pub struct LegendItem {
    pub slug: String,
    pub name: String,
    pub class: String,
    pub icon: &'static str,
}

/// The legend of the map's pins: every typology, then the places without one.
pub fn legend(typologies: &[Typology], other: String) -> Vec<LegendItem> {
    use crate::web::icons::{typology_class, typology_icon};
    typologies
        .iter()
        .map(|t| LegendItem {
            slug: t.slug.clone(),
            name: t.name.clone(),
            class: typology_class(&t.slug),
            icon: typology_icon(&t.slug),
        })
        .chain(std::iter::once(LegendItem {
            slug: String::new(),
            name: other,
            class: typology_class(""),
            icon: typology_icon(""),
        }))
        .collect()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ExtraParams {
    network: String,
    open_now: String,
    near: String,
    lat: String,
    lon: String,
    radius_km: String,
}

#[derive(Template)]
#[template(path = "places/directory.html")]
pub(super) struct DirectoryTpl {
    c: Chrome,
    f: FilterView,
    cards: Vec<Card>,
    total: i64,
    pages: Vec<PageLink>,
    typologies: Vec<Typology>,
    regions: Vec<(&'static str, &'static str)>,
    departments: Vec<String>,
    networks: Vec<Network>,
    query: String,
    errors: FieldErrors,
    map: bool,
    tile_url: String,
    /// The pins' legend (the map page).
    legend: Vec<LegendItem>,
    /// `west,south,east,north` the map shows first, or empty: then the first load fits the
    /// matching places.
    bounds: String,
    radii: &'static [u32],
    /// The filter panel is open (a filter is set, or one is wrong).
    panel_open: bool,
}

const PER_PAGE: i64 = 30;

/// Ids of the matching places open at this instant (their hours are parsed here).
async fn open_now_ids(state: &AppState, f: &Filters) -> AppResult<Vec<PlaceId>> {
    let now = state.clock.now();
    Ok(repo::hours_of_matching(&state.db, f)
        .await?
        .into_iter()
        .filter(|(_, h)| {
            crate::hours::OpeningHours::parse(h)
                .map(|oh| oh.is_open(now))
                .unwrap_or(false)
        })
        .map(|(id, _)| id)
        .collect())
}

async fn list_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    raw: Option<&str>,
    map: bool,
) -> AppResult<Response> {
    let cacheable = ctx.user.is_none()
        && crate::auth::session::read_cookie(headers, crate::web::FLASH_COOKIE).is_none()
        && !raw.unwrap_or("").contains("open_now");
    if !cacheable {
        return render_list(state, ctx, headers, raw, map).await;
    }
    // The cache belongs to this application state: the key needs only what varies the page.
    let key = format!("{}|{map}|{}", ctx.lang.code(), raw.unwrap_or(""));
    let render = async {
        let res = render_list(state, ctx, headers, raw, map).await?;
        if res.status() != StatusCode::OK {
            return Ok(Rendered::Pass(res));
        }
        let body = axum::body::to_bytes(res.into_body(), 16 * 1024 * 1024)
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
        Ok(Rendered::Keep(body))
    };
    let body = match state
        .pages
        .through(key, repo::data_version(&state.db), render)
        .await?
    {
        Ok(body) => body,
        Err(res) => return Ok(res),
    };
    let mut res = axum::response::Html(body).into_response();
    if map {
        set_map_csp(&mut res, &state.config.map_tile_url, false);
    }
    Ok(res)
}

/// The departments the directory's filter offers (those with a published place): read
/// across the whole table (82 ms among 50 000 places on SQLite), so kept in the page cache
/// and validated against the places' version like the cached directory itself; the pages the
/// cache does not serve (signed in, searches) no longer read it on every request.
async fn departments_in_use(state: &AppState) -> AppResult<Vec<String>> {
    let render = async {
        let list = repo::departments_in_use(&state.db).await?;
        Ok(Rendered::<()>::Keep(axum::body::Bytes::from(
            list.join("\n"),
        )))
    };
    let body = state
        .pages
        .through(
            "directory-departments".into(),
            repo::data_version(&state.db),
            render,
        )
        .await?
        .unwrap_or_default();
    Ok(std::str::from_utf8(&body)
        .unwrap_or("")
        .split('\n')
        .filter(|d| !d.is_empty())
        .map(str::to_string)
        .collect())
}

async fn render_list(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    raw: Option<&str>,
    map: bool,
) -> AppResult<Response> {
    let extra: ExtraParams = serde_urlencoded::from_str(raw.unwrap_or("")).unwrap_or_default();
    let (f, page, errors) = match parse_filters(state, raw).await {
        Ok((f, page, _, _)) => (f, page, FieldErrors::default()),
        Err(AppError::Invalid(e)) => (Filters::default(), 1, e),
        Err(e) => return Err(e),
    };
    let open_now = extra.open_now == "1" || extra.open_now == "on";
    // Nearest first: the distances of the matching places (the circle's box, then measured).
    let nearest = if f.near.is_some() {
        repo::nearest(&state.db, &f).await?
    } else {
        Vec::new()
    };
    let distances: HashMap<PlaceId, f64> = nearest.iter().copied().collect();
    let (rows, total) = if open_now {
        let mut ids = open_now_ids(state, &f).await?;
        if f.near.is_some() {
            let open: std::collections::HashSet<PlaceId> = ids.into_iter().collect();
            ids = nearest
                .iter()
                .map(|(id, _)| *id)
                .filter(|id| open.contains(id))
                .collect();
        }
        let start = ((page - 1) * PER_PAGE) as usize;
        let slice: Vec<PlaceId> = ids
            .iter()
            .skip(start)
            .take(PER_PAGE as usize)
            .copied()
            .collect();
        (repo::by_ids(&state.db, &slice).await?, ids.len() as i64)
    } else if f.near.is_some() {
        let start = ((page - 1) * PER_PAGE) as usize;
        let slice: Vec<PlaceId> = nearest
            .iter()
            .skip(start)
            .take(PER_PAGE as usize)
            .map(|(id, _)| *id)
            .collect();
        (repo::by_ids(&state.db, &slice).await?, nearest.len() as i64)
    } else {
        crate::places::service::page(state, &f, PER_PAGE, (page - 1) * PER_PAGE).await?
    };
    let query = query_without_page(raw);
    let base = if map { "/carte" } else { "/lieux" };
    let mut c = Chrome::new(ctx, headers, if map { "map-title" } else { "places-title" });
    if !f.q.is_empty() {
        c.title = format!("{} · {}", f.q, c.title);
    }
    let radius_km = crate::places::near::parse_radius(&extra.radius_km)
        .unwrap_or(crate::places::near::DEFAULT_RADIUS_KM);
    // The position the button gave is kept only while no commune is typed.
    let (lat, lon) = if extra.near.trim().is_empty() {
        (extra.lat.trim().to_string(), extra.lon.trim().to_string())
    } else {
        (String::new(), String::new())
    };
    let mut fv = FilterView {
        q: f.q.clone(),
        typology: f.typology.clone(),
        region: f.region.clone(),
        department: f.department.clone(),
        city: f.city.clone(),
        service: f.service.clone(),
        network: extra.network,
        open_now,
        near: extra.near.trim().to_string(),
        lat,
        lon,
        radius_km,
        active: 0,
    };
    fv.active = [
        !fv.q.is_empty(),
        !fv.typology.is_empty(),
        !fv.region.is_empty(),
        !fv.department.is_empty(),
        !fv.city.is_empty(),
        !fv.service.is_empty(),
        !fv.network.is_empty(),
        fv.open_now,
        !fv.near.is_empty() || !fv.lat.is_empty(),
    ]
    .iter()
    .filter(|set| **set)
    .count();
    // The first view: the circle of "près de moi"; every place when nothing is filtered
    // (kept in the page cache); otherwise the map fits what its first load returns.
    let bounds = if !map {
        String::new()
    } else if let Some(n) = f.near {
        let (s, no, w, e) = n.bounds();
        format!("{w:.5},{s:.5},{e:.5},{no:.5}")
    } else if fv.active == 0 && errors.is_empty() {
        service::map_bounds(state).await?.unwrap_or_default()
    } else {
        String::new()
    };
    let typologies = repo::typologies(&state.db).await?;
    let tpl = DirectoryTpl {
        panel_open: !map || fv.active > 0 || !errors.is_empty(),
        f: fv,
        cards: cards_near(state, ctx, rows, &distances).await?,
        total,
        pages: pages(&query, base, page, total, PER_PAGE),
        legend: legend(&typologies, ctx.lang.t("map-legend-other")),
        typologies,
        regions: REGIONS.iter().map(|(c, n, _)| (*c, *n)).collect(),
        departments: departments_in_use(state).await?,
        networks: crate::tenancy::repo::networks(&state.db).await?,
        query,
        errors,
        map,
        tile_url: state.config.map_tile_url.clone(),
        bounds,
        radii: &crate::places::near::RADII_KM,
        c,
    };
    let status = if tpl.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut res = render_status(status, &tpl)?;
    if map {
        set_map_csp(&mut res, &state.config.map_tile_url, false);
    }
    Ok(res)
}

pub(super) async fn directory(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    list_view(&state, &ctx, &headers, q.as_deref(), false).await
}

pub(super) async fn map_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    list_view(&state, &ctx, &headers, q.as_deref(), true).await
}

/// The origin of the tile server (`https://tile.openstreetmap.org`).
fn tile_origin(tile_url: &str) -> String {
    url::Url::parse(&tile_url.replace(['{', '}'], ""))
        .ok()
        .map(|u| u.origin().ascii_serialization())
        .filter(|o| o != "null")
        .unwrap_or_default()
}

/// Map pages load tiles from the tile server; the embeddable map may be framed anywhere.
pub fn set_map_csp(res: &mut Response, tile_url: &str, embeddable: bool) {
    let origin = tile_origin(tile_url);
    let csp = crate::web::headers::CSP.replace(
        "img-src 'self' data:",
        &format!("img-src 'self' data: {origin}"),
    );
    let csp = if embeddable {
        csp.replace("frame-ancestors 'none'", "frame-ancestors *")
    } else {
        csp
    };
    if let Ok(v) = HeaderValue::from_str(&csp) {
        res.headers_mut().insert("content-security-policy", v);
    }
}

#[derive(Template)]
#[template(path = "places/embed.html")]
pub(super) struct EmbedTpl {
    c: Chrome,
    api_query: String,
    tile_url: String,
    cards: Vec<Card>,
}

/// A bare map for other websites' iframes, filters preset by the query string.
pub(super) async fn embed(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let (f, _, _, _) = parse_filters(&state, q.as_deref()).await?;
    let rows = repo::list(&state.db, &f, 50, 0).await?;
    let mut res = render(&EmbedTpl {
        c: Chrome::new(&ctx, &headers, "map-title"),
        api_query: query_without_page(q.as_deref()),
        tile_url: state.config.map_tile_url.clone(),
        cards: cards(&state, rows).await?,
    })?;
    set_map_csp(&mut res, &state.config.map_tile_url, true);
    res.headers_mut().remove("x-frame-options");
    res.headers_mut()
        .insert("x-maillage-embeddable", HeaderValue::from_static("1"));
    Ok(res)
}
