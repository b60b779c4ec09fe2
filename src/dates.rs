//! Dates in words, in the page's language and in Europe/Paris time: a month and its year
//! ("décembre 2026", "December 2026") and the date block of an event's card (the day's number
//! over the short month: "6" / "déc."). The words are Fluent messages (`charts-month-*`).

use std::borrow::Borrow;

use chrono::{Datelike, NaiveDate, TimeZone};
use chrono_tz::Europe::Paris;

use crate::i18n::Lang;

/// The month's name in words, lower case in French ("décembre"), capitalised in English.
pub fn month_name(lang: Lang, month: u32) -> String {
    lang.t(&format!("charts-month-{month}"))
}

/// "décembre 2026", "December 2026".
pub fn month_year(lang: Lang, d: NaiveDate) -> String {
    format!("{} {}", month_name(lang, d.month()), d.year())
}

/// The date block of a card: the day of the month and the short month, in Paris time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateBlock {
    pub day: u32,
    pub month: String,
    /// `YYYY-MM-DD`, for a `<time datetime>`.
    pub iso: String,
}

/// (Templates pass their values by reference, code by value: both are taken.)
pub fn date_block(lang: impl Borrow<Lang>, ms: impl Borrow<i64>) -> DateBlock {
    let lang = *lang.borrow();
    let d = Paris
        .timestamp_millis_opt(*ms.borrow())
        .single()
        .map(|t| t.date_naive())
        .unwrap_or_default();
    DateBlock {
        day: d.day(),
        month: lang.t(&format!("charts-month-short-{}", d.month())),
        iso: d.format("%Y-%m-%d").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_blocks_in_both_languages_in_paris_time() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(month_year(Lang::Fr, d), "décembre 2026");
        assert_eq!(month_year(Lang::En, d), "December 2026");
        // 31 December 2026, 23:30 UTC is already 1 January 2027 in Paris.
        let ms = chrono::Utc
            .with_ymd_and_hms(2026, 12, 31, 23, 30, 0)
            .unwrap()
            .timestamp_millis();
        let b = date_block(Lang::Fr, ms);
        assert_eq!(
            (b.day, b.month.as_str(), b.iso.as_str()),
            (1, "janv.", "2027-01-01")
        );
        assert_eq!(date_block(Lang::En, ms).month, "Jan");
    }
}
