//! The job board in the API: `POST /api/v1/jobs`, `GET /api/v1/jobs` (the board's filters,
//! paged: listed offers only), `GET`/`PATCH /api/v1/jobs/{id}`. The rules are the pages'
//! (one service): a place manager's offer is `pending` until a network animator publishes it.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::routing::get;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::model::{Created, JobKind, JobStatus, Offer, OfferInput, PayUnit};
use super::repo::Filter;
use super::service::{self, Draft};
use crate::auth::{api_user, Ctx};
use crate::error::{ApiError, ApiResult, AppError, FieldErrors};
use crate::form::{ApiPath, Json as JsonIn};
use crate::ids::{JobOfferId, NetworkId, PlaceId};
use crate::state::AppState;

type E = crate::error::ApiErrorBody;

/// An offer as the API shows it (and, merged with a `PATCH`, reads back).
#[derive(Serialize, ToSchema)]
pub struct OfferOut {
    pub id: JobOfferId,
    pub slug: String,
    pub title: String,
    pub kind: JobKind,
    /// The mission, sanitized HTML.
    pub description: String,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    /// The name of its network or place.
    pub employer_name: String,
    pub postal_code: String,
    pub city: String,
    pub department: String,
    pub starts_on: String,
    pub expires_on: String,
    pub duration_months: Option<i32>,
    pub hours_per_week: Option<i32>,
    pub pay_min_cents: Option<i64>,
    pub pay_max_cents: Option<i64>,
    pub pay_unit: PayUnit,
    /// For a service civique: the legal monthly allowance, in cents (configured).
    pub allowance_cents: Option<i64>,
    /// Empty: apply in Maillage (message and CV).
    pub apply_url: String,
    pub status: JobStatus,
    /// Past its last day: archived, no longer listed.
    pub expired: bool,
    pub published_at: Option<String>,
    pub url: String,
}

fn out(state: &AppState, o: Offer) -> OfferOut {
    let today = service::today(state);
    OfferOut {
        url: format!(
            "{}{}",
            state.config.base_url.trim_end_matches('/'),
            o.path()
        ),
        expired: o.expired(&today),
        allowance_cents: (o.kind == JobKind::ServiceCivique)
            .then_some(state.config.civic_service_allowance_cents),
        published_at: o.published_at.map(crate::clock::rfc3339),
        id: o.id,
        slug: o.slug,
        title: o.title,
        kind: o.kind,
        description: o.description,
        network_id: o.network_id,
        place_id: o.place_id,
        employer_name: o.employer_name,
        postal_code: o.postal_code,
        city: o.city,
        department: o.department,
        starts_on: o.starts_on,
        expires_on: o.expires_on,
        duration_months: o.duration_months,
        hours_per_week: o.hours_per_week,
        pay_min_cents: o.pay_min_cents,
        pay_max_cents: o.pay_max_cents,
        pay_unit: o.pay_unit,
        apply_url: o.apply_url,
        status: o.status,
    }
}

fn draft(b: &OfferInput) -> Draft {
    Draft {
        title: b.title.clone(),
        kind: Some(b.kind),
        description: b.description.clone(),
        network_id: b.network_id,
        place_id: b.place_id,
        postal_code: b.postal_code.clone(),
        city: b.city.clone(),
        starts_on: b.starts_on.clone(),
        expires_on: b.expires_on.clone(),
        duration_months: b.duration_months,
        hours_per_week: b.hours_per_week,
        pay_min_cents: b.pay_min_cents,
        pay_max_cents: b.pay_max_cents,
        pay_unit: b.pay_unit,
        apply_url: b.apply_url.clone().unwrap_or_default(),
        errors: FieldErrors::default(),
    }
}

