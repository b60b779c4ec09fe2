//! Spaces, availability and bookings in the API.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::model::{
    Booking, BookingStatus, Space, SpaceAccess, SpaceInput, SpaceKind, SpaceMode, SpaceUnit,
};
use super::repo;
use super::service::{self, active_space, parse_instant, BookRequest, Slot};
use crate::auth::api_user;
use crate::auth::policy::{authorize, Action};
use crate::auth::Ctx;
use crate::error::{ApiError, ApiErrorText, ApiResult, AppError, FieldErrors};
use crate::form::{ApiPath, Json as JsonIn};
use crate::ids::{BookingId, PlaceId, SpaceId, UserId};
use crate::state::AppState;
use crate::tenancy::service::place_target;

/// The message key of a booking conflict code.
pub fn conflict_key(code: &str) -> &'static str {
    match code {
        repo::FULL => "booking-error-full",
        "cancel_deadline_passed" => "booking-error-deadline",
        "booking_not_active" => "booking-error-not-active",
        "booking_not_pending" => "booking-error-not-active",
        _ => "error-conflict",
    }
}

/// Errors of the booking endpoints: the API's JSON error, with a specific message for the
/// booking conflicts (`booking_full`: « Il ne reste plus assez de places… »).
pub struct BookingApiError(AppError, crate::i18n::Lang);

impl<E: Into<AppError>> From<E> for BookingApiError {
    fn from(e: E) -> Self {
        BookingApiError(e.into(), crate::i18n::Lang::Fr)
    }
}

