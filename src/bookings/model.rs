//! Spaces, equipment and bookings: types and rules, no SQL, no HTTP.
//!
//! The heart is [`max_load`]: the largest number of seats in use at any instant of an interval,
//! counted per instant (a 9:00–12:00 and a 10:00–11:00 booking both use a seat at 10:30;
//! intervals are half-open, so 9:00–10:00 and 10:00–11:00 never overlap).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::FieldErrors;
use crate::ids::UserId;

/// Kinds of spaces and machines (stored value, message key suffix `space-kind-…`).
pub const SPACE_KINDS: [&str; 8] = [
    "coworking",
    "bureau",
    "salle_reunion",
    "salle_seminaire",
    "atelier",
    "cuisine",
    "jardin",
    "boutique",
];
pub const EQUIPMENT_KINDS: [&str; 5] = [
    "imprimante_3d",
    "decoupe_laser",
    "fraiseuse",
    "brodeuse",
    "autre_machine",
];
pub const MODES: [&str; 2] = ["seat", "room"];
pub const UNITS: [&str; 3] = ["hour", "half_day", "day"];
pub const ACCESS: [&str; 3] = ["signed_in", "members", "approval"];

/// Statuses that hold seats: a pending booking (waiting for approval) keeps its seats, so an
/// approval can never overbook.
pub const HOLDING: [&str; 2] = ["confirmed", "pending"];

pub const HOUR_MS: i64 = 3_600_000;

/// No booking is longer than this (100 units of 8 hours: see [`SpaceInput::validate`] and
/// [`check_shape`]), so the overlap query can bound its index range on `starts_at` from both
/// sides instead of scanning every earlier booking of the space.
pub const MAX_BOOKING_MS: i64 = 100 * 8 * HOUR_MS;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct Space {
    pub id: i64,
    pub place_id: i64,
    pub name: String,
    pub kind: String,
    pub is_equipment: bool,
    pub capacity: i32,
    pub mode: String,
    pub unit: String,
    pub min_units: i32,
    pub max_units: i32,
    pub opening_hours: String,
    pub lead_time_minutes: i32,
    pub cancel_deadline_hours: i32,
    pub access: String,
    pub requires_qualification: bool,
    pub price_member_cents: i64,
    pub price_public_cents: i64,
    pub description: String,
    pub equipment: String,
    pub active: bool,
    pub created_at: i64,
}

impl Space {
    /// Length of one booking unit.
    pub fn unit_ms(&self) -> i64 {
        unit_ms(&self.unit)
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
        if self.mode == "room" {
            self.capacity
        } else {
            asked
        }
    }
}

pub fn unit_ms(unit: &str) -> i64 {
    match unit {
        "half_day" => 4 * HOUR_MS,
        "day" => 8 * HOUR_MS,
        _ => HOUR_MS,
    }
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct Booking {
    pub id: i64,
    pub space_id: i64,
    pub user_id: UserId,
    pub booked_by: Option<UserId>,
    pub series_id: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub seats: i32,
    pub status: String,
    pub price_cents: i64,
    pub note: String,
    pub sequence: i32,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Closure {
    pub id: i64,
    pub space_id: i64,
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
    pub kind: String,
    /// Seats (per-seat mode) or people the room holds (whole-room mode). 1 to 500.
    pub capacity: i32,
    /// `seat` (each booking takes some seats) or `room` (a booking takes the whole space).
    #[serde(default = "default_mode")]
    pub mode: String,
    /// `hour`, `half_day` (4 h) or `day` (8 h).
    #[serde(default = "default_unit")]
    pub unit: String,
    #[serde(default = "one")]
    pub min_units: i32,
    #[serde(default = "eight")]
    pub max_units: i32,
    /// OpenStreetMap `opening_hours` syntax, e.g. `Mo-Fr 09:00-18:00`. Empty: always open.
    #[serde(default)]
    pub opening_hours: String,
    #[serde(default)]
    pub lead_time_minutes: i32,
    #[serde(default)]
    pub cancel_deadline_hours: i32,
    /// `signed_in`, `members` or `approval`.
    #[serde(default = "default_access")]
    pub access: String,
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

fn default_mode() -> String {
    "seat".into()
}
fn default_unit() -> String {
    "hour".into()
}
fn default_access() -> String {
    "signed_in".into()
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
        let is_equipment = EQUIPMENT_KINDS.contains(&self.kind.as_str());
        if !is_equipment && !SPACE_KINDS.contains(&self.kind.as_str()) {
            e.add("kind", "field-invalid-choice");
        }
        if !(1..=500).contains(&self.capacity) {
            e.add("capacity", "booking-field-capacity");
        }
        if !MODES.contains(&self.mode.as_str()) {
            e.add("mode", "field-invalid-choice");
        }
        if !UNITS.contains(&self.unit.as_str()) {
            e.add("unit", "field-invalid-choice");
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
        if !ACCESS.contains(&self.access.as_str()) {
            e.add("access", "field-invalid-choice");
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
    if seats < 1 || (space.mode == "seat" && seats > space.capacity) {
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
    let seats = if space.mode == "room" {
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

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = HOUR_MS;

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
}
