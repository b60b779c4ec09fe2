//! Pages: the directory (`/lieux`), the map (`/carte`, usable as a list without JavaScript),
//! the embeddable map (`/carte/integrer`), the place page, contributions, moderation and the
//! import page.

use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

use super::directory::parse_filters;
use super::import::{self, Format, Mapping, RowReport, Table};
use super::jobs::{self, ImportJob};
use super::model::{display_phone, region_name, RawPlace, Typology, PENDING, PUBLISHED, REGIONS};
use super::repo::{self, Filters, HistoryEntry, PlaceRow};
use super::service::{self, EditOutcome};
use crate::auth::policy::{authorize, Action, Target};
use crate::auth::{Ctx, Principal};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::state::AppState;
use crate::tenancy::model::Network;
use crate::web::{redirect_flash, render, render_status, Chrome};

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(super::admin::routes())
        .route("/lieux", get(directory))
        .route("/lieux/proposer", get(propose_form).post(propose))
        .route("/lieux/{slug}", get(place_page))
        .route("/lieux/{slug}/modifier", get(edit_form).post(edit))
        .route("/lieux/{slug}/revendiquer", post(claim))
        .route("/carte", get(map_page))
        .route("/carte/integrer", get(embed))
        .route("/admin/lieux/moderation", get(moderation))
        .route("/admin/lieux/moderation/lieu/{id}", post(moderate_place))
        .route(
            "/admin/lieux/moderation/proposition/{id}",
            post(moderate_proposal),
        )
        .route(
            "/admin/lieux/moderation/revendication/{id}",
            post(moderate_claim),
        )
        .route("/admin/lieux/licence/{id}", post(set_licence))
        .route(
            "/admin/lieux/{id}/photos",
            get(photos_page)
                .post(photo_add)
                .layer(DefaultBodyLimit::max(
                    crate::media::MAX_PHOTO_BYTES + 64 * 1024,
                )),
        )
        .route(
            "/admin/lieux/{id}/photos/{pid}/supprimer",
            post(photo_delete),
        )
        .route(
            "/admin/lieux/import",
            get(import_page)
                .post(import_upload)
                .layer(DefaultBodyLimit::max(64 * 1024 * 1024)),
        )
        .route("/admin/lieux/import/{id}", get(import_progress))
        .route("/admin/lieux", get(admin_places))
        .route(
            "/admin/lieux/import/{id}/rapport.csv",
            get(import_report_csv),
        )
}

/// A place as shown in lists.
pub struct Card {
    pub name: String,
    pub slug: String,
    pub city: String,
    pub postal_code: String,
    pub typologies: String,
    pub status: String,
    pub status_key: String,
    pub lat: String,
    pub lon: String,
    /// The first photo, shown as a thumbnail.
    pub photo: Option<crate::media::Photo>,
}

async fn cards(state: &AppState, rows: Vec<PlaceRow>) -> AppResult<Vec<Card>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut typ = repo::typologies_of(&state.db, Some(&ids)).await?;
    let mut photos = crate::media::of_many(&state.db, service::PHOTO_OWNER, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| Card {
            photo: photos.remove(&r.id).and_then(|v| v.into_iter().next()),
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
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ExtraParams {
    network: String,
    open_now: String,
}

pub struct PageLink {
    pub label: String,
    pub href: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "places/directory.html")]
struct DirectoryTpl {
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
}

const PER_PAGE: i64 = 30;

/// The query string without `page`, to build page links.
fn query_without_page(raw: Option<&str>) -> String {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.unwrap_or("")).unwrap_or_default();
    let kept: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(k, v)| k != "page" && !v.is_empty())
        .collect();
    serde_urlencoded::to_string(kept).unwrap_or_default()
}

fn pages(query: &str, base: &str, page: i64, total: i64, per_page: i64) -> Vec<PageLink> {
    let last = ((total + per_page - 1) / per_page).max(1);
    let mut nums: Vec<i64> = vec![1, page - 2, page - 1, page, page + 1, page + 2, last];
    nums.retain(|n| *n >= 1 && *n <= last);
    nums.sort();
    nums.dedup();
    nums.into_iter()
        .map(|n| PageLink {
            label: n.to_string(),
            href: if query.is_empty() {
                format!("{base}?page={n}")
            } else {
                format!("{base}?{query}&page={n}")
            },
            current: n == page,
        })
        .collect()
}

