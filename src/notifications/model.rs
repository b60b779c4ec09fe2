//! The kinds of notification, the cadences a person may choose, and the digest schedule.
//! No SQL, no HTTP here.

use chrono::{Datelike, TimeZone, Weekday};

crate::choice! {
    /// A kind of notification a person may tune. Security and transactional emails are not a
    /// kind: they always go (see docs/notifications.md for the table of call sites).
    pub enum Kind {
        /// Registrations to events and bookings of spaces and services.
        Registrations = "registrations",
        /// Group meetings, minutes, invitations and action reminders.
        Groups = "groups",
        /// Updates of the projects one follows or works on.
        Projects = "projects",
        /// Matches of posts ("annonces") with posts and person profiles, and reported posts to
        /// their moderators (`posts::service`); messages between actors later.
        Matches = "matches",
        /// Newsletters of the lists one subscribed to.
        Newsletters = "newsletters",
    }
}

crate::choice! {
    /// How a person receives a kind of notification.
    pub enum Cadence {
        /// One email per notification, at once (the default).
        Immediate = "immediate",
        /// Gathered in one email a day, at 07:00 (Europe/Paris).
        Daily = "daily",
        /// Gathered in one email a week, on Monday at 07:00 (Europe/Paris).
        Weekly = "weekly",
        /// No email.
        Never = "never",
    }
}

impl Kind {
    /// The Fluent key of its label (the settings page, the digest's headings).
    pub fn label_key(self) -> &'static str {
        match self {
            Kind::Registrations => "notif-kind-registrations",
            Kind::Groups => "notif-kind-groups",
            Kind::Projects => "notif-kind-projects",
            Kind::Matches => "notif-kind-matches",
            Kind::Newsletters => "notif-kind-newsletters",
        }
    }

    /// The Fluent key of its one-line explanation.
    pub fn hint_key(self) -> &'static str {
        match self {
            Kind::Registrations => "notif-kind-registrations-hint",
            Kind::Groups => "notif-kind-groups-hint",
            Kind::Projects => "notif-kind-projects-hint",
            Kind::Matches => "notif-kind-matches-hint",
            Kind::Newsletters => "notif-kind-newsletters-hint",
        }
    }

    /// The cadences this kind offers. A newsletter is already a periodic letter with its own
    /// unsubscribe link: it is received or not, never put in a digest.
    pub fn cadences(self) -> &'static [Cadence] {
        match self {
            Kind::Newsletters => &[Cadence::Immediate, Cadence::Never],
            _ => Cadence::ALL,
        }
    }
}

impl Cadence {
    pub fn label_key(self) -> &'static str {
        match self {
            Cadence::Immediate => "notif-cadence-immediate",
            Cadence::Daily => "notif-cadence-daily",
            Cadence::Weekly => "notif-cadence-weekly",
            Cadence::Never => "notif-cadence-never",
        }
    }

    /// Is this a digest cadence (the email waits for [`next_digest`])?
    pub fn is_digest(self) -> bool {
        matches!(self, Cadence::Daily | Cadence::Weekly)
    }
}

/// The hour (Europe/Paris) digests leave at.
pub const DIGEST_HOUR: u32 = 7;

/// The instant (UTC ms) of the first digest of `cadence` strictly after `now`: the next 07:00
/// in Paris for `daily`, the next Monday 07:00 in Paris for `weekly` (`None` for the cadences
/// that have no digest). Every node computes the same instant, which names the period.
pub fn next_digest(cadence: Cadence, now: i64) -> Option<i64> {
    if !cadence.is_digest() {
        return None;
    }
    let mut day = crate::clock::paris_date(now);
    for _ in 0..16 {
        let at = seven_am(day);
        let weekday_ok = cadence == Cadence::Daily || day.weekday() == Weekday::Mon;
        if weekday_ok && at > now {
            return Some(at);
        }
        day = day.succ_opt()?;
    }
    None
}

/// 07:00 in Paris on `day`, in UTC ms (07:00 always exists: DST changes happen at night).
fn seven_am(day: chrono::NaiveDate) -> i64 {
    let naive = day.and_hms_opt(DIGEST_HOUR, 0, 0).unwrap_or_default();
    chrono_tz::Europe::Paris
        .from_local_datetime(&naive)
        .earliest()
        .map_or(0, |d| d.timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paris(s: &str) -> i64 {
        let naive = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        chrono_tz::Europe::Paris
            .from_local_datetime(&naive)
            .unwrap()
            .timestamp_millis()
    }

    #[test]
    fn daily_is_the_next_seven_am_in_paris() {
        let d = Cadence::Daily;
        assert_eq!(
            next_digest(d, paris("2026-12-02 06:59")),
            Some(paris("2026-12-02 07:00"))
        );
        assert_eq!(
            next_digest(d, paris("2026-12-02 07:00")),
            Some(paris("2026-12-03 07:00"))
        );
        assert_eq!(
            next_digest(d, paris("2026-12-02 23:30")),
            Some(paris("2026-12-03 07:00"))
        );
        // Across the summer-time change (29 March 2026).
        assert_eq!(
            next_digest(d, paris("2026-03-28 08:00")),
            Some(paris("2026-03-29 07:00"))
        );
    }

    #[test]
    fn weekly_is_the_next_monday_seven_am() {
        let w = Cadence::Weekly;
        // 2026-12-02 is a Wednesday; the next Monday is 7 December.
        assert_eq!(
            next_digest(w, paris("2026-12-02 10:00")),
            Some(paris("2026-12-07 07:00"))
        );
        assert_eq!(
            next_digest(w, paris("2026-12-07 06:00")),
            Some(paris("2026-12-07 07:00"))
        );
        assert_eq!(
            next_digest(w, paris("2026-12-07 07:00")),
            Some(paris("2026-12-14 07:00"))
        );
        assert_eq!(next_digest(Cadence::Never, 0), None);
        assert_eq!(next_digest(Cadence::Immediate, 0), None);
    }

    #[test]
    fn newsletters_are_never_digested() {
        assert_eq!(
            Kind::Newsletters.cadences(),
            &[Cadence::Immediate, Cadence::Never]
        );
        assert_eq!(Kind::Groups.cadences(), Cadence::ALL);
    }
}
