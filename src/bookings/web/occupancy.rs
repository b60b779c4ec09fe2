//! Managers: a place's occupancy over a month — a heat grid of weekdays × hours (the share of
//! the seats booked while open), a line over the month's weeks, the table per space and its
//! CSV. The charts are SVG drawn on the server (`crate::chart`) with their text alternatives:
//! a title and description, and the same figures in tables.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use serde::Deserialize;

use super::shared::manage_place;
use crate::auth::Ctx;
use crate::bookings::model::seat_minutes;
use crate::bookings::repo;
use crate::bookings::service::{self, paris_date, paris_to_ms, week_start};
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::ids::PlaceId;
use crate::state::AppState;
use crate::tenancy::model::Place;
use crate::web::{render, Chrome};

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

fn month_periods(lang: Lang, month: NaiveDate) -> (Period, Vec<Period>) {
    let next = if month.month() == 12 {
        NaiveDate::from_ymd_opt(month.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(month.year(), month.month() + 1, 1)
    }
    .unwrap_or(month);
    let ms = |d: NaiveDate| paris_to_ms(d.and_time(NaiveTime::MIN)).unwrap_or(0);
    let whole = Period {
        label: crate::dates::month_year(lang, month),
        from: ms(month),
        to: ms(next),
    };
    let mut weeks = Vec::new();
    let mut w = week_start(month);
    while w < next {
        let day = format!("{} {}", w.day(), crate::dates::month_name(lang, w.month()));
        weeks.push(Period {
            label: lang.ta("charts-week-of", &[("day", day.as_str())]),
            from: ms(w),
            to: ms(w + Duration::days(7)),
        });
        w += Duration::days(7);
    }
    (whole, weeks)
}

/// Booked and open seat-minutes per weekday (Monday first) and hour of the day, over the
/// month, all spaces together.
type Grid = [[(i64, i64); 24]; 7];

/// A month's occupancy: the rows per space and period, the heat grid, the place's rate per
/// week (label, per mille).
struct Occupancy {
    rows: Vec<OccRow>,
    grid: Grid,
    weeks: Vec<(String, i64)>,
}

fn permille(booked: i64, open: i64) -> i64 {
    if open > 0 {
        booked * 1000 / open
    } else {
        0
    }
}

fn hours_text(seat_min: i64) -> String {
    format!("{:.1}", seat_min as f64 / 60.0).replace('.', ",")
}

async fn occupancy_of_month(
    state: &AppState,
    lang: Lang,
    place_id: PlaceId,
    month: NaiveDate,
) -> AppResult<Occupancy> {
    let (whole, weeks) = month_periods(lang, month);
    let mut rows = Vec::new();
    let mut grid: Grid = [[(0, 0); 24]; 7];
    let mut week_sums = vec![(0i64, 0i64); weeks.len()];
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
            if i > 0 {
                week_sums[i - 1].0 += booked;
                week_sums[i - 1].1 += open;
            }
            let permille = permille(booked, open);
            rows.push(OccRow {
                space: space.name.clone(),
                period: p.label.clone(),
                booked_hours: hours_text(booked),
                open_hours: hours_text(open),
                permille,
                percent: format!("{},{} %", permille / 10, permille % 10),
                bar: (permille / 50) * 5,
            });
        }
        add_to_grid(
            &mut grid,
            &service::open_intervals(&space, whole.from, whole.to),
            space.capacity,
            &held,
            month,
        );
    }
    Ok(Occupancy {
        rows,
        grid,
        weeks: weeks
            .into_iter()
            .zip(week_sums)
            .map(|(w, (b, o))| (w.label, permille(b, o)))
            .collect(),
    })
}

/// Adds one space's seat-minutes of the month, hour by hour (Paris time), to the grid.
fn add_to_grid(
    grid: &mut Grid,
    open: &[(i64, i64)],
    capacity: i32,
    held: &[(i64, i64, i32)],
    month: NaiveDate,
) {
    let mut day = month;
    while day.month() == month.month() {
        let wd = day.weekday().num_days_from_monday() as usize;
        for (h, cell) in grid[wd].iter_mut().enumerate() {
            let at = |d: NaiveDate, h: u32| {
                NaiveTime::from_hms_opt(h, 0, 0).and_then(|t| paris_to_ms(d.and_time(t)))
            };
            let end = if h == 23 {
                day.succ_opt().and_then(|d| at(d, 0))
            } else {
                at(day, h as u32 + 1)
            };
            let (Some(a), Some(b)) = (at(day, h as u32), end) else {
                continue;
            };
            let clipped: Vec<(i64, i64)> = open
                .iter()
                .map(|(s, e)| ((*s).max(a), (*e).min(b)))
                .filter(|(s, e)| s < e)
                .collect();
            if clipped.is_empty() {
                continue;
            }
            let (booked, open_min) = seat_minutes(&clipped, capacity, held);
            cell.0 += booked;
            cell.1 += open_min;
        }
        match day.succ_opt() {
            Some(d) => day = d,
            None => break,
        }
    }
}

