//! Recurrence rules (RFC 5545 `RRULE`: "every Thursday", "the first Tuesday of the month")
//! expanded in Europe/Paris wall-clock time by the `rrule` crate, so a 9:00 workshop stays at
//! 9:00 across daylight-saving changes. Used by recurring bookings, events and club slots.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use rrule::{RRule, RRuleSet, Tz, Unvalidated};

/// The most occurrences one rule may produce (a weekly rule over ten years fits).
pub const MAX_OCCURRENCES: usize = 1000;

fn french(e: impl std::fmt::Display) -> String {
    format!(
        "Règle de récurrence invalide ({e}). Exemples : « FREQ=WEEKLY;BYDAY=TH;COUNT=12 », \
         « FREQ=MONTHLY;BYDAY=1TU;UNTIL=20270630 »."
    )
}

/// Accepts the rule with or without the `RRULE:` prefix; an `UNTIL` given as a date or a local
/// date-time (as people and many calendars write it) is read as Paris time and rewritten in
/// UTC, as RFC 5545 requires when the start has a time zone.
fn normalize(rule: &str) -> Result<String, String> {
    let rule = rule.trim();
    let rule = rule
        .strip_prefix("RRULE:")
        .or_else(|| rule.strip_prefix("rrule:"))
        .unwrap_or(rule);
    if rule.is_empty() {
        return Err(french("règle vide"));
    }
    if rule.len() > 500 || rule.contains(['\n', '\r']) {
        return Err(french("règle trop longue ou sur plusieurs lignes"));
    }
    let mut parts = Vec::new();
    for part in rule.split(';').filter(|p| !p.is_empty()) {
        let (key, value) = part
            .split_once('=')
            .ok_or_else(|| french(format!("« {part} » n'a pas la forme CLÉ=VALEUR")))?;
        let key = key.trim().to_ascii_uppercase();
        let value = value.trim().to_string();
        if key == "UNTIL" && !value.ends_with('Z') {
            let local = if value.len() == 8 {
                NaiveDate::parse_from_str(&value, "%Y%m%d")
                    .map(|d| d.and_hms_opt(23, 59, 59).expect("valid time"))
            } else {
                NaiveDateTime::parse_from_str(&value, "%Y%m%dT%H%M%S")
            }
            .map_err(|_| french(format!("date de fin « {value} » illisible")))?;
            let utc = crate::hours::from_paris(local);
            parts.push(format!("UNTIL={}", utc.format("%Y%m%dT%H%M%SZ")));
        } else {
            parts.push(format!("{key}={}", value.to_ascii_uppercase()));
        }
    }
    Ok(parts.join(";"))
}

fn build(rule: &str, dtstart_local: NaiveDateTime) -> Result<RRuleSet, String> {
    let normalized = normalize(rule)?;
    let parsed: RRule<Unvalidated> = normalized.parse().map_err(french)?;
    let start = match Tz::Tz(Paris).from_local_datetime(&dtstart_local) {
        chrono::LocalResult::Single(t) => t,
        chrono::LocalResult::Ambiguous(a, _) => a,
        chrono::LocalResult::None => {
            return Err(french(
                "l'heure de début n'existe pas ce jour-là (changement d'heure)",
            ))
        }
    };
    parsed.build(start).map_err(french)
}

/// Checks a rule without expanding it (a start is needed by the validator; any will do).
pub fn validate(rule: &str) -> Result<(), String> {
    let start = NaiveDate::from_ymd_opt(2026, 1, 1)
        .expect("valid date")
        .and_hms_opt(9, 0, 0)
        .expect("valid time");
    build(rule, start).map(|_| ())
}

/// The starts (UTC) of the occurrences of `rule` beginning at `dtstart_local` (Paris time),
/// without the `exdates_local` exceptions, at most `limit` of them (and never more than
/// [`MAX_OCCURRENCES`]). The first occurrence is `dtstart_local` itself when it matches.
pub fn expand(
    rule: &str,
    dtstart_local: NaiveDateTime,
    exdates_local: &[NaiveDateTime],
    limit: usize,
) -> Result<Vec<DateTime<Utc>>, String> {
    let mut set = build(rule, dtstart_local)?;
    for ex in exdates_local {
        if let chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) =
            Tz::Tz(Paris).from_local_datetime(ex)
        {
            set = set.exdate(t);
        }
    }
    let limit = limit.min(MAX_OCCURRENCES) as u16;
    let result = set.all(limit);
    Ok(result
        .dates
        .into_iter()
        .map(|d| d.with_timezone(&Utc))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn every_thursday_keeps_nine_oclock_across_dst() {
        // Thursday 2027-03-18 → 2027-04-01 crosses the change to summer time (28 March).
        let got = expand(
            "FREQ=WEEKLY;BYDAY=TH;COUNT=3",
            local("2027-03-18 09:00"),
            &[],
            100,
        )
        .unwrap();
        assert_eq!(
            got,
            vec![
                utc("2027-03-18T08:00:00Z"),
                utc("2027-03-25T08:00:00Z"),
                utc("2027-04-01T07:00:00Z"),
            ]
        );
    }

    #[test]
    fn first_tuesday_of_the_month_until_a_local_date_with_exceptions() {
        let got = expand(
            "RRULE:FREQ=MONTHLY;BYDAY=1TU;UNTIL=20270331",
            local("2027-01-05 18:30"),
            &[local("2027-02-02 18:30")],
            100,
        )
        .unwrap();
        assert_eq!(
            got,
            vec![utc("2027-01-05T17:30:00Z"), utc("2027-03-02T17:30:00Z")]
        );
    }

    #[test]
    fn limits_and_errors() {
        let got = expand("FREQ=DAILY", local("2027-01-01 10:00"), &[], 5).unwrap();
        assert_eq!(got.len(), 5);
        let got = expand("FREQ=DAILY", local("2027-01-01 10:00"), &[], 1_000_000).unwrap();
        assert_eq!(got.len(), MAX_OCCURRENCES);
        let err = validate("FREQ=SOMETIMES").unwrap_err();
        assert!(err.starts_with("Règle de récurrence invalide"), "{err}");
        assert!(validate("").is_err());
        assert!(validate("FREQ=WEEKLY;BYDAY=TH\nX").is_err());
        assert!(validate("freq=weekly;byday=th").is_ok());
    }
}
