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

/// Checks a rule without expanding it (a start is needed by the validator; any will do),
/// and that it repeats at most once a day ([`at_most_daily`]).
pub fn validate(rule: &str) -> Result<(), String> {
    at_most_daily(rule)?;
    validate_any(rule)
}

/// Checks a rule without expanding it, whatever its frequency: for an event whose organizer
/// asked for several occurrences a day (guided tours every hour).
pub fn validate_any(rule: &str) -> Result<(), String> {
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

/// Refuses a rule whose occurrences may come more than once a day (`FREQ=HOURLY`, several
/// `BYHOUR` or `BYMINUTE` values…): an event, a club's slot or a booking series meets at most
/// once a day. The message is French, for the field.
pub fn at_most_daily(rule: &str) -> Result<(), String> {
    let normalized = normalize(rule)?;
    for part in normalized.split(';') {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        let several = matches!(key, "BYHOUR" | "BYMINUTE" | "BYSECOND") && value.contains(',');
        if several || (key == "FREQ" && matches!(value, "HOURLY" | "MINUTELY" | "SECONDLY")) {
            return Err(
                "Cette règle donnerait plusieurs occurrences le même jour : une répétition est au plus quotidienne."
                    .into(),
            );
        }
    }
    Ok(())
}

const DAYS: [(&str, &str, &str); 7] = [
    ("MO", "lundi", "Monday"),
    ("TU", "mardi", "Tuesday"),
    ("WE", "mercredi", "Wednesday"),
    ("TH", "jeudi", "Thursday"),
    ("FR", "vendredi", "Friday"),
    ("SA", "samedi", "Saturday"),
    ("SU", "dimanche", "Sunday"),
];

const MONTHS_FR: [&str; 12] = [
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
const MONTHS_EN: [&str; 12] = [
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

fn day_name(code: &str, lang: crate::i18n::Lang) -> Option<&'static str> {
    DAYS.iter().find(|d| d.0 == code).map(|d| match lang {
        crate::i18n::Lang::Fr => d.1,
        crate::i18n::Lang::En => d.2,
    })
}

fn ordinal(n: i32, lang: crate::i18n::Lang) -> Option<String> {
    use crate::i18n::Lang::*;
    Some(match (lang, n) {
        (Fr, 1) => "premier".into(),
        (Fr, 2) => "deuxième".into(),
        (Fr, 3) => "troisième".into(),
        (Fr, 4) => "quatrième".into(),
        (Fr, 5) => "cinquième".into(),
        (Fr, -1) => "dernier".into(),
        (Fr, -2) => "avant-dernier".into(),
        (En, 1) => "first".into(),
        (En, 2) => "second".into(),
        (En, 3) => "third".into(),
        (En, 4) => "fourth".into(),
        (En, 5) => "fifth".into(),
        (En, -1) => "last".into(),
        (En, -2) => "second-to-last".into(),
        _ => return None,
    })
}

fn join(items: &[String], lang: crate::i18n::Lang) -> String {
    let and = match lang {
        crate::i18n::Lang::Fr => " et ",
        crate::i18n::Lang::En => " and ",
    };
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{}{and}{last}", rest.join(", ")),
    }
}

fn day_of_month(d: u32, lang: crate::i18n::Lang) -> String {
    match lang {
        crate::i18n::Lang::Fr if d == 1 => "1er".into(),
        crate::i18n::Lang::Fr => d.to_string(),
        crate::i18n::Lang::En => {
            let suffix = match (d % 10, d % 100) {
                (1, n) if n != 11 => "st",
                (2, n) if n != 12 => "nd",
                (3, n) if n != 13 => "rd",
                _ => "th",
            };
            format!("{d}{suffix}")
        }
    }
}

/// A rule in plain words, for people: « chaque premier jeudi du mois, 9:00–11:00, jusqu'au
/// 30 juin 2027 », "every Tuesday and Thursday, 18:30–20:00, 12 times". `start_local` gives
/// the time (and the day, when the rule names none); `minutes` the end. A rule these words
/// cannot say (`BYSETPOS`, several months…) is said as « selon la règle … ».
pub fn describe(
    rule: &str,
    start_local: NaiveDateTime,
    minutes: Option<i64>,
    lang: crate::i18n::Lang,
) -> String {
    use crate::i18n::Lang::{En, Fr};
    use chrono::{Datelike, Timelike};
    let fallback = || match lang {
        Fr => format!("selon la règle {}", rule.trim()),
        En => format!("following the rule {}", rule.trim()),
    };
    let Ok(normalized) = normalize(rule) else {
        return fallback();
    };
    let mut freq = "";
    let (mut interval, mut count) = (1u32, None::<u32>);
    let (mut byday, mut bymonthday, mut until) = (Vec::<String>::new(), None::<u32>, None);
    for part in normalized.split(';') {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        match k {
            "FREQ" => {
                freq = if v == "DAILY" {
                    "D"
                } else if v == "WEEKLY" {
                    "W"
                } else if v == "MONTHLY" {
                    "M"
                } else if v == "YEARLY" {
                    "Y"
                } else {
                    ""
                }
            }
            "INTERVAL" => interval = v.parse().unwrap_or(0),
            "COUNT" => count = v.parse().ok(),
            "BYDAY" => byday = v.split(',').map(str::to_string).collect(),
            "BYMONTHDAY" if !v.contains(',') => bymonthday = v.parse().ok(),
            "UNTIL" => until = chrono::NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%SZ").ok(),
            "WKST" => {}
            _ => return fallback(),
        }
    }
    if freq.is_empty() || interval == 0 {
        return fallback();
    }
    // The days named by BYDAY: plain ("TH") or with a position in the month ("1TH", "-1FR").
    let mut plain = Vec::new();
    let mut positioned = Vec::new();
    for d in &byday {
        let split = d.len().saturating_sub(2);
        let (n, code) = d.split_at(split);
        let Some(name) = day_name(code, lang) else {
            return fallback();
        };
        if n.is_empty() {
            plain.push(name.to_string());
        } else {
            let Some(ord) = n.parse().ok().and_then(|n| ordinal(n, lang)) else {
                return fallback();
            };
            positioned.push((ord, name));
        }
    }
    let start_day = start_local.day();
    let start_dow = DAYS[start_local.weekday().num_days_from_monday() as usize];
    let start_dow = match lang {
        Fr => start_dow.1,
        En => start_dow.2,
    };
    let month = start_local.month0() as usize;
    let every =
        |n: u32, one_fr: &str, other_fr: &str, unit_fr: &str, one_en: &str, unit_en: &str| match (
            lang, n,
        ) {
            (Fr, 1) => one_fr.to_string(),
            (Fr, 2) => other_fr.to_string(),
            (Fr, n) => format!("tous les {n} {unit_fr}"),
            (En, 1) => one_en.to_string(),
            (En, 2) => format!("every other {}", unit_en.trim_end_matches('s')),
            (En, n) => format!("every {n} {unit_en}"),
        };
    let mut text = match freq {
        "D" if byday.is_empty() => every(
            interval,
            "chaque jour",
            "un jour sur deux",
            "jours",
            "every day",
            "days",
        ),
        "W" | "D" if positioned.is_empty() => {
            let days = if plain.is_empty() {
                vec![start_dow.to_string()]
            } else {
                plain.clone()
            };
            match (lang, interval) {
                (Fr, 1) => format!("chaque {}", join(&days, lang)),
                (Fr, 2) => format!("une semaine sur deux, le {}", join(&days, lang)),
                (Fr, n) => format!("toutes les {n} semaines, le {}", join(&days, lang)),
                (En, 1) => format!("every {}", join(&days, lang)),
                (En, 2) => format!("every other week on {}", join(&days, lang)),
                (En, n) => format!("every {n} weeks on {}", join(&days, lang)),
            }
        }
        "M" if !positioned.is_empty() && plain.is_empty() => {
            let days: Vec<String> = positioned.iter().map(|(o, d)| format!("{o} {d}")).collect();
            match (lang, interval) {
                (Fr, 1) => format!("chaque {} du mois", join(&days, lang)),
                (Fr, n) => format!("le {} du mois, tous les {n} mois", join(&days, lang)),
                (En, 1) => format!("every {} of the month", join(&days, lang)),
                (En, n) => format!("the {} of the month, every {n} months", join(&days, lang)),
            }
        }
        "M" if byday.is_empty() => {
            let d = day_of_month(bymonthday.unwrap_or(start_day), lang);
            match (lang, interval) {
                (Fr, 1) => format!("le {d} de chaque mois"),
                (Fr, n) => format!("le {d} du mois, tous les {n} mois"),
                (En, 1) => format!("on the {d} of every month"),
                (En, n) => format!("on the {d} of the month, every {n} months"),
            }
        }
        "Y" if byday.is_empty() && bymonthday.is_none() => match lang {
            Fr => format!(
                "chaque année, le {} {}",
                day_of_month(start_day, lang),
                MONTHS_FR[month]
            ),
            En => format!(
                "every year on {} {}",
                MONTHS_EN[month],
                day_of_month(start_day, lang)
            ),
        },
        _ => return fallback(),
    };
    let from = format!("{}:{:02}", start_local.hour(), start_local.minute());
    match minutes.filter(|m| *m > 0) {
        Some(m) => {
            let end = start_local + chrono::Duration::minutes(m);
            text.push_str(&format!(", {from}–{}:{:02}", end.hour(), end.minute()));
        }
        None => match lang {
            Fr => text.push_str(&format!(", à {from}")),
            En => text.push_str(&format!(", at {from}")),
        },
    }
    if let Some(n) = count {
        match lang {
            Fr => text.push_str(&format!(", {n} fois")),
            En => text.push_str(&format!(", {n} times")),
        }
    }
    if let Some(u) = until {
        let local = Utc.from_utc_datetime(&u).with_timezone(&Paris).date_naive();
        let m = local.month0() as usize;
        match lang {
            Fr => text.push_str(&format!(
                ", jusqu’au {} {} {}",
                day_of_month(local.day(), lang),
                MONTHS_FR[m],
                local.year()
            )),
            En => text.push_str(&format!(
                ", until {} {} {}",
                local.day(),
                MONTHS_EN[m],
                local.year()
            )),
        }
    }
    text
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

    #[test]
    fn rules_are_said_in_plain_words() {
        use crate::i18n::Lang::{En, Fr};
        let thu = local("2027-01-07 09:00");
        assert_eq!(
            describe("FREQ=MONTHLY;BYDAY=1TH", thu, Some(120), Fr),
            "chaque premier jeudi du mois, 9:00–11:00"
        );
        assert_eq!(
            describe("FREQ=MONTHLY;BYDAY=1TH", thu, Some(120), En),
            "every first Thursday of the month, 9:00–11:00"
        );
        assert_eq!(
            describe(
                "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=12",
                local("2027-01-05 18:30"),
                Some(90),
                Fr
            ),
            "chaque mardi et jeudi, 18:30–20:00, 12 fois"
        );
        assert_eq!(
            describe("FREQ=WEEKLY;INTERVAL=2", thu, None, En),
            "every other week on Thursday, at 9:00"
        );
        assert_eq!(
            describe(
                "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20270630",
                local("2027-01-29 17:00"),
                Some(60),
                Fr
            ),
            "chaque dernier vendredi du mois, 17:00–18:00, jusqu’au 30 juin 2027"
        );
        assert_eq!(
            describe("FREQ=MONTHLY", local("2027-01-01 10:00"), None, Fr),
            "le 1er de chaque mois, à 10:00"
        );
        assert_eq!(
            describe("FREQ=DAILY;INTERVAL=3", thu, None, Fr),
            "tous les 3 jours, à 9:00"
        );
        assert_eq!(
            describe("FREQ=YEARLY", local("2027-07-14 21:00"), None, En),
            "every year on July 14th, at 21:00"
        );
        assert_eq!(
            describe("FREQ=MONTHLY;BYSETPOS=2;BYDAY=MO,TU", thu, None, Fr),
            "selon la règle FREQ=MONTHLY;BYSETPOS=2;BYDAY=MO,TU"
        );
    }

    #[test]
    fn more_than_once_a_day_is_refused() {
        assert!(at_most_daily("FREQ=WEEKLY;BYDAY=TH").is_ok());
        assert!(at_most_daily("FREQ=DAILY").is_ok());
        assert!(at_most_daily("FREQ=HOURLY;COUNT=5").is_err());
        assert!(at_most_daily("FREQ=DAILY;BYHOUR=9,14").is_err());
        assert!(at_most_daily("FREQ=DAILY;BYHOUR=9").is_ok());
    }
}
