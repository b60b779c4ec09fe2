//! The agenda in the API: events, registrations, the iCal feed.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::model::{
    Event, EventInput, EventKind, EventStatus, LocationKind, RegStatus, Registration,
};
use super::{repo, service};
use crate::auth::api_user;
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult, AppError, FieldErrors};
use crate::form::{ApiPath, Json as JsonIn};
use crate::ids::{EventId, NetworkId, PlaceId, RegistrationId, SpaceId, UserId};
use crate::state::AppState;

pub use crate::form::Query;

#[derive(Serialize, ToSchema)]
pub struct OccurrenceOut {
    pub id: i64,
    /// RFC 3339, UTC.
    pub starts_at: String,
    pub ends_at: String,
    pub cancelled: bool,
    /// Seats taken by confirmed registrations (guests included).
    pub confirmed_seats: i64,
    pub waitlisted: i64,
    pub pending: i64,
    /// Seats left; null when the event has no capacity.
    pub seats_left: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct EventOut {
    pub id: EventId,
    pub uid: String,
    pub title: String,
    pub kind: EventKind,
    pub description: String,
    /// RFC 3339, UTC (first occurrence).
    pub starts_at: String,
    pub ends_at: String,
    pub all_day: bool,
    pub timezone: String,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub location_kind: LocationKind,
    /// The place where it happens (`place`/`hybrid`): the organizing place or another one.
    pub location_place_id: Option<PlaceId>,
    /// One of that place's spaces, when the event is held there.
    pub space_id: Option<SpaceId>,
    /// How many seats of that space it takes on each of its dates (`null`: the whole space).
    pub space_seats: Option<i32>,
    /// Where, in words ("Salle de réunion, Tiers-lieu de Riez, Riez", an address…).
    pub location: String,
    pub address: String,
    pub online_url: String,
    pub capacity: Option<i32>,
    pub price_cents: Option<i64>,
    pub price_info: String,
    pub audience: String,
    pub wheelchair: bool,
    pub sign_language: bool,
    pub subtitles: bool,
    /// `draft`, `published` or `cancelled`.
    pub status: EventStatus,
    pub cancel_reason: String,
    /// Registrations wait for the organizer's approval.
    pub approval: bool,
    pub questions: Vec<String>,
    pub categories: Vec<String>,
    pub rrule: Option<String>,
    pub url: String,
    /// The event's image (JPEG, with a thumbnail and its text alternative), if any.
    pub image: Option<crate::media::PhotoOut>,
    pub occurrences: Vec<OccurrenceOut>,
}

/// One event as the API shows it; `image` is the event's image when the caller already has it
/// (a list loads them all in one query), else it is read here.
async fn event_out(
    state: &AppState,
    ev: Event,
    image: Option<Option<crate::media::Photo>>,
) -> Result<EventOut, AppError> {
    let occs = repo::occurrences_of(&state.db, ev.id).await?;
    let counts = repo::counts_of_event(&state.db, ev.id).await?;
    let image = match image {
        Some(known) => known,
        None => service::image_of(state, ev.id).await?,
    };
    let location = service::location_label(state, &ev).await?;
    Ok(event_out_of(state, ev, occs, &counts, image, location))
}

/// An event's output from what was read for it (one event, or a list read in a few
/// statements).
fn event_out_of(
    state: &AppState,
    ev: Event,
    occs: Vec<super::model::Occurrence>,
    counts: &[repo::Counts],
    image: Option<crate::media::Photo>,
    location: String,
) -> EventOut {
    let occurrences = occs
        .into_iter()
        .map(|o| {
            let c = counts
                .iter()
                .find(|c| c.occurrence_id == o.id)
                .cloned()
                .unwrap_or_default();
            OccurrenceOut {
                id: o.id,
                starts_at: crate::clock::rfc3339(o.starts_at),
                ends_at: crate::clock::rfc3339(o.ends_at),
                cancelled: o.cancelled,
                confirmed_seats: c.confirmed_seats,
                waitlisted: c.waitlisted,
                pending: c.pending,
                seats_left: ev
                    .capacity
                    .map(|cap| (i64::from(cap) - c.confirmed_seats).max(0)),
            }
        })
        .collect();
    let image = image.as_ref().map(crate::media::PhotoOut::from);
    EventOut {
        url: service::event_url(state, ev.id),
        image,
        location,
        space_id: ev.space_id,
        space_seats: ev.space_seats,
        location_place_id: ev.location_place_id,
        questions: ev.question_list(),
        categories: ev.category_list(),
        id: ev.id,
        uid: ev.uid,
        title: ev.title,
        kind: ev.kind,
        description: ev.description,
        starts_at: crate::clock::rfc3339(ev.starts_at),
        ends_at: crate::clock::rfc3339(ev.ends_at),
        all_day: ev.all_day,
        timezone: ev.timezone,
        network_id: ev.network_id,
        place_id: ev.place_id,
        location_kind: ev.location_kind,
        address: ev.address,
        online_url: ev.online_url,
        capacity: ev.capacity,
        price_cents: ev.price_cents,
        price_info: ev.price_info,
        audience: ev.audience,
        wheelchair: ev.wheelchair,
        sign_language: ev.sign_language,
        subtitles: ev.subtitles,
        status: ev.status,
        cancel_reason: ev.cancel_reason,
        approval: ev.approval,
        rrule: ev.rrule,
        occurrences,
    }
}

/// Creates an event organized by a place (`place_id`) or a network (`network_id`). Recurring
/// events (`rrule`) get one registrable occurrence per date, for a year (at most 200). Held in
/// a space (`space_id`), the event takes its seats (`space_seats`, else the whole space) on
/// each coming date, through the same check as a booking: 409 `space_taken` when a date is
/// taken, with `conflict` naming the first date refused and what takes it.
#[utoipa::path(
    post, path = "/api/v1/events", tag = "agenda",
    request_body = EventInput,
    responses(
        (status = 201, description = "Événement créé", body = EventOut),
        (status = 409, description = "Espace déjà pris sur une des dates (`space_taken`, avec `conflict`)", body = crate::error::ApiErrorBody),
        (status = 400, description = "Corps illisible", body = crate::error::ApiErrorBody),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 404, description = "Organisateur inconnu ou hors de vos droits", body = crate::error::ApiErrorBody),
        (status = 422, description = "Champs invalides", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create_event(
    State(state): State<AppState>,
    ctx: Ctx,
    JsonIn(body): JsonIn<EventInput>,
) -> ApiResult<(StatusCode, Json<EventOut>)> {
    let p = api_user(&ctx)?;
    let mut errors = FieldErrors::default();
    let Some(new) = body.parse(&mut errors) else {
        return Err(ApiError(AppError::Invalid(errors), ctx.lang));
    };
    let ev = service::create_event(&state, p, new).await?;
    Ok((
        StatusCode::CREATED,
        Json(event_out(&state, ev, None).await?),
    ))
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Events of this network and of its places.
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    /// One kind of event (an unknown kind answers 422 on `kind`; empty: every kind). Read as
    /// text, so that the 422 names the field with the agenda's message.
    #[param(value_type = Option<EventKind>)]
    pub kind: Option<String>,
    /// Département of the place (`04`, `2A`…).
    pub department: Option<String>,
    /// Only online or hybrid events.
    pub online: Option<bool>,
    /// Only free events.
    pub free: Option<bool>,
    /// RFC 3339 or `YYYY-MM-DD`; default: now.
    pub from: Option<String>,
    /// RFC 3339 or `YYYY-MM-DD`.
    pub to: Option<String>,
    /// Words searched in the title and description: each word the start of a word, all of them
    /// required, whatever the case and accents ("velo repa" finds "Réparation de vélos").
    pub q: Option<String>,
    /// At most 1000 (default 200).
    pub limit: Option<i64>,
    /// Occurrences skipped, to read the following pages (default 0, at most 100 000).
    pub offset: Option<i64>,
}

impl ListQuery {
    pub fn filter(&self, now: i64) -> Result<repo::Filter, AppError> {
        let mut errors = FieldErrors::default();
        let mut date =
            |name: &'static str, v: &Option<String>| match v.as_deref().filter(|s| !s.is_empty()) {
                None => None,
                Some(s) => match super::model::parse_instant(s) {
                    Some((t, _)) => Some(t),
                    None => {
                        errors.add(name, "event-error-date");
                        None
                    }
                },
            };
        let from = date("from", &self.from).or(Some(now));
        let to = date("to", &self.to);
        let kind = super::model::parse_choice_field::<EventKind>(
            self.kind.as_deref().unwrap_or(""),
            "kind",
            "event-error-kind",
            &mut errors,
        );
        errors.into_result()?;
        Ok(repo::Filter {
            network_id: self.network_id,
            place_id: self.place_id,
            kind,
            department: self
                .department
                .as_deref()
                .map(super::model::clean)
                .filter(|d| !d.is_empty()),
            online: self.online.unwrap_or(false),
            free: self.free.unwrap_or(false),
            from,
            to,
            q: self.q.clone(),
            include_drafts: false,
            limit: self.limit.unwrap_or(200),
            offset: self.offset.unwrap_or(0),
            // The API lists occurrences, each with its date.
            first_only: false,
        })
    }
}

/// Published events with an occurrence in the period (default: upcoming), filtered.
#[utoipa::path(
    get, path = "/api/v1/events", tag = "agenda",
    params(ListQuery),
    responses(
        (status = 200, description = "Les événements", body = [EventOut]),
        (status = 422, description = "Filtre invalide", body = crate::error::ApiErrorBody),
    )
)]
pub async fn list_events(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Vec<EventOut>>> {
    let filter = q
        .filter(state.clock.now_ms())
        .map_err(|e| ApiError(e, ctx.lang))?;
    let items = repo::agenda(&state.db, &filter).await?;
    // One entry per event (the agenda lists occurrences), images in one query.
    let mut seen = std::collections::HashSet::new();
    let events: Vec<Event> = items
        .into_iter()
        .filter(|i| seen.insert(i.event.id))
        .map(|i| i.event)
        .collect();
    // Occurrences, seats, images and locations of the whole list: a few statements, whatever
    // its length (`scale::main_pages_run_as_many_statements_with_ten_times_the_data`).
    let ids: Vec<i64> = events.iter().map(|e| e.id.get()).collect();
    let event_ids: Vec<EventId> = events.iter().map(|e| e.id).collect();
    let mut images = crate::media::of_many(&state.db, service::IMAGE_KIND, &ids).await?;
    let mut occs = repo::occurrences_of_many(&state.db, &event_ids).await?;
    let counts = repo::counts_of_events(&state.db, &event_ids).await?;
    let locations = service::location_labels(&state, &events).await?;
    let mut out = Vec::with_capacity(events.len());
    for (ev, location) in events.into_iter().zip(locations) {
        let image = images.remove(&ev.id.get()).and_then(|mut v| v.pop());
        let o = occs.remove(&ev.id).unwrap_or_default();
        let c = counts.get(&ev.id).map(Vec::as_slice).unwrap_or(&[]);
        out.push(event_out_of(&state, ev, o, c, image, location));
    }
    Ok(Json(out))
}

/// One event with its occurrences and their seats.
#[utoipa::path(
    get, path = "/api/v1/events/{id}", tag = "agenda",
    params(("id" = i64, Path, description = "Identifiant de l'événement")),
    responses(
        (status = 200, description = "L'événement", body = EventOut),
        (status = 404, description = "Inconnu", body = crate::error::ApiErrorBody),
    )
)]
pub async fn get_event(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<EventId>,
) -> ApiResult<Json<EventOut>> {
    let ev = service::visible_event(&state, ctx.user.as_ref(), id).await?;
    Ok(Json(event_out(&state, ev, None).await?))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct RegisterIn {
    /// The occurrence of a recurring event; default: the next one.
    #[serde(default)]
    pub occurrence_id: Option<i64>,
    /// People coming with you, counted against the capacity (0 to 20).
    #[serde(default)]
    pub guests: Option<i32>,
    /// Answers to the event's questions, in order.
    #[serde(default)]
    pub answers: Option<Vec<String>>,
}

#[derive(Serialize, ToSchema)]
pub struct RegistrationOut {
    pub id: RegistrationId,
    /// `confirmed`, `waitlisted`, `pending`, `cancelled` or `refused`.
    pub status: RegStatus,
    pub event_id: EventId,
    pub occurrence_id: i64,
    pub user_id: UserId,
    pub guests: i32,
    /// Place in the waiting list (1 = next to be confirmed), when waitlisted.
    pub position: Option<i64>,
    /// RFC 3339.
    pub created_at: String,
}

/// The registration as the API shows it, with its place in the waiting list.
pub async fn registration_out(
    state: &AppState,
    r: Registration,
) -> Result<RegistrationOut, AppError> {
    let position = if r.status == RegStatus::Waitlisted {
        Some(repo::waitlist_position(&state.db, &r).await?)
    } else {
        None
    };
    Ok(RegistrationOut {
        id: r.id,
        status: r.status,
        event_id: r.event_id,
        occurrence_id: r.occurrence_id,
        user_id: r.user_id,
        guests: r.guests,
        position,
        created_at: crate::clock::rfc3339(r.created_at),
    })
}

/// Registers the caller (body `{}`): `confirmed` while seats remain, else `waitlisted` in
/// arrival order; `pending` when the organizer approves registrations. Repeating the request
/// answers the existing registration (200) instead of registering twice.
#[utoipa::path(
    post, path = "/api/v1/events/{id}/registrations", tag = "agenda",
    params(("id" = i64, Path, description = "Identifiant de l'événement")),
    request_body = RegisterIn,
    responses(
        (status = 201, description = "Inscription enregistrée", body = RegistrationOut),
        (status = 200, description = "Déjà inscrit·e : l'inscription existante", body = RegistrationOut),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 404, description = "Événement inconnu", body = crate::error::ApiErrorBody),
        (status = 409, description = "Événement annulé, passé ou non publié", body = crate::error::ApiErrorBody),
        (status = 422, description = "Champs invalides", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn register(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<EventId>,
    raw: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<RegistrationOut>)> {
    let p = api_user(&ctx)?;
    // `{}` registers the caller; an empty body is taken as `{}`.
    let body: RegisterIn = if raw.iter().all(u8::is_ascii_whitespace) {
        RegisterIn::default()
    } else {
        serde_json::from_slice(&raw).map_err(|e| {
            ApiError(
                AppError::BadRequest(format!("corps JSON illisible : {e}")),
                ctx.lang,
            )
        })?
    };
    let ev = service::visible_event(&state, Some(p), id).await?;
    let out = service::register(
        &state,
        p,
        &ev,
        body.occurrence_id,
        body.guests.unwrap_or(0),
        &body.answers.unwrap_or_default(),
    )
    .await
    .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((
        if out.created {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        },
        Json(registration_out(&state, out.registration).await?),
    ))
}

/// Cancels a registration (its holder or the event's organizer); the next waitlisted people
/// who fit are confirmed and emailed.
#[utoipa::path(
    delete, path = "/api/v1/registrations/{id}", tag = "agenda",
    params(("id" = i64, Path, description = "Identifiant de l'inscription")),
    responses(
        (status = 200, description = "Inscription annulée", body = RegistrationOut),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 404, description = "Inconnue ou hors de vos droits", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn cancel_registration(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<RegistrationId>,
) -> ApiResult<Json<RegistrationOut>> {
    let p = api_user(&ctx)?;
    let reg = repo::registration_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if reg.user_id != p.user.id {
        let ev = repo::event_by_id(&state.db, reg.event_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !service::can_organize(&state, Some(p), &ev).await {
            return Err(AppError::NotFound.into());
        }
    }
    let reg = service::cancel_registration(&state, id).await?;
    Ok(Json(registration_out(&state, reg).await?))
}

/// One registration (its holder or the event's organizer): its status and, when waiting, its
/// place in the waiting list.
#[utoipa::path(
    get, path = "/api/v1/registrations/{id}", tag = "agenda",
    params(("id" = i64, Path, description = "Identifiant de l'inscription")),
    responses(
        (status = 200, description = "L'inscription", body = RegistrationOut),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 404, description = "Inconnue ou hors de vos droits", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn get_registration(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<RegistrationId>,
) -> ApiResult<Json<RegistrationOut>> {
    let p = api_user(&ctx)?;
    let reg = repo::registration_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if reg.user_id != p.user.id {
        let ev = repo::event_by_id(&state.db, reg.event_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !service::can_organize(&state, Some(p), &ev).await {
            return Err(AppError::NotFound.into());
        }
    }
    Ok(Json(registration_out(&state, reg).await?))
}

/// The registrations of an event, in arrival order: all of them for its organizer, the
/// caller's own for anyone else.
#[utoipa::path(
    get, path = "/api/v1/events/{id}/registrations", tag = "agenda",
    params(("id" = i64, Path, description = "Identifiant de l'événement")),
    responses(
        (status = 200, description = "Les inscriptions", body = [RegistrationOut]),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 404, description = "Événement inconnu", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_registrations(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<EventId>,
) -> ApiResult<Json<Vec<RegistrationOut>>> {
    let p = api_user(&ctx)?;
    let ev = service::visible_event(&state, Some(p), id).await?;
    let all = service::can_organize(&state, Some(p), &ev).await;
    let mut out = Vec::new();
    for a in repo::attendees(&state.db, ev.id).await? {
        if all || a.reg.user_id == p.user.id {
            out.push(registration_out(&state, a.reg).await?);
        }
    }
    Ok(Json(out))
}

/// The published events as an iCalendar feed (RFC 5545, one VEVENT per occurrence); accepts
/// the filters of `GET /api/v1/events`.
#[utoipa::path(
    get, path = "/api/v1/events.ics", tag = "agenda",
    params(ListQuery),
    responses(
        (status = 200, description = "Flux iCalendar", content_type = "text/calendar", body = String),
        (status = 422, description = "Filtre invalide", body = crate::error::ApiErrorBody),
    )
)]
pub async fn events_ics(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let filter = q
        .filter(state.clock.now_ms())
        .map_err(|e| ApiError(e, ctx.lang))?;
    let items = repo::agenda(&state.db, &filter).await?;
    let body = service::ics_for(&state, &service::pairs(items), "Maillage — agenda").await?;
    Ok(([(header::CONTENT_TYPE, crate::ical::CONTENT_TYPE)], body).into_response())
}

/// The routes of the agenda's API added after the first ones (merged by `api::routes`).
pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/api/v1/events/import", axum::routing::post(import_events))
        .route(
            "/api/v1/events/{id}/image",
            axum::routing::post(set_image).delete(delete_image).layer(
                axum::extract::DefaultBodyLimit::max(crate::media::MAX_PHOTO_BYTES + 64 * 1024),
            ),
        )
}

/// The event for its organizer; anyone else gets 404.
async fn organized_event(
    state: &AppState,
    p: &crate::auth::Principal,
    id: EventId,
) -> Result<Event, AppError> {
    let ev = service::visible_event(state, Some(p), id).await?;
    if !service::can_organize(state, Some(p), &ev).await {
        return Err(AppError::NotFound);
    }
    Ok(ev)
}

/// Sets or replaces the event's image (its organizers): multipart fields `file` (PNG, JPEG or
/// WebP, 10 MiB at most) and `alt` (the text alternative, required). Stored resized (1600 px)
/// with a 480 px thumbnail, as JPEG without metadata; the previous image is removed.
#[utoipa::path(
    post, path = "/api/v1/events/{id}/image", tag = "agenda", operation_id = "set_event_image",
    params(("id" = i64, Path, description = "Identifiant de l'événement")),
    request_body(content_type = "multipart/form-data", description = "Champs `file` et `alt`"),
    responses(
        (status = 201, description = "Image enregistrée", body = crate::media::PhotoOut),
        (status = 400, description = "Corps illisible", body = crate::error::ApiErrorBody),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 404, description = "Événement inconnu ou hors de vos droits", body = crate::error::ApiErrorBody),
        (status = 422, description = "Pas une image, trop grande, ou texte alternatif manquant", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn set_image(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<EventId>,
    mp: axum::extract::Multipart,
) -> ApiResult<(StatusCode, Json<crate::media::PhotoOut>)> {
    let p = api_user(&ctx)?;
    let ev = organized_event(&state, p, id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    let up = crate::form::read_upload(mp)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    if up.too_large {
        let mut e = FieldErrors::default();
        e.add("file", "photo-error-too-large");
        return Err(ApiError(AppError::Invalid(e), ctx.lang));
    }
    let photo = service::set_image(
        &state,
        &ev,
        up.file.as_ref().map(|(_, b)| b.as_slice()),
        up.get("alt"),
        Some(p.user.id),
    )
    .await
    .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::CREATED, Json((&photo).into())))
}

/// Removes the event's image (its organizers).
#[utoipa::path(
    delete, path = "/api/v1/events/{id}/image", tag = "agenda", operation_id = "delete_event_image",
    params(("id" = i64, Path, description = "Identifiant de l'événement")),
    responses(
        (status = 204, description = "Image supprimée"),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 404, description = "Événement inconnu, hors de vos droits, ou sans image", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn delete_image(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<EventId>,
) -> ApiResult<StatusCode> {
    let p = api_user(&ctx)?;
    let ev = organized_event(&state, p, id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    if !service::delete_image(&state, &ev).await? {
        return Err(ApiError(AppError::NotFound, ctx.lang));
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema, Default)]
pub struct ImportIn {
    /// Organizer: a place …
    #[serde(default)]
    pub place_id: Option<PlaceId>,
    /// … or a network.
    #[serde(default)]
    pub network_id: Option<NetworkId>,
    /// The iCalendar document itself …
    #[serde(default)]
    pub ics: Option<String>,
    /// … or its address (`http`/`https`; public addresses only, unless the instance sets
    /// `fetch_allow_private`; 15 s, 10 MB, 5 redirects at most).
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ImportOut {
    pub created: usize,
    pub updated: usize,
    /// "« title » : reason" for each event left out.
    pub skipped: Vec<String>,
}

/// Imports an iCalendar document (given, or downloaded from `url`) for a place or a network
/// the caller organizes for. Idempotent by UID: importing again updates the same events.
#[utoipa::path(
    post, path = "/api/v1/events/import", tag = "agenda", operation_id = "import_events",
    request_body = ImportIn,
    responses(
        (status = 200, description = "Import fait", body = ImportOut),
        (status = 400, description = "Corps illisible", body = crate::error::ApiErrorBody),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 403, description = "Pas organisateur pour ce lieu ou ce réseau", body = crate::error::ApiErrorBody),
        (status = 404, description = "Organisateur inconnu", body = crate::error::ApiErrorBody),
        (status = 422, description = "Organisateur ou document manquant, adresse refusée ou injoignable, contenu illisible", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn import_events(
    State(state): State<AppState>,
    ctx: Ctx,
    JsonIn(body): JsonIn<ImportIn>,
) -> ApiResult<Json<ImportOut>> {
    let p = api_user(&ctx)?;
    let lang = ctx.lang;
    let invalid = |field: &'static str, key: &'static str| {
        let mut f = FieldErrors::default();
        f.add(field, key);
        ApiError(AppError::Invalid(f), lang)
    };
    let org = match (body.place_id, body.network_id) {
        (Some(id), None) => super::import::Organizer::Place(id),
        (None, Some(id)) => super::import::Organizer::Network(id),
        _ => return Err(invalid("organizer", "event-error-organizer")),
    };
    // Rights first: nothing is downloaded for someone who may not import here.
    let (place_id, network_id) = match org {
        super::import::Organizer::Place(id) => {
            crate::tenancy::repo::place_by_id(&state.db, id)
                .await?
                .ok_or(ApiError(AppError::NotFound, lang))?;
            (Some(id), None)
        }
        super::import::Organizer::Network(id) => {
            crate::tenancy::repo::network_by_id(&state.db, id)
                .await?
                .ok_or(ApiError(AppError::NotFound, lang))?;
            (None, Some(id))
        }
    };
    let target = service::organizer_target(&state, network_id, place_id)
        .await
        .map_err(|e| ApiError(e, lang))?;
    crate::auth::policy::authorize(
        Some(p),
        crate::auth::policy::Action::OrganizeEvents,
        &target,
    )
    .map_err(|e| ApiError(e, lang))?;
    let ics = body.ics.unwrap_or_default();
    let url = body.url.unwrap_or_default();
    let raw = if !ics.trim().is_empty() {
        ics
    } else if !url.trim().is_empty() {
        super::import::fetch_ics(&state, &url)
            .await
            .map_err(|e| invalid("url", e.key()))?
    } else {
        return Err(invalid("ics", "field-required"));
    };
    let report = super::import::import_ics(&state, Some(p), org, &raw)
        .await
        .map_err(|e| ApiError(e, lang))?;
    Ok(Json(ImportOut {
        created: report.created,
        updated: report.updated,
        skipped: report.skipped,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_input_reads_the_lists() {
        let read = |json: &str| crate::form::decode_json::<EventInput>(json.as_bytes());
        let ok = read(
            r#"{"title":"A","starts_at":"","ends_at":"","kind":"visite","status":"draft",
                "location_kind":"hybrid","place_id":3,"space_id":4}"#,
        )
        .unwrap();
        assert_eq!(ok.kind, Some(EventKind::Visite));
        assert_eq!(ok.status, Some(EventStatus::Draft));
        assert_eq!(ok.location_kind, Some(LocationKind::Hybrid));
        assert_eq!(ok.place_id, Some(PlaceId(3)));
        assert_eq!(ok.space_id, Some(SpaceId(4)));
        // Empty, null or absent: the default (kind `autre`, the location guessed).
        for body in [
            r#"{"title":"A","starts_at":"","ends_at":"","kind":"","location_kind":""}"#,
            r#"{"title":"A","starts_at":"","ends_at":"","kind":null,"location_kind":null}"#,
            r#"{"title":"A","starts_at":"","ends_at":""}"#,
        ] {
            let input = read(body).unwrap();
            assert_eq!((input.kind, input.location_kind), (None, None), "{body}");
        }
        for (field, body) in [
            (
                "kind",
                r#"{"title":"A","starts_at":"","ends_at":"","kind":"bal"}"#,
            ),
            (
                "location_kind",
                r#"{"title":"A","starts_at":"","ends_at":"","location_kind":"lune"}"#,
            ),
            (
                "status",
                r#"{"title":"A","starts_at":"","ends_at":"","status":""}"#,
            ),
        ] {
            match read(body) {
                Err(AppError::Invalid(f)) => {
                    assert_eq!(f.get(field), Some("field-invalid-choice"), "{body}")
                }
                other => panic!("{body}: {other:?}"),
            }
        }
        // A kind of another type is a shape error, not a value outside the list.
        assert!(matches!(
            read(r#"{"title":"A","starts_at":"","ends_at":"","kind":3}"#),
            Err(AppError::BadRequest(_))
        ));
    }
}
