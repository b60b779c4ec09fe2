//! Importing iCalendar files (upload page and `maillage import events`), tolerant of real-world
//! files: folded lines, floating times with `X-WR-TIMEZONE`, `TZID` parameters, UTC times,
//! all-day `DATE` values, `DURATION`, emoji, `CATEGORIES`, `RRULE`/`EXDATE`, cancelled
//! events. Idempotent by `UID`: importing the same file again updates the same events.

use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use icalendar::parser::{read_calendar, unfold, Component, Property};

use super::model::{EventInput, EventKind, EventStatus, LocationKind, NewEvent};
use super::service;
use crate::auth::policy::{authorize, Action, Target};
use crate::auth::Principal;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::{NetworkId, PlaceId};
use crate::state::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Organizer {
    Place(PlaceId),
    Network(NetworkId),
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub created: usize,
    pub updated: usize,
    /// "« title » : reason" for each event left out.
    pub skipped: Vec<String>,
}

/// One VEVENT, read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    pub uid: String,
    pub title: String,
    pub description: String,
    pub location: String,
    pub url: String,
    /// RFC 3339 UTC, or `YYYY-MM-DD` for all-day events (end inclusive).
    pub starts_at: String,
    pub ends_at: String,
    pub all_day: bool,
    pub categories: Vec<String>,
    pub rrule: Option<String>,
    /// Local Europe/Paris start times `YYYY-MM-DDTHH:MM`.
    pub exdates: Vec<String>,
    pub cancelled: bool,
}

enum When {
    Date(NaiveDate),
    Instant(chrono::DateTime<chrono::Utc>),
}

fn param<'a>(p: &'a Property<'_>, key: &str) -> Option<&'a str> {
    p.params
        .iter()
        .find(|x| x.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|x| x.val.as_ref())
        .map(|v| v.as_str().trim_matches('"'))
}

fn tz_of(name: &str) -> Option<Tz> {
    let name = name.trim().trim_start_matches('/');
    if let Ok(tz) = name.parse::<Tz>() {
        return Some(tz);
    }
    // Outlook names and a few common aliases.
    match name {
        "Romance Standard Time" | "W. Europe Standard Time" | "Paris" => {
            Some(chrono_tz::Europe::Paris)
        }
        "UTC" | "GMT" | "Z" => Some(chrono_tz::UTC),
        _ => None,
    }
}

/// Reads a DATE or DATE-TIME value, honouring TZID, a trailing Z, or the calendar's default
/// time zone for floating times.
fn when(value: &str, tzid: Option<&str>, default_tz: Tz) -> Option<When> {
    let v = value.trim();
    if v.len() == 8 {
        return NaiveDate::parse_from_str(v, "%Y%m%d").ok().map(When::Date);
    }
    if let Some(utc) = v.strip_suffix('Z') {
        let t = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?;
        return Some(When::Instant(t.and_utc()));
    }
    let t = NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S")
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M"))
        .ok()?;
    let tz = tzid.and_then(tz_of).unwrap_or(default_tz);
    let local = tz.from_local_datetime(&t).earliest().or_else(|| {
        t.checked_add_signed(chrono::Duration::hours(1))
            .and_then(|later| tz.from_local_datetime(&later).earliest())
    })?;
    Some(When::Instant(local.with_timezone(&chrono::Utc)))
}

/// `P1D`, `PT1H30M`, `P1W`… → seconds.
fn duration_secs(v: &str) -> Option<i64> {
    let v = v.trim();
    let (neg, v) = match v.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, v.strip_prefix('+').unwrap_or(v)),
    };
    let v = v.strip_prefix('P')?;
    let mut total = 0i64;
    let mut num = String::new();
    let mut in_time = false;
    for ch in v.chars() {
        match ch {
            'T' => in_time = true,
            '0'..='9' => num.push(ch),
            unit => {
                let n: i64 = num.parse().ok()?;
                num.clear();
                let unit_secs = match (unit, in_time) {
                    ('W', _) => 7 * 86_400,
                    ('D', _) => 86_400,
                    ('H', true) => 3_600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
                total = total.checked_add(n.checked_mul(unit_secs)?)?;
            }
        }
    }
    Some(if neg { -total } else { total })
}

fn text(p: &Property<'_>) -> String {
    p.val.clone().unescape_text().as_str().trim().to_string()
}

