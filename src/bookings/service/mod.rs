//! Booking use cases, shared by the HTML pages and the API: rights (through `auth::policy`),
//! the rules of the space (units, lead time, opening hours, closures), the price, the
//! serialized capacity check ([`repo::insert_checked`]) and the confirmation email with its
//! `.ics`.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Paris;

use super::model::{
    check_shape, max_load, price, Booking, BookingStatus, Closure, Space, SpaceMode,
};
use super::repo::{self, NewBooking};
use crate::accounts::repo as accounts;
use crate::auth::policy::{
    may_book, may_book_for_others, may_change_booking, BookingRight, Target,
};
use crate::auth::Principal;
use crate::clock::from_ms;
use crate::db::Db;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::{BookingId, PlaceId, SpaceId, UserId};
use crate::state::AppState;

/// The tenant of a space: its place and the place's networks.
pub async fn space_target(state: &AppState, space: &Space) -> AppResult<Target> {
    crate::tenancy::service::place_target(state, space.place_id).await
}

/// An active space, or 404.
pub async fn active_space(state: &AppState, id: SpaceId) -> AppResult<Space> {
    repo::space_by_id(&state.db, id)
        .await?
        .filter(|s| s.active)
        .ok_or(AppError::NotFound)
}

fn invalid(field: &'static str, key: &'static str) -> AppError {
    let mut e = FieldErrors::default();
    e.add(field, key);
    AppError::Invalid(e)
}

/// Europe/Paris wall-clock time → UTC milliseconds (the earlier instant in the autumn overlap,
/// the first valid instant after a spring gap).
pub fn paris_to_ms(local: NaiveDateTime) -> Option<i64> {
    match Paris.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => Some(t.timestamp_millis()),
        chrono::LocalResult::Ambiguous(a, _) => Some(a.timestamp_millis()),
        chrono::LocalResult::None => Paris
            .from_local_datetime(&(local + Duration::hours(1)))
            .earliest()
            .map(|t| t.timestamp_millis()),
    }
}

pub fn paris_date(ms: i64) -> NaiveDate {
    from_ms(ms).with_timezone(&Paris).date_naive()
}

/// Open intervals of a space within `[from, to)`, in ms: its own hours (none: 08:00–20:00
/// every day) within its place's, unless it may open beyond them ([`super::model::within_place`]).
pub fn open_intervals(space: &Space, from: i64, to: i64) -> Vec<(i64, i64)> {
    super::model::within_place(space, own_open_intervals(space, from, to), from, to)
}

fn own_open_intervals(space: &Space, from: i64, to: i64) -> Vec<(i64, i64)> {
    if !space.opening_hours.is_empty() {
        if let Ok(oh) = crate::hours::OpeningHours::parse(&space.opening_hours) {
            return oh
                .open_intervals(from_ms(from), from_ms(to))
                .into_iter()
                .map(|(a, b)| (a.timestamp_millis().max(from), b.timestamp_millis().min(to)))
                .filter(|(a, b)| a < b)
                .collect();
        }
    }
    let mut out = Vec::new();
    let mut day = paris_date(from);
    let last = paris_date(to);
    while day <= last {
        let a = paris_to_ms(day.and_time(NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default()));
        let b = paris_to_ms(day.and_time(NaiveTime::from_hms_opt(20, 0, 0).unwrap_or_default()));
        if let (Some(a), Some(b)) = (a, b) {
            let (a, b) = (a.max(from), b.min(to));
            if a < b {
                out.push((a, b));
            }
        }
        day = day.succ_opt().unwrap_or(day);
        if day == NaiveDate::MAX {
            break;
        }
    }
    out
}

/// Is `[s, e)` entirely within the opening hours and clear of closures? A message key if not.
pub fn check_open(space: &Space, closures: &[Closure], s: i64, e: i64) -> Result<(), &'static str> {
    let mut cursor = s;
    let mut ivs = open_intervals(space, s, e);
    ivs.sort();
    for (a, b) in ivs {
        if a <= cursor {
            cursor = cursor.max(b);
        }
    }
    if cursor < e {
        return Err("booking-error-closed");
    }
    let first = paris_date(s).format("%Y-%m-%d").to_string();
    let last = paris_date(e - 1).format("%Y-%m-%d").to_string();
    if closures
        .iter()
        .any(|c| c.starts_on.as_str() <= last.as_str() && c.ends_on.as_str() >= first.as_str())
    {
        return Err("booking-error-closure");
    }
    Ok(())
}

