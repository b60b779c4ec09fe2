//! Events, occurrences and registrations: types and rules (no SQL, no HTTP).

mod item;
pub use item::{Item, LaterDate};

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Paris;

use crate::error::FieldErrors;
use crate::ids::{EventId, NetworkId, PlaceId, RegistrationId, SpaceId, UserId};

crate::choice! {
    /// The kind of an event, as stored; its label is `event-kind-<kind>` in the locales.
    pub enum EventKind {
        Atelier = "atelier",
        Formation = "formation",
        Afterwork = "afterwork",
        Cafe = "cafe",
        Rencontre = "rencontre",
        Visite = "visite",
        PortesOuvertes = "portes-ouvertes",
        Reunion = "reunion",
        Autre = "autre",
    }
}

crate::choice! {
    /// Where an event takes place: in a place (`location_place_id`), at an address, online
    /// (`online_url`), or both in a place and online.
    pub enum LocationKind {
        Place = "place",
        Address = "address",
        Online = "online",
        Hybrid = "hybrid",
    }
}

impl LocationKind {
    /// Held in a place (then it has a host place, maybe a space).
    pub fn in_place(self) -> bool {
        matches!(self, LocationKind::Place | LocationKind::Hybrid)
    }
    /// Followed online (then it has an online address).
    pub fn is_online(self) -> bool {
        matches!(self, LocationKind::Online | LocationKind::Hybrid)
    }
}

crate::choice! {
    /// The state of an event: a draft is seen by its organizers only; a cancelled event stays
    /// visible with its reason.
    pub enum EventStatus {
        Draft = "draft",
        Published = "published",
        Cancelled = "cancelled",
    }
}

