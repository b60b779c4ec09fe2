//! Newsletter issues in the API: `POST /api/v1/lists/{id}/issues` (subject and blocks, each
//! with its `type`), `POST /api/v1/issues/{id}/send` (now or at `send_at`),
//! `GET /api/v1/issues/{id}` with its delivery figures. Only those who run the list see its
//! issues (404 for others).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use super::model::{Block, Figures, IssueInput, IssueStatus, SendInput};
use super::service;
use crate::auth::{api_user, Ctx};
use crate::error::{ApiError, ApiResult, AppError, FieldErrors};
use crate::form::{ApiPath, Json as JsonIn};
use crate::ids::{IssueId, NewsListId};
use crate::state::AppState;

type E = crate::error::ApiErrorBody;

/// The `201` answer of `POST /api/v1/lists/{id}/issues`.
#[derive(Serialize, ToSchema)]
pub struct IssueCreated {
    pub id: IssueId,
    pub status: IssueStatus,
}

/// An issue, with its delivery figures.
#[derive(Serialize, ToSchema)]
pub struct IssueOut {
    pub id: IssueId,
    pub list_id: NewsListId,
    pub subject: String,
    pub blocks: Vec<Block>,
    pub status: IssueStatus,
    /// RFC 3339: when it is (or was) sent.
    pub send_at: Option<String>,
    /// RFC 3339: when its last delivery was done.
    pub sent_at: Option<String>,
    /// Its public page (once its sending started).
    pub url: Option<String>,
    pub figures: Figures,
}

/// Composes a draft issue of a list (those who run the list: its network's animators, its
/// place's managers). The blocks filled from the data (`events`, `news`, `places`,
/// `projects`, `trainings`, `jobs`) are read when the issue is built: at each preview, and once for
/// all when its sending starts.
#[utoipa::path(
    post, path = "/api/v1/lists/{id}/issues", tag = "actualites", operation_id = "create_issue",
    params(("id" = i64, Path, description = "Identifiant de la liste")),
    request_body = IssueInput,
    responses(
        (status = 201, description = "Numéro créé (brouillon)", body = IssueCreated),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Liste inconnue ou que vous n'animez pas", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn create_issue(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<NewsListId>,
    JsonIn(b): JsonIn<IssueInput>,
) -> ApiResult<(StatusCode, Json<IssueCreated>)> {
    let who = api_user(&ctx)?;
    let issue = service::create(&state, who, id, &b.subject, b.blocks)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((
        StatusCode::CREATED,
        Json(IssueCreated {
            id: issue.id,
            status: issue.status,
        }),
    ))
}

/// Sends an issue to the list's confirmed subscribers, now or at `send_at` (a later call
/// moves the date). The sending runs in the job queue, throttled, one delivery per recipient.
#[utoipa::path(
    post, path = "/api/v1/issues/{id}/send", tag = "actualites", operation_id = "send_issue",
    params(("id" = i64, Path, description = "Identifiant du numéro")),
    request_body(content = SendInput, description = "Facultatif : la date d'envoi"),
    responses(
        (status = 202, description = "Envoi lancé ou programmé", body = IssueOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Numéro inconnu ou d'une liste que vous n'animez pas", body = E),
        (status = 409, description = "Déjà envoyé", body = E),
        (status = 422, description = "Date invalide", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn send_issue(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<IssueId>,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<IssueOut>)> {
    let who = api_user(&ctx)?;
    let err = |e| ApiError(e, ctx.lang);
    let b: SendInput = if body.iter().all(u8::is_ascii_whitespace) {
        SendInput::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|e| err(AppError::BadRequest(format!("JSON invalide : {e}"))))?
    };
    let send_at = match b.send_at.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => match chrono::DateTime::parse_from_rfc3339(raw) {
            Ok(t) => Some(t.timestamp_millis()),
            Err(_) => {
                return Err(err(AppError::Invalid(FieldErrors::one(
                    "send_at",
                    "letters-send-at-invalid",
                ))))
            }
        },
    };
    let issue = service::send(&state, who, id, send_at).await.map_err(err)?;
    let out = out(&state, issue).await.map_err(err)?;
    Ok((StatusCode::ACCEPTED, Json(out)))
}

async fn out(state: &AppState, i: super::model::Issue) -> crate::error::AppResult<IssueOut> {
    let figures = service::figures(state, &i).await?;
    Ok(IssueOut {
        url: i.built_at.map(|_| {
            format!(
                "{}{}",
                state.config.base_url.trim_end_matches('/'),
                i.path()
            )
        }),
        blocks: i.block_list(),
        send_at: i.send_at.map(crate::clock::rfc3339),
        sent_at: i.sent_at.map(crate::clock::rfc3339),
        id: i.id,
        list_id: i.list_id,
        subject: i.subject,
        status: i.status,
        figures,
    })
}

/// An issue with its delivery figures (sent, failed, skipped, pending, unsubscribed since).
#[utoipa::path(
    get, path = "/api/v1/issues/{id}", tag = "actualites", operation_id = "get_issue",
    params(("id" = i64, Path, description = "Identifiant du numéro")),
    responses(
        (status = 200, description = "Le numéro et ses chiffres d'envoi", body = IssueOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Numéro inconnu ou d'une liste que vous n'animez pas", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn get_issue(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<IssueId>,
) -> ApiResult<Json<IssueOut>> {
    let who = api_user(&ctx)?;
    let err = |e| ApiError(e, ctx.lang);
    let (issue, _) = service::writable(&state, who, id).await.map_err(err)?;
    Ok(Json(out(&state, issue).await.map_err(err)?))
}

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/api/v1/lists/{id}/issues", post(create_issue))
        .route("/api/v1/issues/{id}/send", post(send_issue))
        .route("/api/v1/issues/{id}", get(get_issue))
}