/// Is the person a member (or manager) of the place, for the member price?
async fn is_member(state: &AppState, user_id: UserId, target: &Target) -> AppResult<bool> {
    let Some(user) = accounts::user_by_id(&state.db, user_id).await? else {
        return Ok(false);
    };
    let p = Principal {
        roles: accounts::roles_of(&state.db, user_id).await?,
        user,
    };
    Ok(crate::auth::policy::authorize(
        Some(&p),
        crate::auth::policy::Action::ReadMembersArea,
        target,
    )
    .is_ok())
}

/// Whom a manager books for, found by the booking form's member field (`user_id`, see
/// [`super::members::resolve`]) or by email; `None` when neither is given (for oneself). The right to book for others is
/// checked first, so someone without it gets the same answer whatever address they type;
/// then the person must be a member of the place: an address without an account and an
/// account that is not a member get the same 422 (no account oracle).
pub async fn holder_for(
    state: &AppState,
    who: &Principal,
    space: &Space,
    user_id: Option<UserId>,
    email: &str,
) -> AppResult<Option<UserId>> {
    let email = email.trim();
    if user_id.is_none() && email.is_empty() {
        return Ok(None);
    }
    let target = space_target(state, space).await?;
    may_book_for_others(Some(who), &target)?;
    let user = match (user_id, crate::accounts::model::normalize_email(email)) {
        (Some(id), _) => accounts::user_by_id(&state.db, id).await?,
        (None, Ok(e)) => accounts::user_by_email(&state.db, &e).await?,
        (None, Err(_)) => None,
    };
    match user {
        Some(u) if is_member(state, u.id, &target).await? => Ok(Some(u.id)),
        _ => Err(invalid("user", "booking-error-not-member")),
    }
}

pub struct BookRequest {
    pub starts_at: i64,
    pub ends_at: i64,
    pub seats: i32,
    /// Book in someone else's name (managers only).
    pub for_user: Option<UserId>,
    pub series_id: Option<i64>,
    pub note: String,
}

/// What the rules of a space decide for a request — a new booking or a moved one, through
/// this one function: the status it gets, the seats it holds, its price, and whether the
/// holder's qualification must be re-read in the writing transaction.
struct Decision {
    status: BookingStatus,
    seats: i32,
    price_cents: i64,
    needs_qualification: bool,
}

/// Every rule of booking, for `holder` on `[starts_at, ends_at)` with `asked` seats: who may
/// book (access, approval, qualification; in someone else's name: the managers), the shape
/// (units, min and max units, lead time unless a manager books), opening hours and closures,
/// the price. Errors: 401/403/404 from the policy, 422 (field `starts_at`) for the space's rules.
async fn decide_request(
    state: &AppState,
    who: &Principal,
    space: &Space,
    holder: UserId,
    starts_at: i64,
    ends_at: i64,
    asked: i32,
) -> AppResult<Decision> {
    let target = space_target(state, space).await?;
    let manager = may_book_for_others(Some(who), &target).is_ok();
    let (right, needs_qualification) = if holder != who.user.id {
        may_book_for_others(Some(who), &target)?;
        if accounts::user_by_id(&state.db, holder).await?.is_none() {
            return Err(invalid("user", "booking-error-not-member"));
        }
        (BookingRight::Direct, false)
    } else {
        let qualified =
            space.requires_qualification && repo::is_qualified(&state.db, space.id, holder).await?;
        let right = may_book(
            Some(who),
            space.access.as_str(),
            space.requires_qualification,
            qualified,
            &target,
        )?;
        (right, space.requires_qualification && !manager)
    };
    let now = state.clock.now_ms();
    // Managers may book at short notice (the lead time is for self-service).
    let lead_now = if manager { i64::MIN / 2 } else { now };
    check_shape(space, starts_at, ends_at, asked, lead_now).map_err(|k| invalid("starts_at", k))?;
    let closures = repo::closures(&state.db, space.id).await?;
    check_open(space, &closures, starts_at, ends_at).map_err(|k| invalid("starts_at", k))?;
    let seats = space.seats_taken(asked);
    let member = is_member(state, holder, &target).await?;
    Ok(Decision {
        status: match right {
            BookingRight::Direct => BookingStatus::Confirmed,
            BookingRight::NeedsApproval => BookingStatus::Pending,
        },
        seats,
        price_cents: price(space, starts_at, ends_at, seats, member),
        needs_qualification,
    })
}

