//! Services (prestations) in the API: public reads, writes for the place's managers.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use super::{Service, ServiceCategory, ServiceInput, ServicePriceUnit};
use crate::auth::api_user;
use crate::auth::policy::{authorize, Action};
use crate::auth::Ctx;
use crate::error::{ApiResult, AppError};
use crate::form::{ApiPath, Json as JsonIn};
use crate::ids::PlaceId;
use crate::state::AppState;
use crate::tenancy::service::place_target;

#[derive(Serialize, ToSchema)]
pub struct ServiceOut {
    pub id: i64,
    pub place_id: PlaceId,
    pub name: String,
    pub description: String,
    pub category: ServiceCategory,
    /// Excluding VAT (HT), cents.
    pub price_cents: i64,
    /// Including VAT (TTC), cents.
    pub price_ttc_cents: i64,
    pub price_unit: ServicePriceUnit,
    /// Basis points: 2000 = 20 %.
    pub vat_rate_bp: i32,
}

impl From<Service> for ServiceOut {
    fn from(s: Service) -> Self {
        ServiceOut {
            price_ttc_cents: s.price_ttc_cents(),
            id: s.id,
            place_id: s.place_id,
            name: s.name,
            description: s.description,
            category: s.category,
            price_cents: s.price_cents,
            price_unit: s.price_unit,
            vat_rate_bp: s.vat_rate_bp,
        }
    }
}

async fn manage(state: &AppState, ctx: &Ctx, place_id: PlaceId) -> ApiResult<()> {
    let p = api_user(ctx)?;
    crate::tenancy::repo::place_by_id(&state.db, place_id)
        .await?
        .ok_or(AppError::NotFound)?;
    authorize(
        Some(p),
        Action::ManagePlace,
        &place_target(state, place_id).await?,
    )?;
    Ok(())
}

/// The services of a place (its public catalogue).
#[utoipa::path(
    get, path = "/api/v1/places/{id}/services", tag = "prestations", operation_id = "list_services",
    params(("id" = i64, Path, description = "Identifiant du lieu")),
    responses(
        (status = 200, description = "Le catalogue", body = [ServiceOut]),
        (status = 404, description = "Lieu inconnu", body = crate::error::ApiErrorBody),
    )
)]
pub async fn list_services(
    State(state): State<AppState>,
    ApiPath(place_id): ApiPath<PlaceId>,
) -> ApiResult<Json<Vec<ServiceOut>>> {
    crate::tenancy::repo::place_by_id(&state.db, place_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let list = super::of_place(&state.db, place_id).await?;
    Ok(Json(list.into_iter().map(ServiceOut::from).collect()))
}

/// Adds a service to a place's catalogue (its managers).
#[utoipa::path(
    post, path = "/api/v1/places/{id}/services", tag = "prestations", operation_id = "create_service",
    params(("id" = i64, Path, description = "Identifiant du lieu")),
    request_body = ServiceInput,
    responses(
        (status = 201, description = "Créée", body = ServiceOut),
        (status = 400, description = "Corps illisible", body = crate::error::ApiErrorBody),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 404, description = "Lieu inconnu ou non géré", body = crate::error::ApiErrorBody),
        (status = 422, description = "Champs invalides", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create_service(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(place_id): ApiPath<PlaceId>,
    JsonIn(body): JsonIn<ServiceInput>,
) -> ApiResult<(StatusCode, Json<ServiceOut>)> {
    manage(&state, &ctx, place_id).await?;
    let input = body.validate().map_err(AppError::Invalid)?;
    let s = super::insert(&state.db, place_id, &input, state.clock.now_ms()).await?;
    Ok((StatusCode::CREATED, Json(s.into())))
}

/// One service.
#[utoipa::path(
    get, path = "/api/v1/services/{id}", tag = "prestations", operation_id = "get_service",
    params(("id" = i64, Path, description = "Identifiant de la prestation")),
    responses(
        (status = 200, description = "La prestation", body = ServiceOut),
        (status = 404, description = "Inconnue", body = crate::error::ApiErrorBody),
    )
)]
pub async fn get_service(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<ServiceOut>> {
    let s = super::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(s.into()))
}

/// Replaces a service (its place's managers).
#[utoipa::path(
    put, path = "/api/v1/services/{id}", tag = "prestations", operation_id = "update_service",
    params(("id" = i64, Path, description = "Identifiant de la prestation")),
    request_body = ServiceInput,
    responses(
        (status = 200, description = "Modifiée", body = ServiceOut),
        (status = 400, description = "Corps illisible", body = crate::error::ApiErrorBody),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 404, description = "Inconnue", body = crate::error::ApiErrorBody),
        (status = 422, description = "Champs invalides", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn update_service(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(body): JsonIn<ServiceInput>,
) -> ApiResult<Json<ServiceOut>> {
    let s = super::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    manage(&state, &ctx, s.place_id).await?;
    let input = body.validate().map_err(AppError::Invalid)?;
    super::update(&state.db, id, &input).await?;
    let s = super::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(s.into()))
}

/// Changes only the fields sent (JSON Merge Patch, RFC 7396): the service as `GET` returns
/// it, the fields sent merged in, saved as a `PUT` of the result.
#[utoipa::path(
    patch, path = "/api/v1/services/{id}", tag = "prestations", operation_id = "patch_service",
    params(("id" = i64, Path, description = "Identifiant de la prestation")),
    request_body(content = ServiceInput, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Modifiée", body = ServiceOut),
        (status = 400, description = "Corps illisible", body = crate::error::ApiErrorBody),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 404, description = "Inconnue", body = crate::error::ApiErrorBody),
        (status = 422, description = "Champs invalides", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn patch_service(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(changes): JsonIn<serde_json::Value>,
) -> ApiResult<Json<ServiceOut>> {
    crate::auth::api_user(&ctx)?;
    let Json(now) = get_service(State(state.clone()), ApiPath(id)).await?;
    let body = crate::form::patched(&now, &changes)?;
    update_service(State(state), ctx, ApiPath(id), JsonIn(body)).await
}

/// Removes a service from the catalogue (its place's managers).
#[utoipa::path(
    delete, path = "/api/v1/services/{id}", tag = "prestations", operation_id = "delete_service",
    params(("id" = i64, Path, description = "Identifiant de la prestation")),
    responses(
        (status = 204, description = "Retirée du catalogue"),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 404, description = "Inconnue", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn delete_service(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    let s = super::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    manage(&state, &ctx, s.place_id).await?;
    super::archive(&state.db, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
