//! HTML pages: the spaces of a place, a space's week calendar (remaining seats per slot, one
//! form per slot, works without JavaScript), "mes réservations", and the managers' pages
//! (spaces, closures, qualifications, the place's printable calendar, approvals, occupancy).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::Deserialize;

use super::model::Closure;
use super::model::{Space, SpaceInput, ACCESS, EQUIPMENT_KINDS, MODES, SPACE_KINDS, UNITS};
use super::repo::{self, BookingRow, Qualified};
use super::service::{self, active_space, paris_date, paris_to_ms, week_start, BookRequest};
use crate::auth::policy::{authorize, may_book_for_others, Action};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::state::AppState;
use crate::tenancy::model::Place;
use crate::tenancy::repo as tenancy;
use crate::tenancy::service::place_target;
use crate::web::{redirect_flash, render, render_status, Chrome};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/lieux/{slug}/espaces", get(place_spaces))
        .route("/espaces/{id}", get(space_page))
        .route("/espaces/{id}/reserver", post(book))
        .route("/espaces/{id}/reserver-serie", post(book_series))
        .route("/espaces/{id}/calendrier.ics", get(feed))
        .route("/reservations", get(my_bookings))
        .route("/reservations/{id}/annuler", post(cancel))
        .route("/reservations/{id}/deplacer", post(reschedule))
        .route(
            "/admin/lieux/{id}/espaces",
            get(admin_spaces).post(admin_space_create),
        )
        .route(
            "/admin/espaces/{id}",
            get(admin_space).post(admin_space_update),
        )
        .route("/admin/espaces/{id}/archiver", post(admin_space_archive))
        .route(
            "/admin/espaces/{id}/photos",
            post(photo_add).layer(axum::extract::DefaultBodyLimit::max(
                crate::media::MAX_PHOTO_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/admin/espaces/{id}/photos/{pid}/supprimer",
            post(photo_delete),
        )
        .route("/admin/espaces/{id}/fermetures", post(closure_add))
        .route(
            "/admin/espaces/{id}/fermetures/{cid}/supprimer",
            post(closure_delete),
        )
        .route("/admin/espaces/{id}/habilitations", post(qualify))
        .route(
            "/admin/espaces/{id}/habilitations/{uid}/supprimer",
            post(unqualify),
        )
        .route("/admin/lieux/{id}/reservations", get(place_calendar))
        .route("/admin/reservations/{id}/approuver", post(approve))
        .route("/admin/reservations/{id}/refuser", post(refuse))
        .route("/admin/lieux/{id}/occupation", get(occupancy))
        .route("/admin/lieux/{id}/occupation.csv", get(occupancy_csv))
}

// ---- display helpers ----

/// The label of a stored value: `lbl(c, "space-kind-", "coworking")`.
pub fn lbl(c: &Chrome, prefix: &str, value: &str) -> String {
    c.t(&format!("{prefix}{value}"))
}

/// Opening hours in French sentences (or the raw OSM text if it no longer parses).
pub fn describe_hours(source: &str) -> Vec<String> {
    crate::hours::OpeningHours::parse(source)
        .map(|oh| oh.describe_fr())
        .unwrap_or_else(|_| vec![source.to_string()])
}

pub fn hm(ms: i64) -> String {
    crate::clock::from_ms(ms)
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%H:%M")
        .to_string()
}

fn iso_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// « lundi 30/11 »
fn day_label(c: &Chrome, d: NaiveDate) -> String {
    format!(
        "{} {}",
        c.t(&format!("weekday-{}", d.weekday().number_from_monday())),
        d.format("%d/%m/%Y")
    )
}

pub struct SlotView {
    pub start_ms: i64,
    pub end_ms: i64,
    pub label: String,
    pub remaining: i32,
    pub bookable: bool,
}

pub struct DayView {
    pub label: String,
    pub slots: Vec<SlotView>,
}

async fn place_of(state: &AppState, id: i64) -> AppResult<Place> {
    tenancy::place_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
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

async fn place_spaces(
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
struct WeekQuery {
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
    error: Option<String>,
    price_member: String,
    price_public: String,
    today: String,
    photos: Vec<crate::media::Photo>,
}

async fn space_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: i64,
    week: Option<&str>,
    error: Option<(StatusCode, String)>,
) -> AppResult<Response> {
    let space = active_space(state, id).await?;
    let place = place_of(state, space.place_id).await?;
    let target = place_target(state, place.id).await?;
    let manager = may_book_for_others(ctx.user.as_ref(), &target).is_ok();
    let now = state.clock.now_ms();
    let day = week
        .and_then(|w| NaiveDate::parse_from_str(w, "%Y-%m-%d").ok())
        .unwrap_or_else(|| paris_date(now));
    let monday = week_start(day);
    let from = paris_to_ms(monday.and_time(NaiveTime::MIN)).unwrap_or(now);
    let to = paris_to_ms((monday + Duration::days(7)).and_time(NaiveTime::MIN)).unwrap_or(now);
    let slots = service::availability(state, &space, from, to).await?;
    let mut c = Chrome::new(ctx, headers, "booking-space-title");
    c.title = space.name.clone();
    let mut days = Vec::new();
    for i in 0..7 {
        let d = monday + Duration::days(i);
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
        &monday.format("%d/%m/%Y").to_string(),
    );
    render_status(
        status,
        &SpaceTpl {
            week_label,
            prev_week: iso_date(monday - Duration::days(7)),
            next_week: iso_date(monday + Duration::days(7)),
            signed_in: ctx.user.is_some(),
            manager,
            error,
            price_member: crate::money::format_eur(space.price_member_cents),
            price_public: crate::money::format_eur(space.price_public_cents),
            today: iso_date(paris_date(now)),
            photos: crate::media::of(&state.db, "space", space.id).await?,
            c,
            place,
            space,
            days,
        },
    )
}

async fn space_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(q): Query<WeekQuery>,
) -> AppResult<Response> {
    space_view(&state, &ctx, &headers, id, q.semaine.as_deref(), None).await
}

#[derive(Deserialize)]
struct BookForm {
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
    /// Managers: book for this person.
    #[serde(default)]
    for_email: String,
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
        AppError::Conflict(code) => Ok((StatusCode::CONFLICT, c.t(super::api::conflict_key(code)))),
        AppError::Invalid(f) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            c.t(f.0.first().map(|(_, k)| *k).unwrap_or("error-invalid")),
        )),
        AppError::Forbidden => Ok((StatusCode::FORBIDDEN, c.t("booking-error-forbidden"))),
        e => Err(e),
    }
}