/// Writes an offer of a place (its managers, its networks' animators) or of a network (its
/// animators); instance admins everywhere. Written by a network animator (or an instance
/// admin) it is published at once; otherwise it is `pending` until an animator of one of
/// the place's networks publishes it.
#[utoipa::path(
    post, path = "/api/v1/jobs", tag = "emplois", operation_id = "create_job",
    request_body = OfferInput,
    responses(
        (status = 201, description = "Offre créée", body = Created),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé aux gérants du lieu ou aux animateurs du réseau", body = E),
        (status = 404, description = "Lieu ou réseau inconnu", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn create_job(
    State(state): State<AppState>,
    ctx: Ctx,
    JsonIn(b): JsonIn<OfferInput>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let who = api_user(&ctx)?;
    let o = service::create(&state, who, draft(&b))
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((
        StatusCode::CREATED,
        Json(Created {
            id: o.id,
            slug: o.slug,
            status: o.status,
        }),
    ))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    pub kind: Option<JobKind>,
    /// The offers of this network and of its places.
    pub network_id: Option<NetworkId>,
    /// The offers of this place.
    pub place_id: Option<PlaceId>,
    /// A département code (`04`, `2A`).
    pub department: Option<String>,
    /// A commune (accents and case aside).
    pub city: Option<String>,
    /// Words, each found in the title, commune, employer or mission (accents and case aside).
    pub q: Option<String>,
    /// From 1.
    #[param(value_type = Option<i64>)]
    pub page: Option<String>,
    /// 1 to 100 (default 20).
    #[param(value_type = Option<i64>)]
    pub per_page: Option<String>,
}

/// The listed offers (published, not expired), newest first, one page at a time;
/// `X-Total-Count` gives their number.
#[utoipa::path(
    get, path = "/api/v1/jobs", tag = "emplois", operation_id = "list_jobs",
    params(ListQuery),
    responses(
        (status = 200, description = "Une page d'offres", body = [OfferOut],
         headers(("X-Total-Count" = i64, description = "Nombre d'offres"))),
        (status = 422, description = "Filtres invalides", body = E),
    )
)]
pub async fn list_jobs(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::form::Query(q): crate::form::Query<ListQuery>,
) -> ApiResult<(HeaderMap, Json<Vec<OfferOut>>)> {
    let (page, per_page) =
        crate::form::parse::page_window(q.page.as_deref(), q.per_page.as_deref())
            .map_err(|e| ApiError(e, ctx.lang))?;
    let department = q
        .department
        .as_deref()
        .map(|d| d.trim().to_uppercase())
        .filter(|d| !d.is_empty());
    if department
        .as_deref()
        .is_some_and(|d| d.len() > 3 || !d.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        let mut errors = FieldErrors::default();
        errors.add("department", "field-invalid-choice");
        return Err(ApiError(AppError::Invalid(errors), ctx.lang));
    }
    let f = Filter {
        network: q.network_id,
        place: q.place_id,
        kind: q.kind,
        department,
        city: q
            .city
            .as_deref()
            .map(crate::text::fold_words)
            .filter(|c| !c.is_empty()),
        words: crate::db::search::words(q.q.as_deref().unwrap_or("")),
        listed_on: service::today(&state),
        ..Default::default()
    };
    let (rows, total) = service::list(&state, &f, per_page, (page - 1) * per_page).await?;
    let mut headers = HeaderMap::new();
    headers.insert("x-total-count", HeaderValue::from(total));
    Ok((
        headers,
        Json(rows.into_iter().map(|o| out(&state, o)).collect()),
    ))
}

/// One offer: a published one (expired too, with `expired: true`) for everyone, a pending
/// or rejected one for its writers and moderators only.
#[utoipa::path(
    get, path = "/api/v1/jobs/{id}", tag = "emplois", operation_id = "get_job",
    params(("id" = i64, Path, description = "Identifiant de l'offre")),
    responses(
        (status = 200, description = "L'offre", body = OfferOut),
        (status = 404, description = "Inconnue", body = E),
    )
)]
pub async fn get_job(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<JobOfferId>,
) -> ApiResult<Json<OfferOut>> {
    let o = service::visible(&state, ctx.user.as_ref(), id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(out(&state, o)))
}

/// Changes only the fields sent (JSON Merge Patch, RFC 7396): the offer as `GET` returns it,
/// the fields sent merged in, checked like a new offer. The employer does not change; an
/// edit by someone who does not moderate the employer sends the offer back to moderation.
#[utoipa::path(
    patch, path = "/api/v1/jobs/{id}", tag = "emplois", operation_id = "patch_job",
    params(("id" = i64, Path, description = "Identifiant de l'offre")),
    request_body(content = OfferInput, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Modifiée", body = OfferOut),
        (status = 400, description = "Corps illisible", body = E),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnue, ou réservée à ceux qui l'écrivent", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn patch_job(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<JobOfferId>,
    JsonIn(changes): JsonIn<serde_json::Value>,
) -> ApiResult<Json<OfferOut>> {
    let who = api_user(&ctx)?;
    let current = service::writable(&state, who, id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    let current = out(&state, current);
    let b: OfferInput =
        crate::form::patched(&current, &changes).map_err(|e| ApiError(e, ctx.lang))?;
    let o = service::update(&state, who, id, draft(&b))
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(out(&state, o)))
}

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/api/v1/jobs", get(list_jobs).post(create_job))
        .route("/api/v1/jobs/{id}", get(get_job).patch(patch_job))
}
