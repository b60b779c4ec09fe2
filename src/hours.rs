//! Opening hours in OpenStreetMap `opening_hours` syntax ("Mo-Fr 09:00-12:00,14:00-18:00;
//! PH off"), evaluated in Europe/Paris with the French public holidays. Parsing and evaluation
//! are done by the `opening-hours` crate; this module converts between UTC instants and Paris
//! wall-clock time and describes a week in plain French.

use std::sync::Arc;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Paris;

use crate::i18n::Lang;
use opening_hours::localization::Country;
use opening_hours::{Context, RuleKind};

/// A validated opening-hours expression.
#[derive(Clone)]
pub struct OpeningHours {
    source: String,
    inner: Arc<opening_hours::OpeningHours>,
}

impl std::fmt::Debug for OpeningHours {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("OpeningHours").field(&self.source).finish()
    }
}

/// Paris wall-clock time of an instant.
pub fn to_paris(at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&Paris).naive_local()
}

/// The instant of a Paris wall-clock time. In the autumn overlap the first instant is taken;
/// a time in the spring gap (02:30 on the last Sunday of March) is moved forward by the gap.
pub fn from_paris(local: NaiveDateTime) -> DateTime<Utc> {
    match Paris.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(a, _) => a.with_timezone(&Utc),
        chrono::LocalResult::None => {
            let later = local + Duration::hours(1);
            match Paris.from_local_datetime(&later) {
                chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
                chrono::LocalResult::Ambiguous(a, _) => a.with_timezone(&Utc),
                chrono::LocalResult::None => Utc.from_utc_datetime(&local),
            }
        }
    }
}

impl OpeningHours {
    /// Parses and validates; the error is a French sentence for the person who typed it.
    pub fn parse(source: &str) -> Result<OpeningHours, String> {
        let source = source.trim();
        if source.is_empty() {
            return Err("Les horaires sont vides.".into());
        }
        if source.len() > 1000 {
            return Err("Les horaires sont trop longs (1 000 caractères au plus).".into());
        }
        let parsed: opening_hours::OpeningHours = source.parse().map_err(|e| {
            format!(
                "Horaires illisibles : « {source} » n'est pas au format OpenStreetMap \
                 (exemple : « Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00; PH off »). \
                 Détail : {e}"
            )
        })?;
        let ctx = Context::default().with_holidays(Country::FR.holidays());
        Ok(OpeningHours {
            source: source.to_string(),
            inner: Arc::new(parsed.with_context(ctx)),
        })
    }

    /// The expression as typed (trimmed).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the place is open at this instant ("ouvert maintenant").
    pub fn is_open(&self, at: DateTime<Utc>) -> bool {
        self.inner.is_open(to_paris(at))
    }

    /// The open intervals within `[from, to)`, as UTC instants, merged when contiguous.
    pub fn open_intervals(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        if to <= from {
            return Vec::new();
        }
        let mut out: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::new();
        for r in self.inner.iter_range(to_paris(from), to_paris(to)) {
            if r.kind != RuleKind::Open {
                continue;
            }
            let start = from_paris(r.range.start).max(from);
            let end = from_paris(r.range.end).min(to);
            if start >= end {
                continue;
            }
            match out.last_mut() {
                Some(last) if last.1 >= start => last.1 = last.1.max(end),
                _ => out.push((start, end)),
            }
        }
        out
    }

    /// Open ranges of one Paris day as wall-clock times (`24:00` shown for midnight at the end).
    fn day_ranges(&self, day: NaiveDate) -> Vec<(NaiveTime, NaiveTime, bool)> {
        let start = day.and_time(NaiveTime::MIN);
        let end = start + Duration::days(1);
        let mut out: Vec<(NaiveTime, NaiveTime, bool)> = Vec::new();
        for r in self.inner.iter_range(start, end) {
            if r.kind != RuleKind::Open {
                continue;
            }
            let to_midnight = r.range.end >= end;
            let item = (r.range.start.time(), r.range.end.time(), to_midnight);
            match out.last_mut() {
                Some(last) if last.1 == item.0 && !last.2 => {
                    last.1 = item.1;
                    last.2 = item.2;
                }
                _ => out.push(item),
            }
        }
        out
    }