async fn resolve_for(state: &AppState, email: &str) -> AppResult<Option<i64>> {
    let email = email.trim();
    if email.is_empty() {
        return Ok(None);
    }
    let norm = crate::accounts::model::normalize_email(email).map_err(|_| {
        let mut e = FieldErrors::default();
        e.add("user", "booking-error-unknown-user");
        AppError::Invalid(e)
    })?;
    match crate::accounts::repo::user_by_email(&state.db, &norm).await? {
        Some(u) => Ok(Some(u.id)),
        None => {
            let mut e = FieldErrors::default();
            e.add("user", "booking-error-unknown-user");
            Err(AppError::Invalid(e))
        }
    }
}

async fn book(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
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
        let for_user = resolve_for(&state, &f.for_email).await?;
        let req = BookRequest {
            starts_at: s,
            ends_at: e,
            seats: f.seats.trim().parse().unwrap_or(1),
            for_user,
            series_id: None,
            note: String::new(),
        };
        service::book(&state, p, &space, &req, true).await
    }
    .await;
    match result {
        Ok(b) if b.status == "pending" => {
            Ok(redirect_flash("/reservations", "flash-booking-pending"))
        }
        Ok(_) if f.for_email.trim().is_empty() => {
            Ok(redirect_flash("/reservations", "flash-booking-confirmed"))
        }
        Ok(b) => Ok(redirect_flash(
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
struct SeriesForm {
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
    for_email: String,
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

async fn book_series(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
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
        let for_user = resolve_for(&state, &f.for_email).await?;
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
    }
    .await;
    match result {
        Ok(report) => {
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

/// The iCalendar feed of a space: busy intervals of the last 30 days and next year, no names.
async fn feed(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let space = active_space(&state, id).await?;
    let now = state.clock.now_ms();
    let rows = repo::bookings_of_space(
        &state.db,
        space.id,
        now - 30 * 86_400_000,
        now + 366 * 86_400_000,
    )
    .await?;
    let body = super::notify::feed(&state, &space, &rows, ctx.lang);
    Ok((
        [
            (header::CONTENT_TYPE, crate::ical::CONTENT_TYPE),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response())
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
}

async fn mine_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    error: Option<(StatusCode, String)>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let now = state.clock.now_ms();
    let rows = repo::bookings_of_user(&state.db, p.user.id, now).await?;
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
        },
    )
}

async fn my_bookings(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    mine_view(&state, &ctx, &headers, None).await
}

#[derive(Deserialize, Default)]
struct NextForm {
    #[serde(default)]
    next: Option<String>,
}

async fn cancel(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
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
            mine_view(&state, &ctx, &headers, Some(err)).await
        }
    }
}

#[derive(Deserialize)]
struct MoveForm {
    date: String,
    start: String,
    end: String,
}

async fn reschedule(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
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
            mine_view(&state, &ctx, &headers, Some(err)).await
        }
    }
}

// ---- managers: spaces ----

#[derive(Deserialize, Default)]
pub struct SpaceForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    capacity: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    min_units: String,
    #[serde(default)]
    max_units: String,
    #[serde(default)]
    opening_hours: String,
    #[serde(default)]
    lead_time_minutes: String,
    #[serde(default)]
    cancel_deadline_hours: String,
    #[serde(default)]
    access: String,
    #[serde(default)]
    requires_qualification: Option<String>,
    #[serde(default)]
    price_member: String,
    #[serde(default)]
    price_public: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    equipment: String,
}

