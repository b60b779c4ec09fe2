//! The yearly census and the observatory (issue 21): a network's questionnaires (versioned,
//! with a default template), campaigns opened to its places with invitations and reminders,
//! responses pre-filled from Maillage's data and from the previous campaign, and the
//! figures rolled up per department, region, typology and year under the small-numbers rule,
//! drawn as accessible SVG charts. See docs/recensement.md.

pub mod api;
pub mod map;
pub mod model;
pub mod repo;
pub mod service;
pub mod stats;
pub mod template;
pub mod web;
