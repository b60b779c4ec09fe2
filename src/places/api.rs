//! Places in the API: list with filters and paging, one place, create/update/delete with the
//! same validation and moderation as the pages, and the open-data exports.

use axum::extract::{RawQuery, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::directory::{parse_filters, ListParams};
use super::export;
use super::model::{
    DataLicence, PlaceModeration, PlaceStatus, PlaceUpdateOutcome, PlaceVia, RawPlace, Typology,
};
use super::repo::{self, PlaceRow};
use super::service::{self, EditOutcome};
use crate::auth::api_user;
use crate::auth::policy::{authorize, Action};
use crate::auth::{Ctx, Principal};
use crate::error::{ApiResult, AppError, FieldErrors};
use crate::form::{ApiPath, Json as JsonIn};
use crate::ids::{NetworkId, PlaceId};
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct PlaceOut {
    pub id: PlaceId,
    pub name: String,
    pub slug: String,
    pub status: PlaceStatus,
    /// Only published places are listed; the others are seen by their author and moderators.
    pub moderation: PlaceModeration,
    /// The reason given when refused.
    pub refusal_reason: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub insee_code: String,
    pub department: String,
    pub region: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// Sanitized HTML.
    pub description: String,
    /// OSM `opening_hours` syntax.
    pub opening_hours: String,
    /// Hours in words, when the OSM syntax cannot say them.
    pub hours_note: String,
    pub email: String,
    /// E.164.
    pub phone: String,
    pub website: String,
    pub social_links: Vec<String>,
    pub services: Vec<String>,
    pub accessibility: String,
    pub siret: String,
    pub charter_adopted_on: String,
    /// Typology slugs.
    pub typologies: Vec<String>,
    pub network_ids: Vec<NetworkId>,
    pub organization_id: Option<i64>,
    /// RFC 3339.
    pub updated_at: String,
    pub url: String,
    /// Photos, oldest first (the first one is the directory's thumbnail).
    pub photos: Vec<crate::media::PhotoOut>,
    /// With `near` or `lat`/`lon`: the distance from that origin in km, to 0.1 km (the list
    /// is then sorted nearest first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
}

fn lines(s: &str) -> Vec<String> {
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

pub fn place_out(
    p: PlaceRow,
    typologies: Vec<Typology>,
    network_ids: Vec<NetworkId>,
    photos: Vec<crate::media::Photo>,
    base_url: &str,
) -> PlaceOut {
    PlaceOut {
        photos: photos.iter().map(crate::media::PhotoOut::from).collect(),
        url: format!("{base_url}/lieux/{}", p.slug),
        id: p.id,
        name: p.name,
        slug: p.slug,
        status: p.status,
        moderation: p.moderation,
        refusal_reason: p.refusal_reason,
        address: p.street,
        postal_code: p.postal_code,
        city: p.city,
        insee_code: p.insee_code,
        department: p.department,
        region: p.region,
        latitude: p.latitude,
        longitude: p.longitude,
        description: p.description,
        opening_hours: p.opening_hours,
        hours_note: p.hours_note,
        email: p.email,
        phone: p.phone,
        website: p.website,
        social_links: lines(&p.social_links),
        services: lines(&p.services),
        accessibility: p.accessibility,
        siret: p.siret,
        charter_adopted_on: p.charter_adopted_on,
        typologies: typologies.into_iter().map(|t| t.slug).collect(),
        network_ids,
        organization_id: p.organization_id,
        updated_at: crate::clock::rfc3339(p.updated_at.max(p.created_at)),
        distance_km: None,
    }
}

#[derive(Serialize, ToSchema)]
pub struct PlacePage {
    pub items: Vec<PlaceOut>,
    /// Number of matching places.
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// Published places, filtered and paged; by name, or nearest first with `near` (a commune or
/// a postal code, located from the places that have it, or `lat,lon`) or `lat` and `lon`,
/// within `radius_km` (5, 10, 20, 50 or 100; 20 by default), each with its `distance_km`.
#[utoipa::path(
    get, path = "/api/v1/places", tag = "lieux",
    params(ListParams),
    responses(
        (status = 200, description = "Une page de lieux", body = PlacePage),
        (status = 422, description = "Filtre invalide (commune ou code postal inconnu, rayon hors de la liste, latitude ou longitude hors bornes…)", body = crate::error::ApiErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
) -> ApiResult<Json<PlacePage>> {
    let (f, page, per_page, _) = parse_filters(&state, q.as_deref()).await?;
    let (rows, total) = service::page(&state, &f, per_page, (page - 1) * per_page).await?;
    let ids: Vec<PlaceId> = rows.iter().map(|r| r.id).collect();
    let owner_ids: Vec<i64> = ids.iter().map(|i| i.get()).collect();
    let (mut typ, mut networks, mut photos) = tokio::try_join!(
        repo::typologies_of(&state.db, Some(&ids)),
        repo::networks_of(&state.db, &ids),
        crate::media::of_many(&state.db, service::PHOTO_OWNER, &owner_ids),
    )?;
    let mut items = Vec::with_capacity(rows.len());
    for r in rows {
        let nets = networks.remove(&r.id).unwrap_or_default();
        let t = typ.remove(&r.id).unwrap_or_default();
        let ph = photos.remove(&r.id.get()).unwrap_or_default();
        let km = f
            .near
            .zip(r.latitude.zip(r.longitude))
            .map(|(n, (lat, lon))| (n.distance_to(lat, lon) * 10.0).round() / 10.0);
        let mut out = place_out(r, t, nets, ph, &state.config.base_url);
        out.distance_km = km;
        items.push(out);
    }
    Ok(Json(PlacePage {
        items,
        total,
        page,
        per_page,
    }))
}

/// May this person see a place that is not published (its author, its moderators)?
async fn may_see(
    state: &AppState,
    who: Option<&Principal>,
    p: &PlaceRow,
) -> Result<bool, AppError> {
    if p.moderation == PlaceModeration::Published {
        return Ok(true);
    }
    let Some(who) = who else { return Ok(false) };
    if p.created_by == Some(who.user.id) {
        return Ok(true);
    }
    let t = service::target(state, p.id).await?;
    Ok(authorize(Some(who), Action::ManageNetwork, &t).is_ok())
}

async fn out_of(state: &AppState, p: PlaceRow) -> Result<PlaceOut, AppError> {
    let t = repo::typologies_of(&state.db, Some(&[p.id]))
        .await?
        .remove(&p.id)
        .unwrap_or_default();
    let nets = crate::tenancy::repo::networks_of_place(&state.db, p.id).await?;
    let photos = crate::media::of(&state.db, service::PHOTO_OWNER, p.id.get()).await?;
    Ok(place_out(p, t, nets, photos, &state.config.base_url))
}

/// One place.
#[utoipa::path(
    get, path = "/api/v1/places/{id}", tag = "lieux",
    params(("id" = i64, Path, description = "Identifiant du lieu")),
    responses(
        (status = 200, description = "Le lieu", body = PlaceOut),
        (status = 404, description = "Inconnu", body = crate::error::ApiErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PlaceId>,
) -> ApiResult<Json<PlaceOut>> {
    let p = repo::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_see(&state, ctx.user.as_ref(), &p).await? {
        return Err(AppError::NotFound.into());
    }
    Ok(Json(out_of(&state, p).await?))
}

/// A new place; `network_id` is required unless the caller administers the instance.
#[derive(Deserialize, ToSchema)]
pub struct CreatePlace {
    #[serde(flatten)]
    pub place: RawPlace,
    pub network_id: Option<NetworkId>,
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: PlaceId,
    pub slug: String,
    /// `published` when the caller may publish in the network, otherwise `pending`.
    pub moderation: PlaceModeration,
}

/// Creates a place (published at once when the caller may publish, otherwise pending).
#[utoipa::path(
    post, path = "/api/v1/places", tag = "lieux",
    request_body = CreatePlace,
    responses(
        (status = 201, description = "Lieu créé", body = Created),
        (status = 400, description = "Corps illisible", body = crate::error::ApiErrorBody),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 422, description = "Champs invalides", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    JsonIn(body): JsonIn<CreatePlace>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let who = api_user(&ctx)?;
    let saved = service::create(&state, who, &body.place, body.network_id, PlaceVia::Api).await?;
    let p = repo::by_id(&state.db, saved.id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        Json(Created {
            id: saved.id,
            slug: saved.slug,
            moderation: p.moderation,
        }),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct Updated {
    pub outcome: PlaceUpdateOutcome,
    /// Fields changed (when saved).
    pub changed: Vec<String>,
    /// The proposal to moderate (when proposed).
    pub proposal_id: Option<i64>,
}

/// Replaces a place's fields: its managers and network admins save directly, anyone else
/// signed in proposes the edit (202).
#[utoipa::path(
    put, path = "/api/v1/places/{id}", tag = "lieux",
    params(("id" = i64, Path, description = "Identifiant du lieu")),
    request_body = RawPlace,
    responses(
        (status = 200, description = "Enregistré", body = Updated),
        (status = 202, description = "Proposition en attente de modération", body = Updated),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 404, description = "Inconnu", body = crate::error::ApiErrorBody),
        (status = 422, description = "Champs invalides", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PlaceId>,
    JsonIn(body): JsonIn<RawPlace>,
) -> ApiResult<(StatusCode, Json<Updated>)> {
    let who = api_user(&ctx)?;
    let p = repo::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_see(&state, Some(who), &p).await? {
        return Err(AppError::NotFound.into());
    }
    Ok(
        match service::edit(&state, who, &p, &body, PlaceVia::Api).await? {
            EditOutcome::Saved(s) => (
                StatusCode::OK,
                Json(Updated {
                    outcome: PlaceUpdateOutcome::Saved,
                    changed: s.changed.iter().map(|c| c.to_string()).collect(),
                    proposal_id: None,
                }),
            ),
            EditOutcome::Proposed(pid) => (
                StatusCode::ACCEPTED,
                Json(Updated {
                    outcome: PlaceUpdateOutcome::Proposed,
                    changed: Vec::new(),
                    proposal_id: Some(pid),
                }),
            ),
        },
    )
}

/// Changes only the fields sent (JSON Merge Patch, RFC 7396: a field set to `null` is
/// emptied): the place as `GET` returns it, the fields sent merged in, saved as a `PUT` of the
/// result (same rights, same checks, same answers).
#[utoipa::path(
    patch, path = "/api/v1/places/{id}", tag = "lieux", operation_id = "patch_place",
    params(("id" = i64, Path, description = "Identifiant du lieu")),
    request_body(content = RawPlace, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Enregistré", body = Updated),
        (status = 202, description = "Proposition en attente de modération", body = Updated),
        (status = 400, description = "Corps illisible", body = crate::error::ApiErrorBody),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 404, description = "Inconnu", body = crate::error::ApiErrorBody),
        (status = 422, description = "Champs invalides", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn patch(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PlaceId>,
    JsonIn(changes): JsonIn<serde_json::Value>,
) -> ApiResult<(StatusCode, Json<Updated>)> {
    api_user(&ctx)?;
    let Json(now) = get(State(state.clone()), ctx.clone(), ApiPath(id)).await?;
    let body = crate::form::patched(&now, &changes)?;
    update(State(state), ctx, ApiPath(id), JsonIn(body)).await
}

/// Deletes a place (its network admins and instance admins).
#[utoipa::path(
    delete, path = "/api/v1/places/{id}", tag = "lieux",
    params(("id" = i64, Path, description = "Identifiant du lieu")),
    responses(
        (status = 204, description = "Supprimé"),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 404, description = "Inconnu", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PlaceId>,
) -> ApiResult<StatusCode> {
    let who = api_user(&ctx)?;
    service::delete(&state, who, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The managed taxonomy.
#[utoipa::path(
    get, path = "/api/v1/typologies", tag = "lieux",
    responses((status = 200, description = "Les typologies", body = [Typology]))
)]
pub async fn typologies(State(state): State<AppState>) -> ApiResult<Json<Vec<Typology>>> {
    Ok(Json(repo::typologies(&state.db).await?))
}

async fn licence_of(
    state: &AppState,
    network_id: Option<NetworkId>,
) -> Result<DataLicence, AppError> {
    Ok(match network_id {
        Some(n) => repo::network_licence(&state.db, n)
            .await?
            .unwrap_or(DataLicence::DEFAULT),
        None => DataLicence::DEFAULT,
    })
}

fn with_licence(mut res: Response, licence: DataLicence, file: &str) -> Response {
    let (name, url) = (licence.name(), licence.url());
    if let Ok(v) = HeaderValue::from_str(&format!("<{url}>; rel=\"license\"; title=\"{name}\"")) {
        res.headers_mut().insert("link", v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{file}\"")) {
        res.headers_mut().insert(CONTENT_DISPOSITION, v);
    }
    res.headers_mut()
        .insert("access-control-allow-origin", HeaderValue::from_static("*"));
    res
}

/// All matching places as GeoJSON (RFC 7946) with `bbox` and licence.
#[utoipa::path(
    get, path = "/api/v1/places.geojson", tag = "lieux",
    params(ListParams),
    responses((status = 200, description = "FeatureCollection GeoJSON", content_type = "application/geo+json"))
)]
pub async fn geojson(State(state): State<AppState>, RawQuery(q): RawQuery) -> ApiResult<Response> {
    let (f, _, _, net) = parse_filters(&state, q.as_deref()).await?;
    let rows = repo::all_matching(&state.db, &f).await?;
    let typ = repo::typologies_of(&state.db, None).await?;
    let licence = licence_of(&state, net).await?;
    let body = export::geojson(&rows, &typ, &state.config.base_url, licence);
    let mut res = Json(body).into_response();
    res.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/geo+json"),
    );
    Ok(with_licence(res, licence, "lieux.geojson"))
}

/// All matching places in the national "lieux de médiation numérique" CSV schema.
#[utoipa::path(
    get, path = "/api/v1/places.csv", tag = "lieux",
    params(ListParams),
    responses((status = 200, description = "CSV au schéma national", content_type = "text/csv"))
)]
pub async fn csv(State(state): State<AppState>, RawQuery(q): RawQuery) -> ApiResult<Response> {
    let (f, _, _, net) = parse_filters(&state, q.as_deref()).await?;
    let rows = repo::all_matching(&state.db, &f).await?;
    let licence = licence_of(&state, net).await?;
    let (bytes, _) = export::mednum_csv(&rows);
    let mut res = bytes.into_response();
    res.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    Ok(with_licence(res, licence, "lieux-mediation-numerique.csv"))
}

/// All matching places as data·inclusion structures.
#[utoipa::path(
    get, path = "/api/v1/places.datainclusion.json", tag = "lieux",
    params(ListParams),
    responses((status = 200, description = "Structures data·inclusion"))
)]
pub async fn datainclusion(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
) -> ApiResult<Response> {
    let (f, _, _, net) = parse_filters(&state, q.as_deref()).await?;
    let rows = repo::all_matching(&state.db, &f).await?;
    let licence = licence_of(&state, net).await?;
    let res = Json(export::datainclusion(&rows, &state.config.base_url)).into_response();
    Ok(with_licence(res, licence, "structures.json"))
}

/// All matching places in GoGoCarto's JSON shape.
#[utoipa::path(
    get, path = "/api/v1/places.gogocarto.json", tag = "lieux",
    params(ListParams),
    responses((status = 200, description = "JSON GoGoCarto"))
)]
pub async fn gogocarto(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
) -> ApiResult<Response> {
    let (f, _, _, net) = parse_filters(&state, q.as_deref()).await?;
    let rows = repo::all_matching(&state.db, &f).await?;
    let typ = repo::typologies_of(&state.db, None).await?;
    let licence = licence_of(&state, net).await?;
    let res = Json(export::gogocarto(
        &rows,
        &typ,
        &state.config.base_url,
        licence,
    ))
    .into_response();
    Ok(with_licence(res, licence, "gogocarto.json"))
}