impl SpaceForm {
    fn from_space(s: &Space) -> SpaceForm {
        SpaceForm {
            name: s.name.clone(),
            kind: s.kind.clone(),
            capacity: s.capacity.to_string(),
            mode: s.mode.clone(),
            unit: s.unit.clone(),
            min_units: s.min_units.to_string(),
            max_units: s.max_units.to_string(),
            opening_hours: s.opening_hours.clone(),
            lead_time_minutes: s.lead_time_minutes.to_string(),
            cancel_deadline_hours: s.cancel_deadline_hours.to_string(),
            access: s.access.clone(),
            requires_qualification: s.requires_qualification.then(|| "on".into()),
            price_member: super::model::cents_input(&s.price_member_cents),
            price_public: super::model::cents_input(&s.price_public_cents),
            description: s.description.clone(),
            equipment: s.equipment.clone(),
        }
    }

    fn qualification(&self) -> bool {
        self.requires_qualification.is_some()
    }

    fn parse(&self) -> Result<super::model::SpaceDraft, FieldErrors> {
        let mut e = FieldErrors::default();
        let int = |s: &str, field: &'static str, default: i32, e: &mut FieldErrors| -> i32 {
            let s = s.trim();
            if s.is_empty() {
                return default;
            }
            s.parse().unwrap_or_else(|_| {
                e.add(field, "booking-field-number");
                default
            })
        };
        let money = |s: &str, field: &'static str, e: &mut FieldErrors| -> i64 {
            let s = s.trim();
            if s.is_empty() {
                return 0;
            }
            crate::money::parse_eur(s).unwrap_or_else(|_| {
                e.add(field, "booking-field-price");
                0
            })
        };
        let input = SpaceInput {
            name: self.name.clone(),
            kind: self.kind.clone(),
            capacity: int(&self.capacity, "capacity", 0, &mut e),
            mode: self.mode.clone(),
            unit: self.unit.clone(),
            min_units: int(&self.min_units, "min_units", 1, &mut e),
            max_units: int(&self.max_units, "max_units", 8, &mut e),
            opening_hours: self.opening_hours.clone(),
            lead_time_minutes: int(&self.lead_time_minutes, "lead_time_minutes", 0, &mut e),
            cancel_deadline_hours: int(
                &self.cancel_deadline_hours,
                "cancel_deadline_hours",
                0,
                &mut e,
            ),
            access: self.access.clone(),
            requires_qualification: self.qualification(),
            price_member_cents: money(&self.price_member, "price_member_cents", &mut e),
            price_public_cents: money(&self.price_public, "price_public_cents", &mut e),
            description: self.description.clone(),
            equipment: self.equipment.clone(),
        };
        match input.validate() {
            Ok(d) if e.is_empty() => Ok(d),
            Ok(_) => Err(e),
            Err(more) => {
                for (f, k) in more.0 {
                    e.add(f, k);
                }
                Err(e)
            }
        }
    }
}

