//! Local actors (issue 18): the organisations and people around each place and network,
//! their profiles (categories, skills, offers, hours, contacts with per-field visibility) and
//! the showcases ("vitrine") of places and networks, the visitor guide, exports and imports. See `docs/acteurs.md`.

pub mod api;
pub mod export;
pub mod import;
pub mod model;
pub mod photos;
pub mod repo;
pub mod service;
pub mod web;
