//! The documents library of a group, a place, a network (or, later, a project): folders,
//! files with versions, toolkit sheets ("fiches thématiques") in sanitized rich text, tags,
//! visibility levels, full-text search, uploads checked by content, signed expiring links.

pub mod api;
pub mod model;
pub mod pages;
pub mod repo;
pub mod service;
pub mod web;
