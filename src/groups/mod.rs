//! Clubs, commissions and boards: groups attached to a network, a place or a project, their
//! memberships with roles and mandates, meetings (agenda, attendees, minutes), the register
//! of decisions, action items with reminders, and a club's recurring slot.

pub mod api;
pub mod model;
pub mod repo;
pub mod service;
pub mod web;
