//! Trainings ("formations", issue 19 points 1 and 2): the offer of a place or a network
//! (objectives, programme, duration, modality, prices per funding route, accessibility,
//! certification, Qualiopi, trainers), its sessions as agenda events of kind `formation`, the
//! portal with its filters and `Course` JSON-LD, the census export, and the API. See
//! docs/formations.md.

pub mod api;
pub mod attendance;
pub mod followup;
pub mod model;
pub mod repo;
pub mod service;
pub mod web;
