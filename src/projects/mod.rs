//! Project support (issue 7): a tiers-lieu project from idea to opening, its holders and the
//! network that follows it, its phases, its Social Business Canvas (versioned) and its
//! funding plan (applications, budget, co-financing rate), its workspace (stakeholders,
//! timeline, groups), its public page and the advisors' dashboard.
//!
//! Layers, each split by sub-feature below its `mod.rs`: `model` (types and rules, no SQL, no
//! HTTP), `repo` (queries), `service` (use cases: every write goes through it), `dto` (JSON
//! shapes shared by the API's files), `web` (pages) and `api` (JSON). A file uses only the
//! layers before it, and a sub-feature file its own layer's `mod.rs`, never the reverse.

pub mod api;
pub mod dto;
pub mod model;
pub mod repo;
pub mod service;
pub mod web;
