//! Booking: one slot or a weekly series, and "mes réservations" (cancelling, moving).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::Deserialize;

use super::shared::{hm, iso_date};
use super::spaces::space_view;
use crate::auth::{Ctx, Principal};
use crate::bookings::members::{self, Candidate, Named};
use crate::bookings::model::{BookingStatus, Space};
use crate::bookings::repo::{self, BookingRow};
use crate::bookings::service::{self, active_space, paris_date, paris_to_ms, BookRequest};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::ids::{BookingId, SpaceId, UserId};
use crate::state::AppState;
use crate::web::paging::{pages, PageLink, PageQuery};
use crate::web::{redirect_flash, render, render_status, Chrome};

#[derive(Deserialize)]
pub(super) struct BookForm {
    /// From a slot's button.
    #[serde(default)]
    starts_ms: String,
    #[serde(default)]
    ends_ms: String,
    /// From the detailed form.
    #[serde(default)]
    date: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    #[serde(default)]
    seats: String,
    /// Managers: book for the member this text names (a name, a few letters, an address)…
    #[serde(default)]
    member: String,
    /// …or for this member, picked among the candidates of an ambiguous name…
    #[serde(default)]
    for_user: String,
    /// …or for the member with this address (older clients).
    #[serde(default)]
    for_email: String,
}

impl BookForm {
    /// The fields to send again once the member is picked.
    fn kept(&self) -> Vec<(&'static str, String)> {
        [
            ("starts_ms", &self.starts_ms),
            ("ends_ms", &self.ends_ms),
            ("date", &self.date),
            ("start", &self.start),
            ("end", &self.end),
            ("seats", &self.seats),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k, v.clone()))
        .collect()
    }
}

/// Whom a booking form is for: a member (or oneself), or the candidates of an ambiguous name.
enum Holder {
    For(Option<UserId>),
    Choose(Vec<Candidate>),
}

/// Reads the member fields of a booking form ([`members::resolve`], then the service's
/// [`service::holder_for`], which checks that the person is a member of the place).
async fn holder_of(
    state: &AppState,
    p: &Principal,
    space: &Space,
    picked: &str,
    member: &str,
    for_email: &str,
) -> AppResult<Holder> {
    let picked = picked.trim().parse().ok().map(UserId);
    let (id, email) = match members::resolve(state, p, space, picked, member).await? {
        Named::Nobody => (None, for_email.to_string()),
        Named::One(id) => (Some(id), String::new()),
        Named::Email(e) => (None, e),
        Named::Unknown(_) => {
            let mut fe = FieldErrors::default();
            fe.add("member", "booking-error-member-unknown");
            return Err(AppError::Invalid(fe));
        }
        Named::Several(c) => return Ok(Holder::Choose(c)),
    };
    Ok(Holder::For(
        service::holder_for(state, p, space, id, &email).await?,
    ))
}

#[derive(Template)]
#[template(path = "bookings/pick_member.html")]
struct PickTpl {
    c: Chrome,
    space: Space,
    action: String,
    typed: String,
    candidates: Vec<Candidate>,
    kept: Vec<(&'static str, String)>,
}

/// The page that asks which of the members an ambiguous name meant: the booking form again,
/// its fields kept, with one choice per candidate.
fn pick_page(
    ctx: &Ctx,
    headers: &HeaderMap,
    space: Space,
    action: String,
    typed: &str,
    candidates: Vec<Candidate>,
    kept: Vec<(&'static str, String)>,
) -> AppResult<Response> {
    let mut c = Chrome::new(ctx, headers, "booking-pick-member-title");
    c.title = format!("{} · {}", c.title, space.name);
    render(&PickTpl {
        c,
        action,
        typed: typed.trim().to_string(),
        candidates,
        kept,
        space,
    })
}

fn local(date: &str, time: &str) -> Option<NaiveDateTime> {
    let d = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
    let t = NaiveTime::parse_from_str(time.trim(), "%H:%M").ok()?;
    Some(d.and_time(t))
}

/// The interval of a form: the slot's instants, or date + start/end times (Paris).
fn form_interval(f: &BookForm) -> Option<(i64, i64)> {
    if let (Ok(s), Ok(e)) = (f.starts_ms.parse::<i64>(), f.ends_ms.parse::<i64>()) {
        return Some((s, e));
    }
    let s = paris_to_ms(local(&f.date, &f.start)?)?;
    let e = paris_to_ms(local(&f.date, &f.end)?)?;
    Some((s, e))
}

/// The error of a failed booking as (status, message), or the error itself when it is not a
/// booking rule (401, 403, 404, 500).
fn booking_failure(c: crate::i18n::Lang, e: AppError) -> Result<(StatusCode, String), AppError> {
    match e {
        AppError::Conflict(code) => Ok((
            StatusCode::CONFLICT,
            c.t(crate::bookings::api::conflict_key(code)),
        )),
        AppError::Taken(t) => Ok((StatusCode::CONFLICT, t.message(c))),
        AppError::Invalid(f) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            c.t(f.0.first().map(|(_, k)| *k).unwrap_or("error-invalid")),
        )),
        AppError::Forbidden => Ok((StatusCode::FORBIDDEN, c.t("booking-error-forbidden"))),
        e => Err(e),
    }
}

