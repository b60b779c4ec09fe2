//! Project support (issue 7): a tiers-lieu project from idea to opening, its holders and the
//! network that follows it, its phases, its Social Business Canvas (versioned) and its
//! funding plan (applications, budget, co-financing rate).

pub mod api;
pub mod dashboard;
pub mod funding;
pub mod members;
pub mod model;
pub mod phases;
pub mod public;
pub mod repo;
pub mod service;
pub mod stakeholders;
pub mod timeline;
pub mod web;
pub mod workspace;