/// Books a space: every rule ([`decide_request`]), then the serialized capacity check.
/// Errors: 401/403/404 from the policy, 422 (field `starts_at`) for a request the space's rules
/// refuse, 409 when full.
pub async fn book(
    state: &AppState,
    who: &Principal,
    space: &Space,
    req: &BookRequest,
    notify: bool,
) -> AppResult<Booking> {
    let holder = req.for_user.unwrap_or(who.user.id);
    if holder != who.user.id {
        // A new booking in someone's name is for a member of the place only, as the page's
        // list: the right first, then an unknown account and an account that is no member get
        // the same answer (no oracle of accounts by id, and no stranger's name on the place's
        // bookings). Moving an existing booking keeps its holder.
        let target = space_target(state, space).await?;
        may_book_for_others(Some(who), &target)?;
        if !is_member(state, holder, &target).await? {
            return Err(invalid("user", "booking-error-not-member"));
        }
    }
    let d = decide_request(
        state,
        who,
        space,
        holder,
        req.starts_at,
        req.ends_at,
        req.seats,
    )
    .await?;
    let booking = repo::insert_checked(
        &state.db,
        &NewBooking {
            space_id: space.id,
            user_id: holder,
            booked_by: who.user.id,
            series_id: req.series_id,
            starts_at: req.starts_at,
            ends_at: req.ends_at,
            seats: d.seats,
            status: d.status,
            price_cents: d.price_cents,
            note: req.note.trim(),
            needs_qualification: d.needs_qualification,
            now: state.clock.now_ms(),
        },
    )
    .await?;
    if notify {
        super::notify::booked(state, space, &booking, booking.user_id == who.user.id).await?;
    }
    Ok(booking)
}

/// One occurrence of a recurring request that could not be booked.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Conflict {
    /// RFC 3339.
    pub starts_at: String,
    /// RFC 3339.
    pub ends_at: String,
    /// Why, in words.
    pub reason: String,
    #[serde(skip)]
    pub starts_ms: i64,
}

pub struct SeriesReport {
    pub booked: Vec<Booking>,
    pub conflicts: Vec<Conflict>,
}

/// Books every free occurrence of an RRULE (expanded in Europe/Paris, so 9:00 stays 9:00 across
/// the daylight-saving changes) and reports the others.
pub struct SeriesRequest<'a> {
    /// RFC 5545 RRULE, expanded in Europe/Paris.
    pub rrule: &'a str,
    /// The first occurrence's Paris wall-clock start.
    pub dtstart_local: NaiveDateTime,
    pub duration_ms: i64,
    pub seats: i32,
    pub for_user: Option<UserId>,
    pub lang: crate::i18n::Lang,
}

pub async fn book_series(
    state: &AppState,
    who: &Principal,
    space: &Space,
    r: &SeriesRequest<'_>,
) -> AppResult<SeriesReport> {
    let SeriesRequest {
        rrule,
        dtstart_local,
        duration_ms,
        seats,
        for_user,
        lang,
    } = *r;
    crate::recurrence::validate(rrule).map_err(|_| invalid("rrule", "booking-error-rrule"))?;
    let starts = crate::recurrence::expand(rrule, dtstart_local, &[], 200)
        .map_err(|_| invalid("rrule", "booking-error-rrule"))?;
    if starts.is_empty() {
        return Err(invalid("rrule", "booking-error-rrule"));
    }
    let holder = for_user.unwrap_or(who.user.id);
    let series =
        repo::insert_series(&state.db, space.id, holder, rrule, state.clock.now_ms()).await?;
    let mut report = SeriesReport {
        booked: Vec::new(),
        conflicts: Vec::new(),
    };
    for start in starts {
        let s = start.timestamp_millis();
        let req = BookRequest {
            starts_at: s,
            ends_at: s + duration_ms,
            seats,
            for_user,
            series_id: Some(series),
            note: String::new(),
        };
        match book(state, who, space, &req, false).await {
            Ok(b) => report.booked.push(b),
            Err(AppError::Conflict(_)) => {
                report
                    .conflicts
                    .push(conflict(s, s + duration_ms, lang.t("booking-error-full")))
            }
            Err(AppError::Taken(t)) => {
                report
                    .conflicts
                    .push(conflict(s, s + duration_ms, t.message(lang)))
            }
            Err(AppError::Invalid(f)) => {
                let key = f.0.first().map(|(_, k)| *k).unwrap_or("error-invalid");
                report
                    .conflicts
                    .push(conflict(s, s + duration_ms, lang.t(key)))
            }
            Err(e) => return Err(e),
        }
    }
    if !report.booked.is_empty() {
        super::notify::series_booked(state, space, &report.booked).await?;
    }
    Ok(report)
}

