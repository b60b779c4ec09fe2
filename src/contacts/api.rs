//! Contact in the API: `POST /api/v1/actors/{id}/contact` opens a thread (202: the recipient is
//! told by email, without the sender's address); `GET /api/v1/threads`, `GET
//! /api/v1/threads/{id}`, `POST /api/v1/threads/{id}/messages`, `PUT …/share`, `PUT …/block`,
//! `POST …/report`. The rules are the pages' (one service).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::model::{Message, Side};
use super::service;
use crate::auth::{api_user, Ctx};
use crate::error::{ApiError, ApiResult};
use crate::form::{ApiPath, Json as JsonIn};
use crate::ids::{ActorId, PostId};
use crate::state::AppState;

type E = crate::error::ApiErrorBody;

#[derive(Deserialize, ToSchema)]
pub struct MessageIn {
    /// 1 to 5 000 characters.
    pub message: String,
}

#[derive(Serialize, ToSchema)]
pub struct ThreadCreated {
    pub thread_id: i64,
}

/// Writes to the person behind an actor profile (a person's own profile, or an organisation's
/// once claimed). Opens a thread, or continues the one the caller already has about it.
#[utoipa::path(
    post, path = "/api/v1/actors/{id}/contact", tag = "acteurs", operation_id = "contact_actor",
    params(("id" = i64, Path, description = "Identifiant de l'acteur")),
    request_body = MessageIn,
    responses(
        (status = 202, description = "Message envoyé ; le destinataire est prévenu par e-mail sans votre adresse", body = ThreadCreated),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Cette personne ne reçoit pas vos messages", body = E),
        (status = 404, description = "Acteur inconnu", body = E),
        (status = 409, description = "Personne ne reçoit encore les messages de ce profil", body = E),
        (status = 422, description = "Message vide ou trop long", body = E),
        (status = 429, description = "Trop de conversations ouvertes ou de messages écrits", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn contact_actor(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<ActorId>,
    JsonIn(b): JsonIn<MessageIn>,
) -> ApiResult<(StatusCode, Json<ThreadCreated>)> {
    let who = api_user(&ctx)?;
    let a = crate::actors::service::by_id(&state, id)
        .await?
        .ok_or(ApiError(crate::error::AppError::NotFound, ctx.lang))?;
    let thread_id = service::write_to_actor(&state, who, &a, &b.message)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::ACCEPTED, Json(ThreadCreated { thread_id })))
}

/// Answers a post (annonce): writes to its author, who is told by email without the
/// caller's address. Opens a thread, or continues the one the caller already has about it.
#[utoipa::path(
    post, path = "/api/v1/posts/{id}/contact", tag = "annonces", operation_id = "contact_post",
    params(("id" = i64, Path, description = "Identifiant de l'annonce")),
    request_body = MessageIn,
    responses(
        (status = 202, description = "Message envoyé ; l'auteur est prévenu par e-mail sans votre adresse", body = ThreadCreated),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Cette personne ne reçoit pas vos messages", body = E),
        (status = 404, description = "Annonce inconnue ou invisible pour vous", body = E),
        (status = 422, description = "Message vide ou trop long, ou votre propre annonce", body = E),
        (status = 429, description = "Trop de conversations ouvertes ou de messages écrits", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn contact_post(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PostId>,
    JsonIn(b): JsonIn<MessageIn>,
) -> ApiResult<(StatusCode, Json<ThreadCreated>)> {
    let who = api_user(&ctx)?;
    let thread_id = service::write_to_post(&state, who, id, &b.message)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::ACCEPTED, Json(ThreadCreated { thread_id })))
}

/// A thread as its list shows it.
#[derive(Serialize, ToSchema)]
pub struct ThreadOut {
    pub id: i64,
    pub subject: String,
    /// The actor profile it is about, if any.
    pub actor_id: Option<ActorId>,
    /// The post it answers, if any.
    pub post_id: Option<PostId>,
    /// The other person's display name.
    pub with: String,
    /// `true` when the caller wrote first.
    pub started_by_me: bool,
    pub unread: bool,
    pub last_message_at: String,
}

