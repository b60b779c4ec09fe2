//! Open Badges 3.0 (issue 19, point 5): achievements of a network or a place, credentials
//! (`OpenBadgeCredential`, W3C Verifiable Credentials 2.0) signed with a Data Integrity proof
//! (`eddsa-rdfc-2022`) by the issuer's Ed25519 key, issuer profiles with their `Multikey`s,
//! revocation through a `BitstringStatusListCredential`, the learner's page and the public
//! verification page. See docs/badges.md.

pub mod api;
pub mod model;
pub mod repo;
pub mod service;
pub mod web;