impl IntoResponse for BookingApiError {
    fn into_response(self) -> Response {
        match self.0 {
            AppError::Conflict(code) => ApiErrorText {
                code,
                message_key: conflict_key(code),
                detail: None,
                fields: None,
                taken: None,
            }
            .respond(StatusCode::CONFLICT, self.1),
            e => ApiError(e, self.1).into_response(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SpaceOut {
    pub id: SpaceId,
    pub place_id: PlaceId,
    pub name: String,
    pub kind: SpaceKind,
    pub is_equipment: bool,
    pub capacity: i32,
    /// `seat` or `room`.
    pub mode: SpaceMode,
    /// `hour`, `half_day` or `day`.
    pub unit: SpaceUnit,
    pub min_units: i32,
    pub max_units: i32,
    pub opening_hours: String,
    /// May open outside the place's opening hours (else its hours stay within them).
    pub beyond_place_hours: bool,
    pub lead_time_minutes: i32,
    pub cancel_deadline_hours: i32,
    /// `signed_in`, `members` or `approval`.
    pub access: SpaceAccess,
    pub requires_qualification: bool,
    pub price_member_cents: i64,
    pub price_public_cents: i64,
    pub description: String,
    pub equipment: Vec<String>,
}

impl From<Space> for SpaceOut {
    fn from(s: Space) -> Self {
        SpaceOut {
            equipment: s.equipment_list().iter().map(|e| e.to_string()).collect(),
            id: s.id,
            place_id: s.place_id,
            name: s.name,
            kind: s.kind,
            is_equipment: s.is_equipment,
            capacity: s.capacity,
            mode: s.mode,
            unit: s.unit,
            min_units: s.min_units,
            max_units: s.max_units,
            opening_hours: s.opening_hours,
            beyond_place_hours: s.beyond_place_hours,
            lead_time_minutes: s.lead_time_minutes,
            cancel_deadline_hours: s.cancel_deadline_hours,
            access: s.access,
            requires_qualification: s.requires_qualification,
            price_member_cents: s.price_member_cents,
            price_public_cents: s.price_public_cents,
            description: s.description,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct BookingOut {
    pub id: BookingId,
    pub space_id: SpaceId,
    pub user_id: UserId,
    /// RFC 3339.
    pub starts_at: String,
    /// RFC 3339.
    pub ends_at: String,
    pub seats: i32,
    /// `confirmed`, `pending` (waiting for approval), `cancelled` or `refused`.
    pub status: BookingStatus,
    pub price_cents: i64,
}

impl From<Booking> for BookingOut {
    fn from(b: Booking) -> Self {
        BookingOut {
            id: b.id,
            space_id: b.space_id,
            user_id: b.user_id,
            starts_at: crate::clock::rfc3339(b.starts_at),
            ends_at: crate::clock::rfc3339(b.ends_at),
            seats: b.seats,
            status: b.status,
            price_cents: b.price_cents,
        }
    }
}

/// Creates a space or a machine in a place (its managers).
#[utoipa::path(
    post, path = "/api/v1/places/{id}/spaces", tag = "réservations",
    params(("id" = i64, Path, description = "Identifiant du lieu")),
    request_body = SpaceInput,
    responses(
        (status = 201, description = "Espace créé", body = SpaceOut),
        (status = 400, description = "Corps illisible", body = crate::error::ApiErrorBody),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 404, description = "Lieu inconnu ou non géré", body = crate::error::ApiErrorBody),
        (status = 422, description = "Champs invalides", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create_space(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(place_id): ApiPath<PlaceId>,
    JsonIn(body): JsonIn<SpaceInput>,
) -> ApiResult<(StatusCode, Json<SpaceOut>)> {
    let p = api_user(&ctx)?;
    crate::tenancy::repo::place_by_id(&state.db, place_id)
        .await?
        .ok_or(AppError::NotFound)?;
    authorize(
        Some(p),
        Action::ManagePlace,
        &place_target(&state, place_id).await?,
    )?;
    let draft = body.validate().map_err(AppError::Invalid)?;
    let space = service::create_space(&state, place_id, &draft).await?;
    Ok((StatusCode::CREATED, Json(space.into())))
}

/// The spaces and machines of a place.
#[utoipa::path(
    get, path = "/api/v1/places/{id}/spaces", tag = "réservations",
    params(("id" = i64, Path, description = "Identifiant du lieu")),
    responses(
        (status = 200, description = "Les espaces", body = [SpaceOut]),
        (status = 404, description = "Lieu inconnu", body = crate::error::ApiErrorBody),
    )
)]
pub async fn list_spaces(
    State(state): State<AppState>,
    ApiPath(place_id): ApiPath<PlaceId>,
) -> ApiResult<Json<Vec<SpaceOut>>> {
    crate::tenancy::repo::place_by_id(&state.db, place_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let spaces = repo::spaces_of_place(&state.db, place_id).await?;
    Ok(Json(spaces.into_iter().map(SpaceOut::from).collect()))
}

/// One space.
#[utoipa::path(
    get, path = "/api/v1/spaces/{id}", tag = "réservations",
    params(("id" = i64, Path, description = "Identifiant de l'espace")),
    responses(
        (status = 200, description = "L'espace", body = SpaceOut),
        (status = 404, description = "Inconnu", body = crate::error::ApiErrorBody),
    )
)]
pub async fn get_space(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<SpaceId>,
) -> ApiResult<Json<SpaceOut>> {
    Ok(Json(active_space(&state, id).await?.into()))
}

#[derive(Deserialize, IntoParams)]
pub struct RangeQuery {
    /// RFC 3339 instant or `YYYY-MM-DD` (Europe/Paris midnight). Default: now.
    pub from: Option<String>,
    /// RFC 3339 instant or `YYYY-MM-DD`. Default: `from` + 7 days. At most 62 days after `from`.
    pub to: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Availability {
    pub space_id: SpaceId,
    pub capacity: i32,
    pub mode: SpaceMode,
    pub slots: Vec<Slot>,
}

/// Parses `from`/`to` (RFC 3339 or a Paris date) into a bounded range.
pub fn parse_range(q: &RangeQuery, now: i64) -> Result<(i64, i64), AppError> {
    let parse = |s: &str| {
        parse_instant(s).or_else(|| {
            chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .ok()
                .and_then(|d| service::paris_to_ms(d.and_hms_opt(0, 0, 0)?))
        })
    };
    let mut e = FieldErrors::default();
    let from = match q.from.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => parse(s).unwrap_or_else(|| {
            e.add("from", "booking-error-instant");
            now
        }),
        None => now,
    };
    let to = match q.to.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => parse(s).unwrap_or_else(|| {
            e.add("to", "booking-error-instant");
            from
        }),
        None => from + 7 * 86_400_000,
    };
    if e.is_empty() && (to <= from || to - from > 62 * 86_400_000) {
        e.add("to", "booking-error-range");
    }
    e.into_result()?;
    Ok((from, to))
}

/// Free seats per slot (one booking unit long) between `from` and `to`.
#[utoipa::path(
    get, path = "/api/v1/spaces/{id}/availability", tag = "réservations",
    params(("id" = i64, Path, description = "Identifiant de l'espace"), RangeQuery),
    responses(
        (status = 200, description = "Places restantes par créneau", body = Availability),
        (status = 404, description = "Inconnu", body = crate::error::ApiErrorBody),
        (status = 422, description = "Période invalide", body = crate::error::ApiErrorBody),
    )
)]
pub async fn availability(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<SpaceId>,
    Query(q): Query<RangeQuery>,
) -> ApiResult<Json<Availability>> {
    let space = active_space(&state, id).await?;
    let (from, to) = parse_range(&q, state.clock.now_ms())?;
    let slots = service::availability(&state, &space, from, to).await?;
    Ok(Json(Availability {
        space_id: space.id,
        capacity: space.capacity,
        mode: space.mode,
        slots,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct BookingIn {
    /// RFC 3339.
    pub starts_at: String,
    /// RFC 3339.
    pub ends_at: String,
    /// Seats (per-seat spaces; a whole-room booking takes the whole capacity). Default 1.
    #[serde(default)]
    pub seats: Option<i32>,
    /// Book in the name of this person (the place's managers only), a member of the place: an
    /// unknown account and an account that is no member get the same 422 on `user`.
    #[serde(default)]
    pub user_id: Option<UserId>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Books seats of a space. 201 when booked (status `confirmed`, or `pending` when the space
/// asks for approval); 409 `booking_full` when, at some instant of the interval, fewer seats
/// are left than asked.
#[utoipa::path(
    post, path = "/api/v1/spaces/{id}/bookings", tag = "réservations",
    params(("id" = i64, Path, description = "Identifiant de l'espace")),
    request_body = BookingIn,
    responses(
        (status = 201, description = "Réservé", body = BookingOut),
        (status = 400, description = "Corps illisible", body = crate::error::ApiErrorBody),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 403, description = "Réservé aux membres ou aux personnes habilitées", body = crate::error::ApiErrorBody),
        (status = 404, description = "Espace inconnu", body = crate::error::ApiErrorBody),
        (status = 409, description = "Complet sur ce créneau", body = crate::error::ApiErrorBody),
        (status = 422, description = "Créneau refusé par les règles de l'espace", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create_booking(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<SpaceId>,
    JsonIn(body): JsonIn<BookingIn>,
) -> Result<(StatusCode, Json<BookingOut>), BookingApiError> {
    let p = api_user(&ctx).map_err(|e| BookingApiError(e.0, ctx.lang))?;
    let space = active_space(&state, id).await?;
    let mut e = FieldErrors::default();
    let s = parse_instant(&body.starts_at);
    let en = parse_instant(&body.ends_at);
    if s.is_none() {
        e.add("starts_at", "booking-error-instant");
    }
    if en.is_none() {
        e.add("ends_at", "booking-error-instant");
    }
    let (Some(s), Some(en)) = (s, en) else {
        return Err(BookingApiError(AppError::Invalid(e), ctx.lang));
    };
    let req = BookRequest {
        starts_at: s,
        ends_at: en,
        seats: body.seats.unwrap_or(1),
        for_user: body.user_id,
        series_id: None,
        note: body.note.unwrap_or_default().chars().take(500).collect(),
    };
    let b = service::book(&state, p, &space, &req, true)
        .await
        .map_err(|e| BookingApiError(e, ctx.lang))?;
    Ok((StatusCode::CREATED, Json(b.into())))
}

/// My upcoming bookings.
#[utoipa::path(
    get, path = "/api/v1/bookings", tag = "réservations",
    responses(
        (status = 200, description = "Mes réservations à venir", body = [BookingOut]),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn my_bookings(
    State(state): State<AppState>,
    ctx: Ctx,
) -> ApiResult<Json<Vec<BookingOut>>> {
    let p = api_user(&ctx)?;
    let rows = repo::bookings_of_user(&state.db, p.user.id, state.clock.now_ms()).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| BookingOut {
                id: r.id,
                space_id: r.space_id,
                user_id: r.user_id,
                starts_at: crate::clock::rfc3339(r.starts_at),
                ends_at: crate::clock::rfc3339(r.ends_at),
                seats: r.seats,
                status: r.status,
                price_cents: r.price_cents,
            })
            .collect(),
    ))
}

/// Cancels a booking (its holder before the space's deadline, or a manager).
#[utoipa::path(
    delete, path = "/api/v1/bookings/{id}", tag = "réservations",
    params(("id" = i64, Path, description = "Identifiant de la réservation")),
    responses(
        (status = 200, description = "Annulée", body = BookingOut),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 404, description = "Inconnue", body = crate::error::ApiErrorBody),
        (status = 409, description = "Délai d'annulation dépassé ou déjà annulée", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn cancel_booking(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<BookingId>,
) -> Result<Json<BookingOut>, BookingApiError> {
    let p = api_user(&ctx).map_err(|e| BookingApiError(e.0, ctx.lang))?;
    let b = service::cancel(&state, p, id)
        .await
        .map_err(|e| BookingApiError(e, ctx.lang))?;
    Ok(Json(b.into()))
}

/// The photos of a space.
#[utoipa::path(
    get, path = "/api/v1/spaces/{id}/photos", tag = "réservations", operation_id = "list_space_photos",
    params(("id" = i64, Path, description = "Identifiant de l'espace")),
    responses(
        (status = 200, description = "Les photos, les plus anciennes d'abord", body = Vec<crate::media::PhotoOut>),
        (status = 404, description = "Espace inconnu", body = crate::error::ApiErrorBody),
    )
)]
pub async fn list_space_photos(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<SpaceId>,
) -> ApiResult<Json<Vec<crate::media::PhotoOut>>> {
    let space = active_space(&state, id).await?;
    let photos =
        crate::media::of(&state.db, crate::media::PhotoOwner::Space, space.id.get()).await?;
    Ok(Json(
        photos.iter().map(crate::media::PhotoOut::from).collect(),
    ))
}

/// Adds a photo to a space (place managers): multipart fields `file` (PNG, JPEG or WebP,
/// 10 MiB at most) and `alt` (the text alternative, required). Stored resized (1600 px) with a
/// 480 px thumbnail, as JPEG without metadata.
#[utoipa::path(
    post, path = "/api/v1/spaces/{id}/photos", tag = "réservations", operation_id = "add_space_photo",
    params(("id" = i64, Path, description = "Identifiant de l'espace")),
    request_body(content_type = "multipart/form-data", description = "Champs `file` et `alt`"),
    responses(
        (status = 201, description = "Photo ajoutée", body = crate::media::PhotoOut),
        (status = 400, description = "Corps illisible", body = crate::error::ApiErrorBody),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 404, description = "Espace inconnu ou non géré", body = crate::error::ApiErrorBody),
        (status = 422, description = "Pas une image, trop grande, ou texte alternatif manquant", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn add_space_photo(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<SpaceId>,
    mp: axum::extract::Multipart,
) -> Result<(StatusCode, Json<crate::media::PhotoOut>), ApiError> {
    let p = api_user(&ctx)?;
    let space = active_space(&state, id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    let target = place_target(&state, space.place_id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    authorize(Some(p), Action::ManagePlace, &target).map_err(|e| ApiError(e, ctx.lang))?;
    let up = crate::form::read_upload(mp)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    let bytes = up.file.as_ref().map(|(_, b)| b.as_slice());
    if up.too_large {
        let mut e = FieldErrors::default();
        e.add("file", "photo-error-too-large");
        return Err(ApiError(AppError::Invalid(e), ctx.lang));
    }
    let photo = service::add_photo(&state, space.id, bytes, up.get("alt"), Some(p.user.id))
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::CREATED, Json((&photo).into())))
}

#[derive(Deserialize, IntoParams)]
pub struct MembersQuery {
    /// A few letters of the name or the address (2 at least).
    #[serde(default)]
    pub q: String,
}

/// The members and managers of a place whose name or address contains `q`, by name, ten at
/// most (the managers' autocomplete of the booking forms: nothing lists every member). Its
/// managers only: 404 for anyone else.
#[utoipa::path(
    get, path = "/api/v1/places/{id}/members", tag = "réservations",
    params(("id" = i64, Path, description = "Identifiant du lieu"), MembersQuery),
    responses(
        (status = 200, description = "Dix personnes au plus", body = [super::members::Candidate]),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 404, description = "Lieu inconnu ou non géré", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn search_members(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(place_id): ApiPath<PlaceId>,
    Query(q): Query<MembersQuery>,
) -> ApiResult<Json<Vec<super::members::Candidate>>> {
    let p = api_user(&ctx)?;
    crate::tenancy::repo::place_by_id(&state.db, place_id)
        .await?
        .ok_or(AppError::NotFound)?;
    authorize(
        Some(p),
        Action::ManagePlace,
        &place_target(&state, place_id).await?,
    )?;
    Ok(Json(super::members::search(&state, place_id, &q.q).await?))
}