pub(super) async fn book(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<SpaceId>,
    Form(f): Form<BookForm>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let space = active_space(&state, id).await?;
    let week = form_interval(&f).map(|(s, _)| iso_date(paris_date(s)));
    let result = async {
        let (s, e) = form_interval(&f).ok_or_else(|| {
            let mut fe = FieldErrors::default();
            fe.add("starts_at", "booking-error-instant");
            AppError::Invalid(fe)
        })?;
        let for_user =
            match holder_of(&state, p, &space, &f.for_user, &f.member, &f.for_email).await? {
                Holder::For(u) => u,
                Holder::Choose(c) => return Ok(Err(c)),
            };
        let req = BookRequest {
            starts_at: s,
            ends_at: e,
            seats: f.seats.trim().parse().unwrap_or(1),
            for_user,
            series_id: None,
            note: String::new(),
        };
        service::book(&state, p, &space, &req, true).await.map(Ok)
    }
    .await;
    match result {
        Ok(Err(candidates)) => pick_page(
            &ctx,
            &headers,
            space,
            format!("/espaces/{id}/reserver"),
            &f.member,
            candidates,
            f.kept(),
        ),
        Ok(Ok(b)) if b.status == BookingStatus::Pending => {
            Ok(redirect_flash("/reservations", "flash-booking-pending"))
        }
        Ok(Ok(b)) if b.user_id == p.user.id => {
            Ok(redirect_flash("/reservations", "flash-booking-confirmed"))
        }
        Ok(Ok(b)) => Ok(redirect_flash(
            &format!(
                "/admin/lieux/{}/reservations?jour={}",
                space.place_id,
                iso_date(paris_date(b.starts_at))
            ),
            "flash-booking-confirmed",
        )),
        Err(e) => {
            let err = booking_failure(ctx.lang, e)?;
            space_view(&state, &ctx, &headers, id, week.as_deref(), Some(err)).await
        }
    }
}

#[derive(Deserialize)]
pub(super) struct SeriesForm {
    date: String,
    start: String,
    end: String,
    /// `weekly` or `monthly`.
    freq: String,
    #[serde(default)]
    until: String,
    #[serde(default)]
    count: String,
    #[serde(default)]
    seats: String,
    #[serde(default)]
    member: String,
    #[serde(default)]
    for_user: String,
    #[serde(default)]
    for_email: String,
}

impl SeriesForm {
    fn kept(&self) -> Vec<(&'static str, String)> {
        [
            ("date", &self.date),
            ("start", &self.start),
            ("end", &self.end),
            ("freq", &self.freq),
            ("until", &self.until),
            ("count", &self.count),
            ("seats", &self.seats),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k, v.clone()))
        .collect()
    }
}

#[derive(Template)]
#[template(path = "bookings/series_report.html")]
struct SeriesTpl {
    c: Chrome,
    space: Space,
    booked: Vec<(String, String)>,
    conflicts: Vec<(String, String)>,
}

const RRULE_DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// The RRULE of the recurring form: every week on the first date's weekday until a date, or
/// the n-th same weekday of each month for `count` months.
fn series_rrule(f: &SeriesForm, first: NaiveDate) -> Option<String> {
    let day = RRULE_DAYS[first.weekday().num_days_from_monday() as usize];
    match f.freq.as_str() {
        "weekly" => {
            let until = NaiveDate::parse_from_str(f.until.trim(), "%Y-%m-%d").ok()?;
            if until < first || until > first + Duration::days(366) {
                return None;
            }
            Some(format!(
                "FREQ=WEEKLY;BYDAY={day};UNTIL={}T235959Z",
                until.format("%Y%m%d")
            ))
        }
        "monthly" => {
            let count: u32 = f
                .count
                .trim()
                .parse()
                .ok()
                .filter(|c| (1..=24).contains(c))?;
            let nth = (first.day() - 1) / 7 + 1;
            Some(format!("FREQ=MONTHLY;BYDAY={nth}{day};COUNT={count}"))
        }
        _ => None,
    }
}

