//! HTML pages: the spaces of a place, a space's week calendar (remaining seats per slot, one
//! form per slot, works without JavaScript), "mes réservations", and the managers' pages
//! (spaces, closures, qualifications, the place's printable calendar, approvals, occupancy).
//!
//! One file per family of pages: `spaces` (public pages of spaces), `booking` (booking, "mes
//! réservations"), `manage` (managers: spaces, photos, closures, qualifications), `calendar`
//! (managers: the place's calendar, approvals, occupancy); `shared` holds their helpers.

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

mod booking;
mod calendar;
mod manage;
mod occupancy;
mod shared;
mod spaces;

/// Used by templates (`crate::bookings::web::lbl`).
pub use shared::lbl;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/lieux/{slug}/espaces", get(spaces::place_spaces))
        .route("/espaces/{id}", get(spaces::space_page))
        .route("/espaces/{id}/reserver", post(booking::book))
        .route("/espaces/{id}/reserver-serie", post(booking::book_series))
        .route("/espaces/{id}/calendrier.ics", get(spaces::feed))
        .route("/reservations", get(booking::my_bookings))
        .route("/reservations/{id}/annuler", post(booking::cancel))
        .route("/reservations/{id}/deplacer", post(booking::reschedule))
        .route(
            "/admin/lieux/{id}/espaces",
            get(manage::admin_spaces).post(manage::admin_space_create),
        )
        .route(
            "/admin/espaces/{id}",
            get(manage::admin_space).post(manage::admin_space_update),
        )
        .route(
            "/admin/espaces/{id}/archiver",
            post(manage::admin_space_archive),
        )
        .route(
            "/admin/espaces/{id}/photos",
            post(manage::photo_add).layer(axum::extract::DefaultBodyLimit::max(
                crate::media::MAX_PHOTO_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/admin/espaces/{id}/photos/{pid}/supprimer",
            post(manage::photo_delete),
        )
        .route("/admin/espaces/{id}/fermetures", post(manage::closure_add))
        .route(
            "/admin/espaces/{id}/fermetures/{cid}/supprimer",
            post(manage::closure_delete),
        )
        .route("/admin/espaces/{id}/habilitations", post(manage::qualify))
        .route(
            "/admin/espaces/{id}/habilitations/{uid}/supprimer",
            post(manage::unqualify),
        )
        .route(
            "/admin/lieux/{id}/reservations",
            get(calendar::place_calendar),
        )
        .route(
            "/admin/reservations/{id}/approuver",
            post(calendar::approve),
        )
        .route("/admin/reservations/{id}/refuser", post(calendar::refuse))
        .route("/admin/lieux/{id}/occupation", get(occupancy::occupancy))
        .route(
            "/admin/lieux/{id}/occupation.csv",
            get(occupancy::occupancy_csv),
        )
}