fn thread_out(t: &super::model::Thread, side: Side) -> ThreadOut {
    ThreadOut {
        id: t.id,
        subject: t.subject.clone(),
        actor_id: t.actor_id,
        post_id: t.post_id,
        with: t.other(side).1.to_string(),
        started_by_me: side == Side::Sender,
        unread: t.unread(side),
        last_message_at: crate::clock::rfc3339(t.last_message_at),
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// From 1 (30 threads a page).
    #[param(value_type = Option<i64>)]
    pub page: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ThreadList {
    pub items: Vec<ThreadOut>,
    pub total: i64,
    pub page: i64,
}

/// The caller's threads, the latest first.
#[utoipa::path(
    get, path = "/api/v1/threads", tag = "acteurs", operation_id = "list_threads",
    params(PageQuery),
    responses(
        (status = 200, description = "Une page de conversations", body = ThreadList),
        (status = 401, description = "Non authentifié", body = E),
        (status = 422, description = "Page invalide", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn list_threads(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::form::Query(q): crate::form::Query<PageQuery>,
) -> ApiResult<Json<ThreadList>> {
    let who = api_user(&ctx)?;
    let (page, _) = crate::form::parse::page_window(q.page.as_deref(), None)
        .map_err(|e| ApiError(e, ctx.lang))?;
    let (rows, total) = service::inbox(&state, who, page).await?;
    let items = rows
        .iter()
        .filter_map(|t| t.side_of(who.user.id).map(|s| thread_out(t, s)))
        .collect();
    Ok(Json(ThreadList { items, total, page }))
}

/// A thread with its messages.
#[derive(Serialize, ToSchema)]
pub struct ThreadDetail {
    #[serde(flatten)]
    pub thread: ThreadOut,
    /// The other person's email address, only when they chose to share it in this thread.
    pub their_email: Option<String>,
    /// Whether the caller shares their own address here.
    pub i_share: bool,
    /// Whether the caller blocked the other person.
    pub blocked: bool,
    pub messages: Vec<Message>,
}

/// One of the caller's threads (read now).
#[utoipa::path(
    get, path = "/api/v1/threads/{id}", tag = "acteurs", operation_id = "get_thread",
    params(("id" = i64, Path, description = "Identifiant de la conversation")),
    responses(
        (status = 200, description = "La conversation", body = ThreadDetail),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnue, ou pas la vôtre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn get_thread(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<ThreadDetail>> {
    let who = api_user(&ctx)?;
    let v = service::view(&state, who, id).await?;
    // A moderator reads a reported thread on its page, not here.
    let side = v
        .side
        .ok_or(ApiError(crate::error::AppError::NotFound, ctx.lang))?;
    Ok(Json(ThreadDetail {
        thread: thread_out(&v.thread, side),
        their_email: v.other_email,
        i_share: v.thread.shares(side),
        blocked: v.blocked,
        messages: v.messages,
    }))
}

/// Answers in a thread.
#[utoipa::path(
    post, path = "/api/v1/threads/{id}/messages", tag = "acteurs", operation_id = "reply_thread",
    params(("id" = i64, Path, description = "Identifiant de la conversation")),
    request_body = MessageIn,
    responses(
        (status = 202, description = "Message envoyé", body = ThreadCreated),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Cette personne ne reçoit pas vos messages", body = E),
        (status = 404, description = "Inconnue, ou pas la vôtre", body = E),
        (status = 422, description = "Message vide ou trop long", body = E),
        (status = 429, description = "Trop de messages écrits", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn reply_thread(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<MessageIn>,
) -> ApiResult<(StatusCode, Json<ThreadCreated>)> {
    let who = api_user(&ctx)?;
    service::reply(&state, who, id, &b.message)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::ACCEPTED, Json(ThreadCreated { thread_id: id })))
}

#[derive(Deserialize, ToSchema)]
pub struct ShareIn {
    /// Show (`true`) or hide your email address to the other person of this thread.
    pub share: bool,
}

/// Shares (or hides again) the caller's email address with the other person of the thread.
#[utoipa::path(
    put, path = "/api/v1/threads/{id}/share", tag = "acteurs", operation_id = "share_thread",
    params(("id" = i64, Path, description = "Identifiant de la conversation")),
    request_body = ShareIn,
    responses(
        (status = 204, description = "Fait"),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnue, ou pas la vôtre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn share_thread(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<ShareIn>,
) -> ApiResult<StatusCode> {
    let who = api_user(&ctx)?;
    service::share(&state, who, id, b.share).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct BlockIn {
    /// Block (`true`) or unblock the other person of this thread.
    pub block: bool,
}

/// Blocks (or unblocks) the other person of the thread: they can no longer write to the
/// caller.
#[utoipa::path(
    put, path = "/api/v1/threads/{id}/block", tag = "acteurs", operation_id = "block_thread",
    params(("id" = i64, Path, description = "Identifiant de la conversation")),
    request_body = BlockIn,
    responses(
        (status = 204, description = "Fait"),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnue, ou pas la vôtre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn block_thread(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<BlockIn>,
) -> ApiResult<StatusCode> {
    let who = api_user(&ctx)?;
    service::block(&state, who, id, b.block).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct ReportIn {
    /// Why (1 to 2 000 characters).
    pub reason: String,
}

/// Reports the thread to the moderators of its profile (once per person).
#[utoipa::path(
    post, path = "/api/v1/threads/{id}/report", tag = "acteurs", operation_id = "report_thread",
    params(("id" = i64, Path, description = "Identifiant de la conversation")),
    request_body = ReportIn,
    responses(
        (status = 202, description = "Signalement transmis", body = ThreadCreated),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnue, ou pas la vôtre", body = E),
        (status = 409, description = "Déjà signalée par vous", body = E),
        (status = 422, description = "Raison vide ou trop longue", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn report_thread(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<ReportIn>,
) -> ApiResult<(StatusCode, Json<ThreadCreated>)> {
    let who = api_user(&ctx)?;
    service::report(&state, who, id, &b.reason)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::ACCEPTED, Json(ThreadCreated { thread_id: id })))
}

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/api/v1/actors/{id}/contact", post(contact_actor))
        .route("/api/v1/posts/{id}/contact", post(contact_post))
        .route("/api/v1/threads", get(list_threads))
        .route("/api/v1/threads/{id}", get(get_thread))
        .route("/api/v1/threads/{id}/messages", post(reply_thread))
        .route("/api/v1/threads/{id}/share", put(share_thread))
        .route("/api/v1/threads/{id}/block", put(block_thread))
        .route("/api/v1/threads/{id}/report", post(report_thread))
}
