//! The shape of a generated data set: the scales and their figures, the fixed instant
//! everything is dated from, the seeded generators, and the [`World`] each step fills in for
//! the next (ids of networks, places, people…).

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::ids::PlaceId;

/// How big a data set `maillage demo --scale` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// A thousandth of national (every figure at least 1, at least 2 networks): the tests.
    Tiny,
    /// A tenth of national.
    Regional,
    /// The size of the French tiers-lieux movement.
    National,
}

impl Scale {
    pub fn name(self) -> &'static str {
        match self {
            Scale::Tiny => "tiny",
            Scale::Regional => "regional",
            Scale::National => "national",
        }
    }

    fn divisor(self) -> i64 {
        match self {
            Scale::Tiny => 1000,
            Scale::Regional => 10,
            Scale::National => 1,
        }
    }
}

impl std::str::FromStr for Scale {
    type Err = String;
    fn from_str(s: &str) -> Result<Scale, String> {
        match s {
            "tiny" => Ok(Scale::Tiny),
            "regional" => Ok(Scale::Regional),
            "national" => Ok(Scale::National),
            _ => Err(format!(
                "échelle inconnue : {s} (tiny, regional ou national)"
            )),
        }
    }
}

/// The number of rows of each main table, and the sizes of the fixed accounts' worlds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figures {
    pub networks: i64,
    pub places: i64,
    pub users: i64,
    pub spaces: i64,
    pub bookings: i64,
    pub events: i64,
    pub registrations: i64,
    pub groups: i64,
    pub meetings: i64,
    pub projects: i64,
    pub documents: i64,
    /// Places of network #1, the biggest network.
    pub network1_places: i64,
    /// Spaces of the big place (the place with the most spaces and bookings).
    pub big_spaces: i64,
    /// Bookings on the big place's spaces.
    pub big_bookings: i64,
    /// Registrations of `membre@…` to events.
    pub member_registrations: i64,
    /// Bookings of `membre@…` at the big place.
    pub member_bookings: i64,
}

impl Figures {
    pub fn of(scale: Scale) -> Figures {
        let d = scale.divisor();
        let f = |national: i64| (national / d).max(1);
        let spaces = f(5_000);
        let bookings = f(500_000);
        let big_spaces = (spaces / 250).max(2).min(spaces);
        // The big place must hold the most bookings at every scale: more than any other place
        // with spaces (two spaces at most, each an equal share of the rest).
        let big_bookings = (bookings / 50).max(bookings * 3 / (spaces - big_spaces + 3));
        Figures {
            // The regional set keeps the 20 networks: each holds the share of places it holds
            // nationally, so that the planner's statistics (the plans test) look national.
            networks: match scale {
                Scale::Regional => 20,
                _ => f(20).max(2),
            },
            places: f(50_000),
            users: f(100_000).max(10),
            spaces,
            bookings,
            events: f(20_000),
            registrations: f(200_000),
            groups: f(2_000),
            meetings: f(20_000),
            projects: f(2_000),
            documents: f(10_000),
            network1_places: f(5_000),
            big_spaces,
            big_bookings,
            member_registrations: f(200),
            member_bookings: (big_bookings / 50).max(1),
        }
    }
}

/// The domain of every generated address (a reserved top-level domain: nothing is ever sent).
pub const DOMAIN: &str = "national.maillage.test";

/// The fixed accounts, first in the users table, all with [`super::DEMO_PASSWORD`]-like
/// password (`crate::demo::DEMO_PASSWORD`).
pub const FIXED: [(&str, &str); 5] = [
    ("admin", "Camille Administratrice"),
    ("animateur", "Yanis Animateur"),
    ("gerant", "Hugo Gérant"),
    ("membre", "Noé Membre"),
    ("visiteur", "Lou Visiteuse"),
];
pub const ADMIN: usize = 0;
pub const ANIMATOR: usize = 1;
pub const MANAGER: usize = 2;
pub const MEMBER: usize = 3;

pub fn fixed_email(i: usize) -> String {
    format!("{}@{DOMAIN}", FIXED[i].0)
}

/// The instant the data set is written "at": every creation date is before it, the
/// activity (bookings, events, meetings) runs from two years before it to one year after.
/// Chosen so that, seen from the end of 2026, half a year of events and bookings is still to
/// come. Never the wall clock: two runs write the same rows.
pub fn anchor_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 7, 1).unwrap_or_default()
}

pub fn anchor_ms() -> i64 {
    anchor_date()
        .and_time(NaiveTime::MIN)
        .and_utc()
        .timestamp_millis()
}

pub const DAY_MS: i64 = 86_400_000;

