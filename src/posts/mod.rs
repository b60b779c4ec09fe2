//! Needs and offers ("annonces", issue 18 points 3 and 4): posts of type need, offer,
//! exchange (knowledge swap, RERS style), loan and gift on the board of a place or a network,
//! with the actors' categories and skills vocabulary, an expiry renewable by the author,
//! moderation by the place's managers or the network's animators, reports, public boards with
//! filters and Atom feeds, "mes annonces", and the matching of opposite posts and actor
//! profiles by a documented score. See docs/annonces.md.

pub mod api;
pub mod model;
pub mod repo;
pub mod service;
pub mod web;
