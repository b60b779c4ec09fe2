//! The place page (with its history and structured data) and its photos' admin page.

use super::directory::set_map_csp;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

use crate::auth::policy::{authorize, Action};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::PlaceId;
use crate::places::model::{display_phone, region_name, PlaceModeration, PlaceVia, Typology};
use crate::places::repo::{self, HistoryEntry, PlaceRow};
use crate::places::service::{self};
use crate::state::AppState;
use crate::tenancy::model::Network;
use crate::web::{redirect_flash, render, render_status, Chrome};

#[derive(Template)]
#[template(path = "places/place.html")]
pub(super) struct PlaceTpl {
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
    /// Its latest published news.
    news: Vec<crate::news::model::NewsPost>,
    /// The page of its news (without `/actualites`).
    news_path: String,
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

pub(super) async fn place_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let p = repo::by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let net_ids = crate::tenancy::repo::networks_of_place(&state.db, p.id).await?;
    let target = service::target_of(p.id, &net_ids);
    let who = ctx.user.as_ref();
    let can_manage = authorize(who, Action::ManagePlace, &target).is_ok();
    let can_moderate = authorize(who, Action::ManageNetwork, &target).is_ok();
    let is_author = who.is_some_and(|w| Some(w.user.id) == p.created_by);
    if p.moderation != PlaceModeration::Published && !(can_moderate || is_author) {
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
    let hours = oh
        .as_ref()
        .map(|h| h.describe_at(state.clock.now(), ctx.lang))
        .unwrap_or_default();
    let open_now = oh.as_ref().map(|h| h.is_open(state.clock.now()));
    let mut c = Chrome::new(&ctx, &headers, "places-title");
    c.title = p.name.clone();
    let photos = crate::media::of(&state.db, service::PHOTO_OWNER, p.id.get()).await?;
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
        news_path: format!("/lieux/{}", p.slug),
        news: crate::news::service::latest(&state, crate::news::model::Scope::Place(p.id)).await?,
        p,
        c,
    };
    let mut res = render(&tpl)?;
    set_map_csp(&mut res, &state.config.map_tile_url, false);
    Ok(res)
}

#[derive(Template)]
#[template(path = "places/photos.html")]
pub(super) struct PhotosTpl {
    c: Chrome,
    p: PlaceRow,
    photos: Vec<crate::media::Photo>,
    errors: FieldErrors,
    alt: String,
}

/// The place, if this person may edit it directly (managers, its networks' admins); 404
/// otherwise, as for any object of another tenant.
async fn managed_place(state: &AppState, ctx: &Ctx, id: PlaceId) -> AppResult<PlaceRow> {
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
            photos: crate::media::of(&state.db, service::PHOTO_OWNER, p.id.get()).await?,
            p,
            errors,
            alt,
        },
    )
}

pub(super) async fn photos_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<PlaceId>,
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
pub(super) async fn photo_add(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<PlaceId>,
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
            PlaceVia::Ui,
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

pub(super) async fn photo_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, pid)): Path<(PlaceId, i64)>,
) -> AppResult<Response> {
    let p = managed_place(&state, &ctx, id).await?;
    let who = ctx.require_user()?;
    service::delete_photo(&state, who, &p, pid, PlaceVia::Ui).await?;
    Ok(redirect_flash(
        &format!("/admin/lieux/{id}/photos"),
        "flash-photo-deleted",
    ))
}
