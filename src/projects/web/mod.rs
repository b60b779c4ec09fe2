//! Pages of projects, one file per sub-feature: the list and the creation form, a project's
//! public page, the Social Business Canvas, the funding plan, the workspace (phases, holders,
//! stakeholders, timeline, groups) and the advisors' dashboard. Every page parses its form,
//! calls `projects::service` and renders; `shared` holds what several pages use.

pub mod canvas;
pub mod dashboard;
pub mod funding;
pub mod list;
pub mod members;
pub mod phases;
pub mod public;
pub mod shared;
pub mod stakeholders;
pub mod timeline;
pub mod workspace;

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/projets", get(list::list_page).post(list::create))
        .route("/projets/nouveau", get(list::new_page))
        .route("/projets/{slug}", get(public::project_page))
        .route(
            "/projets/{slug}/page-publique",
            get(public::edit_page).post(public::save_page),
        )
        .route(
            "/projets/{slug}/ateliers",
            get(public::new_workshop_page).post(public::create_workshop_page),
        )
        .route("/projets/suivi", get(dashboard::dashboard_page))
        .route(
            "/projets/{slug}/suivi-reseau",
            post(dashboard::network_decision),
        )
        .route(
            "/projets/{slug}/canevas",
            get(canvas::canvas_page).post(canvas::save_canvas),
        )
        .route(
            "/projets/{slug}/canevas/versions",
            get(canvas::versions_page),
        )
        .route("/projets/{slug}/canevas/imprimer", get(canvas::print_page))
        .route("/projets/{slug}/financement", get(funding::funding_page))
        .route(
            "/projets/{slug}/financement/dossiers",
            post(funding::add_funding),
        )
        .route(
            "/projets/{slug}/financement/budget",
            post(funding::add_budget),
        )
        .merge(workspace_routes())
}

/// The workspace pages (holders and advisors): workspace, stakeholders, timeline, holders and
/// the project's description, invitations.
fn workspace_routes() -> Router<AppState> {
    Router::new()
        .route("/projets/{slug}/espace", get(workspace::workspace_page))
        .route(
            "/projets/{slug}/espace/groupes",
            post(workspace::create_group),
        )
        .route(
            "/projets/{slug}/parties-prenantes",
            get(stakeholders::list_page).post(stakeholders::create_form),
        )
        .route(
            "/projets/{slug}/parties-prenantes.csv",
            get(stakeholders::csv_export),
        )
        .route(
            "/projets/{slug}/parties-prenantes/{id}",
            get(stakeholders::edit_page).post(stakeholders::update_form),
        )
        .route(
            "/projets/{slug}/parties-prenantes/{id}/supprimer",
            post(stakeholders::delete_form),
        )
        .route("/projets/{slug}/chronologie", get(timeline::timeline_page))
        .route(
            "/projets/{slug}/phases",
            get(phases::phases_page).post(phases::phase_add),
        )
        .route("/projets/{slug}/phases/{id}", post(phases::phase_update))
        .route(
            "/projets/{slug}/phases/{id}/supprimer",
            post(phases::phase_delete),
        )
        .route(
            "/reseaux/{slug}/modele-de-phases",
            get(phases::template_page).post(phases::template_save),
        )
        .route(
            "/projets/{slug}/financement/dossiers/{id}",
            get(funding::application_page).post(funding::application_update),
        )
        .route(
            "/projets/{slug}/financement/dossiers/{id}/supprimer",
            post(funding::application_delete),
        )
        .route(
            "/projets/{slug}/financement/dossiers/{id}/pieces",
            post(funding::attach_form),
        )
        .route(
            "/projets/{slug}/financement/dossiers/{id}/pieces/{doc}/retirer",
            post(funding::detach_form),
        )
        .route(
            "/projets/{slug}/financement/budget/{id}",
            get(funding::budget_page).post(funding::budget_update),
        )
        .route(
            "/projets/{slug}/financement/budget/{id}/supprimer",
            post(funding::budget_delete),
        )
        .route(
            "/projets/{slug}/membres",
            get(members::members_page).post(members::add_form),
        )
        .route(
            "/projets/{slug}/membres/{user_id}/retirer",
            post(members::remove_form),
        )
        .route("/projets/{slug}/modifier", post(members::edit_form))
        .route(
            "/projets/invitation/{token}",
            get(members::invitation_page).post(members::invitation_accept),
        )
}
