//! Pages: the directory (`/lieux`), the map (`/carte`, usable as a list without JavaScript),
//! the embeddable map (`/carte/integrer`), the place page, contributions, moderation and the
//! import page. One file per family of pages; this one only routes.

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

mod contrib;
mod directory;
mod import;
mod moderation;
mod place;

use contrib::{claim, edit, edit_form, propose, propose_form};
use directory::{directory, embed, map_page};
/// The map pages' CSP (their tile server allowed), for the shell's pages that draw a map.
pub use directory::{legend, set_map_csp, LegendItem};
use import::{import_page, import_progress, import_report_csv, import_upload};
use moderation::{
    admin_places, moderate_claim, moderate_place, moderate_proposal, moderation, set_licence,
};
use place::{photo_add, photo_delete, photos_page, place_page};

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(super::admin::routes())
        .route("/lieux", get(directory))
        .route("/lieux/proposer", get(propose_form).post(propose))
        .route("/lieux/{slug}", get(place_page))
        .route("/lieux/{slug}/modifier", get(edit_form).post(edit))
        .route("/lieux/{slug}/revendiquer", post(claim))
        .route("/carte", get(map_page))
        .route("/carte/integrer", get(embed))
        .route("/admin/lieux/moderation", get(moderation))
        .route("/admin/lieux/moderation/lieu/{id}", post(moderate_place))
        .route(
            "/admin/lieux/moderation/proposition/{id}",
            post(moderate_proposal),
        )
        .route(
            "/admin/lieux/moderation/revendication/{id}",
            post(moderate_claim),
        )
        .route("/admin/lieux/licence/{id}", post(set_licence))
        .route(
            "/admin/lieux/{id}/photos",
            get(photos_page)
                .post(photo_add)
                .layer(DefaultBodyLimit::max(
                    crate::media::MAX_PHOTO_BYTES + 64 * 1024,
                )),
        )
        .route(
            "/admin/lieux/{id}/photos/{pid}/supprimer",
            post(photo_delete),
        )
        .route(
            "/admin/lieux/import",
            get(import_page)
                .post(import_upload)
                .layer(DefaultBodyLimit::max(64 * 1024 * 1024)),
        )
        .route("/admin/lieux/import/{id}", get(import_progress))
        .route("/admin/lieux", get(admin_places))
        .route(
            "/admin/lieux/import/{id}/rapport.csv",
            get(import_report_csv),
        )
}
