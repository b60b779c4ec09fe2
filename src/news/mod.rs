//! News ("actualités", issue 20 point 1): posts by a network, a place or a project, in
//! sanitized rich text with tags, drafts and scheduled publication; their lists, pages,
//! `NewsArticle` JSON-LD and Atom feeds, and the API. See docs/actualites.md.

pub mod api;
pub mod model;
pub mod repo;
pub mod service;
pub mod web;
