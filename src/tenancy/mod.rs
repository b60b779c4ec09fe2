//! Tenants: networks (réseaux), places (lieux) and the organizations that hold them.
//! The places area owns the places table and writes it; tenancy reads a place as a tenant
//! (its name, slug, networks) and decides the authorization targets every area asks for.

pub mod api;
pub mod model;
pub mod repo;
pub mod service;
pub mod web;
