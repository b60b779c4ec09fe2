//! An event's page (with its schema.org JSON-LD) and registering to it.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::events::model::{self, Event, EventStatus, LocationKind, Occurrence, RegStatus};
use crate::events::{repo, service};
use crate::form::Form;
use crate::ids::{EventId, RegistrationId};
use crate::state::AppState;
use crate::tenancy::model::Place;
use crate::tenancy::repo as tenancy;
use crate::web::{redirect, redirect_flash, render_status, Chrome};

#[derive(Template)]
#[template(path = "events/event.html")]
struct EventTpl {
    c: Chrome,
    ev: Event,
    description_html: String,
    kind_key: String,
    when: String,
    /// The rule of a recurring event, in words.
    repeats: String,
    organizer: Option<(String, String)>,
    location_place: Option<Place>,
    space: Option<crate::bookings::model::Space>,
    image: Option<crate::media::Photo>,
    occurrences: Vec<OccView>,
    mine: Vec<MineView>,
    can_organize: bool,
    signed_in: bool,
    questions: Vec<String>,
    price: String,
    json_ld: String,
    errors: FieldErrors,
    /// A visitor may register as a guest (name and email, no account).
    guest_open: bool,
    guest: GuestValues,
}

/// What a visitor typed in the guest form (shown again with its errors).
#[derive(Default)]
pub(super) struct GuestValues {
    pub name: String,
    pub email: String,
}

pub struct OccView {
    pub id: i64,
    pub when: String,
    pub seats_left: Option<i64>,
    pub cancelled: bool,
    pub past: bool,
}

pub struct MineView {
    pub id: RegistrationId,
    pub when: String,
    pub status: String,
}

async fn event_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: EventId,
    errors: FieldErrors,
) -> AppResult<Response> {
    event_view_with(state, ctx, headers, id, errors, GuestValues::default()).await
}

/// The event's page, with the guest form's values.
pub(super) async fn event_view_with(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: EventId,
    errors: FieldErrors,
    guest: GuestValues,
) -> AppResult<Response> {
    let ev = service::visible_event(state, ctx.user.as_ref(), id).await?;
    let now = state.clock.now_ms();
    let occs = repo::occurrences_of(&state.db, ev.id).await?;
    let counts = repo::counts_of_event(&state.db, ev.id).await?;
    let occurrences: Vec<OccView> = occs
        .iter()
        .map(|o| {
            let c = counts
                .iter()
                .find(|c| c.occurrence_id == o.id)
                .cloned()
                .unwrap_or_default();
            OccView {
                id: o.id,
                when: model::when(ctx.lang, o.starts_at, o.ends_at, ev.all_day),
                seats_left: ev
                    .capacity
                    .map(|cap| (i64::from(cap) - c.confirmed_seats).max(0)),
                cancelled: o.cancelled,
                past: o.ends_at < now,
            }
        })
        .collect();
    let mine = match &ctx.user {
        Some(p) => repo::registrations_of_user_to(&state.db, p.user.id, ev.id)
            .await?
            .into_iter()
            .map(|r| MineView {
                id: r.reg_id,
                when: model::when(ctx.lang, r.occ_starts_at, r.occ_ends_at, ev.all_day),
                status: format!("reg-status-{}", r.reg_status),
            })
            .collect(),
        None => Vec::new(),
    };
    let organizer = match (ev.place_id, ev.network_id) {
        (Some(p), _) => tenancy::place_by_id(&state.db, p)
            .await?
            .map(|p| (p.name, format!("/lieux/{}", p.slug))),
        (None, Some(n)) => tenancy::network_by_id(&state.db, n)
            .await?
            .map(|n| (n.name, format!("/reseaux/{}", n.slug))),
        _ => None,
    };
    // An event organized by a public project names the project (its public page).
    let organizer = match crate::events::service::project_of(state, ev.id).await? {
        Some(p) if p.public => Some((p.name, format!("/projets/{}", p.slug))),
        _ => organizer,
    };
    let location_place = match ev.location_place_id {
        Some(p) => tenancy::place_by_id(&state.db, p).await?,
        None => None,
    };
    let space = match ev.space_id {
        Some(s) => crate::bookings::service::space(&state.db, s).await?,
        None => None,
    };
    let image = service::image_of(state, ev.id).await?;
    let can_organize = service::can_organize(state, ctx.user.as_ref(), &ev).await;
    let first = occs
        .iter()
        .find(|o| o.ends_at >= now)
        .or(occs.first())
        .cloned();
    let when = first
        .as_ref()
        .map(|o| model::when(ctx.lang, o.starts_at, o.ends_at, ev.all_day))
        .unwrap_or_default();
    // A recurring event says its rule in words (« chaque premier jeudi du mois, 9:00–11:00 »).
    let repeats = ev
        .rrule
        .as_deref()
        .map(|r| {
            crate::recurrence::describe(
                r,
                model::utc_to_paris(ev.starts_at),
                (!ev.all_day).then(|| (ev.ends_at - ev.starts_at) / 60_000),
                ctx.lang,
            )
        })
        .unwrap_or_default();
    let json_ld = json_ld(
        state,
        &ev,
        first.as_ref(),
        organizer.as_ref(),
        location_place.as_ref(),
        space.as_ref(),
        image.as_ref(),
    );
    let price = match ev.price_cents {
        Some(c) if c > 0 => crate::money::format_eur(c),
        _ => ctx.lang.t("event-free"),
    };
    let guest_open = ctx.user.is_none() && service::guests::open_to_guests(state, &ev).await?;
    let mut c = Chrome::new(ctx, headers, "agenda-title");
    c.title = ev.title.clone();
    render_status(
        if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
        &EventTpl {
            c,
            description_html: ev.description.clone(),
            kind_key: format!("event-kind-{}", ev.kind),
            questions: ev.question_list(),
            when,
            repeats,
            organizer,
            location_place,
            space,
            image,
            occurrences,
            mine,
            can_organize,
            signed_in: ctx.user.is_some(),
            price,
            json_ld,
            errors,
            guest_open,
            guest,
            ev,
        },
    )
}