fn conflict(s: i64, e: i64, reason: String) -> Conflict {
    Conflict {
        starts_at: crate::clock::rfc3339(s),
        ends_at: crate::clock::rfc3339(e),
        reason,
        starts_ms: s,
    }
}

/// The booking and its space if `who` may change it (holder or manager), else 404/401.
pub async fn changeable(
    state: &AppState,
    who: Option<&Principal>,
    id: BookingId,
) -> AppResult<(Booking, Space, bool)> {
    let b = repo::booking_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let space = repo::space_by_id(&state.db, b.space_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let target = space_target(state, &space).await?;
    may_change_booking(who, b.user_id, &target)?;
    let manager = may_book_for_others(who, &target).is_ok();
    Ok((b, space, manager))
}

/// Is the cancellation deadline passed for a self-service change?
pub fn past_deadline(space: &Space, b: &Booking, now: i64) -> bool {
    now > b.starts_at - space.cancel_deadline_hours as i64 * 3_600_000
}

/// Cancels a booking: by its holder before the deadline, by a manager at any time.
pub async fn cancel(state: &AppState, who: &Principal, id: BookingId) -> AppResult<Booking> {
    let (b, space, manager) = changeable(state, Some(who), id).await?;
    let now = state.clock.now_ms();
    if !manager && past_deadline(&space, &b, now) {
        return Err(AppError::Conflict("cancel_deadline_passed"));
    }
    if !repo::set_status(
        &state.db,
        b.id,
        &BookingStatus::HOLDING,
        BookingStatus::Cancelled,
        now,
    )
    .await?
    {
        return Err(AppError::Conflict("booking_not_active"));
    }
    let b = repo::booking_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    super::notify::cancelled(state, &space, &b, b.user_id == who.user.id).await?;
    Ok(b)
}

/// Moves a booking: the rules of a new booking ([`decide_request`]: access, approval,
/// qualification, units, lead time, opening hours, price) for the same holder and seats, then
/// the capacity check, in one transaction. On a space with approval the moved booking waits
/// for a manager again (`pending`) unless a manager moves it.
pub async fn reschedule(
    state: &AppState,
    who: &Principal,
    id: BookingId,
    starts_at: i64,
    ends_at: i64,
) -> AppResult<Booking> {
    let (b, space, manager) = changeable(state, Some(who), id).await?;
    let now = state.clock.now_ms();
    if !b.status.holds_seats() {
        return Err(AppError::Conflict("booking_not_active"));
    }
    if !manager && past_deadline(&space, &b, now) {
        return Err(AppError::Conflict("cancel_deadline_passed"));
    }
    let asked = if space.mode == SpaceMode::Room {
        1
    } else {
        b.seats
    };
    let d = decide_request(state, who, &space, b.user_id, starts_at, ends_at, asked).await?;
    // A manager's move keeps the booking's status (it decides nothing); anyone else's move on
    // a space with approval asks again.
    let status = if d.status == BookingStatus::Pending {
        BookingStatus::Pending
    } else {
        b.status
    };
    repo::reschedule_checked(
        &state.db,
        &b,
        &NewBooking {
            space_id: space.id,
            user_id: b.user_id,
            booked_by: who.user.id,
            series_id: b.series_id,
            starts_at,
            ends_at,
            seats: d.seats,
            status,
            price_cents: d.price_cents,
            note: "",
            needs_qualification: d.needs_qualification,
            now,
        },
    )
    .await?;
    let b = repo::booking_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    super::notify::booked(state, &space, &b, b.user_id == who.user.id).await?;
    Ok(b)
}

/// A manager approves (pending → confirmed; the seats were already held) or refuses.
pub async fn decide(
    state: &AppState,
    who: &Principal,
    id: BookingId,
    approve: bool,
) -> AppResult<Booking> {
    let b = repo::booking_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let space = repo::space_by_id(&state.db, b.space_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let target = space_target(state, &space).await?;
    may_book_for_others(Some(who), &target)?;
    let to = if approve {
        BookingStatus::Confirmed
    } else {
        BookingStatus::Refused
    };
    if !repo::set_status(
        &state.db,
        id,
        &[BookingStatus::Pending],
        to,
        state.clock.now_ms(),
    )
    .await?
    {
        return Err(AppError::Conflict("booking_not_pending"));
    }
    let b = repo::booking_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if approve {
        super::notify::booked(state, &space, &b, false).await?;
    } else {
        super::notify::cancelled(state, &space, &b, false).await?;
    }
    Ok(b)
}

/// One bookable slot of the calendar.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Slot {
    /// RFC 3339.
    pub starts_at: String,
    /// RFC 3339.
    pub ends_at: String,
    /// Seats still free during the whole slot (0 when full; whole-room spaces: capacity or 0).
    pub remaining: i32,
    /// Can it still be booked (not past, lead time respected, not closed)?
    pub bookable: bool,
    /// The titles of the events held in the space during the slot (they take their seats).
    pub events: Vec<String>,
    #[serde(skip)]
    pub start_ms: i64,
    #[serde(skip)]
    pub end_ms: i64,
}

/// The slots of `[from, to)`: one unit long, laid from the start of each open interval.
pub async fn availability(
    state: &AppState,
    space: &Space,
    from: i64,
    to: i64,
) -> AppResult<Vec<Slot>> {
    let labelled = repo::held_labelled(&state.db, space.id, from, to).await?;
    let held = super::model::loads(&labelled);
    let closures = repo::closures(&state.db, space.id).await?;
    let now = state.clock.now_ms();
    let unit = space.unit_ms();
    let mut out = Vec::new();
    for (a, b) in open_intervals(space, from, to) {
        let mut s = a;
        while s + unit <= b && out.len() < 2000 {
            let e = s + unit;
            let used = max_load(&held, s, e);
            let free = (space.capacity - used).max(0);
            let remaining = if space.mode == SpaceMode::Room && used > 0 {
                0
            } else {
                free
            };
            let closed = check_open(space, &closures, s, e).is_err();
            out.push(Slot {
                starts_at: crate::clock::rfc3339(s),
                ends_at: crate::clock::rfc3339(e),
                remaining: if closed { 0 } else { remaining },
                bookable: !closed
                    && remaining > 0
                    && s >= now + space.lead_time_minutes as i64 * 60_000
                    && space.min_units <= 1,
                events: {
                    let mut titles: Vec<String> = labelled
                        .iter()
                        .filter(|h| !h.label.is_empty() && h.starts_at < e && h.ends_at > s)
                        .map(|h| h.label.clone())
                        .collect();
                    titles.dedup();
                    titles
                },
                start_ms: s,
                end_ms: e,
            });
            s = e;
        }
    }
    Ok(out)
}

/// Monday 00:00 (Paris) of the week holding `day`.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Duration::days(day.weekday().num_days_from_monday() as i64)
}

