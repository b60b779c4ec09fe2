//! Newsletter issues ("lettres", issue 20 points 3 and 4): an editor of a list composes an
//! issue from blocks — free text, and blocks filled from the agenda, the news, the places,
//! the projects and the trainings when the issue is built — previews it in the browser and as
//! the email renders, sends a test to themselves, schedules it; the job queue sends it in
//! throttled batches, one delivery row per recipient claimed with a lease (any node resumes a
//! sending cut short, nobody receives it twice), with one-click unsubscription (RFC 8058);
//! hard bounces suspend the address; each issue is archived as a public page. See
//! docs/actualites.md.

pub mod api;
pub mod model;
pub mod render;
pub mod repo;
pub mod service;
pub mod web;