/// Ids of the matching places open at this instant (their hours are parsed here).
async fn open_now_ids(state: &AppState, f: &Filters) -> AppResult<Vec<i64>> {
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
    let body = match state.pages.recent(&key) {
        Some(b) => b,
        None => {
            // Read before the version: a write counted after this point makes the entry
            // checked again.
            let writes = state.pages.writes();
            let version = repo::data_version(&state.db).await?;
            match state.pages.get(&key, version, writes) {
                Some(b) => b,
                None => {
                    let res = render_list(state, ctx, headers, raw, map).await?;
                    if res.status() != StatusCode::OK {
                        return Ok(res);
                    }
                    let body = axum::body::to_bytes(res.into_body(), 16 * 1024 * 1024)
                        .await
                        .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
                    state.pages.put(key, version, writes, body.clone());
                    body
                }
            }
        }
    };
    let mut res = axum::response::Html(body).into_response();
    if map {
        set_map_csp(&mut res, &state.config.map_tile_url, false);
    }
    Ok(res)
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
    let (rows, total) = if open_now {
        let ids = open_now_ids(state, &f).await?;
        let start = ((page - 1) * PER_PAGE) as usize;
        let slice: Vec<i64> = ids
            .iter()
            .skip(start)
            .take(PER_PAGE as usize)
            .copied()
            .collect();
        (repo::by_ids(&state.db, &slice).await?, ids.len() as i64)
    } else {
        repo::page(&state.db, &f, PER_PAGE, (page - 1) * PER_PAGE).await?
    };
    let query = query_without_page(raw);
    let base = if map { "/carte" } else { "/lieux" };
    let mut c = Chrome::new(ctx, headers, if map { "map-title" } else { "places-title" });
    if !f.q.is_empty() {
        c.title = format!("{} · {}", f.q, c.title);
    }
    let tpl = DirectoryTpl {
        f: FilterView {
            q: f.q.clone(),
            typology: f.typology.clone(),
            region: f.region.clone(),
            department: f.department.clone(),
            city: f.city.clone(),
            service: f.service.clone(),
            network: extra.network,
            open_now,
        },
        cards: cards(state, rows).await?,
        total,
        pages: pages(&query, base, page, total, PER_PAGE),
        typologies: repo::typologies(&state.db).await?,
        regions: REGIONS.iter().map(|(c, n, _)| (*c, *n)).collect(),
        departments: repo::departments_in_use(&state.db).await?,
        networks: crate::tenancy::repo::networks(&state.db).await?,
        query,
        errors,
        map,
        tile_url: state.config.map_tile_url.clone(),
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

async fn directory(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    list_view(&state, &ctx, &headers, q.as_deref(), false).await
}

async fn map_page(
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
struct EmbedTpl {
    c: Chrome,
    api_query: String,
    tile_url: String,
    cards: Vec<Card>,
}

/// A bare map for other websites' iframes, filters preset by the query string.
async fn embed(
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

// ---- the place page ----

#[derive(Template)]
#[template(path = "places/place.html")]
struct PlaceTpl {
    c: Chrome,
    p: PlaceRow,
    description_html: String,
    typologies: Vec<Typology>,
    networks: Vec<Network>,
    organization: Option<crate::tenancy::model::Organization>,
    hours: Vec<String>,
    open_now: Option<bool>,
    phone: String,
    social: Vec<String>,
    services: Vec<String>,
    region: String,
    json_ld: String,
    can_manage: bool,
    can_moderate: bool,
    signed_in: bool,
    history: Vec<HistoryEntry>,
    tile_url: String,
    updated: i64,
    status_key: String,
    upcoming_events: Vec<crate::events::model::Item>,
    photos: Vec<crate::media::Photo>,
}

fn json_ld(p: &PlaceRow, photos: &[crate::media::Photo], base_url: &str) -> String {
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "Place",
        "name": p.name,
        "url": format!("{base_url}/lieux/{}", p.slug),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": p.street,
            "postalCode": p.postal_code,
            "addressLocality": p.city,
            "addressCountry": "FR",
        },
    });
    if let (Some(lat), Some(lon)) = (p.latitude, p.longitude) {
        v["geo"] = json!({"@type": "GeoCoordinates", "latitude": lat, "longitude": lon});
    }
    if !p.phone.is_empty() {
        v["telephone"] = json!(p.phone);
    }
    if !p.website.is_empty() {
        v["sameAs"] = json!(p.website);
    }
    if !p.opening_hours.is_empty() {
        v["openingHours"] = json!(p.opening_hours);
    }
    if !p.description.is_empty() {
        v["description"] = json!(crate::text::excerpt(&p.description, 500));
    }
    if !photos.is_empty() {
        v["image"] = json!(photos
            .iter()
            .map(|ph| json!({
                "@type": "ImageObject",
                "contentUrl": format!("{base_url}{}", ph.url()),
                "thumbnailUrl": format!("{base_url}{}", ph.thumb_url()),
                "width": ph.width,
                "height": ph.height,
                "caption": ph.alt,
            }))
            .collect::<Vec<_>>());
    }
    // Safe inside <script type="application/ld+json">: no "<" can close the element.
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

async fn place_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let p = repo::by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let net_ids = crate::tenancy::repo::networks_of_place(&state.db, p.id).await?;
    let target = service::target_of(p.id, net_ids.clone());
    let who = ctx.user.as_ref();
    let can_manage = authorize(who, Action::ManagePlace, &target).is_ok();
    let can_moderate = authorize(who, Action::ManageNetwork, &target).is_ok();
    let is_author = who.is_some_and(|w| Some(w.user.id) == p.created_by);
    if p.moderation != PUBLISHED && !(can_moderate || is_author) {
        return Err(AppError::NotFound);
    }
    let mut networks = Vec::new();
    for id in net_ids {
        networks.extend(crate::tenancy::repo::network_by_id(&state.db, id).await?);
    }
    let organization = match p.organization_id {
        Some(id) => crate::tenancy::repo::organization_by_id(&state.db, id).await?,
        None => None,
    };
    let oh = if p.opening_hours.is_empty() {
        None
    } else {
        crate::hours::OpeningHours::parse(&p.opening_hours).ok()
    };
    let hours = oh.as_ref().map(|h| h.describe_fr()).unwrap_or_default();
    let open_now = oh.as_ref().map(|h| h.is_open(state.clock.now()));
    let mut c = Chrome::new(&ctx, &headers, "places-title");
    c.title = p.name.clone();
    let photos = crate::media::of(&state.db, service::PHOTO_OWNER, p.id).await?;
    let tpl = PlaceTpl {
        description_html: crate::text::sanitize_html(&p.description),
        typologies: repo::typologies_of(&state.db, Some(&[p.id]))
            .await?
            .remove(&p.id)
            .unwrap_or_default(),
        networks,
        organization,
        hours,
        open_now,
        phone: display_phone(&p.phone),
        social: p.social_links.lines().map(str::to_string).collect(),
        services: p.services.lines().map(str::to_string).collect(),
        region: region_name(&p.region).to_string(),
        json_ld: json_ld(&p, &photos, &state.config.base_url),
        photos,
        can_manage,
        can_moderate,
        signed_in: who.is_some(),
        history: if can_manage {
            repo::history(&state.db, p.id).await?
        } else {
            Vec::new()
        },
        tile_url: state.config.map_tile_url.clone(),
        updated: p.updated_at.max(p.created_at),
        status_key: format!("place-status-{}", p.status),
        upcoming_events: crate::events::service::upcoming_of_place(&state, p.id, 5).await?,
        p,
        c,
    };
    let mut res = render(&tpl)?;
    set_map_csp(&mut res, &state.config.map_tile_url, false);
    Ok(res)
}

// ---- contributions ----

#[derive(Template)]
#[template(path = "places/form.html")]
struct FormTpl {
    c: Chrome,
    action: String,
    v: RawPlace,
    network_id: String,
    networks: Vec<Network>,
    typologies: Vec<Typology>,
    statuses: Vec<&'static str>,
    errors: FieldErrors,
    is_new: bool,
    direct: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PlaceForm {
    name: String,
    status: String,
    address: String,
    postal_code: String,
    city: String,
    insee_code: String,
    latitude: String,
    longitude: String,
    description: String,
    opening_hours: String,
    email: String,
    phone: String,
    website: String,
    social_links: String,
    services: String,
    accessibility: String,
    siret: String,
    charter_adopted_on: String,
    /// Comma-separated typology slugs (checkboxes arrive as repeated keys and are joined).
    typologies: String,
    network_id: String,
}

impl PlaceForm {
    fn raw(&self, typologies: Vec<String>) -> RawPlace {
        RawPlace {
            name: self.name.clone(),
            status: self.status.clone(),
            address: self.address.clone(),
            postal_code: self.postal_code.clone(),
            city: self.city.clone(),
            insee_code: self.insee_code.clone(),
            latitude: self.latitude.as_str().into(),
            longitude: self.longitude.as_str().into(),
            description: self.description.clone(),
            opening_hours: self.opening_hours.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            website: self.website.clone(),
            social_links: self.social_links.clone(),
            services: self.services.clone(),
            accessibility: self.accessibility.clone(),
            siret: self.siret.clone(),
            charter_adopted_on: self.charter_adopted_on.clone(),
            typologies,
        }
    }
}

/// Reads a urlencoded body where `typologies` may repeat.
fn parse_place_form(body: &str) -> AppResult<(PlaceForm, Vec<String>)> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(body).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let typologies: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "typologies")
        .map(|(_, v)| v.clone())
        .collect();
    let rest: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(k, _)| k != "typologies")
        .collect();
    let f: PlaceForm =
        serde_urlencoded::from_str(&serde_urlencoded::to_string(rest).unwrap_or_default())
            .map_err(|e| AppError::BadRequest(e.to_string()))?;
    Ok((f, typologies))
}

