//! Public pages: the spaces of a place, a space's week (remaining seats per slot, one form per
//! slot, works without JavaScript), its iCalendar feed.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, NaiveDate, NaiveTime};
use serde::Deserialize;

use super::shared::{day_label, describe_hours, hm, iso_date, place_of};
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
    /// Over already: shown as past, whatever its seats.
    pub past: bool,
    /// The titles of the events held in the space then (they take their seats).
    pub events: Vec<String>,
    /// A booking may start here (free, not past, the lead time respected).
    pub startable: bool,
    /// The start chosen (the second step asks for the end).
    pub chosen: bool,
}

/// The second step of booking on the grid: the start chosen, the ends it may have (the free
/// slots that follow it without a gap, within the space's minimum and maximum length).
pub struct RangeView {
    pub start_ms: i64,
    pub label: String,
    /// `(end instant, « 11:00 (2 h) »)`.
    pub ends: Vec<(i64, String)>,
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
    /// The start chosen on the grid (UTC ms): the page then offers its ends.
    #[serde(default)]
    debut: Option<String>,
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
    /// The first day shown, `YYYY-MM-DD` (the grid's links keep it).
    week: String,
    range: Option<RangeView>,
    error: Option<String>,
    price_member: String,
    price_public: String,
    today: String,
    photos: Vec<crate::media::Photo>,
    /// The space's hours in words, from the application's clock (this week's exceptions).
    hours: Vec<String>,
}

pub(super) async fn space_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: SpaceId,
    week: Option<&str>,
    error: Option<(StatusCode, String)>,
) -> AppResult<Response> {
    space_view_from(state, ctx, headers, id, week, None, error).await
}

/// The space's page: seven days from `week` (default: today, or the next day with a slot
/// still to come), and with `start` the ends a booking from that slot may have.
pub(super) async fn space_view_from(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: SpaceId,
    week: Option<&str>,
    start: Option<i64>,
    error: Option<(StatusCode, String)>,
) -> AppResult<Response> {
    let space = active_space(state, id).await?;
    let place = place_of(state, space.place_id).await?;
    let target = place_target(state, place.id).await?;
    let manager = may_book_for_others(ctx.user.as_ref(), &target).is_ok();
    let now = state.clock.now_ms();
    let today = paris_date(now);
    let asked = week
        .and_then(|w| NaiveDate::parse_from_str(w, "%Y-%m-%d").ok())
        .or_else(|| start.map(paris_date));
    // Seven days from the day asked for; by default from today, or from the next day that
    // still has a slot to come (on a Saturday evening the page shows Monday first). Two weeks
    // are read so that the first of them may be skipped.
    let from_day = asked.unwrap_or(today);
    let from = paris_to_ms(from_day.and_time(NaiveTime::MIN)).unwrap_or(now);
    let span = if asked.is_some() { 7 } else { 14 };
    let to = paris_to_ms((from_day + Duration::days(span)).and_time(NaiveTime::MIN)).unwrap_or(now);
    let slots = service::availability(state, &space, from, to).await?;
    let first_day = match asked {
        Some(d) => d,
        None => slots
            .iter()
            .find(|s| s.end_ms > now)
            .map(|s| paris_date(s.start_ms))
            .filter(|d| *d < today + Duration::days(7))
            .unwrap_or(today),
    };
    let lead = now + space.lead_time_minutes as i64 * 60_000;
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
                    past: s.end_ms <= now,
                    events: s.events.clone(),
                    startable: s.remaining > 0 && s.start_ms >= lead,
                    chosen: Some(s.start_ms) == start,
                })
                .collect(),
        });
    }
    let range = start.and_then(|st| range_view(&space, &days, st));
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
            week: iso_date(first_day),
            signed_in: ctx.user.is_some(),
            manager,
            range,
            error,
            price_member: crate::money::format_eur(space.price_member_cents),
            price_public: crate::money::format_eur(space.price_public_cents),
            today: iso_date(today),
            hours: describe_hours(&space.opening_hours, ctx.lang, state.clock.now()),
            photos: crate::media::of(&state.db, crate::media::PhotoOwner::Space, space.id.get())
                .await?,
            c,
            place,
            space,
            days,
        },
    )
}

/// The ends a booking from `start` may have: the slots that follow it on the same day
/// without a gap and with a seat free, from the space's minimum length to its maximum.
fn range_view(space: &Space, days: &[DayView], start: i64) -> Option<RangeView> {
    let day = days
        .iter()
        .find(|d| d.slots.iter().any(|s| s.start_ms == start))?;
    let first = day.slots.iter().position(|s| s.start_ms == start)?;
    let mut ends = Vec::new();
    let mut prev_end = start;
    for (n, s) in day.slots[first..].iter().enumerate() {
        if s.start_ms != prev_end || !s.startable || n as i32 >= space.max_units {
            break;
        }
        prev_end = s.end_ms;
        if n as i32 + 1 >= space.min_units {
            let minutes = (s.end_ms - start) / 60_000;
            let length = if minutes % 60 == 0 {
                format!("{} h", minutes / 60)
            } else {
                format!("{} h {:02}", minutes / 60, minutes % 60)
            };
            ends.push((s.end_ms, format!("{} ({length})", hm(s.end_ms))));
        }
    }
    if ends.is_empty() {
        return None;
    }
    Some(RangeView {
        start_ms: start,
        label: format!("{} {}", day.label, hm(start)),
        ends,
    })
}

pub(super) async fn space_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<SpaceId>,
    Query(q): Query<WeekQuery>,
) -> AppResult<Response> {
    let start = q.debut.as_deref().and_then(|d| d.trim().parse().ok());
    space_view_from(
        &state,
        &ctx,
        &headers,
        id,
        q.semaine.as_deref(),
        start,
        None,
    )
    .await
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
