//! Projects in the API, one file per sub-feature: projects, phases and the networks' phase
//! templates, the canvas, the funding plan, holders, stakeholders, the timeline, the public
//! page with its workshops, and the advisors' dashboard. Every handler parses its body, calls
//! `projects::service` and answers JSON (shapes shared by several files are in
//! `projects::dto`); `shared` finds the project of a path for the caller.

pub mod canvas;
pub mod dashboard;
pub mod funding;
pub mod members;
pub mod phases;
pub mod projects;
pub mod public;
pub mod shared;
pub mod stakeholders;
pub mod timeline;

use crate::state::AppState;

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, patch, post};
    axum::Router::new()
        .route(
            "/api/v1/projects",
            get(projects::list_projects).post(projects::create_project),
        )
        .route(
            "/api/v1/projects/{id}",
            get(projects::get_project)
                .put(projects::api_update)
                .patch(projects::api_patch),
        )
        .route(
            "/api/v1/projects/{id}/phases/{phase_id}",
            patch(phases::update_phase).delete(phases::api_phase_delete),
        )
        .route(
            "/api/v1/projects/{id}/canvas",
            get(canvas::get_canvas)
                .put(canvas::put_canvas)
                .patch(canvas::patch_canvas),
        )
        .route(
            "/api/v1/projects/{id}/canvas/versions",
            get(canvas::canvas_versions),
        )
        .route(
            "/api/v1/projects/{id}/funding-applications",
            get(funding::list_funding).post(funding::create_funding),
        )
        .route(
            "/api/v1/funding-applications/{id}",
            get(funding::get_funding)
                .put(funding::update_funding)
                .patch(funding::patch_funding)
                .delete(funding::delete_funding),
        )
        .route(
            "/api/v1/projects/{id}/budget-lines",
            post(funding::create_budget_line),
        )
        .route(
            "/api/v1/projects/{id}/public",
            get(public::get_public)
                .put(public::put_public)
                .patch(public::patch_public),
        )
        .route("/api/v1/projects/{id}/events", post(public::post_event))
        .route(
            "/api/v1/projects/{id}/network",
            post(projects::network_decision),
        )
        .route("/api/v1/projects/dashboard", get(dashboard::dashboard_json))
        .merge(workspace_routes())
}

fn workspace_routes() -> axum::Router<AppState> {
    use axum::routing::{delete, get};
    axum::Router::new()
        .route(
            "/api/v1/projects/{id}/stakeholders",
            get(stakeholders::api_list).post(stakeholders::api_create),
        )
        .route(
            "/api/v1/stakeholders/{id}",
            get(stakeholders::api_get)
                .put(stakeholders::api_update)
                .patch(stakeholders::api_patch)
                .delete(stakeholders::api_delete),
        )
        .route(
            "/api/v1/projects/{id}/timeline",
            get(timeline::api_timeline),
        )
        .route(
            "/api/v1/projects/{id}/members",
            get(members::api_list).post(members::api_add),
        )
        .route(
            "/api/v1/projects/{id}/members/{user_id}",
            delete(members::api_remove),
        )
        .route(
            "/api/v1/projects/{id}/phases",
            axum::routing::post(phases::api_phase_create),
        )
        .route(
            "/api/v1/networks/{id}/phase-template",
            get(phases::api_template_get).put(phases::api_template_put),
        )
        .route(
            "/api/v1/budget-lines/{id}",
            get(funding::api_budget_get)
                .put(funding::api_budget_update)
                .patch(funding::api_budget_patch)
                .delete(funding::api_budget_delete),
        )
        .route(
            "/api/v1/funding-applications/{id}/documents",
            get(funding::api_documents).post(funding::api_attach),
        )
        .route(
            "/api/v1/funding-applications/{id}/documents/{document_id}",
            delete(funding::api_detach),
        )
}
