//! Pages of the actors: the showcases of a place and of a network, a profile (with its
//! schema.org JSON-LD), the creation and edit forms, the visitor guide, the embeddable
//! showcase and the import page. One file per family; this one routes.

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

mod claims;
mod form;
mod guide;
mod importing;
mod pages;
mod photos;
mod shared;
mod widget;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/acteurs", post(form::create))
        .route("/acteurs/nouveau", get(form::new_page))
        .route("/acteurs/{slug}", get(pages::profile))
        .route(
            "/acteurs/{slug}/modifier",
            get(form::edit_page).post(form::edit),
        )
        .route("/acteurs/{slug}/supprimer", post(form::delete))
        .route("/acteurs/{slug}/revendiquer", post(claims::claim))
        .route("/acteurs/{slug}/quitter", post(claims::leave))
        .route(
            "/acteurs/{slug}/photos",
            get(photos::page)
                .post(photos::add)
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::media::MAX_PHOTO_BYTES + 64 * 1024,
                )),
        )
        .route(
            "/acteurs/{slug}/photos/{pid}/supprimer",
            post(photos::delete),
        )
        .route("/acteurs/revendications", get(claims::queue))
        .route("/acteurs/revendications/{id}", post(claims::decide))
        .route("/admin/competences", get(claims::skills))
        .route("/admin/competences/fusionner", post(claims::merge))
        .route("/lieux/{slug}/vitrine", get(pages::place_showcase))
        .route("/reseaux/{slug}/vitrine", get(pages::network_showcase))
        .route("/lieux/{slug}/vitrine/integrer", get(widget::place_widget))
        .route(
            "/reseaux/{slug}/vitrine/integrer",
            get(widget::network_widget),
        )
        .route(
            "/lieux/{slug}/vitrine/importer",
            get(importing::place_form).post(importing::place_upload),
        )
        .route(
            "/reseaux/{slug}/vitrine/importer",
            get(importing::network_form).post(importing::network_upload),
        )
        .route("/lieux/{slug}/guide", get(guide::place_guide))
        .route("/reseaux/{slug}/guide", get(guide::network_guide))
}