pub(super) async fn book_series(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<SpaceId>,
    Form(f): Form<SeriesForm>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let space = active_space(&state, id).await?;
    let parsed = (|| {
        let start = local(&f.date, &f.start)?;
        let end = local(&f.date, &f.end)?;
        let rrule = series_rrule(&f, start.date())?;
        Some((start, end, rrule))
    })();
    let Some((start, end, rrule)) = parsed else {
        let err = (
            StatusCode::UNPROCESSABLE_ENTITY,
            ctx.lang.t("booking-error-series-form"),
        );
        return space_view(&state, &ctx, &headers, id, Some(&f.date), Some(err)).await;
    };
    let result = async {
        let for_user =
            match holder_of(&state, p, &space, &f.for_user, &f.member, &f.for_email).await? {
                Holder::For(u) => u,
                Holder::Choose(c) => return Ok(Err(c)),
            };
        service::book_series(
            &state,
            p,
            &space,
            &service::SeriesRequest {
                rrule: &rrule,
                dtstart_local: start,
                duration_ms: (end - start).num_milliseconds(),
                seats: f.seats.trim().parse().unwrap_or(1),
                for_user,
                lang: ctx.lang,
            },
        )
        .await
        .map(Ok)
    }
    .await;
    match result {
        Ok(Err(candidates)) => pick_page(
            &ctx,
            &headers,
            space,
            format!("/espaces/{id}/reserver-serie"),
            &f.member,
            candidates,
            f.kept(),
        ),
        Ok(Ok(report)) => {
            let mut c = Chrome::new(&ctx, &headers, "booking-series-title");
            c.title = format!("{} · {}", c.title, space.name);
            render(&SeriesTpl {
                c,
                booked: report
                    .booked
                    .iter()
                    .map(|b| (crate::clock::paris_display(b.starts_at), hm(b.ends_at)))
                    .collect(),
                conflicts: report
                    .conflicts
                    .iter()
                    .map(|x| (crate::clock::paris_display(x.starts_ms), x.reason.clone()))
                    .collect(),
                space,
            })
        }
        Err(e) => {
            let err = booking_failure(ctx.lang, e)?;
            space_view(&state, &ctx, &headers, id, Some(&f.date), Some(err)).await
        }
    }
}

// ---- my bookings ----

pub struct MyRow {
    pub b: BookingRow,
    pub when: String,
    pub price: String,
    pub can_change: bool,
    pub date: String,
    pub start: String,
    pub end: String,
}

#[derive(Template)]
#[template(path = "bookings/mine.html")]
struct MineTpl {
    c: Chrome,
    rows: Vec<MyRow>,
    error: Option<String>,
    /// Every upcoming booking (the page shows [`MINE_PER_PAGE`]).
    total: i64,
    pages: Vec<PageLink>,
}

/// Bookings a page of "mes réservations" shows (a coworker booking every day has hundreds).
const MINE_PER_PAGE: i64 = 30;

async fn mine_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    page: &PageQuery,
    error: Option<(StatusCode, String)>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let now = state.clock.now_ms();
    let (limit, offset) = page.window(MINE_PER_PAGE);
    let total = repo::bookings_of_user_count(&state.db, p.user.id, now).await?;
    let rows = repo::bookings_of_user_page(&state.db, p.user.id, now, limit, offset).await?;
    let rows = rows
        .into_iter()
        .map(|b| MyRow {
            when: format!(
                "{} – {}",
                crate::clock::paris_display(b.starts_at),
                hm(b.ends_at)
            ),
            price: crate::money::format_eur(b.price_cents),
            can_change: now <= b.starts_at - b.cancel_deadline_hours as i64 * 3_600_000,
            date: iso_date(paris_date(b.starts_at)),
            start: hm(b.starts_at),
            end: hm(b.ends_at),
            b,
        })
        .collect();
    let (status, error) = match error {
        Some((s, e)) => (s, Some(e)),
        None => (StatusCode::OK, None),
    };
    render_status(
        status,
        &MineTpl {
            c: Chrome::new(ctx, headers, "booking-mine-title"),
            rows,
            error,
            total,
            pages: pages("", "/reservations", page.number(), total, MINE_PER_PAGE),
        },
    )
}

pub(super) async fn my_bookings(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(page): Query<PageQuery>,
) -> AppResult<Response> {
    mine_view(&state, &ctx, &headers, &page, None).await
}

#[derive(Deserialize, Default)]
pub(super) struct NextForm {
    #[serde(default)]
    next: Option<String>,
}

pub(super) async fn cancel(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<BookingId>,
    Form(f): Form<NextForm>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let next = match f.next.as_deref() {
        Some(n) => crate::web::safe_next(Some(n)),
        None => "/reservations".into(),
    };
    match service::cancel(&state, p, id).await {
        Ok(_) => Ok(redirect_flash(&next, "flash-booking-cancelled")),
        Err(e) => {
            let err = booking_failure(ctx.lang, e)?;
            mine_view(&state, &ctx, &headers, &PageQuery::default(), Some(err)).await
        }
    }
}

#[derive(Deserialize)]
pub(super) struct MoveForm {
    date: String,
    start: String,
    end: String,
}

pub(super) async fn reschedule(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<BookingId>,
    Form(f): Form<MoveForm>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let interval = (|| {
        Some((
            paris_to_ms(local(&f.date, &f.start)?)?,
            paris_to_ms(local(&f.date, &f.end)?)?,
        ))
    })();
    let result = match interval {
        Some((s, e)) => service::reschedule(&state, p, id, s, e).await,
        None => {
            let mut fe = FieldErrors::default();
            fe.add("starts_at", "booking-error-instant");
            Err(AppError::Invalid(fe))
        }
    };
    match result {
        Ok(_) => Ok(redirect_flash("/reservations", "flash-booking-moved")),
        Err(e) => {
            let err = booking_failure(ctx.lang, e)?;
            mine_view(&state, &ctx, &headers, &PageQuery::default(), Some(err)).await
        }
    }
}
