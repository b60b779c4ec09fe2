//! Pages of the actors: the showcases of a place and of a network, a profile (with its
//! schema.org JSON-LD), the creation and edit forms. One file per family; this one routes.

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

mod claims;
mod form;
mod pages;
mod shared;

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
        .route("/acteurs/revendications", get(claims::queue))
        .route("/acteurs/revendications/{id}", post(claims::decide))
        .route("/admin/competences", get(claims::skills))
        .route("/admin/competences/fusionner", post(claims::merge))
        .route("/lieux/{slug}/vitrine", get(pages::place_showcase))
        .route("/reseaux/{slug}/vitrine", get(pages::network_showcase))
}