fn find_vevents<'a, 'b>(components: &'b [Component<'a>], out: &mut Vec<&'b Component<'a>>) {
    for c in components {
        if c.name.as_str().eq_ignore_ascii_case("VEVENT") {
            out.push(c);
        } else {
            find_vevents(&c.components, out);
        }
    }
}

/// Parses an iCalendar document into events; answers the events and the ones left out.
pub fn parse(raw: &str) -> Result<(Vec<Parsed>, Vec<String>), String> {
    // Tolerate a BOM, LF-only line ends and trailing blanks.
    let raw = raw.trim_start_matches('\u{feff}');
    let normalized = raw.replace("\r\n", "\n").replace('\r', "\n");
    let mut normalized = normalized.trim().to_string();
    normalized.push('\n');
    let unfolded = unfold(&normalized);
    let cal =
        read_calendar(&unfolded).map_err(|e| e.lines().take(3).collect::<Vec<_>>().join(" "))?;
    let default_tz = cal
        .properties
        .iter()
        .find(|p| p.name.as_str().eq_ignore_ascii_case("X-WR-TIMEZONE"))
        .and_then(|p| tz_of(p.val.as_str()))
        .unwrap_or(chrono_tz::Europe::Paris);
    let mut vevents = Vec::new();
    find_vevents(&cal.components, &mut vevents);
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for ve in vevents {
        match parse_vevent(ve, default_tz) {
            Ok(parsed) => out.push(parsed),
            Err(reason) => skipped.push(reason),
        }
    }
    Ok((out, skipped))
}

/// One VEVENT as an event, or why it is left out ("« title » : reason").
fn parse_vevent(ve: &Component<'_>, default_tz: Tz) -> Result<Parsed, String> {
    let get = |name: &str| {
        ve.properties
            .iter()
            .find(|p| p.name.as_str().eq_ignore_ascii_case(name))
    };
    let title = get("SUMMARY").map(text).unwrap_or_default();
    let title = if title.is_empty() {
        "(sans titre)".to_string()
    } else {
        title
    };
    if get("RECURRENCE-ID").is_some() {
        return Err(format!(
            "« {title} » : modification d'une occurrence, ignorée"
        ));
    }
    let Some(dtstart) = get("DTSTART") else {
        return Err(format!("« {title} » : pas de date de début"));
    };
    let Some(start) = when(dtstart.val.as_str(), param(dtstart, "TZID"), default_tz) else {
        return Err(format!("« {title} » : date de début illisible"));
    };
    let end = get("DTEND").and_then(|p| when(p.val.as_str(), param(p, "TZID"), default_tz));
    let duration = get("DURATION").and_then(|p| duration_secs(p.val.as_str()));
    let all_day_start = matches!(start, When::Date(_));
    let (starts_at, ends_at, all_day) = span(start, end, duration);
    let uid = get("UID")
        .map(|p| p.val.as_str().trim().to_string())
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| {
            format!(
                "{}@import.maillage",
                crate::auth::secret::hash_token(&format!("{title}|{starts_at}"))
                    .chars()
                    .take(32)
                    .collect::<String>()
            )
        });
    let rrule = get("RRULE").map(|p| p.val.as_str().trim().to_string());
    Ok(Parsed {
        uid,
        title,
        description: get("DESCRIPTION").map(text).unwrap_or_default(),
        location: get("LOCATION").map(text).unwrap_or_default(),
        url: get("URL")
            .map(|p| p.val.as_str().trim().to_string())
            .unwrap_or_default(),
        starts_at,
        ends_at,
        all_day,
        categories: categories(ve),
        rrule,
        exdates: exdates(ve, all_day_start, default_tz),
        cancelled: get("STATUS").is_some_and(|p| p.val.as_str().eq_ignore_ascii_case("CANCELLED")),
    })
}

/// Start, end (inclusive day, or instant) and all-day flag of an event, from its DTSTART and
/// its DTEND or DURATION (one hour when it has neither).
fn span(start: When, end: Option<When>, duration: Option<i64>) -> (String, String, bool) {
    match start {
        When::Date(d) => {
            let last = match end {
                Some(When::Date(e)) if e > d => e.pred_opt().unwrap_or(d),
                _ => match duration {
                    Some(s) if s >= 86_400 => d
                        .checked_add_signed(chrono::Duration::days((s / 86_400 - 1).min(3660)))
                        .unwrap_or(d),
                    _ => d,
                },
            };
            (d.to_string(), last.to_string(), true)
        }
        When::Instant(s) => {
            let e = match end {
                Some(When::Instant(e)) if e >= s => e,
                Some(When::Date(d)) => d
                    .and_hms_opt(0, 0, 0)
                    .map(|t| t.and_utc())
                    .filter(|e| *e >= s)
                    .unwrap_or(s),
                _ => {
                    let secs = duration
                        .filter(|d| *d >= 0)
                        .unwrap_or(3600)
                        .min(366 * 86_400);
                    s.checked_add_signed(chrono::Duration::seconds(secs))
                        .unwrap_or(s)
                }
            };
            (
                s.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                e.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                false,
            )
        }
    }
}