/// How many occurrences of a recurring event are generated, and how far ahead.
pub const MAX_OCCURRENCES: usize = 200;
pub const HORIZON_DAYS: i64 = 366;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Event {
    pub id: EventId,
    pub uid: String,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub title: String,
    pub kind: EventKind,
    pub description: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub all_day: bool,
    pub timezone: String,
    pub location_kind: LocationKind,
    pub location_place_id: Option<PlaceId>,
    /// One of the organizing place's spaces (`spaces.id`), when held there.
    pub space_id: Option<SpaceId>,
    /// How many seats of that space it takes (`None`: the whole space).
    pub space_seats: Option<i32>,
    pub address: String,
    pub online_url: String,
    pub capacity: Option<i32>,
    pub price_cents: Option<i64>,
    pub price_info: String,
    pub audience: String,
    pub wheelchair: bool,
    pub sign_language: bool,
    pub subtitles: bool,
    pub status: EventStatus,
    pub cancel_reason: String,
    pub approval: bool,
    pub questions: String,
    pub categories: String,
    pub rrule: Option<String>,
    pub exdates: String,
    pub sequence: i32,
    pub created_by: Option<UserId>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Event {
    pub fn is_free(&self) -> bool {
        self.price_cents.unwrap_or(0) == 0
    }
    pub fn is_online(&self) -> bool {
        self.location_kind.is_online()
    }
    pub fn question_list(&self) -> Vec<String> {
        self.questions
            .lines()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_string)
            .collect()
    }
    pub fn category_list(&self) -> Vec<String> {
        self.categories
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect()
    }
    pub fn duration_ms(&self) -> i64 {
        self.ends_at - self.starts_at
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Occurrence {
    pub id: i64,
    pub event_id: EventId,
    pub starts_at: i64,
    pub ends_at: i64,
    pub cancelled: bool,
}

crate::choice! {
    /// What became of a registration: `confirmed`, `waitlisted` and `pending` are live (they
    /// hold or wait for a seat); `cancelled` and `refused` are over.
    pub enum RegStatus {
        Confirmed = "confirmed",
        Waitlisted = "waitlisted",
        Pending = "pending",
        Cancelled = "cancelled",
        Refused = "refused",
    }
}

impl RegStatus {
    pub fn is_live(self) -> bool {
        matches!(
            self,
            RegStatus::Confirmed | RegStatus::Waitlisted | RegStatus::Pending
        )
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Registration {
    pub id: RegistrationId,
    pub occurrence_id: i64,
    pub event_id: EventId,
    pub user_id: UserId,
    pub guests: i32,
    pub status: RegStatus,
    pub answers: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Registration {
    pub fn seats(&self) -> i64 {
        1 + i64::from(self.guests)
    }
}

/// What registering decides, given the seats already confirmed and whether anyone waits.
pub fn decide(
    capacity: Option<i32>,
    approval: bool,
    confirmed_seats: i64,
    someone_waits: bool,
    seats: i64,
) -> RegStatus {
    if approval {
        return RegStatus::Pending;
    }
    match capacity {
        None => RegStatus::Confirmed,
        Some(cap) if !someone_waits && confirmed_seats + seats <= i64::from(cap) => {
            RegStatus::Confirmed
        }
        Some(_) => RegStatus::Waitlisted,
    }
}

/// A validated event, ready to store.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub title: String,
    pub kind: EventKind,
    pub description: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub all_day: bool,
    pub location_kind: LocationKind,
    pub location_place_id: Option<PlaceId>,
    pub space_id: Option<SpaceId>,
    /// Seats of the space taken (`None`: the whole space).
    pub space_seats: Option<i32>,
    pub address: String,
    pub online_url: String,
    pub capacity: Option<i32>,
    pub price_cents: Option<i64>,
    pub price_info: String,
    pub audience: String,
    pub wheelchair: bool,
    pub sign_language: bool,
    pub subtitles: bool,
    pub status: EventStatus,
    pub approval: bool,
    pub questions: String,
    pub categories: String,
    pub rrule: Option<String>,
    pub exdates: String,
    pub uid: Option<String>,
}

/// Raw input of an event, from the API (JSON) or the form: parsed into [`NewEvent`].
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct EventInput {
    /// 1 to 200 characters.
    pub title: String,
    /// RFC 3339 (`2026-12-03T09:00:00+01:00`), or a local Europe/Paris time
    /// (`2026-12-03T09:00`), or a date (`2026-12-03`) for all-day events.
    pub starts_at: String,
    pub ends_at: String,
    /// Seats; absent or null = unlimited.
    #[serde(default)]
    pub capacity: Option<i32>,
    /// Organizer: a place …
    #[serde(default)]
    pub place_id: Option<PlaceId>,
    /// … or a network.
    #[serde(default)]
    pub network_id: Option<NetworkId>,
    /// `draft`, `published` (default) or `cancelled`.
    #[serde(default)]
    pub status: Option<EventStatus>,
    /// `atelier`, `formation`, `afterwork`, `cafe`, `rencontre`, `visite`, `portes-ouvertes`,
    /// `reunion`, `autre` (default; so is an empty text).
    #[serde(default, deserialize_with = "blank_as_none")]
    pub kind: Option<EventKind>,
    /// HTML, sanitized.
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub all_day: Option<bool>,
    /// `place` (default with a place), `address`, `online`, `hybrid`; absent or empty: guessed
    /// (a place, else an online address, else an address).
    #[serde(default, deserialize_with = "blank_as_none")]
    pub location_kind: Option<LocationKind>,
    /// The place where it happens (`place` or `hybrid` location), when it is not the
    /// organizing place: a network's meeting held in one of the places, a visit elsewhere.
    #[serde(default)]
    pub location_place_id: Option<PlaceId>,
    /// One of the spaces of the place where it happens (`place` or `hybrid` location only).
    /// The event takes its seats on its dates, like a booking: refused (409 `space_taken`)
    /// when they are taken.
    #[serde(default)]
    pub space_id: Option<SpaceId>,
    /// How many seats of that space the event takes; absent or null: the whole space.
    #[serde(default)]
    pub space_seats: Option<i32>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub online_url: Option<String>,
    /// Price in cents; absent or 0 = free.
    #[serde(default)]
    pub price_cents: Option<i64>,
    #[serde(default)]
    pub price_info: Option<String>,
    #[serde(default)]
    pub audience: Option<String>,
    #[serde(default)]
    pub wheelchair: Option<bool>,
    #[serde(default)]
    pub sign_language: Option<bool>,
    #[serde(default)]
    pub subtitles: Option<bool>,
    /// Registrations wait for the organizer's approval.
    #[serde(default)]
    pub approval: Option<bool>,
    /// Optional questions asked at registration, one per line.
    #[serde(default)]
    pub questions: Option<String>,
    /// Comma-separated.
    #[serde(default)]
    pub categories: Option<String>,
    /// RFC 5545 rule, e.g. `FREQ=WEEKLY;BYDAY=TH` (expanded in Europe/Paris).
    #[serde(default)]
    pub rrule: Option<String>,
    /// Excluded dates: local start times `2026-12-24T09:00`, comma-separated.
    #[serde(default)]
    pub exdates: Option<String>,
    /// The organizer asks for a rule that meets several times a day (`FREQ=HOURLY`, several
    /// `BYHOUR`…), refused otherwise. Not stored: a rule is checked again on every change.
    #[serde(default)]
    pub several_a_day: Option<bool>,
}

/// A closed list's value that may be absent, null or empty (then `None`, the default); any
/// other text must be one of the list's (else the list's own error: an unknown variant, which
/// the API's JSON reader answers with 422 on the field).
fn blank_as_none<'de, D, E>(d: D) -> Result<Option<E>, D::Error>
where
    D: serde::Deserializer<'de>,
    E: serde::de::DeserializeOwned,
{
    use serde::de::IntoDeserializer;
    use serde::Deserialize;
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) if s.is_empty() => Ok(None),
        Some(s) => E::deserialize(s.into_deserializer()).map(Some),
    }
}

/// A form's text for a closed list: empty is `None` (the default), an unknown text is the
/// error `key` on `field`.
pub fn parse_choice_field<E: std::str::FromStr>(
    raw: &str,
    field: &'static str,
    key: &'static str,
    errors: &mut FieldErrors,
) -> Option<E> {
    if raw.is_empty() {
        return None;
    }
    let found = raw.parse::<E>().ok();
    if found.is_none() {
        errors.add(field, key);
    }
    found
}

/// Trimmed, without NUL or other control characters except line breaks and tabs (PostgreSQL
/// refuses NUL in text).
pub fn clean(s: &str) -> String {
    s.trim()
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

fn trimmed(s: &Option<String>) -> String {
    clean(s.as_deref().unwrap_or(""))
}

/// A local Europe/Paris time → UTC ms (the earliest of an ambiguous time; a time skipped by
/// the spring change moves one hour later).
pub fn paris_to_utc(local: NaiveDateTime) -> i64 {
    match Paris.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.timestamp_millis(),
        chrono::LocalResult::Ambiguous(a, _) => a.timestamp_millis(),
        chrono::LocalResult::None => local
            .checked_add_signed(chrono::Duration::hours(1))
            .and_then(|later| Paris.from_local_datetime(&later).earliest())
            .map(|t| t.timestamp_millis())
            .unwrap_or_else(|| local.and_utc().timestamp_millis()),
    }
}

pub fn utc_to_paris(ms: i64) -> NaiveDateTime {
    crate::clock::from_ms(ms)
        .with_timezone(&Paris)
        .naive_local()
}

/// Parses an instant: RFC 3339 with offset, a local Paris time, or a date (then `Some(date)`).
pub fn parse_instant(raw: &str) -> Option<(i64, Option<NaiveDate>)> {
    let s = raw.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some((t.with_timezone(&Utc).timestamp_millis(), None));
    }
    for f in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some((paris_to_utc(t), None));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some((paris_to_utc(d.and_time(NaiveTime::MIN)), Some(d)));
    }
    None
}

