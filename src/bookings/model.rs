//! Spaces, equipment and bookings: types and rules, no SQL, no HTTP.
//!
//! The heart is [`max_load`]: the largest number of seats in use at any instant of an interval,
//! counted per instant (a 9:00–12:00 and a 10:00–11:00 booking both use a seat at 10:30;
//! intervals are half-open, so 9:00–10:00 and 10:00–11:00 never overlap).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::FieldErrors;
use crate::ids::{BookingId, PlaceId, SpaceId, UserId};

crate::choice! {
    /// What a space is (stored value, message key suffix `space-kind-…`): a room or area of
    /// the place, or a machine (from `Imprimante3d` on, see [`SpaceKind::is_equipment`]).
    pub enum SpaceKind {
        Coworking = "coworking",
        Bureau = "bureau",
        SalleReunion = "salle_reunion",
        SalleSeminaire = "salle_seminaire",
        Atelier = "atelier",
        Cuisine = "cuisine",
        Jardin = "jardin",
        Boutique = "boutique",
        Imprimante3d = "imprimante_3d",
        DecoupeLaser = "decoupe_laser",
        Fraiseuse = "fraiseuse",
        Brodeuse = "brodeuse",
        AutreMachine = "autre_machine",
    }
}

impl SpaceKind {
    /// A machine (booked like a space, listed after the rooms).
    pub fn is_equipment(self) -> bool {
        matches!(
            self,
            SpaceKind::Imprimante3d
                | SpaceKind::DecoupeLaser
                | SpaceKind::Fraiseuse
                | SpaceKind::Brodeuse
                | SpaceKind::AutreMachine
        )
    }
}

crate::choice! {
    /// How a booking uses a space (message key suffix `space-mode-…`).
    pub enum SpaceMode {
        /// Each booking takes some seats.
        Seat = "seat",
        /// A booking takes the whole space.
        Room = "room",
    }
}

crate::choice! {
    /// The length of one booking unit (message key suffix `space-unit-…`).
    pub enum SpaceUnit {
        Hour = "hour",
        /// 4 hours.
        HalfDay = "half_day",
        /// 8 hours.
        Day = "day",
    }
}

impl SpaceUnit {
    /// Length of one unit, in milliseconds.
    pub fn ms(self) -> i64 {
        match self {
            SpaceUnit::Hour => HOUR_MS,
            SpaceUnit::HalfDay => 4 * HOUR_MS,
            SpaceUnit::Day => 8 * HOUR_MS,
        }
    }
}

crate::choice! {
    /// Who may book a space (message key suffix `space-access-…`).
    pub enum SpaceAccess {
        /// Anyone signed in.
        SignedIn = "signed_in",
        /// The place's members.
        Members = "members",
        /// Anyone signed in, confirmed by a manager.
        Approval = "approval",
    }
}

crate::choice! {
    /// Where a booking stands (message key suffix `booking-status-…`).
    pub enum BookingStatus {
        Confirmed = "confirmed",
        /// Waiting for a manager's approval.
        Pending = "pending",
        Cancelled = "cancelled",
        Refused = "refused",
    }
}

impl BookingStatus {
    /// Statuses that hold seats: a pending booking (waiting for approval) keeps its seats, so
    /// an approval can never overbook. (The SQL of `repo` says `status IN ('confirmed',
    /// 'pending')`.)
    pub const HOLDING: [BookingStatus; 2] = [BookingStatus::Confirmed, BookingStatus::Pending];

    /// Does the booking hold its seats (confirmed or pending)?
    pub fn holds_seats(self) -> bool {
        BookingStatus::HOLDING.contains(&self)
    }
}

pub const HOUR_MS: i64 = 3_600_000;

