//! The agenda's pages: agendas (instance, network, place) as list or month, event pages with
//! JSON-LD, registration and cancellation, attendee lists and CSV, "mes inscriptions",
//! iCal and Atom feeds, creating, cancelling and importing events.
//!
//! One file per family of pages: `agenda` (lists, month grid), `feeds` (iCal, Atom, personal
//! feed), `event` (an event's page, registering), `registrations` (cancelling, deciding,
//! "mes inscriptions"), `guests` (registering without an account), `attendees`, `edit`
//! (creating, editing, the image) with the form's fields in `form`, `import`; `shared` holds
//! what the organizers' pages share.

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

mod agenda;
mod attendees;
mod edit;
mod event;
mod feeds;
mod form;
mod guests;
mod import;
mod registrations;
pub(crate) mod repeat;
mod shared;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/agenda", get(agenda::agenda_all))
        .route("/agenda.ics", get(feeds::ics_all))
        .route("/agenda.atom", get(feeds::atom_all))
        .route("/reseaux/{slug}/agenda", get(agenda::agenda_network))
        .route("/reseaux/{slug}/agenda.ics", get(feeds::ics_network))
        .route("/lieux/{slug}/agenda", get(agenda::agenda_place))
        .route("/lieux/{slug}/agenda.ics", get(feeds::ics_place))
        .route(
            "/evenements",
            post(edit::create).layer(axum::extract::DefaultBodyLimit::max(
                crate::media::MAX_PHOTO_BYTES + 256 * 1024,
            )),
        )
        .route("/evenements/nouveau", get(edit::new_form))
        .route(
            "/evenements/importer",
            get(import::import_form).post(import::import_post),
        )
        .route("/evenements/{id}", get(event::event_page))
        .route("/evenements/{id}/inscription", post(event::register))
        .route(
            "/evenements/{id}/inscription-invitee",
            post(guests::register),
        )
        .route(
            "/inscriptions-invitees/confirmer/{token}",
            get(guests::confirm_page).post(guests::confirm_post),
        )
        .route(
            "/inscriptions-invitees/compte/{token}",
            get(guests::account_page).post(guests::account_post),
        )
        .route("/evenements/{id}/annuler", post(attendees::cancel_event))
        .route("/evenements/{id}/publier", post(attendees::publish_event))
        .route(
            "/evenements/{id}/modifier",
            get(edit::edit_form).post(edit::edit),
        )
        .route(
            "/evenements/{id}/image",
            post(edit::image_post).layer(axum::extract::DefaultBodyLimit::max(
                crate::media::MAX_PHOTO_BYTES + 64 * 1024,
            )),
        )
        .route("/evenements/{id}/image/supprimer", post(edit::image_delete))
        .route("/evenements/{id}/inscrits", get(attendees::attendees))
        .route(
            "/evenements/{id}/inscrits.csv",
            get(attendees::attendees_csv),
        )
        .route(
            "/inscriptions/{id}/annuler",
            post(registrations::cancel_registration),
        )
        .route("/inscriptions/{id}/decision", post(registrations::decide))
        .route(
            "/inscriptions/annuler/{token}",
            get(registrations::cancel_link_page).post(registrations::cancel_link_post),
        )
        .route("/mes-inscriptions", get(registrations::mine))
        .route("/mes-inscriptions/flux", post(registrations::renew_feed))
        .route("/flux/{token}", get(feeds::personal_feed))
}