pub fn parse_exdates(raw: &str) -> Result<Vec<NaiveDateTime>, String> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
                .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
                .map_err(|_| format!("date exclue illisible : {s}"))
        })
        .collect()
}

fn valid_url(s: &str) -> bool {
    url::Url::parse(s).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
}

impl EventInput {
    /// Validates into a [`NewEvent`]; field errors are message keys.
    pub fn parse(&self, errors: &mut FieldErrors) -> Option<NewEvent> {
        let title = self.title.trim().replace('\0', "");
        if title.is_empty() {
            errors.add("title", "field-required");
        } else if title.chars().count() > 200 || title.chars().any(char::is_control) {
            errors.add("title", "field-name-invalid");
        }
        let kind = self.kind.unwrap_or(EventKind::Autre);
        let status = self.status.unwrap_or(EventStatus::Published);
        let (starts_at, ends_at, all_day) = self.span(errors);
        if self.place_id.is_none() && self.network_id.is_none() {
            errors.add("organizer", "event-error-organizer");
        }
        if self.space_id.is_some() && self.place_id.is_none() && self.location_place_id.is_none() {
            // Only a place has spaces; which ones is checked against the database.
            errors.add("space_id", "event-error-space");
        }
        if let Some(n) = self.space_seats {
            if self.space_id.is_none() || !(1..=100_000).contains(&n) {
                errors.add("space_seats", "event-error-space-seats");
            }
        }
        if let Some(c) = self.capacity {
            if !(0..=100_000).contains(&c) {
                errors.add("capacity", "event-error-capacity");
            }
        }
        if let Some(p) = self.price_cents {
            if p < 0 {
                errors.add("price_cents", "event-error-price");
            }
        }
        let location_kind = self.location_kind();
        let online_url = trimmed(&self.online_url);
        if !online_url.is_empty() && !valid_url(&online_url) {
            errors.add("online_url", "event-error-url");
        }
        if location_kind.is_online() && online_url.is_empty() {
            errors.add("online_url", "event-error-url");
        }
        let description = crate::text::sanitize_html(&trimmed(&self.description));
        if description.chars().count() > 20_000 {
            errors.add("description", "field-too-long");
        }
        let rrule = Some(trimmed(&self.rrule)).filter(|r| !r.is_empty());
        let rrule = rrule.map(|r| r.trim_start_matches("RRULE:").to_string());
        if let Some(r) = &rrule {
            if crate::recurrence::validate_any(r).is_err() {
                errors.add("rrule", "event-error-rrule");
            } else if self.several_a_day != Some(true)
                && crate::recurrence::at_most_daily(r).is_err()
            {
                errors.add("rrule", "event-error-rrule-several-a-day");
            }
        }
        let exdates = trimmed(&self.exdates);
        if parse_exdates(&exdates).is_err() {
            errors.add("exdates", "event-error-exdates");
        }
        self.check_lengths(errors);
        if !errors.is_empty() {
            return None;
        }
        Some(NewEvent {
            network_id: self.network_id,
            place_id: self.place_id,
            title,
            kind,
            description,
            starts_at,
            ends_at,
            all_day,
            location_place_id: if location_kind.in_place() {
                self.location_place_id.or(self.place_id)
            } else {
                None
            },
            space_id: if location_kind.in_place() {
                self.space_id
            } else {
                None
            },
            space_seats: if location_kind.in_place() {
                self.space_seats
            } else {
                None
            },
            location_kind,
            address: trimmed(&self.address),
            online_url,
            capacity: self.capacity,
            price_cents: self.price_cents.filter(|p| *p > 0),
            price_info: trimmed(&self.price_info),
            audience: trimmed(&self.audience),
            wheelchair: self.wheelchair.unwrap_or(false),
            sign_language: self.sign_language.unwrap_or(false),
            subtitles: self.subtitles.unwrap_or(false),
            status,
            approval: self.approval.unwrap_or(false),
            questions: trimmed(&self.questions),
            categories: trimmed(&self.categories),
            rrule,
            exdates,
            uid: None,
        })
    }

