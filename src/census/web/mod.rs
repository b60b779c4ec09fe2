//! The census's pages: a manager's census forms (`sheet`), the network's census for its
//! animators (`admin`), and the observatory with its open-data exports (`observatory`).

mod admin;
mod observatory;
mod observatory_pdf;
mod report;
mod sheet;
mod view;

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/recensement", get(sheet::mine))
        .route(
            "/recensement/{id}/lieux/{place}",
            get(sheet::sheet).post(sheet::save),
        )
        .route("/reseaux/{slug}/recensement", get(admin::admin))
        .route(
            "/reseaux/{slug}/recensement/questionnaires",
            post(admin::create_questionnaire),
        )
        .route(
            "/reseaux/{slug}/recensement/questionnaires/{id}",
            get(admin::questionnaire),
        )
        .route(
            "/reseaux/{slug}/recensement/questionnaires/{id}/questions",
            post(admin::add_question),
        )
        .route(
            "/reseaux/{slug}/recensement/questionnaires/{id}/questions/{key}/supprimer",
            post(admin::remove_question),
        )
        .route(
            "/reseaux/{slug}/recensement/campagnes",
            post(admin::create_campaign),
        )
        .route(
            "/reseaux/{slug}/recensement/campagnes/{id}",
            get(admin::progress),
        )
        .route(
            "/reseaux/{slug}/recensement/campagnes/{id}/relancer",
            post(admin::remind),
        )
        .route(
            "/reseaux/{slug}/recensement/campagnes/{id}/publication",
            post(admin::publish),
        )
        .route(
            "/reseaux/{slug}/recensement/campagnes/{id}/lieux/{place}/rouvrir",
            post(admin::reopen),
        )
        .route(
            "/reseaux/{slug}/recensement/campagnes/{id}/reponses.csv",
            get(observatory::answers_csv),
        )
        .route("/reseaux/{slug}/rapport", get(report::page))
        .route("/reseaux/{slug}/rapport.csv", get(report::csv))
        .route("/reseaux/{slug}/rapport.pdf", get(report::pdf))
        .route("/reseaux/{slug}/observatoire", get(observatory::public))
        .route(
            "/reseaux/{slug}/observatoire/interne",
            get(observatory::board),
        )
        .route(
            "/reseaux/{slug}/observatoire.pdf",
            get(observatory::public_pdf),
        )
        .route(
            "/reseaux/{slug}/observatoire/interne.pdf",
            get(observatory::board_pdf),
        )
        .route(
            "/reseaux/{slug}/observatoire/campagnes/{id}/chiffres.csv",
            get(observatory::figures_csv),
        )
        .route(
            "/reseaux/{slug}/observatoire/campagnes/{id}/chiffres.json",
            get(observatory::figures_json),
        )
        .route(
            "/reseaux/{slug}/observatoire/campagnes/{id}/schema.json",
            get(observatory::figures_schema),
        )
}
