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

/// Serde reader of a field kept as lines of text (a place's links, its services): a list of
/// texts (what the API returns), one text with a line per item (what a form sends), or `null`.
/// So what `GET` returns, `PUT` accepts unchanged.
pub fn lines_or_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Lines {
        One(String),
        Many(Vec<String>),
    }
    Ok(
        match <Option<Lines> as serde::Deserialize>::deserialize(d)? {
            None => String::new(),
            Some(Lines::One(s)) => s,
            Some(Lines::Many(v)) => v.join("\n"),
        },
    )
}

/// Serde reader of a text that `GET` may show as `null` (a date not set): `null` is the empty
/// text.
pub fn text_or_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(<Option<String> as serde::Deserialize>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod lines_tests {
    #[derive(serde::Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "super::lines_or_list")]
        links: String,
    }

    #[test]
    fn a_list_a_text_or_nothing() {
        let read = |j: &str| serde_json::from_str::<T>(j).map(|t| t.links);
        assert_eq!(read(r#"{"links": ["a", "b"]}"#).unwrap(), "a\nb");
        assert_eq!(read(r#"{"links": "a\nb"}"#).unwrap(), "a\nb");
        assert_eq!(read(r#"{"links": null}"#).unwrap(), "");
        assert_eq!(read("{}").unwrap(), "");
        assert!(read(r#"{"links": 3}"#).is_err());
    }
}

/// `(page, per_page)` of an API list query (`page` from 1, `per_page` 1 to 100, default 20);
/// a bad value is a field error (422) naming `page` or `per_page`.
pub fn page_window(
    page: Option<&str>,
    per_page: Option<&str>,
) -> Result<(i64, i64), crate::error::AppError> {
    let mut errors = FieldErrors::default();
    let mut number =
        |raw: Option<&str>, field: &'static str, max: i64, default: i64| match raw.map(str::trim) {
            None | Some("") => default,
            Some(v) => match v.parse::<i64>() {
                Ok(n) if (1..=max).contains(&n) => n,
                _ => {
                    errors.add(field, "field-invalid-number");
                    default
                }
            },
        };
    let page = number(page, "page", 1_000_000, 1);
    let per_page = number(per_page, "per_page", 100, 20);
    errors.into_result()?;
    Ok((page, per_page))
}