/// Map data for a viewport: the places as GeoJSON points (`name`, `slug`, `city`, `typology`:
/// the slug of the place's first typology, its pin's colour and icon; `distance_km` with
/// `near` or `lat`/`lon`, whose radius filters the points), or, when the viewport holds more
/// than [`MAP_POINTS_MAX`], server-side clusters (`cluster: true`, `count`).
#[utoipa::path(
    get, path = "/api/v1/map", tag = "lieux",
    params(ListParams),
    responses(
        (status = 200, description = "FeatureCollection GeoJSON (points ou agrégats)", content_type = "application/geo+json"),
        (status = 422, description = "Filtre invalide (commune ou code postal inconnu, rayon hors de la liste, latitude ou longitude hors bornes…)", body = crate::error::ApiErrorBody),
    )
)]
pub async fn map(State(state): State<AppState>, RawQuery(q): RawQuery) -> ApiResult<Response> {
    let (f, _, _, _) = parse_filters(&state, q.as_deref()).await?;
    // The same for everyone: kept in the node's validated cache (the directory's), so that
    // the map's first view, asked by every visitor, is computed once per change of the data.
    let key = format!("map-api|{}", q.as_deref().unwrap_or(""));
    let render = async {
        let body = super::directory::map_features(&state, &f).await?;
        let bytes =
            serde_json::to_vec(&body).map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
        Ok(crate::cache::Rendered::<()>::Keep(bytes.into()))
    };
    let body = state
        .pages
        .through(key, repo::data_version(&state.db), render)
        .await?
        .unwrap_or_default();
    let mut res = body.into_response();
    res.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/geo+json"),
    );
    Ok(res)
}

