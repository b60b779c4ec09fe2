//! Accounts: sign-up with email confirmation, login, logout, password reset and change,
//! deletion and personal-data export (RGPD), API tokens, invitations, roles.

pub mod api;
pub mod model;
pub mod repo;
pub mod service;
pub mod web;
