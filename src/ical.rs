//! iCalendar (RFC 5545) output for bookings, events and meetings: feeds and `.ics` email
//! attachments. Escaping and line folding are done by the `icalendar` crate, after
//! [`text_value`] and [`line_value`] have taken every control character out of the values we
//! write (the crate escapes LF but writes a bare CR as is, and a client splitting lines on CR
//! would read what follows as a property of its own, `URL:…`); times are written
//! in Europe/Paris with `TZID` and the calendar carries the matching `VTIMEZONE`, so every
//! client shows the same wall-clock time (UTC is kept for `DTSTAMP`/`LAST-MODIFIED`).

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Europe::Paris;
use icalendar::{CalendarDateTime, Component, EventLike, EventStatus};

/// The `Content-Type` of an iCalendar document.
pub const CONTENT_TYPE: &str = "text/calendar; charset=utf-8";

/// Europe/Paris since 1996 (EU rules): what calendar clients need to place `TZID` times.
const VTIMEZONE_PARIS: &str = "BEGIN:VTIMEZONE\r\n\
TZID:Europe/Paris\r\n\
X-LIC-LOCATION:Europe/Paris\r\n\
BEGIN:DAYLIGHT\r\n\
TZOFFSETFROM:+0100\r\n\
TZOFFSETTO:+0200\r\n\
TZNAME:CEST\r\n\
DTSTART:19700329T020000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
END:DAYLIGHT\r\n\
BEGIN:STANDARD\r\n\
TZOFFSETFROM:+0200\r\n\
TZOFFSETTO:+0100\r\n\
TZNAME:CET\r\n\
DTSTART:19701025T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
END:STANDARD\r\n\
END:VTIMEZONE\r\n";

/// One `VEVENT`.
#[derive(Clone, Debug)]
pub struct IcsEvent {
    /// Globally unique and stable (e.g. `booking-42@maillage.example.org`).
    pub uid: String,
    pub summary: String,
    /// Plain text.
    pub description: String,
    pub location: String,
    pub url: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Written as `DATE` values (Paris dates of `start` and `end`; `end` exclusive).
    pub all_day: bool,
    /// `CONFIRMED`, `TENTATIVE` or `CANCELLED`.
    pub status: Option<&'static str>,
    pub sequence: i32,
    pub last_modified: DateTime<Utc>,
    /// An email address.
    pub organizer: Option<String>,
    pub categories: Vec<String>,
    /// An `RRULE` value (without the `RRULE:` prefix) when the event repeats.
    pub rrule: Option<String>,
}

impl Default for IcsEvent {
    fn default() -> Self {
        let epoch = DateTime::<Utc>::UNIX_EPOCH;
        IcsEvent {
            uid: String::new(),
            summary: String::new(),
            description: String::new(),
            location: String::new(),
            url: String::new(),
            start: epoch,
            end: epoch + Duration::hours(1),
            all_day: false,
            status: None,
            sequence: 0,
            last_modified: epoch,
            organizer: None,
            categories: Vec::new(),
            rrule: None,
        }
    }
}

/// A calendar being assembled.
pub struct Calendar {
    name: String,
    events: Vec<IcsEvent>,
}

impl Calendar {
    pub fn new(name: &str) -> Calendar {
        Calendar {
            name: name.to_string(),
            events: Vec::new(),
        }
    }