/// schema.org `Event` as JSON-LD; `<` is escaped so the data can never close the script.
fn json_ld(
    state: &AppState,
    ev: &Event,
    occ: Option<&Occurrence>,
    organizer: Option<&(String, String)>,
    place: Option<&Place>,
    space: Option<&crate::bookings::model::Space>,
    image: Option<&crate::media::Photo>,
) -> String {
    let (start, end) = occ
        .map(|o| (o.starts_at, o.ends_at))
        .unwrap_or((ev.starts_at, ev.ends_at));
    let fmt = |ms: i64| {
        if ev.all_day {
            model::utc_to_paris(ms).date().to_string()
        } else {
            crate::clock::from_ms(ms)
                .with_timezone(&chrono_tz::Europe::Paris)
                .to_rfc3339()
        }
    };
    let mode = match ev.location_kind {
        LocationKind::Online => "https://schema.org/OnlineEventAttendanceMode",
        LocationKind::Hybrid => "https://schema.org/MixedEventAttendanceMode",
        LocationKind::Place | LocationKind::Address => {
            "https://schema.org/OfflineEventAttendanceMode"
        }
    };
    let status = if ev.status == EventStatus::Cancelled {
        "https://schema.org/EventCancelled"
    } else {
        "https://schema.org/EventScheduled"
    };
    let mut locations = Vec::new();
    if let Some(p) = place {
        let name = match space {
            Some(s) => format!("{}, {}", s.name, p.name),
            None => p.name.clone(),
        };
        locations.push(serde_json::json!({"@type": "Place", "name": name, "address": p.city}));
    } else if !ev.address.is_empty() {
        locations
            .push(serde_json::json!({"@type": "Place", "name": ev.address, "address": ev.address}));
    }
    if !ev.online_url.is_empty() {
        locations.push(serde_json::json!({"@type": "VirtualLocation", "url": ev.online_url}));
    }
    let base = state.config.base_url.trim_end_matches('/');
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": ev.title,
        "description": crate::text::excerpt(&ev.description, 500),
        "startDate": fmt(start),
        "endDate": fmt(if ev.all_day { end - 1 } else { end }),
        "eventAttendanceMode": mode,
        "eventStatus": status,
        "url": format!("{base}/evenements/{}", ev.id),
        "location": locations,
        "isAccessibleForFree": ev.is_free(),
        "offers": {
            "@type": "Offer",
            "price": format!("{}.{:02}", ev.price_cents.unwrap_or(0) / 100, ev.price_cents.unwrap_or(0) % 100),
            "priceCurrency": "EUR",
            "url": format!("{base}/evenements/{}", ev.id),
        },
    });
    if let Some((name, path)) = organizer {
        v["organizer"] = serde_json::json!({"@type": "Organization", "name": name, "url": format!("{base}{path}")});
    }
    if let Some(cap) = ev.capacity {
        v["maximumAttendeeCapacity"] = serde_json::json!(cap);
    }
    if let Some(img) = image {
        v["image"] = serde_json::json!([format!("{base}{}", img.url())]);
    }
    serde_json::to_string(&v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

pub(super) async fn event_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<EventId>,
) -> AppResult<Response> {
    event_view(&state, &ctx, &headers, id, FieldErrors::default()).await
}

#[derive(Deserialize)]
pub(super) struct RegisterForm {
    #[serde(default)]
    occurrence_id: Option<i64>,
    #[serde(default)]
    guests: String,
    #[serde(default)]
    answer_0: String,
    #[serde(default)]
    answer_1: String,
    #[serde(default)]
    answer_2: String,
    #[serde(default)]
    answer_3: String,
    #[serde(default)]
    answer_4: String,
}

pub(super) async fn register(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<EventId>,
    Form(f): Form<RegisterForm>,
) -> AppResult<Response> {
    let Some(p) = ctx.user.as_ref() else {
        return Ok(redirect(&format!(
            "/connexion?next={}",
            urlencoding::encode(&format!("/evenements/{id}"))
        )));
    };
    let ev = service::visible_event(&state, Some(p), id).await?;
    let guests = if f.guests.trim().is_empty() {
        Ok(0)
    } else {
        f.guests.trim().parse::<i32>()
    };
    let Ok(guests) = guests else {
        let mut errors = FieldErrors::default();
        errors.add("guests", "event-error-guests");
        return event_view(&state, &ctx, &headers, id, errors).await;
    };
    let answers = vec![f.answer_0, f.answer_1, f.answer_2, f.answer_3, f.answer_4];
    match service::register(&state, p, &ev, f.occurrence_id, guests, &answers).await {
        Ok(out) => {
            let flash = match out.registration.status {
                RegStatus::Confirmed => "flash-registered",
                RegStatus::Waitlisted => "flash-waitlisted",
                _ => "flash-pending",
            };
            Ok(redirect_flash(&format!("/evenements/{id}"), flash))
        }
        Err(AppError::Invalid(errors)) => event_view(&state, &ctx, &headers, id, errors).await,
        Err(AppError::Conflict(_)) => {
            let mut errors = FieldErrors::default();
            errors.add("occurrence_id", "event-error-closed");
            event_view(&state, &ctx, &headers, id, errors).await
        }
        Err(e) => Err(e),
    }
}