/// A place this caller may see (published, or theirs to moderate or author).
async fn visible(
    state: &AppState,
    who: Option<&Principal>,
    id: PlaceId,
) -> Result<PlaceRow, AppError> {
    let p = repo::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_see(state, who, &p).await? {
        return Err(AppError::NotFound);
    }
    Ok(p)
}

/// The photos of a place, oldest first.
#[utoipa::path(
    get, path = "/api/v1/places/{id}/photos", tag = "lieux", operation_id = "list_place_photos",
    params(("id" = i64, Path, description = "Identifiant du lieu")),
    responses(
        (status = 200, description = "Les photos, les plus anciennes d'abord", body = Vec<crate::media::PhotoOut>),
        (status = 404, description = "Lieu inconnu", body = crate::error::ApiErrorBody),
    )
)]
pub async fn list_photos(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PlaceId>,
) -> ApiResult<Json<Vec<crate::media::PhotoOut>>> {
    let p = visible(&state, ctx.user.as_ref(), id).await?;
    let photos = crate::media::of(&state.db, service::PHOTO_OWNER, p.id.get()).await?;
    Ok(Json(
        photos.iter().map(crate::media::PhotoOut::from).collect(),
    ))
}

/// Adds a photo to a place (its managers, its networks' admins): multipart fields `file`
/// (PNG, JPEG or WebP, 10 MiB at most) and `alt` (the text alternative, required). Stored
/// resized (1600 px) with a 480 px thumbnail, as JPEG without metadata.
#[utoipa::path(
    post, path = "/api/v1/places/{id}/photos", tag = "lieux", operation_id = "add_place_photo",
    params(("id" = i64, Path, description = "Identifiant du lieu")),
    request_body(content_type = "multipart/form-data", description = "Champs `file` et `alt`"),
    responses(
        (status = 201, description = "Photo ajoutée", body = crate::media::PhotoOut),
        (status = 400, description = "Corps illisible", body = crate::error::ApiErrorBody),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 404, description = "Lieu inconnu ou non géré", body = crate::error::ApiErrorBody),
        (status = 422, description = "Pas une image, trop grande, ou texte alternatif manquant", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn add_photo(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PlaceId>,
    mp: axum::extract::Multipart,
) -> Result<(StatusCode, Json<crate::media::PhotoOut>), crate::error::ApiError> {
    let lang = ctx.lang;
    let err = |e: AppError| crate::error::ApiError(e, lang);
    let who = api_user(&ctx)?;
    let p = visible(&state, Some(who), id).await.map_err(err)?;
    authorize(
        Some(who),
        Action::ManagePlace,
        &service::target(&state, p.id).await.map_err(err)?,
    )
    .map_err(err)?;
    let up = crate::form::read_upload(mp).await.map_err(err)?;
    if up.too_large {
        let mut e = FieldErrors::default();
        e.add("file", "photo-error-too-large");
        return Err(err(AppError::Invalid(e)));
    }
    let photo = service::add_photo(
        &state,
        who,
        &p,
        up.file.as_ref().map(|(_, b)| b.as_slice()),
        up.get("alt"),
        PlaceVia::Api,
    )
    .await
    .map_err(err)?;
    Ok((StatusCode::CREATED, Json((&photo).into())))
}

/// Removes a photo of a place (same rights as adding one).
#[utoipa::path(
    delete, path = "/api/v1/places/{id}/photos/{photo_id}", tag = "lieux", operation_id = "delete_place_photo",
    params(
        ("id" = i64, Path, description = "Identifiant du lieu"),
        ("photo_id" = i64, Path, description = "Identifiant de la photo"),
    ),
    responses(
        (status = 204, description = "Supprimée"),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 404, description = "Lieu ou photo inconnus, ou lieu non géré", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn delete_photo(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, photo_id)): ApiPath<(PlaceId, i64)>,
) -> ApiResult<StatusCode> {
    let who = api_user(&ctx)?;
    let p = visible(&state, Some(who), id).await?;
    service::delete_photo(&state, who, &p, photo_id, PlaceVia::Api).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The progress of a background import started from the import page: rows done / total,
/// imported, updated, unchanged and skipped so far, and the report once finished. Its author,
/// the admins of its network and instance admins may read it.
#[utoipa::path(
    get, path = "/api/v1/place-imports/{id}", tag = "lieux", operation_id = "get_place_import",
    params(("id" = i64, Path, description = "Identifiant de l'import")),
    responses(
        (status = 200, description = "L'avancement", body = super::jobs::ImportProgressOut),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 404, description = "Inconnu", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn import_progress(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    let who = api_user(&ctx)?;
    let job = super::jobs::get(&state.db, id)
        .await?
        .filter(|j| super::jobs::may_see(who, j))
        .ok_or(AppError::NotFound)?;
    let mut out = super::jobs::ImportProgressOut::of(&job, state.clock.now_ms());
    if out.status == super::model::PlaceImportState::Done {
        if let Some(report) = super::jobs::report(&state.db, job.id).await? {
            out.summary = Some(report.summary_fr());
            out.counts = Some(report.counts());
        }
    }
    let mut res = Json(out).into_response();
    res.headers_mut()
        .insert("cache-control", HeaderValue::from_static("no-store"));
    Ok(res)
}
