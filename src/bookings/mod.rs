//! Spaces, equipment and bookings of a place. The invariant: at no instant does a space hold
//! more booked seats than its capacity, whatever the concurrency and the number of app nodes,
//! on both database engines (see `repo::insert_checked` and `db::dialect::lock_space_sql`).

pub mod api;
pub mod members;
pub mod model;
pub mod notify;
pub mod repo;
pub mod service;
pub mod web;