/// The grid's hours worth showing: from the first to the last hour open on some day.
fn open_hours(grid: &Grid) -> std::ops::Range<usize> {
    let open = |h: usize| grid.iter().any(|d| d[h].1 > 0);
    match ((0..24).find(|h| open(*h)), (0..24).rev().find(|h| open(*h))) {
        (Some(a), Some(b)) => a..b + 1,
        _ => 0..0,
    }
}

/// One line of the heat grid's table: the weekday and its cells ("50 %" or "fermé").
pub struct GridRow {
    pub day: String,
    pub cells: Vec<String>,
}

/// The heat grid as an SVG and as table rows (the same figures), and the hours' labels.
fn heat_grid(lang: Lang, grid: &Grid) -> (String, Vec<String>, Vec<GridRow>) {
    let hours = open_hours(grid);
    if hours.is_empty() {
        return (String::new(), Vec::new(), Vec::new());
    }
    let cols: Vec<String> = hours
        .clone()
        .map(|h| match lang {
            Lang::Fr => format!("{h} h"),
            Lang::En => format!("{h}:00"),
        })
        .collect();
    let days: Vec<String> = (1..=7).map(|d| lang.t(&format!("weekday-{d}"))).collect();
    let cells: Vec<Vec<Option<f64>>> = grid
        .iter()
        .map(|d| {
            hours
                .clone()
                .map(|h| (d[h].1 > 0).then(|| d[h].0 as f64 / d[h].1 as f64))
                .collect()
        })
        .collect();
    let closed = lang.t("charts-closed");
    let svg = crate::chart::heat(
        "occupancy-heat",
        &lang.t("charts-heat-title"),
        &lang.t("charts-heat-desc"),
        &days,
        &cols,
        &cells,
        &closed,
    );
    let rows = days
        .into_iter()
        .zip(&cells)
        .map(|(day, cs)| GridRow {
            day,
            cells: cs
                .iter()
                .map(|c| match c {
                    Some(s) => format!("{}\u{a0}%", (s * 100.0).round() as i64),
                    None => closed.clone(),
                })
                .collect(),
        })
        .collect();
    (svg, cols, rows)
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
    /// `YYYY-MM`, for the links.
    month: String,
    /// The month in words.
    month_label: String,
    prev: String,
    next: String,
    heat: String,
    hours: Vec<String>,
    grid: Vec<GridRow>,
    weeks_chart: String,
    weeks: Vec<(String, String)>,
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
    let occ = occupancy_of_month(&state, ctx.lang, id, month).await?;
    let prev = (month - Duration::days(1)).format("%Y-%m").to_string();
    let next = (month + Duration::days(32)).format("%Y-%m").to_string();
    let lang = ctx.lang;
    let (heat, hours, grid) = heat_grid(lang, &occ.grid);
    let pct = |pm: i64| format!("{},{}\u{a0}%", pm / 10, pm % 10);
    let weeks_chart = if occ.weeks.is_empty() || occ.rows.is_empty() {
        String::new()
    } else {
        crate::chart::line(
            "occupancy-weeks",
            &lang.t("charts-weeks-title"),
            &lang.t("charts-weeks-desc"),
            &occ.weeks
                .iter()
                .map(|(l, pm)| (l.clone(), *pm as f64 / 10.0))
                .collect::<Vec<_>>(),
            &|v| format!("{}\u{a0}%", crate::chart::fr_number(v)),
        )
    };
    let mut c = Chrome::new(&ctx, &headers, "booking-occupancy-title");
    c.title = format!("{} · {}", c.title, place.name);
    render(&OccupancyTpl {
        c,
        place,
        rows: occ.rows,
        month: month.format("%Y-%m").to_string(),
        month_label: crate::dates::month_year(lang, month),
        prev,
        next,
        heat,
        hours,
        grid,
        weeks_chart,
        weeks: occ.weeks.into_iter().map(|(l, pm)| (l, pct(pm))).collect(),
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
    let rows = occupancy_of_month(&state, ctx.lang, id, month).await?.rows;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_counts_each_hour_of_each_weekday() {
        // December 2026: 1 December is a Tuesday. One space of 2 seats, open 9:00–12:00 on
        // Tuesday 1 December, one seat booked 10:00–11:00.
        let month = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let at = |h: u32| paris_to_ms(month.and_hms_opt(h, 0, 0).unwrap()).unwrap();
        let mut grid: Grid = [[(0, 0); 24]; 7];
        add_to_grid(
            &mut grid,
            &[(at(9), at(12))],
            2,
            &[(at(10), at(11), 1)],
            month,
        );
        assert_eq!(grid[1][9], (0, 120));
        assert_eq!(grid[1][10], (60, 120));
        assert_eq!(grid[1][12], (0, 0));
        assert_eq!(open_hours(&grid), 9..12);
        let (svg, cols, rows) = heat_grid(Lang::Fr, &grid);
        assert_eq!(cols, ["9 h", "10 h", "11 h"]);
        assert_eq!(rows[1].day, "mardi");
        assert_eq!(rows[1].cells, ["0\u{a0}%", "50\u{a0}%", "0\u{a0}%"]);
        assert_eq!(rows[0].cells[0], "fermé");
        assert!(svg.contains("<title>mardi 10 h : 50\u{a0}%</title>"));
    }
}