    /// One line per day of the week that starts on `monday`, in the page's language:
    /// "Lundi : 09:00–12:00, 14:00–18:00", "Dimanche : fermé"; "Sunday: closed".
    pub fn describe_week(&self, monday: NaiveDate, lang: Lang) -> Vec<String> {
        // French puts a space before the colon.
        let colon = match lang {
            Lang::Fr => " : ",
            Lang::En => ": ",
        };
        (0..7)
            .map(|i| {
                let day = monday + Duration::days(i);
                let name = lang.t(&format!(
                    "weekday-{}",
                    day.weekday().num_days_from_monday() + 1
                ));
                let mut chars = name.chars();
                let name: String = chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default();
                let ranges = self.day_ranges(day);
                let said = if ranges.is_empty() {
                    lang.t("hours-closed")
                } else if ranges.len() == 1 && ranges[0].0 == NaiveTime::MIN && ranges[0].2 {
                    lang.t("hours-all-day")
                } else {
                    ranges
                        .iter()
                        .map(|(s, e, midnight)| {
                            let end = if *midnight {
                                "24:00".to_string()
                            } else {
                                e.format("%H:%M").to_string()
                            };
                            format!("{}–{}", s.format("%H:%M"), end)
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                format!("{name}{colon}{said}")
            })
            .collect()
    }

    /// The week containing `at` (Paris time), described in the page's language.
    pub fn describe_at(&self, at: DateTime<Utc>, lang: Lang) -> Vec<String> {
        let today = to_paris(at).date();
        let monday = today - Duration::days(today.weekday().num_days_from_monday() as i64);
        self.describe_week(monday, lang)
    }
}

/// The parts of the intervals `a` outside the intervals `b` (both sorted, not overlapping
/// within themselves, as [`OpeningHours::open_intervals`] gives them).
pub fn subtract<T: Ord + Copy>(a: &[(T, T)], b: &[(T, T)]) -> Vec<(T, T)> {
    let mut out = Vec::new();
    for &(s, e) in a {
        let mut cursor = s;
        for &(bs, be) in b {
            if be <= cursor || bs >= e {
                continue;
            }
            if bs > cursor {
                out.push((cursor, bs));
            }
            cursor = cursor.max(be);
            if cursor >= e {
                break;
            }
        }
        if cursor < e {
            out.push((cursor, e));
        }
    }
    out
}

/// The parts of the intervals `a` inside the intervals `b` (sorted, as for [`subtract`]).
pub fn intersect<T: Ord + Copy>(a: &[(T, T)], b: &[(T, T)]) -> Vec<(T, T)> {
    let mut out = Vec::new();
    for &(s, e) in a {
        for &(bs, be) in b {
            let (x, y) = (s.max(bs), e.min(be));
            if x < y {
                out.push((x, y));
            }
        }
    }
    out
}

impl OpeningHours {
    /// When `self` is open and `other` closed within `[from, to)`: empty when `self` stays
    /// within `other` there. The `opening-hours` crate has no inclusion test between two
    /// expressions, so callers compare them over a reference period (bookings: two whole
    /// weeks, which covers every weekly rule and alternate weeks).
    pub fn beyond(
        &self,
        other: &OpeningHours,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        subtract(
            &self.open_intervals(from, to),
            &other.open_intervals(from, to),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn rejects_garbage_in_french() {
        let err = OpeningHours::parse("du lundi au vendredi").unwrap_err();
        assert!(err.contains("Horaires illisibles"), "{err}");
        assert!(OpeningHours::parse("  ").is_err());
    }

    #[test]
    fn open_now_uses_paris_time_and_holidays() {
        let oh = OpeningHours::parse("Mo-Fr 09:00-12:00,14:00-18:00; PH off").unwrap();
        // Tuesday 2026-11-24 09:30 Paris = 08:30 UTC (winter time).
        assert!(oh.is_open(utc("2026-11-24T08:30:00Z")));
        assert!(!oh.is_open(utc("2026-11-24T07:30:00Z")));
        assert!(!oh.is_open(utc("2026-11-24T11:30:00Z")));
        // Summer time: 09:30 Paris = 07:30 UTC on Tuesday 2026-06-16.
        assert!(oh.is_open(utc("2026-06-16T07:30:00Z")));
        // 11 November 2026 is a Wednesday and a public holiday.
        assert!(!oh.is_open(utc("2026-11-11T09:30:00Z")));
    }

    #[test]
    fn describes_a_week_in_french() {
        let oh = OpeningHours::parse("Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-24:00").unwrap();
        let week = oh.describe_week(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), Lang::Fr);
        assert_eq!(week[0], "Lundi : 09:00–12:00, 14:00–18:00");
        assert_eq!(week[5], "Samedi : 10:00–24:00");
        assert_eq!(week[6], "Dimanche : fermé");
        let always = OpeningHours::parse("24/7").unwrap();
        assert_eq!(
            always.describe_week(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), Lang::Fr)[2],
            "Mercredi : ouvert toute la journée"
        );
        let en = oh.describe_week(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), Lang::En);
        assert_eq!(en[0], "Monday: 09:00–12:00, 14:00–18:00");
        assert_eq!(en[6], "Sunday: closed");
    }

    #[test]
    fn open_intervals_are_utc_instants() {
        let oh = OpeningHours::parse("Th 09:00-12:00").unwrap();
        let got = oh.open_intervals(utc("2026-11-23T00:00:00Z"), utc("2026-11-30T00:00:00Z"));
        assert_eq!(
            got,
            vec![(utc("2026-11-26T08:00:00Z"), utc("2026-11-26T11:00:00Z"))]
        );
        // Clipped to the window.
        let got = oh.open_intervals(utc("2026-11-26T09:00:00Z"), utc("2026-11-26T10:00:00Z"));
        assert_eq!(
            got,
            vec![(utc("2026-11-26T09:00:00Z"), utc("2026-11-26T10:00:00Z"))]
        );
    }

    #[test]
    fn hours_beyond_others() {
        let place = OpeningHours::parse("Mo-Fr 09:00-12:30,14:00-18:00; Th 09:00-12:00").unwrap();
        let within = OpeningHours::parse("Mo-We 09:00-12:00").unwrap();
        let from = utc("2026-11-23T00:00:00Z");
        let to = utc("2026-12-07T00:00:00Z");
        assert!(within.beyond(&place, from, to).is_empty());
        let all_day = OpeningHours::parse("Mo-Fr 09:00-18:00").unwrap();
        let got = all_day.beyond(&place, from, to);
        // Each week: four lunch breaks (Mo, Tu, We, Fr) and Thursday afternoon.
        assert_eq!(got.len(), 10, "{got:?}");
        assert_eq!(
            got[0],
            (utc("2026-11-23T11:30:00Z"), utc("2026-11-23T13:00:00Z"))
        );
        assert_eq!(
            got[3],
            (utc("2026-11-26T11:00:00Z"), utc("2026-11-26T17:00:00Z"))
        );
        assert_eq!(
            subtract(&[(0, 10)], &[(2, 3), (5, 12)]),
            vec![(0, 2), (3, 5)]
        );
        assert_eq!(
            intersect(&[(0, 10), (20, 30)], &[(5, 25)]),
            vec![(5, 10), (20, 25)]
        );
    }

    #[test]
    fn paris_conversions_handle_dst_edges() {
        let gap = NaiveDate::from_ymd_opt(2026, 3, 29)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(from_paris(gap), utc("2026-03-29T01:30:00Z"));
        let overlap = NaiveDate::from_ymd_opt(2026, 10, 25)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(from_paris(overlap), utc("2026-10-25T00:30:00Z"));
    }
}