pub struct Choices {
    pub kinds: Vec<&'static str>,
    pub equipment_kinds: Vec<&'static str>,
    pub modes: Vec<&'static str>,
    pub units: Vec<&'static str>,
    pub access: Vec<&'static str>,
}

fn choices() -> Choices {
    Choices {
        kinds: SPACE_KINDS.to_vec(),
        equipment_kinds: EQUIPMENT_KINDS.to_vec(),
        modes: MODES.to_vec(),
        units: UNITS.to_vec(),
        access: ACCESS.to_vec(),
    }
}

#[derive(Template)]
#[template(path = "bookings/admin_spaces.html")]
struct AdminSpacesTpl {
    c: Chrome,
    place: Place,
    spaces: Vec<Space>,
    f: SpaceForm,
    errors: FieldErrors,
    ch: Choices,
    action: String,
}

async fn manage_place(state: &AppState, ctx: &Ctx, place_id: i64) -> AppResult<Place> {
    let target = place_target(state, place_id).await?;
    authorize(ctx.user.as_ref(), Action::ManagePlace, &target)?;
    place_of(state, place_id).await
}

async fn admin_spaces_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    place_id: i64,
    f: SpaceForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let place = manage_place(state, ctx, place_id).await?;
    let mut c = Chrome::new(ctx, headers, "booking-admin-spaces-title");
    c.title = format!("{} · {}", c.title, place.name);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &AdminSpacesTpl {
            c,
            spaces: repo::spaces_of_place(&state.db, place.id).await?,
            action: format!("/admin/lieux/{}/espaces", place.id),
            place,
            f,
            errors,
            ch: choices(),
        },
    )
}

async fn admin_spaces(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let f = SpaceForm {
        capacity: "1".into(),
        min_units: "1".into(),
        max_units: "8".into(),
        lead_time_minutes: "0".into(),
        cancel_deadline_hours: "24".into(),
        opening_hours: "Mo-Fr 09:00-18:00".into(),
        ..Default::default()
    };
    admin_spaces_view(&state, &ctx, &headers, id, f, FieldErrors::default()).await
}

async fn admin_space_create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<SpaceForm>,
) -> AppResult<Response> {
    manage_place(&state, &ctx, id).await?;
    match f.parse() {
        Ok(d) => {
            let s = repo::insert_space(&state.db, id, &d, state.clock.now_ms()).await?;
            Ok(redirect_flash(
                &format!("/admin/espaces/{}", s.id),
                "flash-space-created",
            ))
        }
        Err(errors) => admin_spaces_view(&state, &ctx, &headers, id, f, errors).await,
    }
}

#[derive(Template)]
#[template(path = "bookings/admin_space.html")]
struct AdminSpaceTpl {
    c: Chrome,
    place: Place,
    space: Space,
    f: SpaceForm,
    errors: FieldErrors,
    ch: Choices,
    action: String,
    closures: Vec<Closure>,
    qualified: Vec<Qualified>,
    error: Option<String>,
    photos: Vec<crate::media::Photo>,
}

async fn admin_space_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: i64,
    f: Option<SpaceForm>,
    errors: FieldErrors,
    error: Option<(StatusCode, String)>,
) -> AppResult<Response> {
    let space = active_space(state, id).await?;
    let place = manage_place(state, ctx, space.place_id).await?;
    let mut c = Chrome::new(ctx, headers, "booking-admin-space-title");
    c.title = format!("{} · {}", c.title, space.name);
    let (status, error) = match error {
        Some((s, e)) => (s, Some(e)),
        None if errors.is_empty() => (StatusCode::OK, None),
        None => (StatusCode::UNPROCESSABLE_ENTITY, None),
    };
    render_status(
        status,
        &AdminSpaceTpl {
            c,
            f: f.unwrap_or_else(|| SpaceForm::from_space(&space)),
            errors,
            ch: choices(),
            action: format!("/admin/espaces/{}", space.id),
            closures: repo::closures(&state.db, space.id).await?,
            qualified: repo::qualified_people(&state.db, space.id).await?,
            photos: crate::media::of(&state.db, "space", space.id).await?,
            place,
            space,
            error,
        },
    )
}

