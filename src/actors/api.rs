//! Actors in the API: create, list with the showcase's filters, read, change (JSON Merge
//! Patch), delete. What it answers is public fields only: a person's email, phone and address
//! appear only when that person made them public.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::model::{
    parse_near, ActorKind, ActorSubtype, Category, Claim, FieldVisibility, Offer, RawActor, Reader,
    Skill, SkillUse,
};
use super::repo::Filters;
use super::service::{self, Card};
use crate::auth::{api_user, Ctx};
use crate::error::{ApiError, ApiResult, AppError, FieldErrors};
use crate::form::{ApiPath, Json as JsonIn, Query};
use crate::ids::{ActorId, NetworkId, PlaceId};
use crate::state::AppState;

type E = crate::error::ApiErrorBody;

/// A created actor.
#[derive(Serialize, ToSchema)]
pub struct Created {
    #[schema(value_type = i64)]
    pub id: ActorId,
    pub slug: String,
}

/// An actor as everyone may see it.
#[derive(Serialize, ToSchema)]
pub struct ActorOut {
    #[schema(value_type = i64)]
    pub id: ActorId,
    pub slug: String,
    pub name: String,
    pub kind: ActorKind,
    pub subtype: ActorSubtype,
    pub description: String,
    pub categories: Vec<Category>,
    /// Canonical skill names.
    pub skills: Vec<String>,
    pub offers: Vec<Offer>,
    pub languages: Vec<String>,
    /// Street address, when public.
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: String,
    /// When the address is public.
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub opening_hours: String,
    pub open_now: Option<bool>,
    pub siret: Option<String>,
    /// When public.
    pub email: Option<String>,
    /// When public (E.164).
    pub phone: Option<String>,
    pub website: String,
    pub links: Vec<String>,
    #[schema(value_type = Vec<i64>)]
    pub place_ids: Vec<PlaceId>,
    #[schema(value_type = Option<i64>)]
    pub network_id: Option<NetworkId>,
    /// Kilometres from `near`, when asked.
    pub distance_km: Option<f64>,
    /// The service area: the communes it works in, and a radius around its address.
    pub service_communes: Vec<String>,
    pub service_radius_km: Option<i32>,
    /// The profile page.
    pub url: String,
}

fn out(card: Card, base_url: &str) -> ActorOut {
    let a = card.actor;
    let public = |v: FieldVisibility| Reader::Public.sees(v);
    let addr = public(a.address_visibility);
    let (links, languages) = (a.link_list(), a.language_list());
    ActorOut {
        url: format!("{base_url}/acteurs/{}", a.slug),
        id: a.id,
        name: a.name,
        kind: a.kind,
        subtype: a.subtype,
        description: a.description,
        categories: card.categories,
        skills: card.skills.into_iter().map(|s| s.name).collect(),
        offers: card.offers,
        languages,
        address: addr.then_some(a.address).filter(|s| !s.is_empty()),
        postal_code: addr.then_some(a.postal_code).filter(|s| !s.is_empty()),
        city: a.city,
        latitude: a.latitude.filter(|_| addr),
        longitude: a.longitude.filter(|_| addr),
        opening_hours: a.opening_hours,
        open_now: card.open_now,
        siret: Some(a.siret).filter(|s| !s.is_empty()),
        email: Some(a.email).filter(|s| !s.is_empty() && public(a.email_visibility)),
        phone: Some(a.phone).filter(|s| !s.is_empty() && public(a.phone_visibility)),
        website: a.website,
        links,
        place_ids: card.places.into_iter().map(|(p, _, _)| p).collect(),
        network_id: a.network_id,
        distance_km: card.distance_km.map(|d| (d * 10.0).round() / 10.0),
        service_communes: a
            .service_communes
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect(),
        service_radius_km: a.service_radius_km,
        slug: a.slug,
    }
}

