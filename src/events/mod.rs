//! The agenda: events organized by networks and places, their occurrences (recurrence rules
//! expanded in Europe/Paris), registrations with capacity enforced in the database, waitlist
//! and promotion, iCal/Atom feeds, schema.org JSON-LD and iCalendar imports.
//! See `docs/agenda.md`.

pub mod api;
pub mod guests_api;
pub mod import;
pub mod model;
pub mod repo;
pub mod service;
pub mod web;