async fn admin_space(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    admin_space_view(
        &state,
        &ctx,
        &headers,
        id,
        None,
        FieldErrors::default(),
        None,
    )
    .await
}

async fn admin_space_update(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<SpaceForm>,
) -> AppResult<Response> {
    let space = active_space(&state, id).await?;
    manage_place(&state, &ctx, space.place_id).await?;
    match f.parse() {
        Ok(d) => match repo::update_space(&state.db, id, &d, state.clock.now_ms()).await {
            Ok(()) => Ok(redirect_flash(
                &format!("/admin/espaces/{id}"),
                "flash-saved",
            )),
            Err(AppError::Conflict(_)) => {
                let err = (
                    StatusCode::CONFLICT,
                    ctx.lang.t("booking-error-capacity-lowered"),
                );
                admin_space_view(
                    &state,
                    &ctx,
                    &headers,
                    id,
                    Some(f),
                    FieldErrors::default(),
                    Some(err),
                )
                .await
            }
            Err(e) => Err(e),
        },
        Err(errors) => admin_space_view(&state, &ctx, &headers, id, Some(f), errors, None).await,
    }
}

/// Adds a photo (managers): multipart `file` + `alt`; an error re-renders the page with it.
async fn photo_add(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    mp: axum::extract::Multipart,
) -> AppResult<Response> {
    let space = active_space(&state, id).await?;
    manage_place(&state, &ctx, space.place_id).await?;
    let up = crate::form::read_upload(mp).await?;
    let result = if up.too_large {
        let mut e = FieldErrors::default();
        e.add("file", "photo-error-too-large");
        Err(AppError::Invalid(e))
    } else {
        crate::media::add(
            &state.db,
            "space",
            id,
            up.file.as_ref().map(|(_, b)| b.as_slice()),
            up.get("alt"),
            ctx.user.as_ref().map(|p| p.user.id),
            state.clock.now_ms(),
        )
        .await
        .map(|_| ())
    };
    match result {
        Ok(()) => Ok(redirect_flash(
            &format!("/admin/espaces/{id}#photos"),
            "flash-photo-added",
        )),
        Err(AppError::Invalid(errors)) => {
            let message = errors
                .0
                .iter()
                .map(|(_, key)| ctx.lang.t(key))
                .collect::<Vec<_>>()
                .join(" ");
            admin_space_view(
                &state,
                &ctx,
                &headers,
                id,
                None,
                FieldErrors::default(),
                Some((StatusCode::UNPROCESSABLE_ENTITY, message)),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

async fn photo_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, pid)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let space = active_space(&state, id).await?;
    manage_place(&state, &ctx, space.place_id).await?;
    if !crate::media::delete(&state.db, "space", id, pid).await? {
        return Err(AppError::NotFound);
    }
    Ok(redirect_flash(
        &format!("/admin/espaces/{id}#photos"),
        "flash-photo-deleted",
    ))
}

async fn admin_space_archive(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let space = active_space(&state, id).await?;
    manage_place(&state, &ctx, space.place_id).await?;
    repo::archive_space(&state.db, id).await?;
    Ok(redirect_flash(
        &format!("/admin/lieux/{}/espaces", space.place_id),
        "flash-space-archived",
    ))
}

#[derive(Deserialize)]
struct ClosureForm {
    starts_on: String,
    ends_on: String,
    #[serde(default)]
    reason: String,
}

async fn closure_add(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<ClosureForm>,
) -> AppResult<Response> {
    let space = active_space(&state, id).await?;
    manage_place(&state, &ctx, space.place_id).await?;
    let s = NaiveDate::parse_from_str(f.starts_on.trim(), "%Y-%m-%d");
    let e = NaiveDate::parse_from_str(f.ends_on.trim(), "%Y-%m-%d");
    match (s, e) {
        (Ok(s), Ok(e)) if s <= e && f.reason.chars().count() <= 200 => {
            repo::add_closure(&state.db, id, &iso_date(s), &iso_date(e), f.reason.trim()).await?;
            Ok(redirect_flash(
                &format!("/admin/espaces/{id}"),
                "flash-saved",
            ))
        }
        _ => {
            let err = (
                StatusCode::UNPROCESSABLE_ENTITY,
                ctx.lang.t("booking-error-closure-form"),
            );
            admin_space_view(
                &state,
                &ctx,
                &headers,
                id,
                None,
                FieldErrors::default(),
                Some(err),
            )
            .await
        }
    }
}

async fn closure_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, cid)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let space = active_space(&state, id).await?;
    manage_place(&state, &ctx, space.place_id).await?;
    repo::delete_closure(&state.db, id, cid).await?;
    Ok(redirect_flash(
        &format!("/admin/espaces/{id}"),
        "flash-saved",
    ))
}