/// Occupancy of a space over `[from, to)`: booked seat-hours / open seat-hours (‰ to keep
/// integers), with the two totals in seat-minutes.
pub async fn occupancy(
    state: &AppState,
    space: &Space,
    from: i64,
    to: i64,
) -> AppResult<(i64, i64)> {
    let held = repo::held_between(&state.db, space.id, from, to).await?;
    Ok(occupancy_of(space, &held, from, to))
}

/// The seats held in `space` between `from` and `to`, given bookings (start, end, seats) that
/// may reach outside that window: `(booked, open)` in seat-minutes within its opening hours.
pub fn occupancy_of(space: &Space, held: &[(i64, i64, i32)], from: i64, to: i64) -> (i64, i64) {
    super::model::seat_minutes(&open_intervals(space, from, to), space.capacity, held)
}

/// Every booking held in these spaces between `from` and `to` (one statement).
pub async fn held_in_spaces(
    state: &AppState,
    spaces: &[SpaceId],
    from: i64,
    to: i64,
) -> AppResult<std::collections::HashMap<SpaceId, Vec<(i64, i64, i32)>>> {
    repo::held_between_many(&state.db, spaces, from, to).await
}

/// Parses an RFC 3339 instant of the API.
pub fn parse_instant(s: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|d| d.with_timezone(&Utc).timestamp_millis())
}

