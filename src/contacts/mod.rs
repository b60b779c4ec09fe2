//! Contact without exposing addresses ("mettre en relation", issue 18 point 5): a person writes
//! to the person behind an actor profile (or a post) through Maillage. The message opens a
//! thread; the recipient is told by an email that carries neither side's address and answers
//! in the thread; each side may choose to show its own contact details; a person may block
//! another; either side may report the thread to the moderators of the profile (the managers
//! of its places, the animators of its network). New threads and messages are rate-limited per
//! sender. See docs/acteurs.md.

pub mod api;
pub mod model;
pub mod repo;
pub mod service;
pub mod web;