fn raw_of_row(p: &PlaceRow, typologies: &[Typology]) -> RawPlace {
    RawPlace {
        name: p.name.clone(),
        status: p.status.clone(),
        address: p.street.clone(),
        postal_code: p.postal_code.clone(),
        city: p.city.clone(),
        insee_code: p.insee_code.clone(),
        latitude: p
            .latitude
            .map(|v| v.to_string())
            .unwrap_or_default()
            .as_str()
            .into(),
        longitude: p
            .longitude
            .map(|v| v.to_string())
            .unwrap_or_default()
            .as_str()
            .into(),
        description: p.description.clone(),
        opening_hours: p.opening_hours.clone(),
        email: p.email.clone(),
        phone: display_phone(&p.phone),
        website: p.website.clone(),
        social_links: p.social_links.clone(),
        services: p.services.clone(),
        accessibility: p.accessibility.clone(),
        siret: p.siret.clone(),
        charter_adopted_on: p.charter_adopted_on.clone(),
        typologies: typologies.iter().map(|t| t.slug.clone()).collect(),
    }
}

#[allow(clippy::too_many_arguments)] // the form's state, passed as is
async fn form_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    action: String,
    v: RawPlace,
    network_id: String,
    errors: FieldErrors,
    is_new: bool,
    direct: bool,
) -> AppResult<Response> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &FormTpl {
            c: Chrome::new(
                ctx,
                headers,
                if is_new {
                    "place-propose-title"
                } else {
                    "place-edit-title"
                },
            ),
            action,
            v,
            network_id,
            networks: crate::tenancy::repo::networks(&state.db).await?,
            typologies: repo::typologies(&state.db).await?,
            statuses: super::model::STATUSES.to_vec(),
            errors,
            is_new,
            direct,
        },
    )
}

