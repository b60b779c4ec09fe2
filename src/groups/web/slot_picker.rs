//! A club's slot picked in words — « chaque [semaine ▾] le [jeudi ▾] », « chaque mois, le
//! [premier ▾] [jeudi ▾] » — instead of an RFC 5545 rule to type. The page writes the rule; a
//! rule the picker cannot say stays editable as text in the advanced field.

use crate::error::FieldErrors;

/// The days of the week: the rule's code and the message of its name.
pub(crate) const DAYS: [(&str, &str); 7] = [
    ("MO", "weekday-1"),
    ("TU", "weekday-2"),
    ("WE", "weekday-3"),
    ("TH", "weekday-4"),
    ("FR", "weekday-5"),
    ("SA", "weekday-6"),
    ("SU", "weekday-7"),
];

/// The positions of a monthly day: the rule's number and the message of its name.
pub(crate) const POSITIONS: [(&str, &str); 5] = [
    ("1", "groups-slot-pos-1"),
    ("2", "groups-slot-pos-2"),
    ("3", "groups-slot-pos-3"),
    ("4", "groups-slot-pos-4"),
    ("-1", "groups-slot-pos-last"),
];

/// How often: `weekly`, `biweekly`, `monthly`, or `custom` (the rule typed as text).
pub(crate) const REPEATS: [(&str, &str); 4] = [
    ("weekly", "groups-slot-repeat-weekly"),
    ("biweekly", "groups-slot-repeat-biweekly"),
    ("monthly", "groups-slot-repeat-monthly"),
    ("custom", "groups-slot-repeat-custom"),
];

/// What the picker shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotPick {
    pub repeat: String,
    pub day: String,
    pub position: String,
    /// The rule as text (the advanced field).
    pub rule: String,
}

/// The picker's fields for a stored rule (a new slot: the first Thursday of the month).
pub fn pick_of(rule: Option<&str>) -> SlotPick {
    let rule = rule.unwrap_or("FREQ=MONTHLY;BYDAY=1TH").trim();
    let custom = SlotPick {
        repeat: "custom".into(),
        day: "TH".into(),
        position: "1".into(),
        rule: rule.to_string(),
    };
    let mut freq = "";
    let mut interval = "1";
    let mut byday = "";
    for part in rule.split(';') {
        match part.split_once('=') {
            Some(("FREQ", v)) => freq = v,
            Some(("INTERVAL", v)) => interval = v,
            Some(("BYDAY", v)) => byday = v,
            _ => return custom,
        }
    }
    let day = |d: &str| DAYS.iter().any(|(code, _)| *code == d);
    match (freq, interval) {
        ("WEEKLY", "1" | "2") if day(byday) => SlotPick {
            repeat: if interval == "2" {
                "biweekly"
            } else {
                "weekly"
            }
            .into(),
            day: byday.into(),
            position: "1".into(),
            rule: rule.to_string(),
        },
        ("MONTHLY", "1") => {
            let split = byday.len().saturating_sub(2);
            let (pos, d) = byday.split_at(split);
            if day(d) && POSITIONS.iter().any(|(p, _)| *p == pos) {
                SlotPick {
                    repeat: "monthly".into(),
                    day: d.into(),
                    position: pos.into(),
                    rule: rule.to_string(),
                }
            } else {
                custom
            }
        }
        _ => custom,
    }
}

/// The rule the picker's fields say; `repeat` empty or `custom`: the typed rule. An unknown
/// day, position or frequency is an error of its field.
pub fn rule_of(
    repeat: &str,
    day: &str,
    position: &str,
    typed: &str,
    errors: &mut FieldErrors,
) -> String {
    let repeat = repeat.trim();
    if repeat.is_empty() || repeat == "custom" {
        return typed.trim().to_string();
    }
    let day = day.trim();
    if !DAYS.iter().any(|(d, _)| *d == day) {
        errors.add("slot_day", "groups-slot-error-day");
        return String::new();
    }
    match repeat {
        "weekly" => format!("FREQ=WEEKLY;BYDAY={day}"),
        "biweekly" => format!("FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"),
        "monthly" => {
            let position = position.trim();
            if POSITIONS.iter().any(|(p, _)| *p == position) {
                format!("FREQ=MONTHLY;BYDAY={position}{day}")
            } else {
                errors.add("slot_position", "groups-slot-error-position");
                String::new()
            }
        }
        _ => {
            errors.add("slot_repeat", "groups-slot-error-repeat");
            String::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_picker_writes_and_reads_back_its_rules() {
        let mut e = FieldErrors::default();
        for (repeat, day, pos, rule) in [
            ("weekly", "TU", "", "FREQ=WEEKLY;BYDAY=TU"),
            ("biweekly", "FR", "", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"),
            ("monthly", "TH", "1", "FREQ=MONTHLY;BYDAY=1TH"),
            ("monthly", "MO", "-1", "FREQ=MONTHLY;BYDAY=-1MO"),
        ] {
            assert_eq!(rule_of(repeat, day, pos, "", &mut e), rule);
            let back = pick_of(Some(rule));
            assert_eq!(
                (back.repeat.as_str(), back.day.as_str()),
                (repeat, day),
                "{rule}"
            );
            if repeat == "monthly" {
                assert_eq!(back.position, pos);
            }
        }
        assert!(e.is_empty());
        // The typed rule when asked for, or when the picker is not sent (older clients).
        assert_eq!(
            rule_of("custom", "TH", "1", " FREQ=DAILY ", &mut e),
            "FREQ=DAILY"
        );
        assert_eq!(rule_of("", "", "", "FREQ=DAILY", &mut e), "FREQ=DAILY");
        assert_eq!(pick_of(Some("FREQ=DAILY;COUNT=3")).repeat, "custom");
        assert_eq!(pick_of(Some("FREQ=MONTHLY;BYDAY=5TH")).repeat, "custom");
        assert_eq!(pick_of(None).repeat, "monthly");
        rule_of("weekly", "XX", "", "", &mut e);
        rule_of("monthly", "TH", "7", "", &mut e);
        rule_of("yearly", "TH", "1", "", &mut e);
        assert!(e.has("slot_day") && e.has("slot_position") && e.has("slot_repeat"));
    }
}