    /// The start and end instants (an all-day event ends after its last day), and whether the
    /// event lasts whole days (two dates make it so).
    fn span(&self, errors: &mut FieldErrors) -> (i64, i64, bool) {
        let start = parse_instant(&self.starts_at);
        let end = parse_instant(&self.ends_at);
        let mut all_day = self.all_day.unwrap_or(false);
        let (starts_at, ends_at) = match (start, end) {
            (None, _) => {
                errors.add("starts_at", "event-error-date");
                (0, 0)
            }
            (_, None) => {
                errors.add("ends_at", "event-error-date");
                (0, 0)
            }
            (Some((s, sd)), Some((e, ed))) => {
                // Two dates: an all-day event, inclusive of its last day.
                let e = match (sd, ed) {
                    (Some(_), Some(d)) => {
                        all_day = true;
                        paris_to_utc(d.succ_opt().unwrap_or(d).and_time(NaiveTime::MIN))
                    }
                    _ => e,
                };
                if e < s {
                    errors.add("ends_at", "event-error-end-before-start");
                }
                (s, e)
            }
        };
        (starts_at, ends_at, all_day)
    }

    /// How the event takes place: given, or guessed from its place or online address.
    fn location_kind(&self) -> LocationKind {
        self.location_kind.unwrap_or_else(|| {
            if self.place_id.is_some() || self.location_place_id.is_some() {
                LocationKind::Place
            } else if !trimmed(&self.online_url).is_empty() {
                LocationKind::Online
            } else {
                LocationKind::Address
            }
        })
    }

    /// The free texts stay within their lengths.
    fn check_lengths(&self, errors: &mut FieldErrors) {
        for (name, v) in [
            ("address", &self.address),
            ("price_info", &self.price_info),
            ("audience", &self.audience),
            ("categories", &self.categories),
        ] {
            if trimmed(v).chars().count() > 500 {
                errors.add(name, "field-too-long");
            }
        }
        if trimmed(&self.questions).chars().count() > 2000 {
            errors.add("questions", "field-too-long");
        }
    }
}

