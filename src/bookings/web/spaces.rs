//! Public pages: the spaces of a place, a space's week (remaining seats per slot, one form per
//! slot, works without JavaScript), its iCalendar feed.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, NaiveDate, NaiveTime};
use serde::Deserialize;

use super::shared::{day_label, hm, iso_date, place_of};
use crate::auth::policy::{authorize, may_book_for_others, Action};
use crate::auth::Ctx;
use crate::bookings::model::Space;
use crate::bookings::repo;
use crate::bookings::service::{self, active_space, paris_date, paris_to_ms};
use crate::error::{AppError, AppResult};
use crate::ids::SpaceId;
use crate::state::AppState;
use crate::tenancy::model::Place;
use crate::tenancy::repo as tenancy;
use crate::tenancy::service::place_target;
use crate::web::{render, render_status, Chrome};

pub struct SlotView {
    pub start_ms: i64,
    pub end_ms: i64,
    pub label: String,
    pub remaining: i32,
    pub bookable: bool,
    /// Over already: shown as past, whatever its seats.
    pub past: bool,
    /// The titles of the events held in the space then (they take their seats).
    pub events: Vec<String>,
}

pub struct DayView {
    pub label: String,
    pub slots: Vec<SlotView>,
}

// ---- public: spaces of a place ----

#[derive(Template)]
#[template(path = "bookings/place_spaces.html")]
struct PlaceSpacesTpl {
    c: Chrome,
    place: Place,
    spaces: Vec<Space>,
    can_manage: bool,
}

pub(super) async fn place_spaces(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let place = tenancy::place_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let can_manage = authorize(
        ctx.user.as_ref(),
        Action::ManagePlace,
        &place_target(&state, place.id).await?,
    )
    .is_ok();
    let mut c = Chrome::new(&ctx, &headers, "booking-spaces-title");
    c.title = format!("{} · {}", c.title, place.name);
    render(&PlaceSpacesTpl {
        c,
        spaces: repo::spaces_of_place(&state.db, place.id).await?,
        place,
        can_manage,
    })
}

// ---- a space and its week ----

#[derive(Deserialize, Default)]
pub(super) struct WeekQuery {
    #[serde(default)]
    semaine: Option<String>,
}

#[derive(Template)]
#[template(path = "bookings/space.html")]
struct SpaceTpl {
    c: Chrome,
    place: Place,
    space: Space,
    days: Vec<DayView>,
    week_label: String,
    prev_week: String,
    next_week: String,
    signed_in: bool,
    manager: bool,
    /// The place's members and managers, whom a manager may book for.
    people: Vec<(crate::ids::UserId, String)>,
    error: Option<String>,
    price_member: String,
    price_public: String,
    today: String,
    photos: Vec<crate::media::Photo>,
}

pub(super) async fn space_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: SpaceId,
    week: Option<&str>,
    error: Option<(StatusCode, String)>,
) -> AppResult<Response> {
    let space = active_space(state, id).await?;
    let place = place_of(state, space.place_id).await?;
    let target = place_target(state, place.id).await?;
    let manager = may_book_for_others(ctx.user.as_ref(), &target).is_ok();
    let people = if manager {
        service::people_of_place(state, place.id).await?
    } else {
        Vec::new()
    };
    let now = state.clock.now_ms();
    // Seven days from today (or from the day asked for): on a Saturday the page shows the
    // coming week, not the days already gone.
    let first_day = week
        .and_then(|w| NaiveDate::parse_from_str(w, "%Y-%m-%d").ok())
        .unwrap_or_else(|| paris_date(now));
    let from = paris_to_ms(first_day.and_time(NaiveTime::MIN)).unwrap_or(now);
    let to = paris_to_ms((first_day + Duration::days(7)).and_time(NaiveTime::MIN)).unwrap_or(now);
    let slots = service::availability(state, &space, from, to).await?;
    let mut c = Chrome::new(ctx, headers, "booking-space-title");
    c.title = space.name.clone();
    let mut days = Vec::new();
    for i in 0..7 {
        let d = first_day + Duration::days(i);
        days.push(DayView {
            label: day_label(&c, d),
            slots: slots
                .iter()
                .filter(|s| paris_date(s.start_ms) == d)
                .map(|s| SlotView {
                    start_ms: s.start_ms,
                    end_ms: s.end_ms,
                    label: format!("{}–{}", hm(s.start_ms), hm(s.end_ms)),
                    remaining: s.remaining,
                    bookable: s.bookable,
                    past: s.end_ms <= now,
                    events: s.events.clone(),
                })
                .collect(),
        });
    }
    let (status, error) = match error {
        Some((s, e)) => (s, Some(e)),
        None => (StatusCode::OK, None),
    };
    let week_label = c.ta(
        "booking-week-of",
        "date",
        &first_day.format("%d/%m/%Y").to_string(),
    );
    render_status(
        status,
        &SpaceTpl {
            week_label,
            prev_week: iso_date(first_day - Duration::days(7)),
            next_week: iso_date(first_day + Duration::days(7)),
            signed_in: ctx.user.is_some(),
            manager,
            people,
            error,
            price_member: crate::money::format_eur(space.price_member_cents),
            price_public: crate::money::format_eur(space.price_public_cents),
            today: iso_date(paris_date(now)),
            photos: crate::media::of(&state.db, crate::media::PhotoOwner::Space, space.id.get())
                .await?,
            c,
            place,
            space,
            days,
        },
    )
}

pub(super) async fn space_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<SpaceId>,
    Query(q): Query<WeekQuery>,
) -> AppResult<Response> {
    space_view(&state, &ctx, &headers, id, q.semaine.as_deref(), None).await
}

/// The iCalendar feed of a space: busy intervals of the last 30 days and next year, no names.
pub(super) async fn feed(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<SpaceId>,
) -> AppResult<Response> {
    let space = active_space(&state, id).await?;
    let now = state.clock.now_ms();
    let rows = repo::bookings_of_space(
        &state.db,
        space.id,
        now - 30 * 86_400_000,
        now + 366 * 86_400_000,
    )
    .await?;
    let body = crate::bookings::notify::feed(&state, &space, &rows, ctx.lang);
    Ok((
        [
            (header::CONTENT_TYPE, crate::ical::CONTENT_TYPE),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response())
}