/// The CATEGORIES of a VEVENT, once each.
fn categories(ve: &Component<'_>) -> Vec<String> {
    let mut categories = Vec::new();
    for p in ve
        .properties
        .iter()
        .filter(|p| p.name.as_str().eq_ignore_ascii_case("CATEGORIES"))
    {
        for c in p.val.as_str().split(',') {
            let c = c.replace("\\,", ",").replace("\\;", ";").trim().to_string();
            if !c.is_empty() && !categories.contains(&c) {
                categories.push(c);
            }
        }
    }
    categories
}

/// The EXDATEs of a VEVENT as local Europe/Paris start times; an all-day exception counts only
/// for an all-day event.
fn exdates(ve: &Component<'_>, all_day: bool, default_tz: Tz) -> Vec<String> {
    let mut exdates = Vec::new();
    for p in ve
        .properties
        .iter()
        .filter(|p| p.name.as_str().eq_ignore_ascii_case("EXDATE"))
    {
        for v in p.val.as_str().split(',') {
            match when(v, param(p, "TZID"), default_tz) {
                Some(When::Instant(t)) => exdates.push(
                    t.with_timezone(&chrono_tz::Europe::Paris)
                        .format("%Y-%m-%dT%H:%M")
                        .to_string(),
                ),
                // An all-day exception: the start time of the event on that day.
                Some(When::Date(d)) if all_day => exdates.push(format!("{d}T00:00")),
                Some(When::Date(_)) | None => {}
            }
        }
    }
    exdates
}

/// Plain text → escaped HTML paragraphs (then sanitized like any description).
fn text_to_html(s: &str) -> String {
    s.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let esc = p
                .trim()
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('\n', "<br>");
            format!("<p>{esc}</p>")
        })
        .collect::<Vec<_>>()
        .join("")
}

fn looks_online(s: &str) -> bool {
    s.starts_with("https://") || s.starts_with("http://")
}

impl Parsed {
    fn to_new(&self, org: Organizer, errors: &mut FieldErrors) -> Option<NewEvent> {
        let (place_id, network_id) = match org {
            Organizer::Place(p) => (Some(p), None),
            Organizer::Network(n) => (None, Some(n)),
        };
        let online_url = if looks_online(&self.location) {
            self.location.clone()
        } else {
            String::new()
        };
        let address = if online_url.is_empty() {
            self.location.clone()
        } else {
            String::new()
        };
        let location_kind = if !online_url.is_empty() {
            LocationKind::Online
        } else if !address.is_empty() {
            LocationKind::Address
        } else if place_id.is_some() {
            LocationKind::Place
        } else {
            LocationKind::Address
        };
        let mut description = text_to_html(&self.description);
        if looks_online(&self.url) {
            description.push_str(&format!(
                "<p><a href=\"{}\">{}</a></p>",
                self.url.replace('"', "%22"),
                self.url.replace('<', "&lt;")
            ));
        }
        let input = EventInput {
            title: self.title.chars().take(200).collect(),
            starts_at: self.starts_at.clone(),
            ends_at: self.ends_at.clone(),
            place_id,
            network_id,
            status: Some(if self.cancelled {
                EventStatus::Cancelled
            } else {
                EventStatus::Published
            }),
            kind: Some(EventKind::Autre),
            description: Some(description),
            all_day: Some(self.all_day),
            location_kind: Some(location_kind),
            address: Some(address.chars().take(500).collect()),
            online_url: Some(online_url),
            categories: Some(self.categories.join(", ").chars().take(500).collect()),
            rrule: self.rrule.clone(),
            exdates: Some(self.exdates.join(",")),
            ..Default::default()
        };
        let mut ev = input.parse(errors)?;
        ev.uid = Some(self.uid.clone());
        Some(ev)
    }
}