/// The start instants of an event: its own start, or its rule expanded (Europe/Paris).
pub fn occurrence_starts(
    starts_at: i64,
    rrule: Option<&str>,
    exdates: &str,
) -> Result<Vec<i64>, String> {
    let Some(rule) = rrule else {
        return Ok(vec![starts_at]);
    };
    let ex = parse_exdates(exdates).map_err(|_| "dates exclues illisibles".to_string())?;
    let starts = crate::recurrence::expand(rule, utc_to_paris(starts_at), &ex, MAX_OCCURRENCES)?;
    let horizon = starts_at + HORIZON_DAYS * 86_400_000;
    Ok(starts
        .into_iter()
        .map(|t| t.timestamp_millis())
        .filter(|t| *t <= horizon)
        .collect())
}

/// "jeudi 3 décembre 2026, 09:00 – 12:00" (Europe/Paris), for emails (in French).
pub fn when_fr(starts_at: i64, ends_at: i64, all_day: bool) -> String {
    when(crate::i18n::Lang::Fr, starts_at, ends_at, all_day)
}

/// A date written out: "jeudi 3 décembre 2026" / "Thursday 3 December 2026".
pub fn long_day(lang: crate::i18n::Lang, d: NaiveDate) -> String {
    use chrono::Datelike;
    const JOURS: [&str; 7] = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    const MOIS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (days, months) = match lang {
        crate::i18n::Lang::Fr => (JOURS, MOIS),
        crate::i18n::Lang::En => (DAYS, MONTHS),
    };
    format!(
        "{} {} {} {}",
        days[d.weekday().num_days_from_monday() as usize],
        d.day(),
        months[d.month0() as usize],
        d.year()
    )
}