/// The days of activity: two years before the anchor to one year after (excluded).
pub fn window() -> Vec<NaiveDate> {
    let a = anchor_date();
    let first = NaiveDate::from_ymd_opt(a.year() - 2, a.month(), a.day()).unwrap_or(a);
    let end = NaiveDate::from_ymd_opt(a.year() + 1, a.month(), a.day()).unwrap_or(a);
    first.iter_days().take_while(|d| *d < end).collect()
}

/// Europe/Paris wall-clock time of a day → UTC milliseconds.
pub fn at(day: NaiveDate, hour: u32, minute: u32) -> i64 {
    crate::bookings::service::paris_to_ms(
        day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default()),
    )
    .unwrap_or_default()
}

pub fn weekday_in(day: NaiveDate, days: &[Weekday]) -> bool {
    days.contains(&day.weekday())
}

/// A generator seeded by the scale and the part of the data set: each part draws the same
/// numbers whatever the others do. ChaCha8 keeps its sequence across versions of `rand`
/// (unlike `StdRng`).
pub fn rng(scale: Scale, part: &str) -> ChaCha8Rng {
    // FNV-1a of "scale/part".
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in scale.name().bytes().chain([b'/']).chain(part.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    ChaCha8Rng::seed_from_u64(h)
}

/// One of `items`.
pub fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len())]
}

/// True with probability `percent` %.
pub fn chance(rng: &mut ChaCha8Rng, percent: u32) -> bool {
    rng.gen_range(0..100) < percent
}

/// A generated place, as later steps need it.
#[derive(Debug, Clone)]
pub struct PlaceRef {
    pub id: PlaceId,
    pub slug: String,
    pub name: String,
    /// Index in [`super::data::COMMUNES`].
    pub commune: usize,
    /// Index of its network in [`World::networks`], if any.
    pub network: Option<usize>,
    /// The user id of its manager.
    pub manager: i64,
}

/// What the steps have written so far, for the next ones.
#[derive(Debug, Default)]
pub struct World {
    /// (id, name, slug) of each network; #1 first.
    pub networks: Vec<(i64, String, String)>,
    /// Ids of the users, the fixed accounts first ([`FIXED`] order).
    pub first_user: i64,
    pub users: i64,
    pub places: Vec<PlaceRef>,
    /// Index in `places` of the big place (always 0).
    pub big_place: usize,
    /// User ids of the big place's members (the fixed member first).
    pub big_members: Vec<i64>,
    /// (id, place index) of each space.
    pub spaces: Vec<(i64, usize)>,
    /// (id, scope) of each group, for documents.
    pub groups: Vec<(i64, GroupScope)>,
    /// Ids of the projects.
    pub projects: Vec<i64>,
}

#[derive(Debug, Clone, Copy)]
pub enum GroupScope {
    Network(usize),
    Place(usize),
    Project(i64),
}

impl World {
    /// The id of the user number `n` (0-based, fixed accounts first).
    pub fn user(&self, n: i64) -> i64 {
        self.first_user + n
    }
    pub fn fixed(&self, i: usize) -> i64 {
        self.user(i as i64)
    }
    /// A generated (not fixed) user, at random.
    pub fn any_user(&self, rng: &mut ChaCha8Rng) -> i64 {
        let fixed = FIXED.len() as i64;
        self.user(rng.gen_range(fixed..self.users.max(fixed + 1)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_coherent_at_every_scale() {
        let national = Figures::of(Scale::National);
        assert_eq!(
            (
                national.places,
                national.users,
                national.bookings,
                national.big_bookings
            ),
            (50_000, 100_000, 500_000, 10_000)
        );
        assert_eq!(national.member_registrations, 200);
        for scale in [Scale::Tiny, Scale::Regional, Scale::National] {
            let f = Figures::of(scale);
            assert!(f.networks >= 2 && f.groups >= 1 && f.projects >= 1 && f.documents >= 1);
            // Every place has a manager among the generated accounts.
            assert!(f.users >= f.places + FIXED.len() as i64);
            // The big place holds more bookings than any other place (two spaces at most,
            // an equal share of the rest each).
            let others = f.spaces - f.big_spaces;
            assert!(
                f.big_bookings > 2 * ((f.bookings - f.big_bookings + others - 1) / others),
                "{scale:?}"
            );
            assert!(f.member_bookings <= f.big_bookings);
        }
        assert!(window().len() >= 3 * 365);
        assert_eq!(
            rng(Scale::Tiny, "a").gen::<u64>(),
            rng(Scale::Tiny, "a").gen::<u64>()
        );
        assert_ne!(
            rng(Scale::Tiny, "a").gen::<u64>(),
            rng(Scale::Tiny, "b").gen::<u64>()
        );
    }
}