/// Creates an actor: an organisation attached to places the caller manages or a network they
/// animate, or the caller's own person profile (opt-in, one per account).
#[utoipa::path(
    post, path = "/api/v1/actors", tag = "acteurs", operation_id = "create_actor",
    request_body = RawActor,
    responses(
        (status = 201, description = "Acteur créé", body = Created),
        (status = 400, description = "Corps illisible", body = E),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Lieu ou réseau hors de votre périmètre", body = E),
        (status = 409, description = "Vous avez déjà un profil", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    JsonIn(b): JsonIn<RawActor>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let p = api_user(&ctx)?;
    let (id, slug) = service::create(&state, p, &b)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::CREATED, Json(Created { id, slug })))
}

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// Words found in names, skills (and their synonyms), offers, accents and case aside.
    #[serde(default)]
    pub q: Option<String>,
    /// A category slug.
    #[serde(default)]
    pub category: Option<String>,
    /// A skill (a synonym finds its canonical skill).
    #[serde(default)]
    pub skill: Option<String>,
    /// A commune.
    #[serde(default)]
    pub city: Option<String>,
    /// `lat,lon`, with `radius_km`.
    #[serde(default)]
    pub near: Option<String>,
    /// Kilometres around `near` (at most 500).
    #[serde(default)]
    pub radius_km: Option<f64>,
    #[param(value_type = Option<i64>)]
    #[serde(default)]
    pub place_id: Option<PlaceId>,
    #[param(value_type = Option<i64>)]
    #[serde(default)]
    pub network_id: Option<NetworkId>,
    /// Only the actors open now.
    #[serde(default)]
    pub open_now: Option<bool>,
    /// Only the actors with offers.
    #[serde(default)]
    pub has_offers: Option<bool>,
    /// The page, from 1.
    #[serde(default)]
    pub page: Option<i64>,
    /// Actors a page: 50 by default, at most 200.
    #[serde(default)]
    pub per_page: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ActorPage {
    pub items: Vec<ActorOut>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// The list's filters (also the exports'), or the fields that could not be read.
pub(crate) fn list_filters(q: &ListQuery) -> Result<Filters, FieldErrors> {
    let mut errors = FieldErrors::default();
    let point = match q.near.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(n) => {
            let p = parse_near(n);
            if p.is_none() {
                errors.add("near", "actors-near-invalid");
            }
            p
        }
        None => None,
    };
    let radius = match q.radius_km {
        Some(r) if r.is_finite() && r > 0.0 => Some(r.min(500.0)),
        Some(_) => {
            errors.add("radius_km", "field-invalid-number");
            None
        }
        None => None,
    };
    let near = match (point, radius) {
        (Some((la, lo)), r) => Some((la, lo, r.unwrap_or(30.0))),
        (None, Some(_)) if !errors.has("near") => {
            errors.add("near", "field-required");
            None
        }
        _ => None,
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let fold = |s: &Option<String>| {
        s.as_deref()
            .map(crate::text::fold_words)
            .filter(|s| !s.is_empty())
    };
    Ok(Filters {
        place: q.place_id,
        network: q.network_id,
        words: crate::db::search::words(q.q.as_deref().unwrap_or("")),
        category: q
            .category
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        skill: fold(&q.skill),
        city: fold(&q.city),
        near,
        has_offers: q.has_offers.unwrap_or(false),
    })
}

/// Actors matching the filters, by name, a page at a time (public fields only).
#[utoipa::path(
    get, path = "/api/v1/actors", tag = "acteurs", operation_id = "list_actors",
    params(ListQuery),
    responses(
        (status = 200, description = "Les acteurs", body = ActorPage),
        (status = 422, description = "Filtre invalide", body = E),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<ActorPage>> {
    let f = list_filters(&q).map_err(|e| ApiError(AppError::Invalid(e), ctx.lang))?;
    let per_page = q.per_page.unwrap_or(50).clamp(1, 200);
    let page = q.page.unwrap_or(1).clamp(1, 1_000_000);
    let (cards, total) = service::search(
        &state,
        &f,
        q.open_now.unwrap_or(false),
        per_page,
        (page - 1) * per_page,
    )
    .await?;
    let base = &state.config.base_url;
    Ok(Json(ActorPage {
        items: cards.into_iter().map(|c| out(c, base)).collect(),
        total,
        page,
        per_page,
    }))
}

/// One actor (public fields only).
#[utoipa::path(
    get, path = "/api/v1/actors/{id}", tag = "acteurs", operation_id = "get_actor",
    params(("id" = i64, Path, description = "Identifiant de l'acteur")),
    responses(
        (status = 200, description = "L'acteur", body = ActorOut),
        (status = 404, description = "Inconnu", body = E),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<ActorId>,
) -> ApiResult<Json<ActorOut>> {
    let a = service::by_id(&state, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let card = service::card(&state, a).await?;
    Ok(Json(out(card, &state.config.base_url)))
}

/// Changes an actor (JSON Merge Patch over the whole profile as its editor sees it): its
/// editors only; every place or network added is checked as on creation.
#[utoipa::path(
    patch, path = "/api/v1/actors/{id}", tag = "acteurs", operation_id = "patch_actor",
    params(("id" = i64, Path, description = "Identifiant de l'acteur")),
    request_body(content = RawActor, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Enregistré", body = Created),
        (status = 400, description = "Corps illisible", body = E),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnu, ou hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn patch(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ActorId>,
    JsonIn(changes): JsonIn<serde_json::Value>,
) -> ApiResult<Json<Created>> {
    let p = api_user(&ctx)?;
    let a = service::by_id(&state, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !service::may_edit(&state, Some(p), &a).await? {
        return Err(AppError::NotFound.into());
    }
    let card = service::card(&state, a).await?;
    let raw: RawActor = crate::form::patched(&service::raw_of(&card), &changes)
        .map_err(|e| ApiError(e, ctx.lang))?;
    let slug = service::update(&state, p, id, &raw)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(Created { id, slug }))
}

/// Deletes an actor: its editors (and, for a person's profile, the managers of its places).
#[utoipa::path(
    delete, path = "/api/v1/actors/{id}", tag = "acteurs", operation_id = "delete_actor",
    params(("id" = i64, Path, description = "Identifiant de l'acteur")),
    responses(
        (status = 204, description = "Supprimé"),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnu, ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ActorId>,
) -> ApiResult<StatusCode> {
    let p = api_user(&ctx)?;
    service::delete(&state, p, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The categories of the managed taxonomy.
#[utoipa::path(
    get, path = "/api/v1/actor-categories", tag = "acteurs", operation_id = "actor_categories",
    responses((status = 200, description = "Les catégories", body = [Category]))
)]
pub async fn categories(State(state): State<AppState>) -> ApiResult<Json<Vec<Category>>> {
    Ok(Json(service::categories(&state).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct ClaimIn {
    /// To the moderators: your role in the organisation (at most 2 000 characters).
    #[serde(default)]
    pub message: String,
}

/// Asks to run an organisation's profile (to edit it and receive its messages); the managers
/// of its places and the animators of its network decide.
#[utoipa::path(
    post, path = "/api/v1/actors/{id}/claims", tag = "acteurs", operation_id = "claim_actor",
    params(("id" = i64, Path, description = "Identifiant de l'acteur")),
    request_body = ClaimIn,
    responses(
        (status = 202, description = "Demande transmise aux modérateurs du profil"),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Acteur inconnu, ou profil d'une personne", body = E),
        (status = 409, description = "Vous gérez déjà ce profil, ou votre demande attend", body = E),
        (status = 422, description = "Message trop long", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn claim(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ActorId>,
    JsonIn(b): JsonIn<ClaimIn>,
) -> ApiResult<StatusCode> {
    let p = api_user(&ctx)?;
    let a = service::by_id(&state, id)
        .await?
        .ok_or(ApiError(AppError::NotFound, ctx.lang))?;
    service::claim(&state, p, &a, &b.message)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(StatusCode::ACCEPTED)
}

/// The claims waiting for the caller's decision (the oldest 50); `X-Total-Count` says how many
/// wait in all.
#[utoipa::path(
    get, path = "/api/v1/actor-claims", tag = "acteurs", operation_id = "list_actor_claims",
    responses(
        (status = 200, description = "Les demandes en attente", body = [Claim],
         headers(("X-Total-Count" = i64, description = "Nombre de demandes en attente"))),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Vous ne modérez aucun profil", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn claims(
    State(state): State<AppState>,
    ctx: Ctx,
) -> ApiResult<(axum::http::HeaderMap, Json<Vec<Claim>>)> {
    let p = api_user(&ctx)?;
    let (rows, total) = service::claims_queue(&state, p).await?;
    let mut h = axum::http::HeaderMap::new();
    h.insert("x-total-count", axum::http::HeaderValue::from(total));
    Ok((h, Json(rows)))
}

#[derive(Deserialize, ToSchema)]
pub struct DecisionIn {
    pub accept: bool,
}

/// Accepts (the person then runs the profile) or refuses a claim: the managers of the
/// profile's places, the animators of its network, the instance admins.
#[utoipa::path(
    post, path = "/api/v1/actor-claims/{id}/decision", tag = "acteurs",
    operation_id = "decide_actor_claim",
    params(("id" = i64, Path, description = "Identifiant de la demande")),
    request_body = DecisionIn,
    responses(
        (status = 200, description = "Décidée", body = Claim),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnue, ou hors de votre périmètre", body = E),
        (status = 409, description = "Déjà décidée", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn decide_claim(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<DecisionIn>,
) -> ApiResult<Json<Claim>> {
    let p = api_user(&ctx)?;
    let mut c = service::decide_claim(&state, p, id, b.accept)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    c.status = if b.accept {
        super::model::ClaimStatus::Accepted
    } else {
        super::model::ClaimStatus::Refused
    };
    Ok(Json(c))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct SkillsQuery {
    /// Words found in the skill's name (accents and case aside).
    pub q: Option<String>,
    /// From 1 (50 skills a page).
    #[param(value_type = Option<i64>)]
    pub page: Option<String>,
}

/// The canonical skills of the shared vocabulary with their synonyms and how many profiles hold
/// them, most used first (instance admins and networks' animators).
#[utoipa::path(
    get, path = "/api/v1/skills", tag = "acteurs", operation_id = "list_skills",
    params(SkillsQuery),
    responses(
        (status = 200, description = "Une page de compétences", body = [SkillUse],
         headers(("X-Total-Count" = i64, description = "Nombre de compétences"))),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Réservé aux animateur·rices", body = E),
        (status = 422, description = "Page invalide", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn skills(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::form::Query(q): crate::form::Query<SkillsQuery>,
) -> ApiResult<(axum::http::HeaderMap, Json<Vec<SkillUse>>)> {
    let p = api_user(&ctx)?;
    let (page, _) = crate::form::parse::page_window(q.page.as_deref(), None)
        .map_err(|e| ApiError(e, ctx.lang))?;
    let (rows, total) = service::skills_page(&state, p, q.q.as_deref().unwrap_or(""), page).await?;
    let mut h = axum::http::HeaderMap::new();
    h.insert("x-total-count", axum::http::HeaderValue::from(total));
    Ok((h, Json(rows)))
}

#[derive(Deserialize, ToSchema)]
pub struct MergeIn {
    /// The skill to keep.
    pub into: i64,
}

#[derive(Serialize, ToSchema)]
pub struct Merged {
    /// The skill kept (the canonical skill of `into`).
    pub into: Skill,
    /// Profiles newly tagged with it.
    pub retagged: u64,
}

/// Merges skill `{id}` into skill `into`: `{id}` (and its synonyms) become synonyms of it, and
/// every profile tagged `{id}` is tagged `into`.
#[utoipa::path(
    post, path = "/api/v1/skills/{id}/merge", tag = "acteurs", operation_id = "merge_skill",
    params(("id" = i64, Path, description = "La compétence à fusionner")),
    request_body = MergeIn,
    responses(
        (status = 200, description = "Fusionnée", body = Merged),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Réservé aux animateur·rices", body = E),
        (status = 422, description = "Compétence inconnue, ou déjà la même", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn merge_skill(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<MergeIn>,
) -> ApiResult<Json<Merged>> {
    let p = api_user(&ctx)?;
    let (into, retagged) = service::merge_skill(&state, p, id, b.into)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(Merged { into, retagged }))
}

/// The photos of an organisation's profile, the logo first.
#[utoipa::path(
    get, path = "/api/v1/actors/{id}/photos", tag = "acteurs", operation_id = "list_actor_photos",
    params(("id" = i64, Path, description = "Identifiant de l'acteur")),
    responses(
        (status = 200, description = "Les photos, le logo d'abord", body = Vec<crate::media::PhotoOut>),
        (status = 404, description = "Acteur inconnu", body = E),
    )
)]
pub async fn list_photos(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<ActorId>,
) -> ApiResult<Json<Vec<crate::media::PhotoOut>>> {
    let a = service::by_id(&state, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let photos = super::photos::of(&state, &a).await?;
    Ok(Json(
        photos.iter().map(crate::media::PhotoOut::from).collect(),
    ))
}

/// Adds a photo to an organisation's profile (its editors; six at most, the first is the
/// logo): multipart fields `file` (PNG, JPEG or WebP) and `alt` (required).
#[utoipa::path(
    post, path = "/api/v1/actors/{id}/photos", tag = "acteurs", operation_id = "add_actor_photo",
    params(("id" = i64, Path, description = "Identifiant de l'acteur")),
    request_body(content_type = "multipart/form-data", description = "Champs `file` et `alt`"),
    responses(
        (status = 201, description = "Photo ajoutée", body = crate::media::PhotoOut),
        (status = 400, description = "Corps illisible", body = E),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Acteur inconnu, ou que vous ne modifiez pas", body = E),
        (status = 422, description = "Pas une image, trop grande, texte alternatif manquant, profil de personne ou déjà six photos", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn add_photo(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ActorId>,
    mp: axum::extract::Multipart,
) -> ApiResult<(StatusCode, Json<crate::media::PhotoOut>)> {
    let who = api_user(&ctx)?;
    let lang = ctx.lang;
    let a = service::by_id(&state, id)
        .await?
        .ok_or(ApiError(AppError::NotFound, lang))?;
    if !service::may_edit(&state, Some(who), &a).await? {
        return Err(ApiError(AppError::NotFound, lang));
    }
    let up = crate::form::read_upload(mp)
        .await
        .map_err(|e| ApiError(e, lang))?;
    let photo = super::photos::add(
        &state,
        who,
        &a,
        up.file.as_ref().map(|(_, b)| b.as_slice()),
        up.too_large,
        up.get("alt"),
    )
    .await
    .map_err(|e| ApiError(e, lang))?;
    Ok((StatusCode::CREATED, Json((&photo).into())))
}

/// Removes a photo of an organisation's profile (its editors).
#[utoipa::path(
    delete, path = "/api/v1/actors/{id}/photos/{photo_id}", tag = "acteurs",
    operation_id = "delete_actor_photo",
    params(
        ("id" = i64, Path, description = "Identifiant de l'acteur"),
        ("photo_id" = i64, Path, description = "Identifiant de la photo"),
    ),
    responses(
        (status = 204, description = "Supprimée"),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Acteur ou photo inconnus, ou profil que vous ne modifiez pas", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn delete_photo(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, photo_id)): ApiPath<(ActorId, i64)>,
) -> ApiResult<StatusCode> {
    let who = api_user(&ctx)?;
    let a = service::by_id(&state, id)
        .await?
        .ok_or(AppError::NotFound)?;
    super::photos::delete(&state, who, &a, photo_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::{get as g, post as p};
    axum::Router::new()
        .route("/api/v1/actors", g(list).post(create))
        .route("/api/v1/actors/{id}", g(get).patch(patch).delete(delete))
        .route("/api/v1/actors/{id}/claims", p(claim))
        .route(
            "/api/v1/actors/{id}/photos",
            g(list_photos)
                .post(add_photo)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::media::MAX_PHOTO_BYTES + 64 * 1024,
                )),
        )
        .route(
            "/api/v1/actors/{id}/photos/{photo_id}",
            axum::routing::delete(delete_photo),
        )
        .route("/api/v1/actor-claims", g(claims))
        .route("/api/v1/actor-claims/{id}/decision", p(decide_claim))
        .route("/api/v1/skills", g(skills))
        .route("/api/v1/skills/{id}/merge", p(merge_skill))
        .route("/api/v1/actor-categories", g(categories))
}
