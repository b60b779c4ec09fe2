//! Managers: the place's printable calendar, approving or refusing requests, occupancy (page
//! and CSV).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
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
    period: String,
    is_week: bool,
    prev: String,
    next: String,
    anchor: String,
}

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
    let pending = repo::pending_of_place(&state.db, id)
        .await?
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

// ---- managers: occupancy ----

#[derive(Deserialize, Default)]
pub(super) struct OccupancyQuery {
    /// `YYYY-MM`: the month, and its weeks.
    #[serde(default)]
    mois: Option<String>,
}

pub struct OccRow {
    pub space: String,
    pub period: String,
    pub booked_hours: String,
    pub open_hours: String,
    /// Per mille, for the bar width class and the label.
    pub permille: i64,
    pub percent: String,
    pub bar: i64,
}

struct Period {
    label: String,
    from: i64,
    to: i64,
}

fn month_periods(month: NaiveDate) -> (Period, Vec<Period>) {
    let next = if month.month() == 12 {
        NaiveDate::from_ymd_opt(month.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(month.year(), month.month() + 1, 1)
    }
    .unwrap_or(month);
    let ms = |d: NaiveDate| paris_to_ms(d.and_time(NaiveTime::MIN)).unwrap_or(0);
    let whole = Period {
        label: month.format("%m/%Y").to_string(),
        from: ms(month),
        to: ms(next),
    };
    let mut weeks = Vec::new();
    let mut w = week_start(month);
    while w < next {
        weeks.push(Period {
            label: format!("{} {}", "S", w.iso_week().week()),
            from: ms(w),
            to: ms(w + Duration::days(7)),
        });
        w += Duration::days(7);
    }
    (whole, weeks)
}

async fn occupancy_rows(
    state: &AppState,
    place_id: PlaceId,
    month: NaiveDate,
) -> AppResult<Vec<OccRow>> {
    let (whole, weeks) = month_periods(month);
    let mut rows = Vec::new();
    let spaces = repo::spaces_of_place(&state.db, place_id).await?;
    // The month's bookings of every space in one statement (the weeks reach a little outside
    // the month), shared out per period in memory.
    let ids: Vec<_> = spaces.iter().map(|s| s.id).collect();
    let from = weeks.first().map_or(whole.from, |w| w.from.min(whole.from));
    let to = weeks.last().map_or(whole.to, |w| w.to.max(whole.to));
    let mut held = service::held_in_spaces(state, &ids, from, to).await?;
    for space in spaces {
        let held = held.remove(&space.id).unwrap_or_default();
        for (i, p) in std::iter::once(&whole).chain(weeks.iter()).enumerate() {
            let (booked, open) = service::occupancy_of(&space, &held, p.from, p.to);
            let permille = if open > 0 { booked * 1000 / open } else { 0 };
            rows.push(OccRow {
                space: space.name.clone(),
                period: if i == 0 {
                    p.label.clone()
                } else {
                    format!("{} ({})", p.label, whole.label)
                },
                booked_hours: format!("{:.1}", booked as f64 / 60.0).replace('.', ","),
                open_hours: format!("{:.1}", open as f64 / 60.0).replace('.', ","),
                permille,
                percent: format!("{},{} %", permille / 10, permille % 10),
                bar: (permille / 50) * 5,
            });
        }
    }
    Ok(rows)
}

fn parse_month(q: &OccupancyQuery, now: i64) -> NaiveDate {
    q.mois
        .as_deref()
        .and_then(|m| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok())
        .unwrap_or_else(|| {
            let d = paris_date(now);
            NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d)
        })
}

#[derive(Template)]
#[template(path = "bookings/occupancy.html")]
struct OccupancyTpl {
    c: Chrome,
    place: Place,
    rows: Vec<OccRow>,
    month: String,
    prev: String,
    next: String,
}

pub(super) async fn occupancy(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<PlaceId>,
    Query(q): Query<OccupancyQuery>,
) -> AppResult<Response> {
    let place = manage_place(&state, &ctx, id).await?;
    let month = parse_month(&q, state.clock.now_ms());
    let rows = occupancy_rows(&state, id, month).await?;
    let prev = (month - Duration::days(1)).format("%Y-%m").to_string();
    let next = (month + Duration::days(32)).format("%Y-%m").to_string();
    let mut c = Chrome::new(&ctx, &headers, "booking-occupancy-title");
    c.title = format!("{} · {}", c.title, place.name);
    render(&OccupancyTpl {
        c,
        place,
        rows,
        month: month.format("%Y-%m").to_string(),
        prev,
        next,
    })
}

fn csv_field(s: &str) -> String {
    // Neutralize spreadsheet formulas (`text::csv_cell`), quote always.
    let s = crate::text::csv_cell(s);
    format!("\"{}\"", s.replace('"', "\"\""))
}

pub(super) async fn occupancy_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<PlaceId>,
    Query(q): Query<OccupancyQuery>,
) -> AppResult<Response> {
    let place = manage_place(&state, &ctx, id).await?;
    let month = parse_month(&q, state.clock.now_ms());
    let rows = occupancy_rows(&state, id, month).await?;
    let mut out = String::from(
        "espace;periode;heures_places_reservees;heures_places_ouvertes;taux_pour_mille\r\n",
    );
    for r in rows {
        out.push_str(&format!(
            "{};{};{};{};{}\r\n",
            csv_field(&r.space),
            csv_field(&r.period),
            csv_field(&r.booked_hours),
            csv_field(&r.open_hours),
            r.permille
        ));
    }
    let disposition = format!(
        "attachment; filename=\"occupation-{}-{}.csv\"",
        place.slug,
        month.format("%Y-%m")
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        out,
    )
        .into_response())
}
