//! `GET` and `PUT /api/v1/me/notifications`: the person's notification preferences.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use super::model::{Cadence, Kind};
use super::service;
use crate::auth::{api_user, Ctx};
use crate::error::{ApiError, ApiResult};
use crate::form::Json as JsonIn;
use crate::state::AppState;

type E = crate::error::ApiErrorBody;

/// How the person receives each kind of notification. Security and transactional emails
/// (account confirmation, password reset, receipts of what one just did) always go and are
/// not listed. `newsletters` is `immediate` (received) or `never`: a letter is never digested.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct NotificationPrefs {
    /// Registrations to events, bookings of spaces, service requests.
    pub registrations: Cadence,
    /// Group meetings, minutes, invitations and action reminders.
    pub groups: Cadence,
    /// Updates of projects.
    pub projects: Cadence,
    /// Matches of posts ("annonces") and reported posts to their moderators.
    pub matches: Cadence,
    /// Newsletters of the lists one subscribed to (`immediate` or `never`).
    pub newsletters: Cadence,
}

/// The kinds to change (the others keep their cadence). An unknown kind or cadence answers
/// 422 with the field named by the kind, and nothing is changed.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationPrefsIn {
    pub registrations: Option<Cadence>,
    pub groups: Option<Cadence>,
    pub projects: Option<Cadence>,
    pub matches: Option<Cadence>,
    pub newsletters: Option<Cadence>,
}

fn out(prefs: Vec<(Kind, Cadence)>) -> NotificationPrefs {
    let of = |k: Kind| {
        prefs
            .iter()
            .find(|(kind, _)| *kind == k)
            .map_or(Cadence::Immediate, |(_, c)| *c)
    };
    NotificationPrefs {
        registrations: of(Kind::Registrations),
        groups: of(Kind::Groups),
        projects: of(Kind::Projects),
        matches: of(Kind::Matches),
        newsletters: of(Kind::Newsletters),
    }
}

/// The person's notification preferences (`immediate` for every kind they never changed).
#[utoipa::path(
    get, path = "/api/v1/me/notifications", tag = "comptes", operation_id = "get_my_notifications",
    responses(
        (status = 200, description = "Les préférences de notification", body = NotificationPrefs),
        (status = 401, description = "Jeton absent, inconnu ou révoqué", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn get_prefs(
    State(state): State<AppState>,
    ctx: Ctx,
) -> ApiResult<Json<NotificationPrefs>> {
    let p = api_user(&ctx)?;
    let prefs = service::preferences(&state.db, p.user.id).await?;
    Ok(Json(out(prefs)))
}

/// Changes some of the person's notification preferences: an object kind → cadence
/// (`immediate`, `daily`, `weekly`, `never`). Choosing `never` also drops the items of that
/// kind waiting for a digest.
#[utoipa::path(
    put, path = "/api/v1/me/notifications", tag = "comptes", operation_id = "put_my_notifications",
    request_body = NotificationPrefsIn,
    responses(
        (status = 200, description = "Les préférences après le changement", body = NotificationPrefs),
        (status = 400, description = "Corps illisible", body = E),
        (status = 401, description = "Jeton absent, inconnu ou révoqué", body = E),
        (status = 422, description = "Type ou rythme inconnu (rien n'est changé)", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn put_prefs(
    State(state): State<AppState>,
    ctx: Ctx,
    JsonIn(body): JsonIn<Map<String, Value>>,
) -> ApiResult<Json<NotificationPrefs>> {
    let p = api_user(&ctx)?;
    let changes: Vec<(String, String)> = body
        .into_iter()
        .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_string()))
        .collect();
    let prefs = service::set_preferences(&state, p.user.id, &changes)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(out(prefs)))
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/me/notifications", get(get_prefs).put(put_prefs))
}
