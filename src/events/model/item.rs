//! One occurrence of an event as the agendas and a place's page show it.

use chrono::NaiveDate;

use super::{utc_to_paris, when, when_fr, Event, EventStatus, Occurrence};

/// One occurrence of an event as the agenda and a place's page show it: the event, the
/// occurrence, its date in words and the event's image.
pub struct Item {
    pub event: Event,
    pub occ: Occurrence,
    pub when: String,
    pub day: NaiveDate,
    /// The event's image (its thumbnail is shown on the card).
    pub image: Option<crate::media::Photo>,
    /// The next dates after this one (a recurring event is one card in the agenda's list).
    pub later: Vec<LaterDate>,
    /// How many dates the event has in the agenda's window (this one included); 1 when the list
    /// shows each occurrence.
    pub total: i64,
}

/// A later date of an event, as a card lists it.
#[derive(Debug, Clone, Copy)]
pub struct LaterDate {
    pub starts_at: i64,
    pub ends_at: i64,
    pub cancelled: bool,
}

impl Item {
    pub fn new(event: Event, occ: Occurrence) -> Item {
        Item {
            when: when_fr(occ.starts_at, occ.ends_at, event.all_day),
            day: utc_to_paris(occ.starts_at).date(),
            event,
            occ,
            image: None,
            later: Vec::new(),
            total: 1,
        }
    }
    pub fn kind_key(&self) -> String {
        format!("event-kind-{}", self.event.kind)
    }
    /// The date in the page's language.
    pub fn when_in(&self, lang: &crate::i18n::Lang) -> String {
        when(
            *lang,
            self.occ.starts_at,
            self.occ.ends_at,
            self.event.all_day,
        )
    }
    pub fn cancelled(&self) -> bool {
        self.occ.cancelled || self.event.status == EventStatus::Cancelled
    }
    /// The event's repetition in words ("chaque mardi à 9:00"), for a recurring event.
    pub fn rule_in(&self, lang: &crate::i18n::Lang) -> Option<String> {
        let rule = self
            .event
            .rrule
            .as_deref()
            .filter(|r| !r.trim().is_empty())?;
        let minutes =
            (!self.event.all_day).then_some((self.occ.ends_at - self.occ.starts_at) / 60_000);
        Some(crate::recurrence::describe(
            rule,
            utc_to_paris(self.event.starts_at),
            minutes,
            *lang,
        ))
    }
    /// A later date in the page's language ("mardi 8 décembre, 9:00 – 12:00").
    pub fn later_in(&self, d: &LaterDate, lang: &crate::i18n::Lang) -> String {
        when(*lang, d.starts_at, d.ends_at, self.event.all_day)
    }
    /// How many more dates than the card lists.
    pub fn more_dates(&self) -> i64 {
        (self.total - 1 - self.later.len() as i64).max(0)
    }
}