/// `lieu:SLUG`, `reseau:SLUG`, `lieu:ID`, `reseau:ID` (also `place:` / `network:`).
pub async fn resolve_organizer(state: &AppState, spec: &str) -> AppResult<Organizer> {
    let (kind, key) = spec.split_once(':').ok_or_else(|| {
        AppError::BadRequest("organisateur attendu : lieu:SLUG ou reseau:SLUG".into())
    })?;
    match kind {
        "lieu" | "place" => {
            let p = match key.parse::<i64>() {
                Ok(id) => {
                    crate::tenancy::repo::place_by_id(&state.db, crate::ids::PlaceId(id)).await?
                }
                Err(_) => crate::tenancy::repo::place_by_slug(&state.db, key).await?,
            };
            p.map(|p| Organizer::Place(p.id)).ok_or(AppError::NotFound)
        }
        "reseau" | "network" => {
            let n = match key.parse::<i64>() {
                Ok(id) => {
                    crate::tenancy::repo::network_by_id(&state.db, crate::ids::NetworkId(id))
                        .await?
                }
                Err(_) => crate::tenancy::repo::network_by_slug(&state.db, key).await?,
            };
            n.map(|n| Organizer::Network(n.id))
                .ok_or(AppError::NotFound)
        }
        _ => Err(AppError::BadRequest(
            "organisateur attendu : lieu:SLUG ou reseau:SLUG".into(),
        )),
    }
}

/// Why an import by URL failed: a download error, or an answer that is not iCalendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlError {
    Fetch(crate::fetch::FetchError),
    NotCalendar,
}

impl std::fmt::Display for UrlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UrlError::Fetch(e) => write!(f, "{e}"),
            UrlError::NotCalendar => {
                f.write_str("le contenu n'est pas un fichier iCalendar (.ics)")
            }
        }
    }
}

impl UrlError {
    /// The message key of the `url` field.
    pub fn key(&self) -> &'static str {
        use crate::fetch::FetchError as F;
        match self {
            UrlError::Fetch(F::BadUrl) => "import-error-url",
            UrlError::Fetch(F::Blocked(_)) => "import-error-url-blocked",
            UrlError::Fetch(F::Unresolved(_)) => "import-error-url-unresolved",
            UrlError::Fetch(F::TooManyRedirects) => "import-error-url-redirects",
            UrlError::Fetch(F::Timeout) => "import-error-url-timeout",
            UrlError::Fetch(F::TooLarge(_)) => "import-error-url-too-large",
            UrlError::Fetch(F::Status(_)) => "import-error-url-status",
            UrlError::Fetch(F::Network(_)) => "import-error-url-network",
            UrlError::NotCalendar => "import-error-url-not-ics",
        }
    }
}

/// Downloads an iCalendar document (import by URL) under the rules of `fetch` (public
/// addresses only unless `fetch_allow_private`, 15 s, 10 MB, 5 redirects); the content must
/// be iCalendar.
pub async fn fetch_ics(state: &AppState, url: &str) -> Result<String, UrlError> {
    let limits = crate::fetch::Limits {
        allow_private: state.config.fetch_allow_private,
        ..Default::default()
    };
    let bytes = crate::fetch::get(url, limits)
        .await
        .map_err(UrlError::Fetch)?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let head: String = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(15)
        .collect();
    if !head.eq_ignore_ascii_case("BEGIN:VCALENDAR") {
        return Err(UrlError::NotCalendar);
    }
    Ok(text)
}