    pub fn push(&mut self, event: IcsEvent) -> &mut Self {
        self.events.push(event);
        self
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// The whole document, CRLF line endings, lines folded at 75 octets.
    pub fn render(&self) -> String {
        let mut cal = icalendar::Calendar::empty();
        cal.append_property(("VERSION", "2.0"));
        cal.append_property(("PRODID", "-//Maillage//Maillage//FR"));
        cal.append_property(("CALSCALE", "GREGORIAN"));
        cal.append_property(("METHOD", "PUBLISH"));
        cal.name(&line_value(&self.name));
        cal.timezone("Europe/Paris");
        for e in &self.events {
            cal.push(to_vevent(e));
        }
        let text = cal.to_string();
        // The VTIMEZONE goes before the first component (or before END:VCALENDAR).
        let at = text
            .find("BEGIN:VEVENT")
            .or_else(|| text.find("END:VCALENDAR"))
            .unwrap_or(text.len());
        let mut out = String::with_capacity(text.len() + VTIMEZONE_PARIS.len());
        out.push_str(&text[..at]);
        out.push_str(VTIMEZONE_PARIS);
        out.push_str(&text[at..]);
        out
    }
}

/// A TEXT value (summary, description, location, categories): CRLF and a
/// lone CR become LF (which the crate writes as the escaped `\n`), every other control
/// character but tab is dropped.
pub fn text_value(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

/// A value written as is (UID, URL, ORGANIZER, RRULE, the calendar name): one line, no control character at all.
pub fn line_value(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}

fn paris(at: DateTime<Utc>) -> CalendarDateTime {
    CalendarDateTime::from((at.with_timezone(&Paris).naive_local(), Paris))
}

fn to_vevent(e: &IcsEvent) -> icalendar::Event {
    let mut ev = icalendar::Event::new();
    ev.uid(&line_value(&e.uid));
    ev.timestamp(e.last_modified);
    ev.add_property(
        "LAST-MODIFIED",
        e.last_modified.format("%Y%m%dT%H%M%SZ").to_string(),
    );
    ev.add_property("SEQUENCE", e.sequence.to_string());
    ev.summary(&text_value(&e.summary));
    if e.all_day {
        let start = e.start.with_timezone(&Paris).date_naive();
        let mut end = e.end.with_timezone(&Paris).date_naive();
        if end <= start {
            end = start + Duration::days(1);
        }
        ev.starts(start);
        ev.ends(end);
    } else {
        ev.starts(paris(e.start));
        ev.ends(paris(e.end));
    }
    if !e.description.is_empty() {
        ev.description(&text_value(&e.description));
    }
    if !e.location.is_empty() {
        ev.location(&text_value(&e.location));
    }
    if !e.url.is_empty() {
        ev.url(&line_value(&e.url));
    }
    match e.status {
        Some("CONFIRMED") => {
            ev.status(EventStatus::Confirmed);
        }
        Some("TENTATIVE") => {
            ev.status(EventStatus::Tentative);
        }
        Some("CANCELLED") => {
            ev.status(EventStatus::Cancelled);
        }
        _ => {}
    }
    if let Some(org) = &e.organizer {
        ev.add_property("ORGANIZER", format!("mailto:{}", line_value(org)));
    }
    let categories: Vec<String> = e
        .categories
        .iter()
        .map(|c| {
            text_value(c)
                .replace([',', ';', '\\', '\n', '\t'], " ")
                .trim()
                .to_string()
        })
        .filter(|c| !c.is_empty())
        .collect();
    if !categories.is_empty() {
        ev.add_property("CATEGORIES", categories.join(","));
    }
    if let Some(rule) = &e.rrule {
        let rule = line_value(rule.trim().trim_start_matches("RRULE:"));
        ev.add_property("RRULE", rule);
    }
    ev.done()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn renders_a_valid_calendar_with_paris_times() {
        let mut cal = Calendar::new("Tiers-lieu de Riez");
        cal.push(IcsEvent {
            uid: "booking-1@maillage.test".into(),
            summary: "Réservation : salon de coworking, 2 places ; café ☕".into(),
            description: "Ligne 1\nLigne 2, avec virgule".into(),
            location: "Tiers-lieu de Riez, 04500 Riez".into(),
            start: utc("2026-11-26T08:00:00Z"),
            end: utc("2026-11-26T11:00:00Z"),
            status: Some("CONFIRMED"),
            last_modified: utc("2026-11-22T10:00:00Z"),
            organizer: Some("gerant@riez.example".into()),
            categories: vec!["atelier".into(), "a,b".into()],
            rrule: Some("FREQ=WEEKLY;BYDAY=TH;COUNT=4".into()),
            ..Default::default()
        });
        let text = cal.render();
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
        assert!(text.ends_with("END:VCALENDAR\r\n"), "{text}");
        assert!(
            text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris"),
            "{text}"
        );
        assert!(text.find("BEGIN:VTIMEZONE") < text.find("BEGIN:VEVENT"));
        assert!(
            text.contains("DTSTART;TZID=Europe/Paris:20261126T090000"),
            "{text}"
        );
        assert!(
            text.contains("DTEND;TZID=Europe/Paris:20261126T120000"),
            "{text}"
        );
        assert!(text.contains("UID:booking-1@maillage.test"), "{text}");
        assert!(text.contains("DTSTAMP:20261122T100000Z"), "{text}");
        assert!(
            text.contains("DESCRIPTION:Ligne 1\\nLigne 2\\, avec virgule"),
            "{text}"
        );
        assert!(
            text.contains("RRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=4"),
            "{text}"
        );
        assert!(text.contains("CATEGORIES:atelier,a b"), "{text}");
        assert!(text.contains("STATUS:CONFIRMED"), "{text}");
        assert!(
            text.contains("ORGANIZER:mailto:gerant@riez.example"),
            "{text}"
        );
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "unfolded line: {line}");
        }
        // Round trip through a parser.
        let parsed: icalendar::Calendar = text.parse().unwrap();
        let ev = parsed.events().next().unwrap();
        assert_eq!(
            ev.get_summary(),
            Some("Réservation : salon de coworking, 2 places ; café ☕")
        );
    }

