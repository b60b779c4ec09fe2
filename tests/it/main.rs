//! The one integration test binary. Every story runs on SQLite and on PostgreSQL, each test
//! with a fresh database (see `harness`).

mod harness;

mod accounts;
mod actors;
mod api;
mod authz;
mod badges;
mod bookings;
mod calendar;
mod census;
mod cli;
mod documents;
mod email;
mod employment;
mod events;
mod groups;
mod hardening;
mod hardening_scope;
mod imports;
mod letters;
mod letters_sending;
mod national;
mod news;
mod news_lists;
mod news_more;
mod notifications;
mod photos;
mod places;
mod plans;
mod posts;
mod projects;
mod projects_public;
mod projects_workspace;
mod scale;
mod scale_forms;
mod scale_groups;
mod scale_lists;
mod scale_projects;
mod security;
mod storage;
mod tenancy;
mod trainings;
mod trainings_attendance;
mod trainings_paths;
mod typed;
