//! Maillage: the free software of French tiers-lieux and their networks.
//!
//! The table of contents: each area lives in its own module (model, repo, service, web, api),
//! and [`build_router`] puts their routes behind the shared layers.

pub mod accounts;
pub mod actors;
pub mod api;
pub mod auth;
pub mod badges;
pub mod bookings;
pub mod cache;
pub mod census;
pub mod chart;
pub mod choice;
pub mod clock;
pub mod config;
pub mod contacts;
pub mod dates;
pub mod db;
pub mod demo;
pub mod documents;
pub mod employment;
pub mod error;
pub mod events;
pub mod fetch;
pub mod form;
pub mod groups;
pub mod home;
pub mod hours;
pub mod i18n;
pub mod ical;
pub mod ids;
pub mod jobs;
pub mod letters;
pub mod mail;
pub mod media;
pub mod money;
pub mod news;
pub mod notifications;
pub mod pdf;
pub mod places;
pub mod posts;
pub mod projects;
pub mod recurrence;
pub mod services;
pub mod space;
pub mod state;
pub mod tenancy;
pub mod text;
pub mod trainings;
pub mod web;

use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{middleware, Json, Router};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;

use crate::state::AppState;

/// Every route and layer of the application.
pub fn build_router(state: AppState) -> Router {
    let state = AppState {
        personal: std::sync::Arc::new(personal_data()),
        ..state
    };
    Router::new()
        .route("/", get(home::home))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/static/{*path}", get(web::assets::serve))
        .route("/apercu", post(web::preview::preview))
        .route("/favicon.ico", get(web::assets::favicon))
        .route("/manifest.webmanifest", get(web::assets::manifest))
        .merge(web::design::routes())
        .merge(accounts::web::routes())
        .merge(notifications::web::routes())
        .merge(home::routes())
        .merge(space::routes())
        .merge(tenancy::web::routes())
        .merge(events::web::routes())
        .merge(groups::web::routes())
        .merge(projects::web::routes())
        .merge(documents::web::routes())
        .merge(news::web::routes())
        .merge(bookings::web::routes())
        .merge(services::web::routes())
        .merge(places::web::routes())
        .merge(actors::web::routes())
        .merge(census::web::routes())
        .merge(trainings::web::routes())
        .merge(letters::web::routes())
        .merge(employment::web::routes())
        .merge(badges::web::routes())
        .merge(posts::web::routes())
        .merge(contacts::web::routes())
        .merge(media::routes())
        .merge(api::routes())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::csrf::layer,
        ))
        // No control character in a path (404) or a query string (422), on every route.
        .layer(middleware::from_fn(form::hygiene::layer))
        // A bug that panics answers a 500 (French page or JSON error, logged)
        // instead of dropping the connection; the errors layer renders it.
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::from_fn(web::errors::layer))
        .layer(middleware::from_fn(web::headers::layer))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::page_cache_writes,
        ))
        .layer(middleware::from_fn(web::metrics::layer))
        // SQL statements per request, when counting is on (tests, benchmarks).
        .layer(middleware::from_fn(web::sqlcount::scope))
        .layer(DefaultBodyLimit::max(1024 * 1024))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ))
        .with_state(state)
}

fn panic_response(err: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    let what = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("panic");
    error::AppError::Internal(anyhow::anyhow!("panic in a handler: {what}")).into_response()
}

/// `200 ok` when the database answers, `503` otherwise.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(serde_json::json!({"status": "ok", "database": "ok"})),
        ),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"status": "error", "database": "unreachable"})),
            )
        }
    }
}

/// Prometheus metrics; when `metrics_token` is configured, only with
/// `Authorization: Bearer <metrics_token>` (else 401).
async fn metrics(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    let expected = state.config.metrics_token.0.as_bytes();
    if !expected.is_empty() {
        use subtle::ConstantTimeEq;
        let given = auth::ctx::bearer(&headers).unwrap_or("").as_bytes();
        let ok = given.len() == expected.len() && bool::from(given.ct_eq(expected));
        if !ok {
            return (
                StatusCode::UNAUTHORIZED,
                [
                    (axum::http::header::WWW_AUTHENTICATE, "Bearer"),
                    (
                        axum::http::header::CONTENT_TYPE,
                        "text/plain; charset=utf-8",
                    ),
                ],
                "jeton requis pour /metrics\n",
            )
                .into_response();
        }
    }
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4",
        )],
        state.metrics.render(),
    )
        .into_response()
}

/// Every job kind of the application, each registered by the area that handles it.
pub fn job_registry(mailer: mail::Mailer) -> jobs::Registry {
    let mut registry = jobs::Registry::new();
    mail::register_jobs(&mut registry, mailer);
    notifications::service::register_jobs(&mut registry);
    events::service::register_jobs(&mut registry);
    groups::service::register_jobs(&mut registry);
    projects::service::register_jobs(&mut registry);
    census::service::register_jobs(&mut registry);
    letters::service::register_jobs(&mut registry);
    trainings::followup::register_jobs(&mut registry);
    badges::service::register_jobs(&mut registry);
    employment::service::register_jobs(&mut registry);
    registry
}

/// What each area holds about a person, for their data export (`/compte/export`): the
/// sections after the account's own.
pub fn personal_data() -> state::PersonalData {
    state::PersonalData {
        sections: vec![
            ("actors", actors::service::personal_data),
            ("posts", posts::service::personal_data),
            ("contacts", contacts::service::personal_data),
        ],
    }
}

/// Serves on `listener` until ctrl-c / SIGTERM; runs the job worker when configured.
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> anyhow::Result<()> {
    if state.config.run_jobs {
        match mail::Mailer::from_config(&state.config) {
            Ok(mailer) => {
                tokio::spawn(jobs::worker(state.clone(), job_registry(mailer)));
            }
            Err(e) => {
                tracing::error!(error = %e, "email transport could not be built; jobs will not run")
            }
        }
    }
    let app = build_router(state);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