    #[test]
    fn all_day_events_use_dates_and_empty_calendars_still_have_a_timezone() {
        let mut cal = Calendar::new("Agenda");
        cal.push(IcsEvent {
            uid: "e@x".into(),
            summary: "Ramdam".into(),
            start: utc("2027-06-11T22:00:00Z"),
            end: utc("2027-06-13T22:00:00Z"),
            all_day: true,
            ..Default::default()
        });
        let text = cal.render();
        assert!(text.contains("DTSTART;VALUE=DATE:20270612"), "{text}");
        assert!(text.contains("DTEND;VALUE=DATE:20270614"), "{text}");
        let empty = Calendar::new("Vide").render();
        assert!(empty.contains("BEGIN:VTIMEZONE"), "{empty}");
        assert!(empty.contains("X-WR-CALNAME:Vide"), "{empty}");
    }

    #[test]
    fn no_bare_cr_or_lf_inside_a_value() {
        let mut cal = Calendar::new("Agenda\r\nX-EVIL:1");
        cal.push(IcsEvent {
            uid: "m-1@x\r\nX-UID:2".into(),
            summary: "Réunion\rURL:https://evil.example".into(),
            description: "a\r\nb\nc\rATTACH:https://evil.example\u{0}".into(),
            location: "Salle\u{b}\rGEO:1;2".into(),
            url: "https://ok.example/\rX-URL:1".into(),
            organizer: Some("a@b.example\nX-ORG:1".into()),
            categories: vec!["x\ry".into()],
            rrule: Some("FREQ=DAILY\r\nX-R:1".into()),
            ..Default::default()
        });
        let text = cal.render();
        for (i, b) in text.bytes().enumerate() {
            if b == b'\r' {
                assert_eq!(
                    text.as_bytes().get(i + 1),
                    Some(&b'\n'),
                    "bare CR: {text:?}"
                );
            }
            if b == b'\n' {
                assert_eq!(text.as_bytes()[i - 1], b'\r', "bare LF: {text:?}");
            }
            assert!(
                b >= 0x20 || b == b'\r' || b == b'\n' || b == b'\t',
                "{text:?}"
            );
        }
        let unfolded = text.replace("\r\n ", "");
        for line in unfolded.split("\r\n") {
            for forged in [
                "URL:https://evil",
                "X-EVIL",
                "X-UID",
                "ATTACH:",
                "GEO:",
                "X-URL",
                "X-ORG",
                "X-R:",
            ] {
                assert!(!line.starts_with(forged), "{line}");
            }
        }
        assert!(
            unfolded.contains("SUMMARY:Réunion\\nURL:https://evil.example"),
            "{unfolded}"
        );
        let parsed: icalendar::Calendar = text.parse().unwrap();
        let ev = parsed.events().next().unwrap();
        assert_eq!(ev.get_summary(), Some("Réunion\nURL:https://evil.example"));
    }
}
