//! Parsing helpers shared by the forms and the API of every area: each reads one raw value,
//! records a field error (a Fluent key) when it is wrong, and returns the clean value.

use chrono::NaiveDate;

use crate::error::FieldErrors;

/// One of a fixed list of values (`choices`), or a `field-invalid-choice` error.
pub fn parse_choice(
    raw: &str,
    choices: &[&'static str],
    field: &'static str,
    errors: &mut FieldErrors,
) -> Option<&'static str> {
    let found = choices.iter().find(|c| **c == raw.trim()).copied();
    if found.is_none() {
        errors.add(field, "field-invalid-choice");
    }
    found
}

/// One value of a closed list (a [`crate::choice!`] enum) from its text, or a
/// `field-invalid-choice` error on `field`.
pub fn parse_enum<E: std::str::FromStr>(
    raw: &str,
    field: &'static str,
    errors: &mut FieldErrors,
) -> Option<E> {
    let found = raw.trim().parse::<E>().ok();
    if found.is_none() {
        errors.add(field, "field-invalid-choice");
    }
    found
}

/// Rich text (purpose, minutes): at most 100 000 characters, sanitized.
pub fn parse_rich(raw: &str, field: &'static str, errors: &mut FieldErrors) -> String {
    if raw.chars().count() > 100_000 {
        errors.add(field, "field-too-long");
        return String::new();
    }
    crate::text::sanitize_html(raw)
}

/// A due date `YYYY-MM-DD` (empty: none).
pub fn parse_date(raw: &str, field: &'static str, errors: &mut FieldErrors) -> Option<String> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        Ok(d) => Some(d.format("%Y-%m-%d").to_string()),
        Err(_) => {
            errors.add(field, "groups-date-invalid");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::choice! {
        enum Side { Left = "left", Right = "right" }
    }

    #[test]
    fn parse_enum_names_the_field() {
        let mut errors = FieldErrors::default();
        assert_eq!(
            parse_enum::<Side>(" right ", "side", &mut errors),
            Some(Side::Right)
        );
        assert!(errors.is_empty());
        assert_eq!(parse_enum::<Side>("up", "side", &mut errors), None);
        assert_eq!(errors.get("side"), Some("field-invalid-choice"));
        assert_eq!(Side::ALL.len(), 2);
    }
}