async fn propose_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    ctx.require_user()?;
    form_view(
        &state,
        &ctx,
        &headers,
        "/lieux/proposer".into(),
        RawPlace::default(),
        String::new(),
        FieldErrors::default(),
        true,
        false,
    )
    .await
}

async fn propose(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    body: String,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let (f, typologies) = parse_place_form(&body)?;
    let raw = f.raw(typologies);
    let network_id = f.network_id.trim().parse::<i64>().ok();
    match service::create(&state, who, &raw, network_id, "ui").await {
        Ok(saved) => {
            let p = repo::by_id(&state.db, saved.id)
                .await?
                .ok_or(AppError::NotFound)?;
            let flash = if p.moderation == PENDING {
                "flash-place-proposed"
            } else {
                "flash-place-published"
            };
            Ok(redirect_flash(&format!("/lieux/{}", saved.slug), flash))
        }
        Err(AppError::Invalid(errors)) => {
            form_view(
                &state,
                &ctx,
                &headers,
                "/lieux/proposer".into(),
                raw,
                f.network_id,
                errors,
                true,
                false,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

async fn visible_place(state: &AppState, who: &Principal, slug: &str) -> AppResult<PlaceRow> {
    let p = repo::by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if p.moderation != PUBLISHED {
        let t = service::target(state, p.id).await?;
        if authorize(Some(who), Action::ManageNetwork, &t).is_err()
            && p.created_by != Some(who.user.id)
        {
            return Err(AppError::NotFound);
        }
    }
    Ok(p)
}

async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let p = visible_place(&state, who, &slug).await?;
    let t = service::target(&state, p.id).await?;
    let direct = authorize(Some(who), Action::ManagePlace, &t).is_ok();
    let typ = repo::typologies_of(&state.db, Some(&[p.id]))
        .await?
        .remove(&p.id)
        .unwrap_or_default();
    form_view(
        &state,
        &ctx,
        &headers,
        format!("/lieux/{}/modifier", p.slug),
        raw_of_row(&p, &typ),
        String::new(),
        FieldErrors::default(),
        false,
        direct,
    )
    .await
}

async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    body: String,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let p = visible_place(&state, who, &slug).await?;
    let (f, typologies) = parse_place_form(&body)?;
    let raw = f.raw(typologies);
    match service::edit(&state, who, &p, &raw, "ui").await {
        Ok(EditOutcome::Saved(_)) => Ok(redirect_flash(
            &format!("/lieux/{}", p.slug),
            "flash-place-saved",
        )),
        Ok(EditOutcome::Proposed(_)) => Ok(redirect_flash(
            &format!("/lieux/{}", p.slug),
            "flash-edit-proposed",
        )),
        Err(AppError::Invalid(errors)) => {
            let t = service::target(&state, p.id).await?;
            let direct = authorize(Some(who), Action::ManagePlace, &t).is_ok();
            form_view(
                &state,
                &ctx,
                &headers,
                format!("/lieux/{}/modifier", p.slug),
                raw,
                String::new(),
                errors,
                false,
                direct,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ClaimForm {
    message: String,
}

async fn claim(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(f): Form<ClaimForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let p = visible_place(&state, who, &slug).await?;
    let message: String = f.message.trim().chars().take(2000).collect();
    repo::insert_claim(&state.db, p.id, who.user.id, &message, state.clock.now_ms()).await?;
    Ok(redirect_flash(
        &format!("/lieux/{}", p.slug),
        "flash-claim-sent",
    ))
}

// ---- moderation ----

pub struct PendingView {
    pub p: PlaceRow,
    pub duplicates: Vec<PlaceRow>,
}

pub struct ProposalView {
    pub id: i64,
    pub place_name: String,
    pub place_slug: String,
    pub changes: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "places/moderation.html")]
struct ModerationTpl {
    c: Chrome,
    pending: Vec<PendingView>,
    proposals: Vec<ProposalView>,
    claims: Vec<(repo::Claim, String, String)>,
    licences: Vec<(Network, String)>,
    licence_choices: Vec<(&'static str, &'static str, &'static str)>,
}

/// Networks this person moderates (`None`: all, for instance admins).
fn moderated_networks(who: &Principal) -> Option<Vec<i64>> {
    if who.is_instance_admin() {
        None
    } else {
        Some(who.admin_networks())
    }
}

async fn may_moderate_place(state: &AppState, who: &Principal, place_id: i64) -> AppResult<bool> {
    let t = service::target(state, place_id).await?;
    Ok(authorize(Some(who), Action::ManageNetwork, &t).is_ok())
}

async fn moderation(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let nets = moderated_networks(who);
    if nets.as_ref().is_some_and(|n| n.is_empty()) {
        return Err(AppError::Forbidden);
    }
    let mut pending = Vec::new();
    for p in repo::pending(&state.db, nets.as_deref()).await? {
        let duplicates = repo::likely_duplicates(&state.db, &p).await?;
        pending.push(PendingView { p, duplicates });
    }
    let mut proposals = Vec::new();
    for pr in repo::pending_proposals(&state.db, None).await? {
        if !may_moderate_place(&state, who, pr.place_id).await? {
            continue;
        }
        let Some(place) = repo::by_id(&state.db, pr.place_id).await? else {
            continue;
        };
        let raw: RawPlace = serde_json::from_str(&pr.payload).unwrap_or_default();
        let typ = repo::typologies_of(&state.db, Some(&[place.id]))
            .await?
            .remove(&place.id)
            .unwrap_or_default();
        let old = raw_of_row(&place, &typ);
        let changes = diff(&old, &raw);
        proposals.push(ProposalView {
            id: pr.id,
            place_name: place.name,
            place_slug: place.slug,
            changes,
        });
    }
    let mut claims = Vec::new();
    for cl in repo::pending_claims(&state.db).await? {
        if !may_moderate_place(&state, who, cl.place_id).await? {
            continue;
        }
        if let Some(place) = repo::by_id(&state.db, cl.place_id).await? {
            claims.push((cl, place.name, place.slug));
        }
    }
    let mut licences = Vec::new();
    for n in crate::tenancy::repo::networks(&state.db).await? {
        if authorize(Some(who), Action::ManageNetwork, &Target::Network(n.id)).is_ok() {
            let l = repo::network_licence(&state.db, n.id)
                .await?
                .unwrap_or_default();
            licences.push((n, l));
        }
    }
    render(&ModerationTpl {
        c: Chrome::new(&ctx, &headers, "moderation-title"),
        pending,
        proposals,
        claims,
        licences,
        licence_choices: super::export::LICENCES.to_vec(),
    })
}

/// Field, old value, new value of what a proposal changes.
fn diff(old: &RawPlace, new: &RawPlace) -> Vec<(String, String, String)> {
    let o = serde_json::to_value(old).unwrap_or_default();
    let n = serde_json::to_value(new).unwrap_or_default();
    let mut out = Vec::new();
    if let (Some(o), Some(n)) = (o.as_object(), n.as_object()) {
        for (k, nv) in n {
            let ov = o.get(k).cloned().unwrap_or(Value::Null);
            if &ov != nv {
                let s = |v: &Value| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                out.push((k.clone(), s(&ov), s(nv)));
            }
        }
    }
    out
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DecisionForm {
    decision: String,
    reason: String,
}

async fn moderate_place(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let p = repo::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    match service::moderate(&state, who, &p, f.decision == "accept", &f.reason).await {
        Ok(()) => Ok(redirect_flash("/admin/lieux/moderation", "flash-moderated")),
        Err(AppError::Invalid(_)) => Ok(redirect_flash(
            "/admin/lieux/moderation",
            "flash-reason-required",
        )),
        Err(e) => Err(e),
    }
}

async fn moderate_proposal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    match service::decide_proposal(&state, who, id, f.decision == "accept", &f.reason).await {
        Ok(()) => Ok(redirect_flash("/admin/lieux/moderation", "flash-moderated")),
        Err(AppError::Invalid(_)) => Ok(redirect_flash(
            "/admin/lieux/moderation",
            "flash-reason-required",
        )),
        Err(e) => Err(e),
    }
}

async fn moderate_claim(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    service::decide_claim(&state, who, id, f.decision == "accept").await?;
    Ok(redirect_flash("/admin/lieux/moderation", "flash-moderated"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LicenceForm {
    licence: String,
}

/// The licence a network publishes its places under (exports carry it).
async fn set_licence(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<LicenceForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    authorize(Some(who), Action::ManageNetwork, &Target::Network(id))?;
    if !super::export::LICENCES
        .iter()
        .any(|(c, _, _)| *c == f.licence)
    {
        let mut e = FieldErrors::default();
        e.add("licence", "field-invalid-choice");
        return Err(AppError::Invalid(e));
    }
    repo::set_network_licence(&state.db, id, &f.licence).await?;
    Ok(redirect_flash(
        "/admin/lieux/moderation",
        "flash-licence-saved",
    ))
}

// ---- import ----

#[derive(Template)]
#[template(path = "places/import.html")]
struct ImportTpl {
    c: Chrome,
    networks: Vec<Network>,
    error: String,
    /// After an upload: the file (as text) for the confirm step, its columns and mapping.
    stage: String,
    file_name: String,
    format: String,
    network_id: String,
    content: String,
    headers: Vec<String>,
    targets: Vec<(&'static str, &'static str)>,
    mapping: Mapping,
    preview: Vec<RowReport>,
    row_count: usize,
}

/// Networks where this person may import (all for instance admins).
async fn import_networks(state: &AppState, who: &Principal) -> AppResult<Vec<Network>> {
    let all = crate::tenancy::repo::networks(&state.db).await?;
    Ok(all
        .into_iter()
        .filter(|n| authorize(Some(who), Action::ManageNetwork, &Target::Network(n.id)).is_ok())
        .collect())
}

async fn import_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let networks = import_networks(&state, who).await?;
    if networks.is_empty() && !who.is_instance_admin() {
        return Err(AppError::Forbidden);
    }
    render(&ImportTpl {
        c: Chrome::new(&ctx, &headers, "import-title"),
        networks,
        error: String::new(),
        stage: "upload".into(),
        file_name: String::new(),
        format: String::new(),
        network_id: String::new(),
        content: String::new(),
        headers: Vec::new(),
        targets: import::TARGETS.to_vec(),
        mapping: Mapping::default(),
        preview: Vec::new(),
        row_count: 0,
    })
}

/// One multipart form for the three steps: upload (a file), preview (new mapping), import.
async fn import_upload(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    mut mp: Multipart,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let networks = import_networks(&state, who).await?;
    if networks.is_empty() && !who.is_instance_admin() {
        return Err(AppError::Forbidden);
    }
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut fields: std::collections::BTreeMap<String, String> = Default::default();
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?
    {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let fname = field.file_name().unwrap_or("import.csv").to_string();
            let bytes = field
                .bytes()
                .await
                .map_err(|e| AppError::BadRequest(e.body_text()))?;
            if !bytes.is_empty() {
                file = Some((fname, bytes.to_vec()));
            }
        } else {
            let v = field
                .text()
                .await
                .map_err(|e| AppError::BadRequest(e.body_text()))?;
            fields.insert(name, v);
        }
    }
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let network_id = get("network_id");
    let net = network_id.parse::<i64>().ok();
    if let Some(n) = net {
        authorize(Some(who), Action::ManageNetwork, &Target::Network(n))?;
    } else if !who.is_instance_admin() {
        return Err(AppError::Forbidden);
    }
    let (file_name, content, format) = match file {
        Some((name, bytes)) => {
            let format =
                Format::parse(&get("format")).unwrap_or_else(|| Format::guess(&name, &bytes));
            (name, import::decode(&bytes), format)
        }
        None => (
            get("file_name"),
            get("content"),
            Format::parse(&get("format")).unwrap_or(Format::Csv),
        ),
    };
    let format_name = format.name();
    let mut tpl = ImportTpl {
        c: Chrome::new(&ctx, &headers, "import-title"),
        networks,
        error: String::new(),
        stage: "preview".into(),
        file_name: file_name.clone(),
        format: format_name.into(),
        network_id: network_id.clone(),
        content: String::new(),
        headers: Vec::new(),
        targets: import::TARGETS.to_vec(),
        mapping: Mapping::default(),
        preview: Vec::new(),
        row_count: 0,
    };
    let table: Table = match import::read(format, content.as_bytes()) {
        Ok(t) => t,
        Err(e) => {
            tpl.stage = "upload".into();
            tpl.error = e;
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &tpl);
        }
    };
    let mut mapping = Mapping::guess(&table.headers);
    if fields.keys().any(|k| k.starts_with("map_")) {
        mapping = Mapping::default();
        for (t, _) in import::TARGETS {
            let v = get(&format!("map_{t}"));
            if table.headers.contains(&v) {
                mapping.0.insert(t.to_string(), v);
            }
        }
    }
    let typologies = repo::typologies(&state.db).await?;
    if get("step") == "import" {
        if mapping.get("name").is_empty() {
            tpl.error = "aucune colonne ne donne le nom du lieu".into();
        } else {
            let stem = std::path::Path::new(&file_name)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let source = format!("upload:{stem}");
            let id = jobs::create(
                &state.db,
                jobs::NewImport {
                    created_by: Some(who.user.id),
                    network_id: net,
                    file_name: &file_name,
                    format,
                    source: &source,
                    mapping: &mapping,
                    content: &content,
                    total: table.rows.len(),
                },
                state.clock.now_ms(),
            )
            .await?;
            jobs::spawn(state.clone(), id);
            return Ok(redirect_flash(
                &format!("/admin/lieux/import/{id}"),
                "flash-import-started",
            ));
        }
    }
    tpl.preview = import::preview(&table, &mapping, &typologies, 20);
    tpl.row_count = table.rows.len();
    tpl.headers = table.headers;
    tpl.mapping = mapping;
    tpl.content = content;
    render(&tpl)
}

// ---- photos ----

#[derive(Template)]
#[template(path = "places/photos.html")]
struct PhotosTpl {
    c: Chrome,
    p: PlaceRow,
    photos: Vec<crate::media::Photo>,
    errors: FieldErrors,
    alt: String,
}

/// The place, if this person may edit it directly (managers, its networks' admins); 404
/// otherwise, as for any object of another tenant.
async fn managed_place(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<PlaceRow> {
    let who = ctx.require_user()?;
    let p = repo::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    authorize(
        Some(who),
        Action::ManagePlace,
        &service::target(state, p.id).await?,
    )?;
    Ok(p)
}

async fn photos_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    p: PlaceRow,
    errors: FieldErrors,
    alt: String,
) -> AppResult<Response> {
    let mut c = Chrome::new(ctx, headers, "place-photos-title");
    c.title = format!("{} · {}", c.title, p.name);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &PhotosTpl {
            c,
            photos: crate::media::of(&state.db, service::PHOTO_OWNER, p.id).await?,
            p,
            errors,
            alt,
        },
    )
}

async fn photos_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let p = managed_place(&state, &ctx, id).await?;
    photos_view(
        &state,
        &ctx,
        &headers,
        p,
        FieldErrors::default(),
        String::new(),
    )
    .await
}

/// Adds a photo: multipart `file` + `alt`; an error re-renders the page with the field
/// messages (422).
async fn photo_add(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    mp: Multipart,
) -> AppResult<Response> {
    let p = managed_place(&state, &ctx, id).await?;
    let who = ctx.require_user()?;
    let up = crate::form::read_upload(mp).await?;
    let result = if up.too_large {
        let mut e = FieldErrors::default();
        e.add("file", "photo-error-too-large");
        Err(AppError::Invalid(e))
    } else {
        service::add_photo(
            &state,
            who,
            &p,
            up.file.as_ref().map(|(_, b)| b.as_slice()),
            up.get("alt"),
            "ui",
        )
        .await
    };
    match result {
        Ok(_) => Ok(redirect_flash(
            &format!("/admin/lieux/{id}/photos"),
            "flash-photo-added",
        )),
        Err(AppError::Invalid(errors)) => {
            let alt = up.get("alt").to_string();
            photos_view(&state, &ctx, &headers, p, errors, alt).await
        }
        Err(e) => Err(e),
    }
}

async fn photo_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, pid)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let p = managed_place(&state, &ctx, id).await?;
    let who = ctx.require_user()?;
    service::delete_photo(&state, who, &p, pid, "ui").await?;
    Ok(redirect_flash(
        &format!("/admin/lieux/{id}/photos"),
        "flash-photo-deleted",
    ))
}

// ---- import progress ----

#[derive(Template)]
#[template(path = "places/import_job.html")]
struct ImportJobTpl {
    c: Chrome,
    job: ImportJob,
    phase: &'static str,
    phase_key: String,
    finished: bool,
    /// The rows to read: skipped, or with values not stored (the first 1 000).
    remarks: Vec<RowReport>,
    remarks_total: usize,
    summary: String,
}

async fn visible_job(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<ImportJob> {
    let who = ctx.require_user()?;
    let job = jobs::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if !jobs::may_see(who, &job) {
        return Err(AppError::NotFound);
    }
    Ok(job)
}

/// The progress page: refreshes itself by htmx polling (no inline script) while the import
/// runs; without JavaScript, a link reloads it. At the end: the summary, the rows to read and
/// the full report as CSV.
async fn import_progress(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let job = visible_job(&state, &ctx, id).await?;
    let st = job.state(state.clock.now_ms());
    let finished = matches!(st, "done" | "failed" | "interrupted");
    let (remarks, remarks_total, summary) = if st == "done" {
        match jobs::report(&state.db, id).await? {
            Some(r) => {
                let summary = r.summary_fr();
                let all: Vec<RowReport> = r
                    .rows
                    .into_iter()
                    .filter(|r| r.outcome == import::Outcome::Skipped || !r.messages.is_empty())
                    .collect();
                let n = all.len();
                (all.into_iter().take(1000).collect(), n, summary)
            }
            None => (Vec::new(), 0, String::new()),
        }
    } else {
        (Vec::new(), 0, String::new())
    };
    let mut res = render(&ImportJobTpl {
        c: Chrome::new(&ctx, &headers, "import-progress-title"),
        job,
        phase: st,
        phase_key: format!("import-state-{st}"),
        finished,
        remarks,
        remarks_total,
        summary,
    })?;
    res.headers_mut()
        .insert("cache-control", HeaderValue::from_static("no-store"));
    Ok(res)
}

async fn import_report_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let job = visible_job(&state, &ctx, id).await?;
    let report = jobs::report(&state.db, job.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let stem = std::path::Path::new(&job.file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ascii: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/csv; charset=utf-8".to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"rapport-{ascii}.csv\""),
            ),
        ],
        report.to_csv(),
    )
        .into_response())
}

