//! Places (lieux): the record, the directory and map, contributions and moderation, imports
//! and open-data exports. See `docs/places.md`.

pub mod admin;
pub mod api;
pub mod directory;
pub mod export;
pub mod import;
pub mod jobs;
pub mod model;
pub mod repo;
pub mod service;
pub mod web;
