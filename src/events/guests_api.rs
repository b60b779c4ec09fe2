//! `POST /api/v1/events/{id}/guest-registrations`: registering to an event open to the public
//! without an account (the API side of `web::guests`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::service;
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::form::{ApiPath, Json as JsonIn};
use crate::ids::EventId;
use crate::state::AppState;

/// A guest registration: who registers, and to which date.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GuestRegistrationIn {
    /// The name the organizer sees (1 to 100 characters).
    pub name: String,
    /// Where the confirmation link is sent; never shown publicly.
    pub email: String,
    /// The occurrence (date) to register to; the next one when absent.
    #[serde(default)]
    pub occurrence_id: Option<i64>,
}

/// What became of a guest registration request: always `confirmation_sent`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GuestAnswer {
    ConfirmationSent,
}

/// The `202` answer: the confirmation link is on its way.
#[derive(Serialize, ToSchema)]
pub struct GuestRegistrationAccepted {
    /// `confirmation_sent`: the registration takes a seat only once the emailed link (valid
    /// 48 hours) confirms it.
    pub status: GuestAnswer,
    pub message: String,
}

/// Registers a guest (no account) to an event open to the public: published, without the
/// organizer's approval, not a training session. The address receives a link to confirm; the
/// seat is taken when it is followed, under the same capacity rule as the members'
/// registrations (a full date answers so on the confirmation page). Limited per client IP.
#[utoipa::path(
    post, path = "/api/v1/events/{id}/guest-registrations", tag = "agenda",
    params(("id" = i64, Path, description = "Identifiant de l'événement")),
    request_body = GuestRegistrationIn,
    responses(
        (status = 202, description = "Lien de confirmation envoyé", body = GuestRegistrationAccepted),
        (status = 404, description = "Événement inconnu", body = crate::error::ApiErrorBody),
        (status = 409, description = "Événement fermé aux invités, annulé ou passé", body = crate::error::ApiErrorBody),
        (status = 422, description = "Nom ou adresse invalide", body = crate::error::ApiErrorBody),
        (status = 429, description = "Trop d'inscriptions depuis cette adresse IP", body = crate::error::ApiErrorBody),
    )
)]
pub async fn register_guest(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<EventId>,
    JsonIn(b): JsonIn<GuestRegistrationIn>,
) -> ApiResult<(StatusCode, Json<GuestRegistrationAccepted>)> {
    let ev = service::visible_event(&state, ctx.user.as_ref(), id).await?;
    service::guests::register_guest(&state, &ctx, &ev, b.occurrence_id, &b.name, &b.email)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((
        StatusCode::ACCEPTED,
        Json(GuestRegistrationAccepted {
            status: GuestAnswer::ConfirmationSent,
            message: ctx.lang.t("guest-check-email-text"),
        }),
    ))
}
