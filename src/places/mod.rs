//! Places (lieux): the record, the directory and map, contributions and moderation, imports
//! and open-data exports. See `docs/places.md`.

pub mod admin;
pub mod api;
pub mod directory;
pub mod export;
pub mod import;
pub mod jobs;
pub mod model;
pub mod near;
pub mod repo;
pub mod service;
pub mod web;

/// What the actors' import reuses of the places' (issue 18 point 8), unchanged: reading a
/// file into a table, the column matcher, the preparation of a row and its repairs, the
/// report, the mappings saved per source.
pub mod import_kit {
    pub use super::import::matcher::words;
    pub use super::import::saved;
    pub use super::import::{
        prepare, read, Format, Guess, Mapping, Outcome, Prepared, Report, RowReport, Table,
    };
}