/// No booking is longer than this (100 units of 8 hours: see [`SpaceInput::validate`] and
/// [`check_shape`]), so the overlap query can bound its index range on `starts_at` from both
/// sides instead of scanning every earlier booking of the space.
pub const MAX_BOOKING_MS: i64 = 100 * 8 * HOUR_MS;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct Space {
    pub id: SpaceId,
    pub place_id: PlaceId,
    pub name: String,
    pub kind: SpaceKind,
    pub is_equipment: bool,
    pub capacity: i32,
    pub mode: SpaceMode,
    pub unit: SpaceUnit,
    pub min_units: i32,
    pub max_units: i32,
    pub opening_hours: String,
    pub lead_time_minutes: i32,
    pub cancel_deadline_hours: i32,
    pub access: SpaceAccess,
    pub requires_qualification: bool,
    pub price_member_cents: i64,
    pub price_public_cents: i64,
    pub description: String,
    pub equipment: String,
    pub active: bool,
    pub created_at: i64,
    /// May open outside the place's hours (the manager said so).
    pub beyond_place_hours: bool,
    /// The place's opening hours (read with the space): unless `beyond_place_hours`, the space
    /// is open only when its place is too.
    pub place_hours: String,
}

impl Space {
    /// Length of one booking unit.
    pub fn unit_ms(&self) -> i64 {
        self.unit.ms()
    }
    pub fn equipment_list(&self) -> Vec<&str> {
        self.equipment
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }
    /// Seats a request really takes: the whole capacity in whole-room mode.
    pub fn seats_taken(&self, asked: i32) -> i32 {
        if self.mode == SpaceMode::Room {
            self.capacity
        } else {
            asked
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct Booking {
    pub id: BookingId,
    pub space_id: SpaceId,
    pub user_id: UserId,
    pub booked_by: Option<UserId>,
    pub series_id: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub seats: i32,
    pub status: BookingStatus,
    pub price_cents: i64,
    pub note: String,
    pub sequence: i32,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Closure {
    pub id: i64,
    pub space_id: SpaceId,
    pub starts_on: String,
    pub ends_on: String,
    pub reason: String,
}

/// A space as described by a manager (form or API), before validation.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SpaceInput {
    /// 1 to 200 characters.
    pub name: String,
    /// One of the space kinds (`coworking`, `bureau`, `salle_reunion`, `salle_seminaire`,
    /// `atelier`, `cuisine`, `jardin`, `boutique`) or machine kinds (`imprimante_3d`,
    /// `decoupe_laser`, `fraiseuse`, `brodeuse`, `autre_machine`).
    pub kind: SpaceKind,
    /// Seats (per-seat mode) or people the room holds (whole-room mode). 1 to 500.
    pub capacity: i32,
    /// `seat` (each booking takes some seats) or `room` (a booking takes the whole space).
    #[serde(default = "default_mode")]
    pub mode: SpaceMode,
    /// `hour`, `half_day` (4 h) or `day` (8 h).
    #[serde(default = "default_unit")]
    pub unit: SpaceUnit,
    #[serde(default = "one")]
    pub min_units: i32,
    #[serde(default = "eight")]
    pub max_units: i32,
    /// OpenStreetMap `opening_hours` syntax, e.g. `Mo-Fr 09:00-18:00`. Empty: the place's
    /// opening hours (or 08:00–20:00 every day when the place has none).
    #[serde(default)]
    pub opening_hours: String,
    /// The space may open outside its place's opening hours (an evening room, a machine used at
    /// night): without it, hours that exceed the place's are refused (422 on `opening_hours`)
    /// and bookings outside the place's hours too.
    #[serde(default)]
    pub beyond_place_hours: bool,
    #[serde(default)]
    pub lead_time_minutes: i32,
    #[serde(default)]
    pub cancel_deadline_hours: i32,
    /// `signed_in`, `members` or `approval`.
    #[serde(default = "default_access")]
    pub access: SpaceAccess,
    #[serde(default)]
    pub requires_qualification: bool,
    /// Price per unit and per seat, in cents.
    #[serde(default)]
    pub price_member_cents: i64,
    #[serde(default)]
    pub price_public_cents: i64,
    #[serde(default)]
    pub description: String,
    /// One item per line.
    #[serde(default)]
    pub equipment: String,
}

fn default_mode() -> SpaceMode {
    SpaceMode::Seat
}
fn default_unit() -> SpaceUnit {
    SpaceUnit::Hour
}
fn default_access() -> SpaceAccess {
    SpaceAccess::SignedIn
}
fn one() -> i32 {
    1
}
fn eight() -> i32 {
    8
}

/// A validated space description.
#[derive(Debug, Clone)]
pub struct SpaceDraft {
    pub input: SpaceInput,
    pub is_equipment: bool,
}

impl SpaceInput {
    pub fn validate(mut self) -> Result<SpaceDraft, FieldErrors> {
        let mut e = FieldErrors::default();
        self.name = self.name.trim().to_string();
        if self.name.is_empty() {
            e.add("name", "field-required");
        } else if self.name.chars().count() > 200 || self.name.chars().any(char::is_control) {
            e.add("name", "field-name-invalid");
        }
        let is_equipment = self.kind.is_equipment();
        if !(1..=500).contains(&self.capacity) {
            e.add("capacity", "booking-field-capacity");
        }
        if !(1..=24).contains(&self.min_units) || self.min_units > self.max_units {
            e.add("min_units", "booking-field-units");
        }
        if !(1..=100).contains(&self.max_units) {
            e.add("max_units", "booking-field-units");
        }
        self.opening_hours = self.opening_hours.trim().to_string();
        if !self.opening_hours.is_empty()
            && crate::hours::OpeningHours::parse(&self.opening_hours).is_err()
        {
            e.add("opening_hours", "booking-field-opening-hours");
        }
        if !(0..=60 * 24 * 90).contains(&self.lead_time_minutes) {
            e.add("lead_time_minutes", "booking-field-number");
        }
        if !(0..=24 * 90).contains(&self.cancel_deadline_hours) {
            e.add("cancel_deadline_hours", "booking-field-number");
        }
        for (field, v) in [
            ("price_member_cents", self.price_member_cents),
            ("price_public_cents", self.price_public_cents),
        ] {
            if !(0..=100_000_000).contains(&v) {
                e.add(field, "booking-field-price");
            }
        }
        self.description = self.description.trim().to_string();
        if self.description.chars().count() > 5000 {
            e.add("description", "field-too-long");
        }
        self.equipment = self.equipment.trim().to_string();
        if self.equipment.chars().count() > 2000 {
            e.add("equipment", "field-too-long");
        }
        if e.is_empty() {
            Ok(SpaceDraft {
                input: self,
                is_equipment,
            })
        } else {
            Err(e)
        }
    }
}

/// The reference period over which a space's hours are compared with its place's: two whole
/// weeks from the Monday of `today` (every weekly rule, and alternate weeks, show there; the
/// `opening-hours` crate has no inclusion test between two expressions).
pub const HOURS_REFERENCE_DAYS: i64 = 14;

/// A space's hours against its place's (`place_hours`, OSM syntax, empty when the place gives
/// none): empty hours become the place's, then, unless the manager said the space opens
/// beyond them, the intervals (UTC ms, over the reference fortnight from the Monday of
/// `today`) where the space would be open and the place closed are the error.
pub fn fit_place_hours(
    input: &mut SpaceInput,
    place_hours: &str,
    today: chrono::NaiveDate,
) -> Result<(), Vec<(i64, i64)>> {
    let place_hours = place_hours.trim();
    let Ok(place) = crate::hours::OpeningHours::parse(place_hours) else {
        return Ok(());
    };
    if input.opening_hours.trim().is_empty() {
        input.opening_hours = place_hours.to_string();
        return Ok(());
    }
    if input.beyond_place_hours {
        return Ok(());
    }
    let Ok(own) = crate::hours::OpeningHours::parse(&input.opening_hours) else {
        return Ok(());
    };
    use chrono::Datelike;
    let monday = today - chrono::Duration::days(today.weekday().num_days_from_monday() as i64);
    let from = crate::hours::from_paris(monday.and_time(chrono::NaiveTime::MIN));
    let to = crate::hours::from_paris(
        (monday + chrono::Duration::days(HOURS_REFERENCE_DAYS)).and_time(chrono::NaiveTime::MIN),
    );
    let beyond: Vec<(i64, i64)> = own
        .beyond(&place, from, to)
        .into_iter()
        .map(|(a, b)| (a.timestamp_millis(), b.timestamp_millis()))
        .collect();
    if beyond.is_empty() {
        Ok(())
    } else {
        Err(beyond)
    }
}

/// The open intervals `own` of a space (UTC ms, within `[from, to)`) cut to its place's hours,
/// unless the space may open beyond them or the place gives none.
pub fn within_place(space: &Space, own: Vec<(i64, i64)>, from: i64, to: i64) -> Vec<(i64, i64)> {
    if space.beyond_place_hours || space.place_hours.trim().is_empty() || own.is_empty() {
        return own;
    }
    let Ok(place) = crate::hours::OpeningHours::parse(&space.place_hours) else {
        return own;
    };
    let place: Vec<(i64, i64)> = place
        .open_intervals(crate::clock::from_ms(from), crate::clock::from_ms(to))
        .into_iter()
        .map(|(a, b)| (a.timestamp_millis(), b.timestamp_millis()))
        .collect();
    crate::hours::intersect(&own, &place)
}

/// The largest number of seats held at any instant of `[from, to)` by `bookings`
/// (`(starts_at, ends_at, seats)`, half-open). A sweep over the boundaries: ends sort before
/// starts at the same instant, so back-to-back bookings do not add up.
pub fn max_load(bookings: &[(i64, i64, i32)], from: i64, to: i64) -> i32 {
    let mut edges: Vec<(i64, i32)> = Vec::with_capacity(bookings.len() * 2);
    for &(s, e, seats) in bookings {
        let (s, e) = (s.max(from), e.min(to));
        if s < e {
            edges.push((s, seats));
            edges.push((e, -seats));
        }
    }
    // At one instant, releases (negative) first.
    edges.sort_unstable_by_key(|&(t, d)| (t, d));
    let (mut cur, mut max) = (0, 0);
    for (_, d) in edges {
        cur += d;
        max = max.max(cur);
    }
    max
}

/// What holds seats of a space over `[starts_at, ends_at)`: a booking (`label` empty) or an
/// occurrence of an event held in the space (`label`: its title). Both count alike against the
/// capacity (one calendar per space).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Held {
    pub starts_at: i64,
    pub ends_at: i64,
    pub seats: i32,
    pub label: String,
}

/// The `(starts_at, ends_at, seats)` of what is held, for [`max_load`].
pub fn loads(held: &[Held]) -> Vec<(i64, i64, i32)> {
    held.iter()
        .map(|h| (h.starts_at, h.ends_at, h.seats))
        .collect()
}

/// The first of `wanted` (intervals, in order) where `seats` more seats would exceed
/// `capacity` at some instant, with the label of what takes it (an event overlapping it first,
/// else empty: bookings). `None` when every interval fits.
pub fn first_clash(
    held: &[Held],
    wanted: &[(i64, i64)],
    seats: i32,
    capacity: i32,
) -> Option<(i64, i64, String)> {
    let all = loads(held);
    wanted.iter().find_map(|&(s, e)| {
        if max_load(&all, s, e) + seats <= capacity {
            return None;
        }
        let label = held
            .iter()
            .find(|h| !h.label.is_empty() && h.starts_at < e && h.ends_at > s)
            .map(|h| h.label.clone())
            .unwrap_or_default();
        Some((s, e, label))
    })
}

/// Why a requested interval is refused (message keys).
pub fn check_shape(
    space: &Space,
    starts_at: i64,
    ends_at: i64,
    seats: i32,
    now: i64,
) -> Result<(), &'static str> {
    if ends_at <= starts_at {
        return Err("booking-error-order");
    }
    if seats < 1 || (space.mode == SpaceMode::Seat && seats > space.capacity) {
        return Err("booking-error-seats");
    }
    let unit = space.unit_ms();
    let len = ends_at - starts_at;
    if len % unit != 0 {
        return Err("booking-error-unit");
    }
    let units = len / unit;
    if units < space.min_units as i64 || units > space.max_units as i64 {
        return Err("booking-error-duration");
    }
    if starts_at < now + space.lead_time_minutes as i64 * 60_000 {
        return Err("booking-error-lead-time");
    }
    Ok(())
}

/// Price of a booking: per unit, per seat (whole room: once per unit), member or public price.
pub fn price(space: &Space, starts_at: i64, ends_at: i64, seats: i32, member: bool) -> i64 {
    let units = (ends_at - starts_at) / space.unit_ms();
    let per = if member {
        space.price_member_cents
    } else {
        space.price_public_cents
    };
    let seats = if space.mode == SpaceMode::Room {
        1
    } else {
        seats as i64
    };
    per * units * seats
}

/// Cents as a form value: « 12,50 » (what `money::parse_eur` reads back).
pub fn cents_input(cents: &i64) -> String {
    let cents = *cents;
    format!("{},{:02}", cents / 100, (cents % 100).abs())
}

/// Seat-minutes over some opening intervals: `(booked, open)`, where `open` is each interval's
/// minutes times the `capacity` and `booked` the minutes of each booking (start, end, seats)
/// inside an interval times its seats, never more than `open`. The rule of the occupancy page,
/// by month, week, or hour of the heat grid.
pub fn seat_minutes(open: &[(i64, i64)], capacity: i32, held: &[(i64, i64, i32)]) -> (i64, i64) {
    let open_seat_min: i64 = open
        .iter()
        .map(|(a, b)| (b - a) / 60_000 * capacity as i64)
        .sum();
    let mut booked = 0i64;
    for (a, b) in open {
        for (s, e, seats) in held {
            let (s, e) = ((*s).max(*a), (*e).min(*b));
            if s < e {
                booked += (e - s) / 60_000 * *seats as i64;
            }
        }
    }
    (booked.min(open_seat_min), open_seat_min)
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = HOUR_MS;

    #[test]
    fn the_first_clash_names_the_event_first() {
        let held = |s: i64, e: i64, seats: i32, label: &str| Held {
            starts_at: s * H,
            ends_at: e * H,
            seats,
            label: label.into(),
        };
        // 4 seats booked 9–12, an event taking 5 seats 10–11, capacity 10.
        let all = [held(9, 12, 4, ""), held(10, 11, 5, "Atelier")];
        // One more seat fits everywhere; two fit before 10:00 and after 11:00 only.
        assert_eq!(first_clash(&all, &[(9 * H, 12 * H)], 1, 10), None);
        assert_eq!(
            first_clash(&all, &[(9 * H, 10 * H), (11 * H, 12 * H)], 2, 10),
            None
        );
        assert_eq!(
            first_clash(&all, &[(8 * H, 9 * H), (9 * H, 11 * H)], 2, 10),
            Some((9 * H, 11 * H, "Atelier".into()))
        );
        // Bookings alone: named as such (empty label).
        assert_eq!(
            first_clash(&all, &[(11 * H, 12 * H)], 7, 10),
            Some((11 * H, 12 * H, String::new()))
        );
        // Back to back does not clash.
        assert_eq!(first_clash(&all, &[(12 * H, 13 * H)], 10, 10), None);
    }

    #[test]
    fn overlaps_are_counted_per_instant() {
        // 9–12 and 10–11 both use a seat at 10:30.
        let b = [(9 * H, 12 * H, 1), (10 * H, 11 * H, 1)];
        assert_eq!(max_load(&b, 0, 24 * H), 2);
        // Only 9–12 is there at 11:30.
        assert_eq!(max_load(&b, 11 * H, 12 * H), 1);
        // Back to back never adds up.
        let b = [(9 * H, 10 * H, 3), (10 * H, 11 * H, 3)];
        assert_eq!(max_load(&b, 0, 24 * H), 3);
        // Two bookings that do not overlap each other but both overlap a third.
        let b = [(8 * H, 10 * H, 1), (11 * H, 13 * H, 1), (9 * H, 12 * H, 2)];
        assert_eq!(max_load(&b, 0, 24 * H), 3);
        assert_eq!(max_load(&b, 10 * H, 11 * H), 2);
        assert_eq!(max_load(&[], 0, H), 0);
    }

    #[test]
    fn machines_are_the_equipment_kinds() {
        let machines: Vec<&str> = SpaceKind::ALL
            .iter()
            .filter(|k| k.is_equipment())
            .map(|k| k.as_str())
            .collect();
        assert_eq!(
            machines,
            [
                "imprimante_3d",
                "decoupe_laser",
                "fraiseuse",
                "brodeuse",
                "autre_machine"
            ]
        );
        assert_eq!(SpaceKind::ALL.len(), 13);
        assert_eq!(
            "salle_reunion".parse::<SpaceKind>().ok(),
            Some(SpaceKind::SalleReunion)
        );
    }

    #[test]
    fn units_and_statuses() {
        assert_eq!(SpaceUnit::Hour.ms(), HOUR_MS);
        assert_eq!(SpaceUnit::HalfDay.ms(), 4 * HOUR_MS);
        assert_eq!(SpaceUnit::Day.ms(), 8 * HOUR_MS);
        let holding: Vec<&str> = BookingStatus::ALL
            .iter()
            .filter(|s| s.holds_seats())
            .map(|s| s.as_str())
            .collect();
        assert_eq!(holding, ["confirmed", "pending"]);
    }

    /// The pages show each stored value through its message (`space-kind-coworking`…).
    #[test]
    fn every_value_has_its_label() {
        let lists: [(&str, &[&str]); 5] = [
            ("space-kind-", SpaceKind::TEXTS),
            ("space-mode-", SpaceMode::TEXTS),
            ("space-unit-", SpaceUnit::TEXTS),
            ("space-access-", SpaceAccess::TEXTS),
            ("booking-status-", BookingStatus::TEXTS),
        ];
        for lang in [crate::i18n::Lang::Fr, crate::i18n::Lang::En] {
            for (prefix, texts) in lists {
                for t in texts {
                    let key = format!("{prefix}{t}");
                    assert_ne!(lang.t(&key), key, "{lang:?}");
                }
            }
        }
    }

    #[test]
    fn the_api_reads_a_space_with_its_lists() {
        let i: SpaceInput =
            crate::form::decode_json(br#"{"name":"Salon","kind":"fraiseuse","capacity":2}"#)
                .unwrap();
        assert_eq!(
            (i.kind, i.mode, i.unit, i.access),
            (
                SpaceKind::Fraiseuse,
                SpaceMode::Seat,
                SpaceUnit::Hour,
                SpaceAccess::SignedIn
            )
        );
        assert!(i.validate().unwrap().is_equipment);
        for (body, field) in [
            (
                &br#"{"name":"S","kind":"piscine","capacity":2}"#[..],
                "kind",
            ),
            (
                &br#"{"name":"S","kind":"bureau","capacity":2,"mode":"desk"}"#[..],
                "mode",
            ),
            (
                &br#"{"name":"S","kind":"bureau","capacity":2,"unit":"week"}"#[..],
                "unit",
            ),
            (
                &br#"{"name":"S","kind":"bureau","capacity":2,"access":"all"}"#[..],
                "access",
            ),
        ] {
            match crate::form::decode_json::<SpaceInput>(body) {
                Err(crate::error::AppError::Invalid(f)) => {
                    assert_eq!(f.get(field), Some("field-invalid-choice"), "{field}")
                }
                other => panic!("{field}: {other:?}"),
            }
        }
    }
}
