//! The clock is a parameter: domain code asks `state.clock`, so tests can move time.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};

#[derive(Clone, Default, Debug)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    /// Milliseconds since the Unix epoch, UTC: the unit instants are stored in.
    pub fn now_ms(&self) -> i64 {
        Utc::now().timestamp_millis() + self.offset_ms.load(Ordering::Relaxed)
    }

    pub fn now(&self) -> DateTime<Utc> {
        from_ms(self.now_ms())
    }

    /// Moves this clock (and every clone of it) forward; for tests.
    pub fn advance(&self, by: chrono::Duration) {
        self.offset_ms
            .fetch_add(by.num_milliseconds(), Ordering::Relaxed);
    }
}

pub fn from_ms(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

/// An instant shown in Europe/Paris, the French way: « 22/11/2026 à 15:04 ».
pub fn paris_display(ms: i64) -> String {
    from_ms(ms)
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%d/%m/%Y à %H:%M")
        .to_string()
}

/// The day (Europe/Paris) an instant falls on.
pub fn paris_date(ms: i64) -> chrono::NaiveDate {
    from_ms(ms)
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive()
}

/// The first instant of a day in Europe/Paris (its midnight, or the first minute after a
/// gap), in milliseconds.
pub fn paris_midnight(day: chrono::NaiveDate) -> i64 {
    let naive = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    chrono_tz::Europe::Paris
        .from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            chrono_tz::Europe::Paris
                .from_local_datetime(&(naive + chrono::Duration::hours(1)))
                .earliest()
        })
        .map_or(0, |d| d.timestamp_millis())
}

/// RFC 3339, UTC, for the API.
pub fn rfc3339(ms: i64) -> String {
    from_ms(ms).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_time_follows_daylight_saving() {
        // 2026-07-01 12:00 UTC is 14:00 in Paris (CEST), 2026-01-15 12:00 UTC is 13:00 (CET).
        let summer = Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap();
        let winter = Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap();
        assert_eq!(
            paris_display(summer.timestamp_millis()),
            "01/07/2026 à 14:00"
        );
        assert_eq!(
            paris_display(winter.timestamp_millis()),
            "15/01/2026 à 13:00"
        );
        assert_eq!(rfc3339(winter.timestamp_millis()), "2026-01-15T12:00:00Z");
    }

    #[test]
    fn advance_moves_clones() {
        let c = Clock::default();
        let c2 = c.clone();
        let before = c2.now_ms();
        c.advance(chrono::Duration::hours(2));
        assert!(c2.now_ms() - before >= 2 * 3600 * 1000);
    }
}
