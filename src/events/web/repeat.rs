//! The recurrence picker of the event form (issue 17 point 2): « chaque [semaine ▾] le
//! [mardi] …, jusqu'au [date] / [n] fois », monthly by weekday (« le premier jeudi ») or by
//! date, exceptions picked as dates. It writes the RFC 5545 rule the service checks, so the
//! form works without JavaScript; a rule it cannot say stays editable as text (« règle
//! personnalisée »). Reading a stored rule back fills the picker when it can.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use serde::Deserialize;

use crate::error::FieldErrors;

/// The picker's fields, flattened into the event form (their names are the form's).
#[derive(Deserialize, Default, Clone, Debug)]
pub struct Picker {
    /// `none`, `daily`, `weekly`, `monthly_weekday`, `monthly_date`, `yearly` or `custom`.
    #[serde(default)]
    pub repeat: String,
    #[serde(default)]
    pub repeat_interval: String,
    #[serde(default)]
    pub repeat_mo: String,
    #[serde(default)]
    pub repeat_tu: String,
    #[serde(default)]
    pub repeat_we: String,
    #[serde(default)]
    pub repeat_th: String,
    #[serde(default)]
    pub repeat_fr: String,
    #[serde(default)]
    pub repeat_sa: String,
    #[serde(default)]
    pub repeat_su: String,
    /// `count`, `until`, or nothing (no end).
    #[serde(default)]
    pub repeat_end: String,
    #[serde(default)]
    pub repeat_count: String,
    #[serde(default)]
    pub repeat_until: String,
    /// Dates picked as exceptions (at the event's start time).
    #[serde(default)]
    pub except_1: String,
    #[serde(default)]
    pub except_2: String,
    #[serde(default)]
    pub except_3: String,
}

/// Weekday codes in the order of the form's boxes.
pub(super) const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// The picker's choices and their message keys, in the form's order.
pub(crate) const KINDS: [(&str, &str); 7] = [
    ("none", "event-repeat-none"),
    ("daily", "event-repeat-daily"),
    ("weekly", "event-repeat-weekly"),
    ("monthly_weekday", "event-repeat-monthly-weekday"),
    ("monthly_date", "event-repeat-monthly-date"),
    ("yearly", "event-repeat-yearly"),
    ("custom", "event-repeat-custom"),
];

/// The weekday boxes: field name and message key.
pub(crate) const DAY_BOXES: [(&str, &str); 7] = [
    ("repeat_mo", "day-mo"),
    ("repeat_tu", "day-tu"),
    ("repeat_we", "day-we"),
    ("repeat_th", "day-th"),
    ("repeat_fr", "day-fr"),
    ("repeat_sa", "day-sa"),
    ("repeat_su", "day-su"),
];

impl Picker {
    /// Is `v` the picker's choice (no choice is "none")?
    pub fn repeat_is(&self, v: &str) -> bool {
        self.repeat == v || (self.repeat.is_empty() && v == "none")
    }

    /// Is the weekday box `name` (`repeat_mo`…) checked?
    pub fn day_on(&self, name: &str) -> bool {
        let v = match name {
            "repeat_mo" => &self.repeat_mo,
            "repeat_tu" => &self.repeat_tu,
            "repeat_we" => &self.repeat_we,
            "repeat_th" => &self.repeat_th,
            "repeat_fr" => &self.repeat_fr,
            "repeat_sa" => &self.repeat_sa,
            "repeat_su" => &self.repeat_su,
            _ => return false,
        };
        !v.is_empty()
    }
}

/// The checked weekday codes of the form.
fn checked_days(f: &Picker) -> Vec<&'static str> {
    let boxes = [
        &f.repeat_mo,
        &f.repeat_tu,
        &f.repeat_we,
        &f.repeat_th,
        &f.repeat_fr,
        &f.repeat_sa,
        &f.repeat_su,
    ];
    DAYS.iter()
        .zip(boxes)
        .filter(|(_, b)| !b.is_empty())
        .map(|(d, _)| *d)
        .collect()
}

/// The position of `d`'s weekday in its month: 1 to 4, or -1 (the last) from the 29th.
fn position_in_month(d: NaiveDate) -> i32 {
    if d.day() > 28 {
        -1
    } else {
        ((d.day() - 1) / 7 + 1) as i32
    }
}

