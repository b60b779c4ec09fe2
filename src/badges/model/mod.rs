//! Open Badges 3.0: types and rules, no SQL, no HTTP. See docs/badges.md.

pub mod proof;
pub mod status;
