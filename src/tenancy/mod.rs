//! Tenants: networks (réseaux), places (lieux) and the organizations that hold them.
//! The directory issue extends places; here they have what every other area needs.

pub mod api;
pub mod model;
pub mod repo;
pub mod web;