/// The rule the picker's fields say (empty: no repetition), and the exceptions as the service
/// reads them (`YYYY-MM-DDTHH:MM`, comma-separated: picked dates at the event's start time,
/// plus any typed in the text field). Errors name the picker's fields.
pub(super) fn rule_of(
    f: &Picker,
    starts_at: &str,
    rrule: &str,
    typed_exdates: &str,
    errors: &mut FieldErrors,
) -> (String, String) {
    let start = NaiveDateTime::parse_from_str(starts_at.trim(), "%Y-%m-%dT%H:%M")
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(starts_at.trim(), "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        });
    let mut exdates: Vec<String> = typed_exdates
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    for (i, picked) in [&f.except_1, &f.except_2, &f.except_3].iter().enumerate() {
        let picked = picked.trim();
        if picked.is_empty() {
            continue;
        }
        match (NaiveDate::parse_from_str(picked, "%Y-%m-%d"), start) {
            (Ok(d), Some(s)) => {
                exdates.push(d.and_time(s.time()).format("%Y-%m-%dT%H:%M").to_string())
            }
            _ => errors.add(
                ["except_1", "except_2", "except_3"][i],
                "event-error-exdates",
            ),
        }
    }
    let exdates = exdates.join(",");
    let kind = f.repeat.trim();
    if kind == "none" {
        return (String::new(), exdates);
    }
    // Without a choice (a client of the former form), the rule typed is the rule.
    if kind.is_empty() || kind == "custom" {
        return (rrule.trim().to_string(), exdates);
    }
    let Some(start) = start else {
        // The start's own error says what is wrong.
        return (String::new(), exdates);
    };
    let interval = match f.repeat_interval.trim() {
        "" => 1,
        s => match s.parse::<u32>() {
            Ok(n) if (1..=52).contains(&n) => n,
            _ => {
                errors.add("repeat_interval", "event-error-repeat-interval");
                1
            }
        },
    };
    let dow = DAYS[start.weekday().num_days_from_monday() as usize];
    let mut parts = match kind {
        "daily" => vec!["FREQ=DAILY".to_string()],
        "weekly" => {
            let days = checked_days(f);
            let days = if days.is_empty() { vec![dow] } else { days };
            vec!["FREQ=WEEKLY".into(), format!("BYDAY={}", days.join(","))]
        }
        "monthly_weekday" => vec![
            "FREQ=MONTHLY".into(),
            format!("BYDAY={}{dow}", position_in_month(start.date())),
        ],
        "monthly_date" => vec!["FREQ=MONTHLY".into(), format!("BYMONTHDAY={}", start.day())],
        "yearly" => vec!["FREQ=YEARLY".into()],
        _ => {
            errors.add("repeat", "event-error-repeat");
            return (String::new(), exdates);
        }
    };
    if interval > 1 {
        parts.push(format!("INTERVAL={interval}"));
    }
    match f.repeat_end.trim() {
        "count" => match f.repeat_count.trim().parse::<u32>() {
            Ok(n) if (1..=crate::recurrence::MAX_OCCURRENCES as u32).contains(&n) => {
                parts.push(format!("COUNT={n}"))
            }
            _ => errors.add("repeat_count", "event-error-repeat-count"),
        },
        "until" => match NaiveDate::parse_from_str(f.repeat_until.trim(), "%Y-%m-%d") {
            Ok(d) if d >= start.date() => parts.push(format!("UNTIL={}", d.format("%Y%m%d"))),
            _ => errors.add("repeat_until", "event-error-repeat-until"),
        },
        _ => {}
    }
    (parts.join(";"), exdates)
}

/// Fills the picker from a stored rule; a rule it cannot say is kept as a custom rule.
pub(super) fn fill(f: &mut Picker, rrule: &mut String, rule: &str) {
    let rule = rule.trim();
    if rule.is_empty() {
        f.repeat = "none".into();
        return;
    }
    f.repeat = "custom".into();
    *rrule = rule.to_string();
    let mut kind = "";
    let (mut byday, mut bymonthday) = (None, None);
    let (mut interval, mut count, mut until) = (None, None, None);
    for part in rule.trim_start_matches("RRULE:").split(';') {
        let Some((k, v)) = part.split_once('=') else {
            return;
        };
        match k.to_ascii_uppercase().as_str() {
            "FREQ" => kind = v,
            "BYDAY" => byday = Some(v.to_ascii_uppercase()),
            "BYMONTHDAY" => bymonthday = Some(v),
            "INTERVAL" => interval = Some(v),
            "COUNT" => count = Some(v),
            "UNTIL" => until = Some(v),
            _ => return,
        }
    }
    let repeat = match (kind.to_ascii_uppercase().as_str(), &byday, bymonthday) {
        ("DAILY", None, None) => "daily",
        ("WEEKLY", _, None) => "weekly",
        ("MONTHLY", Some(d), None) if d.len() > 2 && !d.contains(',') => "monthly_weekday",
        ("MONTHLY", None, Some(_)) => "monthly_date",
        ("YEARLY", None, None) => "yearly",
        _ => return,
    };
    if repeat == "weekly" {
        for d in byday.as_deref().unwrap_or("").split(',') {
            let on = "1".to_string();
            match d.trim() {
                "MO" => f.repeat_mo = on,
                "TU" => f.repeat_tu = on,
                "WE" => f.repeat_we = on,
                "TH" => f.repeat_th = on,
                "FR" => f.repeat_fr = on,
                "SA" => f.repeat_sa = on,
                "SU" => f.repeat_su = on,
                "" => {}
                _ => return,
            }
        }
    }
    f.repeat = repeat.into();
    f.repeat_interval = interval.unwrap_or("1").to_string();
    if let Some(n) = count {
        f.repeat_end = "count".into();
        f.repeat_count = n.to_string();
    } else if let Some(u) = until {
        f.repeat_end = "until".into();
        // A stored UNTIL is UTC; its Paris day is the last day.
        let day = NaiveDateTime::parse_from_str(u, "%Y%m%dT%H%M%SZ")
            .map(|t| {
                chrono::TimeZone::from_utc_datetime(&chrono_tz::Europe::Paris, &t).date_naive()
            })
            .or_else(|_| NaiveDate::parse_from_str(u, "%Y%m%d"));
        if let Ok(d) = day {
            f.repeat_until = d.format("%Y-%m-%d").to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: &str = "2027-01-07T09:00";

    fn form(_start: &str) -> Picker {
        Picker::default()
    }

    fn rule(f: &Picker, start: &str, e: &mut FieldErrors) -> (String, String) {
        rule_of(f, start, "", "", e)
    }

    #[test]
    fn the_picker_writes_the_rule() {
        let mut e = FieldErrors::default();
        let mut f = form(START);
        f.repeat = "monthly_weekday".into();
        f.repeat_end = "count".into();
        f.repeat_count = "6".into();
        assert_eq!(rule(&f, START, &mut e).0, "FREQ=MONTHLY;BYDAY=1TH;COUNT=6");
        f.repeat = "weekly".into();
        f.repeat_tu = "1".into();
        f.repeat_th = "1".into();
        f.repeat_interval = "2".into();
        f.repeat_end = "until".into();
        f.repeat_until = "2027-06-30".into();
        assert_eq!(
            rule(&f, START, &mut e).0,
            "FREQ=WEEKLY;BYDAY=TU,TH;INTERVAL=2;UNTIL=20270630"
        );
        assert!(e.is_empty());
        let mut f = form("2027-01-29T17:00");
        f.repeat = "monthly_weekday".into();
        f.except_1 = "2027-02-26".into();
        let (r, ex) = rule(&f, "2027-01-29T17:00", &mut e);
        assert_eq!(r, "FREQ=MONTHLY;BYDAY=-1FR");
        assert_eq!(ex, "2027-02-26T17:00");
        f.repeat = "none".into();
        assert_eq!(rule(&f, START, &mut e).0, "");
    }

    #[test]
    fn bad_picker_values_name_their_field() {
        let mut e = FieldErrors::default();
        let mut f = form(START);
        f.repeat = "weekly".into();
        f.repeat_interval = "0".into();
        f.repeat_end = "until".into();
        f.repeat_until = "2026-01-01".into();
        f.except_2 = "demain".into();
        rule(&f, START, &mut e);
        assert!(e.has("repeat_interval") && e.has("repeat_until") && e.has("except_2"));
    }

    #[test]
    fn a_stored_rule_fills_the_picker_back() {
        let mut f = form(START);
        let mut raw = String::new();
        fill(
            &mut f,
            &mut raw,
            "FREQ=WEEKLY;BYDAY=TU,TH;INTERVAL=2;COUNT=10",
        );
        assert_eq!(f.repeat, "weekly");
        assert_eq!((f.repeat_tu.as_str(), f.repeat_th.as_str()), ("1", "1"));
        assert_eq!(
            (f.repeat_interval.as_str(), f.repeat_count.as_str()),
            ("2", "10")
        );
        let mut e = FieldErrors::default();
        assert_eq!(
            rule(&f, START, &mut e).0,
            "FREQ=WEEKLY;BYDAY=TU,TH;INTERVAL=2;COUNT=10"
        );
        let mut f = form(START);
        fill(&mut f, &mut raw, "FREQ=MONTHLY;BYSETPOS=2;BYDAY=MO,TU");
        assert_eq!(f.repeat, "custom");
        assert_eq!(raw, "FREQ=MONTHLY;BYSETPOS=2;BYDAY=MO,TU");
        let mut f = form(START);
        fill(
            &mut f,
            &mut raw,
            "FREQ=MONTHLY;BYDAY=1TH;UNTIL=20270630T215959Z",
        );
        assert_eq!(
            (f.repeat.as_str(), f.repeat_until.as_str()),
            ("monthly_weekday", "2027-06-30")
        );
    }
}