#[derive(Deserialize)]
struct QualifyForm {
    email: String,
}

async fn qualify(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<QualifyForm>,
) -> AppResult<Response> {
    let space = active_space(&state, id).await?;
    manage_place(&state, &ctx, space.place_id).await?;
    let p = ctx.require_user()?;
    match resolve_for(&state, &f.email).await {
        Ok(Some(uid)) => {
            repo::qualify(&state.db, id, uid, p.user.id, state.clock.now_ms()).await?;
            Ok(redirect_flash(
                &format!("/admin/espaces/{id}"),
                "flash-saved",
            ))
        }
        _ => {
            let err = (
                StatusCode::UNPROCESSABLE_ENTITY,
                ctx.lang.t("booking-error-unknown-user"),
            );
            admin_space_view(
                &state,
                &ctx,
                &headers,
                id,
                None,
                FieldErrors::default(),
                Some(err),
            )
            .await
        }
    }
}

async fn unqualify(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, uid)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let space = active_space(&state, id).await?;
    manage_place(&state, &ctx, space.place_id).await?;
    repo::unqualify(&state.db, id, uid).await?;
    Ok(redirect_flash(
        &format!("/admin/espaces/{id}"),
        "flash-saved",
    ))
}

// ---- managers: the place's calendar, approvals ----

#[derive(Deserialize, Default)]
struct CalendarQuery {
    #[serde(default)]
    jour: Option<String>,
    #[serde(default)]
    semaine: Option<String>,
}

pub struct CalRow {
    pub b: BookingRow,
    pub when: String,
}

pub struct CalDay {
    pub label: String,
    pub rows: Vec<CalRow>,
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

async fn place_calendar(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
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
    let rows = repo::bookings_of_place(&state.db, place.id, from, to).await?;
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
        });
    }
    let pending = repo::pending_of_place(&state.db, place.id)
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

async fn decide(state: &AppState, ctx: &Ctx, id: i64, approve: bool) -> AppResult<Response> {
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

async fn approve(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    decide(&state, &ctx, id, true).await
}

async fn refuse(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    decide(&state, &ctx, id, false).await
}

// ---- managers: occupancy ----

#[derive(Deserialize, Default)]
struct OccupancyQuery {
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
    place_id: i64,
    month: NaiveDate,
) -> AppResult<Vec<OccRow>> {
    let (whole, weeks) = month_periods(month);
    let mut rows = Vec::new();
    for space in repo::spaces_of_place(&state.db, place_id).await? {
        for (i, p) in std::iter::once(&whole).chain(weeks.iter()).enumerate() {
            let (booked, open) = service::occupancy(state, &space, p.from, p.to).await?;
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

async fn occupancy(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(q): Query<OccupancyQuery>,
) -> AppResult<Response> {
    let place = manage_place(&state, &ctx, id).await?;
    let month = parse_month(&q, state.clock.now_ms());
    let rows = occupancy_rows(&state, place.id, month).await?;
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
    // Neutralize spreadsheet formulas, quote always.
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

async fn occupancy_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<OccupancyQuery>,
) -> AppResult<Response> {
    let place = manage_place(&state, &ctx, id).await?;
    let month = parse_month(&q, state.clock.now_ms());
    let rows = occupancy_rows(&state, place.id, month).await?;
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
