//! The job and civic-service board ("emplois", issue 19 point 6): offers of places and
//! networks (CDI, CDD, freelance, stage, alternance, service civique, bénévolat) moderated by
//! the network's animators and archived after their last day, applications with a CV, saved
//! searches with a daily email digest, schema.org `JobPosting` JSON-LD, Atom feeds, CSV
//! export and the API. `crate::jobs` is the job queue; this area is `employment`. See
//! docs/emplois.md.

pub mod api;
pub mod model;
pub mod repo;
pub mod service;
pub mod web;