/// An occurrence in words, in Europe/Paris time:
/// - fr: "jeudi 3 décembre 2026, 09:00 – 12:00", "du … au …";
/// - en: "Thursday 3 December 2026, 9:00–12:00", "from … to …".
pub fn when(lang: crate::i18n::Lang, starts_at: i64, ends_at: i64, all_day: bool) -> String {
    use crate::i18n::Lang;
    let s = utc_to_paris(starts_at);
    let e = utc_to_paris(ends_at);
    let day = |d: NaiveDate| long_day(lang, d);
    let time = |t: NaiveDateTime| match lang {
        Lang::Fr => t.format("%H:%M").to_string(),
        Lang::En => t.format("%-H:%M").to_string(),
    };
    let (from, to, dash) = match lang {
        Lang::Fr => ("du", "au", " – "),
        Lang::En => ("from", "to", "–"),
    };
    if all_day {
        let last = e
            .checked_sub_signed(chrono::Duration::seconds(1))
            .unwrap_or(e)
            .date();
        if last <= s.date() {
            day(s.date())
        } else {
            format!("{from} {} {to} {}", day(s.date()), day(last))
        }
    } else if s.date() == e.date() {
        format!("{}, {}{dash}{}", day(s.date()), time(s), time(e))
    } else {
        format!(
            "{from} {}, {} {to} {}, {}",
            day(s.date()),
            time(s),
            day(e.date()),
            time(e)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions() {
        assert_eq!(decide(None, false, 100, false, 1), RegStatus::Confirmed);
        assert_eq!(decide(Some(3), false, 2, false, 1), RegStatus::Confirmed);
        assert_eq!(decide(Some(3), false, 2, false, 2), RegStatus::Waitlisted);
        assert_eq!(decide(Some(3), false, 0, true, 1), RegStatus::Waitlisted);
        assert_eq!(decide(Some(3), true, 0, false, 1), RegStatus::Pending);
    }

    #[test]
    fn instants_and_dates() {
        // Winter: Paris is UTC+1.
        let (t, d) = parse_instant("2026-12-03T09:00").unwrap();
        assert_eq!(crate::clock::rfc3339(t), "2026-12-03T08:00:00Z");
        assert!(d.is_none());
        let (t, _) = parse_instant("2026-07-02T09:00:00+02:00").unwrap();
        assert_eq!(crate::clock::rfc3339(t), "2026-07-02T07:00:00Z");
        let (_, d) = parse_instant("2026-07-02").unwrap();
        assert!(d.is_some());
        assert!(parse_instant("demain").is_none());
        assert_eq!(
            when_fr(
                parse_instant("2026-12-03T09:00").unwrap().0,
                parse_instant("2026-12-03T12:00").unwrap().0,
                false
            ),
            "jeudi 3 décembre 2026, 09:00 – 12:00"
        );
    }

    #[test]
    fn dates_in_french_and_english() {
        use crate::i18n::Lang;
        let t = |s: &str| parse_instant(s).unwrap().0;
        let (s, e) = (t("2026-12-03T09:00"), t("2026-12-03T12:00"));
        assert_eq!(
            when(Lang::Fr, s, e, false),
            "jeudi 3 décembre 2026, 09:00 – 12:00"
        );
        assert_eq!(
            when(Lang::En, s, e, false),
            "Thursday 3 December 2026, 9:00–12:00"
        );
        // Summer time: still Paris wall-clock time.
        let (s, e) = (t("2026-07-02T18:30"), t("2026-07-02T21:00"));
        assert_eq!(
            when(Lang::En, s, e, false),
            "Thursday 2 July 2026, 18:30–21:00"
        );
        // All day, several days (end exclusive), and a timed event over two days.
        let (s, e) = (t("2027-06-12"), t("2027-06-15"));
        assert_eq!(
            when(Lang::Fr, s, e, true),
            "du samedi 12 juin 2027 au lundi 14 juin 2027"
        );
        assert_eq!(
            when(Lang::En, s, e, true),
            "from Saturday 12 June 2027 to Monday 14 June 2027"
        );
        let (s, e) = (t("2026-12-03T09:00"), t("2026-12-04T17:00"));
        assert_eq!(
            when(Lang::En, s, e, false),
            "from Thursday 3 December 2026, 9:00 to Friday 4 December 2026, 17:00"
        );
    }

    #[test]
    fn lists_keep_their_stored_texts() {
        assert_eq!(
            EventKind::TEXTS,
            &[
                "atelier",
                "formation",
                "afterwork",
                "cafe",
                "rencontre",
                "visite",
                "portes-ouvertes",
                "reunion",
                "autre",
            ]
        );
        assert_eq!(
            LocationKind::TEXTS,
            &["place", "address", "online", "hybrid"]
        );
        assert_eq!(EventStatus::TEXTS, &["draft", "published", "cancelled"]);
        assert_eq!(
            RegStatus::TEXTS,
            &["confirmed", "waitlisted", "pending", "cancelled", "refused"]
        );
        assert_eq!(EventKind::PortesOuvertes.to_string(), "portes-ouvertes");
        assert!(LocationKind::Hybrid.in_place() && LocationKind::Hybrid.is_online());
        assert!(!LocationKind::Address.in_place() && !LocationKind::Address.is_online());
    }

    #[test]
    fn registration_statuses_are_not_guessed() {
        // The hand-written parser took any unknown text for `cancelled`.
        assert_eq!(RegStatus::from_text("refused"), Some(RegStatus::Refused));
        assert_eq!(RegStatus::from_text("annulee"), None);
        assert!("Confirmed".parse::<RegStatus>().is_err());
        let live: Vec<RegStatus> = RegStatus::ALL
            .iter()
            .copied()
            .filter(|s| s.is_live())
            .collect();
        assert_eq!(
            live,
            [
                RegStatus::Confirmed,
                RegStatus::Waitlisted,
                RegStatus::Pending
            ]
        );
    }

    #[test]
    fn input_rules() {
        let mut e = FieldErrors::default();
        let input = EventInput {
            title: "Atelier".into(),
            starts_at: "2026-12-03T12:00".into(),
            ends_at: "2026-12-03T09:00".into(),
            ..Default::default()
        };
        assert!(input.parse(&mut e).is_none());
        assert!(e.has("ends_at"));
        assert!(e.has("organizer"));
        let mut e = FieldErrors::default();
        let input = EventInput {
            title: "Ramdam".into(),
            starts_at: "2026-06-12".into(),
            ends_at: "2026-06-13".into(),
            network_id: Some(NetworkId(1)),
            ..Default::default()
        };
        let ev = input.parse(&mut e).unwrap();
        assert!(ev.all_day);
        assert_eq!(ev.ends_at - ev.starts_at, 2 * 86_400_000);
        assert_eq!(ev.status, EventStatus::Published);
        assert_eq!(ev.kind, EventKind::Autre);
        assert_eq!(ev.location_kind, LocationKind::Address);
    }
}