// ---- administration list ----

#[derive(Deserialize, Default)]
#[serde(default)]
struct AdminListParams {
    q: String,
    status: String,
    moderation: String,
    page: String,
}

#[derive(Template)]
#[template(path = "places/admin_list.html")]
struct AdminListTpl {
    c: Chrome,
    rows: Vec<repo::AdminRow>,
    total: i64,
    q: String,
    status: String,
    moderation: String,
    pages: Vec<PageLink>,
    statuses: Vec<&'static str>,
    moderations: Vec<&'static str>,
    can_import: bool,
}

const ADMIN_PER_PAGE: i64 = 50;

/// `/admin/lieux`: every place this person may manage (instance admins: all; network admins:
/// their networks'; managers: theirs), whatever its moderation state, with search, filters,
/// paging and links to edit, photos, history and roles.
async fn admin_places(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let scope = if who.is_instance_admin() {
        repo::AdminScope::All
    } else {
        let networks = who.admin_networks();
        let places = who.managed_places();
        if networks.is_empty() && places.is_empty() {
            return Err(AppError::Forbidden);
        }
        repo::AdminScope::Some { networks, places }
    };
    let params: AdminListParams =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    let keep = |v: &str, allowed: &[&str]| {
        if allowed.contains(&v) {
            v.to_string()
        } else {
            String::new()
        }
    };
    let statuses = vec!["project", "open", "closed"];
    let moderations = vec![PUBLISHED, PENDING, "refused"];
    let f = repo::AdminFilters {
        q: params.q.chars().take(200).collect(),
        status: keep(&params.status, &statuses),
        moderation: keep(&params.moderation, &moderations),
    };
    let page = params
        .page
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|p| (1..=100_000).contains(p))
        .unwrap_or(1);
    let (rows, total) = repo::admin_list(
        &state.db,
        &scope,
        &f,
        ADMIN_PER_PAGE,
        (page - 1) * ADMIN_PER_PAGE,
    )
    .await?;
    let query = query_without_page(raw.as_deref());
    let links = pages(&query, "/admin/lieux", page, total, ADMIN_PER_PAGE);
    let can_import = who.is_instance_admin() || !import_networks(&state, who).await?.is_empty();
    render(&AdminListTpl {
        c: Chrome::new(&ctx, &headers, "admin-places-title"),
        rows,
        total,
        q: f.q,
        status: f.status,
        moderation: f.moderation,
        pages: links,
        statuses,
        moderations,
        can_import,
    })
}