/// Imports a document for an organizer (`who` = `None` for the command line, which is trusted).
pub async fn import_ics(
    state: &AppState,
    who: Option<&Principal>,
    org: Organizer,
    raw: &str,
) -> AppResult<Report> {
    let target = match org {
        Organizer::Place(p) => {
            crate::tenancy::repo::place_by_id(&state.db, p)
                .await?
                .ok_or(AppError::NotFound)?;
            crate::tenancy::service::place_target(state, p).await?
        }
        Organizer::Network(n) => {
            crate::tenancy::repo::network_by_id(&state.db, n)
                .await?
                .ok_or(AppError::NotFound)?;
            Target::Network(n.get())
        }
    };
    if let Some(p) = who {
        authorize(Some(p), Action::OrganizeEvents, &target)?;
    }
    let (events, skipped) = parse(raw).map_err(|_| {
        let mut f = FieldErrors::default();
        f.add("ics", "import-error-unreadable");
        AppError::Invalid(f)
    })?;
    let mut report = Report {
        skipped,
        ..Default::default()
    };
    for p in events {
        let mut errors = FieldErrors::default();
        let Some(new) = p.to_new(org, &mut errors) else {
            let fields: Vec<&str> = errors.0.iter().map(|(f, _)| f.as_ref()).collect();
            report.skipped.push(format!(
                "« {} » : champs invalides ({})",
                p.title,
                fields.join(", ")
            ));
            continue;
        };
        match service::upsert_by_uid(state, new, who).await {
            Ok((_, true)) => report.created += 1,
            Ok((_, false)) => report.updated += 1,
            Err(AppError::Taken(t)) => report.skipped.push(format!(
                "« {} » : {}",
                p.title,
                t.message(crate::i18n::Lang::Fr)
            )),
            Err(AppError::Conflict(_)) => report.skipped.push(format!(
                "« {} » : UID déjà utilisé par un autre organisateur",
                p.title
            )),
            Err(AppError::Invalid(f)) if f.0.iter().any(|(k, _)| k == "rrule") => {
                report.skipped.push(format!(
                    "« {} » : règle de récurrence non prise en charge",
                    p.title
                ))
            }
            Err(AppError::Invalid(f)) => {
                let fields: Vec<&str> = f.0.iter().map(|(k, _)| k.as_ref()).collect();
                report.skipped.push(format!(
                    "« {} » : champs refusés ({})",
                    p.title,
                    fields.join(", ")
                ))
            }
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//FR\r\nX-WR-TIMEZONE:Europe/Paris\r\n\
BEGIN:VEVENT\r\nUID:cafe-1@example.org\r\nSUMMARY:☕ Café des tiers-lieux\\, édition de décembre\r\n\
DTSTART:20261203T090000\r\nDTEND:20261203T103000\r\nDESCRIPTION:Une longue description qui est pliée sur \r\n plusieurs lignes 🎉\r\n\
CATEGORIES:réseau,visio\r\nLOCATION:https://visio.example.org/cafe\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:ramdam@example.org\r\nSUMMARY:Ramdam\r\nDTSTART;VALUE=DATE:20270612\r\nDTEND;VALUE=DATE:20270614\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:atelier@example.org\r\nSUMMARY:Atelier\r\nDTSTART;TZID=Europe/Paris:20270107T090000\r\nDURATION:PT3H\r\n\
RRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=4\r\nEXDATE;TZID=Europe/Paris:20270114T090000\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:utc@example.org\r\nSUMMARY:UTC\r\nDTSTART:20270701T070000Z\r\nDTEND:20270701T080000Z\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

    #[test]
    fn tolerant_parsing() {
        let (events, skipped) = parse(SAMPLE).unwrap();
        assert!(skipped.is_empty(), "{skipped:?}");
        assert_eq!(events.len(), 4);
        let cafe = &events[0];
        assert_eq!(cafe.title, "☕ Café des tiers-lieux, édition de décembre");
        // Floating time in X-WR-TIMEZONE (winter, UTC+1).
        assert_eq!(cafe.starts_at, "2026-12-03T08:00:00Z");
        assert_eq!(cafe.ends_at, "2026-12-03T09:30:00Z");
        assert!(cafe.description.contains("pliée sur plusieurs lignes 🎉"));
        assert_eq!(cafe.categories, vec!["réseau", "visio"]);
        let ramdam = &events[1];
        assert!(ramdam.all_day);
        assert_eq!(
            (ramdam.starts_at.as_str(), ramdam.ends_at.as_str()),
            ("2027-06-12", "2027-06-13")
        );
        let atelier = &events[2];
        assert_eq!(atelier.starts_at, "2027-01-07T08:00:00Z");
        assert_eq!(atelier.ends_at, "2027-01-07T11:00:00Z");
        assert_eq!(
            atelier.rrule.as_deref(),
            Some("FREQ=WEEKLY;BYDAY=TH;COUNT=4")
        );
        assert_eq!(atelier.exdates, vec!["2027-01-14T09:00"]);
        // Summer, UTC.
        assert_eq!(events[3].starts_at, "2027-07-01T07:00:00Z");
    }

    #[test]
    fn unreadable_is_an_error() {
        assert!(
            parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\n").is_err()
                || parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\n")
                    .unwrap()
                    .0
                    .is_empty()
        );
        assert_eq!(duration_secs("PT1H30M"), Some(5400));
        assert_eq!(duration_secs("P2D"), Some(172_800));
    }
}