// ---- one calendar per space: what other areas hold in a space ----

pub use super::repo::{HoldRequest, HoldRow};

/// Holds the seats of a space for the occurrences of an event (or frees them: no space or no
/// interval), replacing what `r.owner` held, through the serialized check of every booking
/// ([`repo::replace_holds_checked`]): 409 `space_taken` naming the first slot taken and what
/// takes it.
pub async fn hold_space(state: &AppState, r: &HoldRequest<'_>) -> AppResult<()> {
    repo::replace_holds_checked(&state.db, r).await
}

/// Frees every seat `owner` holds.
pub async fn release_holds(state: &AppState, owner: &str) -> AppResult<()> {
    repo::release_holds(&state.db, owner).await
}

/// The events held in a space over `[from, to)`.
pub async fn holds_of_space(
    state: &AppState,
    space_id: SpaceId,
    from: i64,
    to: i64,
) -> AppResult<Vec<HoldRow>> {
    repo::holds_of_space(&state.db, space_id, from, to).await
}

mod spaces;
pub use spaces::*;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bookings::model::{SpaceAccess, SpaceKind, SpaceUnit};

    fn space(opening_hours: &str) -> Space {
        Space {
            id: SpaceId(1),
            place_id: PlaceId(1),
            name: "Salon".into(),
            kind: SpaceKind::Coworking,
            is_equipment: false,
            capacity: 4,
            mode: SpaceMode::Seat,
            unit: SpaceUnit::Hour,
            min_units: 1,
            max_units: 8,
            opening_hours: opening_hours.into(),
            lead_time_minutes: 0,
            cancel_deadline_hours: 0,
            access: SpaceAccess::SignedIn,
            requires_qualification: false,
            price_member_cents: 0,
            price_public_cents: 0,
            description: String::new(),
            equipment: String::new(),
            active: true,
            created_at: 0,
            beyond_place_hours: false,
            place_hours: String::new(),
        }
    }

    fn ms(y: i32, m: u32, d: u32, h: u32) -> i64 {
        paris_to_ms(
            NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn opening_hours_and_closures() {
        let s = space("Mo-Fr 09:00-12:00,14:00-18:00");
        // Thursday 3 December 2026.
        assert_eq!(
            check_open(&s, &[], ms(2026, 12, 3, 9), ms(2026, 12, 3, 12)),
            Ok(())
        );
        assert_eq!(
            check_open(&s, &[], ms(2026, 12, 3, 11), ms(2026, 12, 3, 15)),
            Err("booking-error-closed")
        );
        assert_eq!(
            check_open(&s, &[], ms(2026, 12, 5, 9), ms(2026, 12, 5, 10)),
            Err("booking-error-closed"),
            "a Saturday"
        );
        let closure = Closure {
            id: 1,
            space_id: SpaceId(1),
            starts_on: "2026-12-03".into(),
            ends_on: "2026-12-03".into(),
            reason: String::new(),
        };
        assert_eq!(
            check_open(&s, &[closure], ms(2026, 12, 3, 9), ms(2026, 12, 3, 10)),
            Err("booking-error-closure")
        );
        // No opening hours: 8:00–20:00 every day, in Paris time across the DST change.
        let s = space("");
        assert_eq!(
            check_open(&s, &[], ms(2027, 3, 28, 8), ms(2027, 3, 28, 20)),
            Ok(())
        );
        assert!(check_open(&s, &[], ms(2027, 3, 28, 7), ms(2027, 3, 28, 9)).is_err());
        // Extreme instants do not panic.
        let far = ms(9999, 12, 30, 9);
        let _ = check_open(&space("Mo-Su 00:00-24:00"), &[], far, far + HOUR_MS_TEST);
        let _ = check_open(&space(""), &[], -far, -far + HOUR_MS_TEST);
    }

    const HOUR_MS_TEST: i64 = 3_600_000;
}
