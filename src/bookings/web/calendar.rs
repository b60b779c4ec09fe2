//! Managers: the place's printable calendar, approving or refusing requests (the occupancy is
//! in `occupancy.rs`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{Duration, NaiveDate, NaiveTime};
use serde::Deserialize;

use super::shared::{day_label, hm, iso_date, manage_place};
use crate::auth::Ctx;
use crate::bookings::repo::{self, BookingRow};
use crate::bookings::service::{self, paris_date, paris_to_ms, week_start};
use crate::error::{AppError, AppResult};
use crate::ids::{BookingId, PlaceId};
use crate::state::AppState;
use crate::tenancy::model::Place;
use crate::web::{redirect_flash, render, Chrome};

// ---- managers: the place's calendar, approvals ----

#[derive(Deserialize, Default)]
pub(super) struct CalendarQuery {
    #[serde(default)]
    jour: Option<String>,
    #[serde(default)]
    semaine: Option<String>,
}

pub struct CalRow {
    pub b: BookingRow,
    pub when: String,
}

/// An event held in one of the place's spaces (it takes its seats).
pub struct CalEvent {
    pub h: repo::HoldRow,
    pub when: String,
}

pub struct CalDay {
    pub label: String,
    pub rows: Vec<CalRow>,
    pub events: Vec<CalEvent>,
}

#[derive(Template)]
#[template(path = "bookings/place_calendar.html")]
struct PlaceCalendarTpl {
    c: Chrome,
    place: Place,
    days: Vec<CalDay>,
    pending: Vec<CalRow>,
    /// "The 50 nearest of N", when there are more.
    pending_more: String,
    period: String,
    is_week: bool,
    prev: String,
    next: String,
    anchor: String,
}

/// Pending requests the calendar lists, the nearest first (with their total when there are
/// more: a busy place gathers hundreds).
const PENDING_SHOWN: i64 = 50;

pub(super) async fn place_calendar(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<PlaceId>,
    Query(q): Query<CalendarQuery>,
) -> AppResult<Response> {
    let place = manage_place(&state, &ctx, id).await?;
    let now = state.clock.now_ms();
    let parse = |s: &Option<String>| {
        s.as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    };
    let (first, days, is_week) = match (parse(&q.jour), parse(&q.semaine)) {
        (Some(d), _) => (d, 1, false),
        (None, Some(d)) => (week_start(d), 7, true),
        (None, None) => (week_start(paris_date(now)), 7, true),
    };
    let from = paris_to_ms(first.and_time(NaiveTime::MIN)).unwrap_or(now);
    let to = paris_to_ms((first + Duration::days(days)).and_time(NaiveTime::MIN)).unwrap_or(now);
    let rows = repo::bookings_of_place(&state.db, id, from, to).await?;
    let holds = repo::holds_of_place(&state.db, id, from, to).await?;
    let mut c = Chrome::new(&ctx, &headers, "booking-calendar-title");
    c.title = format!("{} · {}", c.title, place.name);
    let to_row = |b: BookingRow| CalRow {
        when: format!("{}–{}", hm(b.starts_at), hm(b.ends_at)),
        b,
    };
    let mut out = Vec::new();
    for i in 0..days {
        let d = first + Duration::days(i);
        out.push(CalDay {
            label: day_label(&c, d),
            rows: rows
                .iter()
                .filter(|b| paris_date(b.starts_at) == d)
                .cloned()
                .map(to_row)
                .collect(),
            events: holds
                .iter()
                .filter(|h| paris_date(h.starts_at) == d)
                .map(|h| CalEvent {
                    when: format!("{}–{}", hm(h.starts_at), hm(h.ends_at)),
                    h: h.clone(),
                })
                .collect(),
        });
    }
    let (pending, pending_total) = repo::pending_of_place(&state.db, id, PENDING_SHOWN).await?;
    let pending_more = if pending_total > pending.len() as i64 {
        c.lang.ta(
            "booking-pending-more",
            &[
                ("shown", &pending.len().to_string()),
                ("n", &pending_total.to_string()),
            ],
        )
    } else {
        String::new()
    };
    let pending = pending
        .into_iter()
        .map(|b| CalRow {
            when: format!(
                "{} – {}",
                crate::clock::paris_display(b.starts_at),
                hm(b.ends_at)
            ),
            b,
        })
        .collect();
    let period = if is_week {
        c.ta(
            "booking-week-of",
            "date",
            &first.format("%d/%m/%Y").to_string(),
        )
    } else {
        day_label(&c, first)
    };
    render(&PlaceCalendarTpl {
        c,
        days: out,
        pending,
        pending_more,
        period,
        is_week,
        prev: iso_date(first - Duration::days(days)),
        next: iso_date(first + Duration::days(days)),
        anchor: iso_date(first),
        place,
    })
}

async fn decide(state: &AppState, ctx: &Ctx, id: BookingId, approve: bool) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let b = service::decide(state, p, id, approve).await?;
    let space = repo::space_by_id(&state.db, b.space_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(redirect_flash(
        &format!("/admin/lieux/{}/reservations", space.place_id),
        if approve {
            "flash-booking-approved"
        } else {
            "flash-booking-refused"
        },
    ))
}

pub(super) async fn approve(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<BookingId>,
) -> AppResult<Response> {
    decide(&state, &ctx, id, true).await
}

pub(super) async fn refuse(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<BookingId>,
) -> AppResult<Response> {
    decide(&state, &ctx, id, false).await
}
