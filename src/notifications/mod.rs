//! Notification preferences (issue 20 point 5): each account chooses, per kind of notification
//! (registrations and bookings, group meetings and minutes, project updates, matches and
//! messages, newsletters), immediate email, a daily or weekly digest, or nothing. Security and
//! transactional emails are no kind: they go through [`crate::mail::enqueue`] and always leave.
//!
//! Every other email goes through [`service::notify`], which reads the recipient's preference
//! and queues the email, stores it for the digest, or drops it. The digest job (through the job
//! queue, safe with several nodes) gathers each account's pending items into one email.
//! See docs/notifications.md.

pub mod api;
pub mod model;
pub mod repo;
pub mod service;
pub mod web;

pub use model::{Cadence, Kind};
pub use service::notify;
