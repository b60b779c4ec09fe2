//! Action items in the API: creation, a group's, mine, their update.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::common::*;
use crate::auth::api_user;
use crate::auth::policy::{authorize, Action};
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult, AppError, FieldErrors};
use crate::form::{ApiPath, Json as JsonIn};
use crate::groups::model::{self, ActionItemStatus};
use crate::groups::repo;
use crate::groups::service::{self};
use crate::ids::{GroupId, MeetingId, UserId};
use crate::state::AppState;

#[derive(Deserialize, ToSchema)]
pub struct CreateAction {
    /// 1 to 2 000 characters.
    pub title: String,
    #[serde(default)]
    pub owner_id: Option<UserId>,
    /// `YYYY-MM-DD`; the owner gets a reminder the day before at 8:00.
    #[serde(default)]
    pub due_on: Option<String>,
    #[serde(default)]
    pub meeting_id: Option<MeetingId>,
}

/// Adds an action item ("prochaine étape") to a group.
#[utoipa::path(
    post, path = "/api/v1/groups/{id}/actions", tag = "groupes",
    params(("id" = i64, Path, description = "Identifiant du groupe")),
    request_body = CreateAction,
    responses(
        (status = 201, description = "Action créée", body = ActionOut),
        (status = 403, description = "Réservé aux responsables du groupe", body = E),
        (status = 404, description = "Inconnu", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn create_action(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<GroupId>,
    JsonIn(b): JsonIn<CreateAction>,
) -> ApiResult<(StatusCode, Json<ActionOut>)> {
    let (g, _) = managed_group(&state, &ctx, id).await?;
    let mut errors = FieldErrors::default();
    let title = model::parse_line(&b.title, "title", &mut errors);
    let due = b
        .due_on
        .as_deref()
        .and_then(|d| crate::form::parse::parse_date(d, "due_on", &mut errors));
    if let Some(o) = b.owner_id {
        if crate::accounts::repo::user_by_id(&state.db, o)
            .await?
            .is_none()
        {
            errors.add("owner_id", "groups-unknown-user");
        }
    }
    if let Some(mid) = b.meeting_id {
        if !matches!(repo::meeting_by_id(&state.db, mid).await?, Some(m) if m.group_id == g.id) {
            errors.add("meeting_id", "groups-unknown-parent");
        }
    }
    let (Some(title), true) = (title, errors.is_empty()) else {
        return Err(ApiError(AppError::Invalid(errors), ctx.lang));
    };
    let a = service::create_action(&state, &g, &title, b.owner_id, due.as_deref(), b.meeting_id)
        .await?;
    Ok((StatusCode::CREATED, Json(action_out(a))))
}

/// Action items of a group (members and managers).
#[utoipa::path(
    get, path = "/api/v1/groups/{id}/actions", tag = "groupes",
    params(("id" = i64, Path, description = "Identifiant du groupe")),
    responses(
        (status = 200, description = "Actions", body = [ActionOut]),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn list_actions(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<GroupId>,
) -> ApiResult<Json<Vec<ActionOut>>> {
    let p = api_user(&ctx)?;
    let (g, t) = visible_group(&state, &ctx, id).await?;
    authorize(Some(p), Action::ReadGroup, &t)?;
    Ok(Json(
        repo::actions(&state.db, Some(g.id), None, None)
            .await?
            .into_iter()
            .map(action_out)
            .collect(),
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct MyActionsQuery {
    /// Action items answered, open ones first by due date: 100 by default, at most 500.
    #[serde(default)]
    pub limit: Option<i64>,
    /// Action items skipped before the first answered (default 0).
    #[serde(default)]
    pub offset: Option<i64>,
    /// Instead of `offset`: the page of `limit` items to answer, the first is 1.
    #[serde(default)]
    pub page: Option<i64>,
}

/// My action items, across groups ("mes actions"), open ones first by due date, one window at
/// a time; `x-total-count` gives their number.
#[utoipa::path(
    get, path = "/api/v1/me/actions", tag = "groupes",
    params(MyActionsQuery),
    responses(
        (status = 200, description = "Mes actions", body = [ActionOut],
            headers(("x-total-count" = i64, description = "Nombre de mes actions"))),
        (status = 401, description = "Non authentifié", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn my_actions(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<MyActionsQuery>,
) -> ApiResult<([(&'static str, String); 1], Json<Vec<ActionOut>>)> {
    let p = api_user(&ctx)?;
    let (limit, offset) = window(q.limit, q.offset, q.page);
    let (rows, total) = repo::my_actions_page(&state.db, p.user.id, limit, offset).await?;
    Ok((
        [(TOTAL_HEADER, total.to_string())],
        Json(rows.into_iter().map(action_out).collect()),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct UpdateAction {
    #[serde(default)]
    pub status: Option<ActionItemStatus>,
    #[serde(default)]
    pub owner_id: Option<UserId>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub due_on: Option<String>,
}

/// Updates an action item: its owner may change the status; managers anything.
#[utoipa::path(
    patch, path = "/api/v1/actions/{id}", tag = "groupes",
    params(("id" = i64, Path, description = "Identifiant de l'action")),
    request_body = UpdateAction,
    responses(
        (status = 200, description = "Action modifiée", body = ActionOut),
        (status = 403, description = "Ni responsable ni porteur de l'action", body = E),
        (status = 404, description = "Inconnue", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn update_action(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<UpdateAction>,
) -> ApiResult<Json<ActionOut>> {
    let p = api_user(&ctx)?;
    let a = repo::action_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (g, t) = visible_group(&state, &ctx, a.group_id).await?;
    let manager = service::may_manage(Some(p), &t);
    let owner = a.owner_id == Some(p.user.id);
    if !manager && !owner {
        return Err(AppError::Forbidden.into());
    }
    if !manager && (b.owner_id.is_some() || b.due_on.is_some()) {
        return Err(AppError::Forbidden.into());
    }
    let mut errors = FieldErrors::default();
    let status = b.status.unwrap_or(a.status);
    let due = match b.due_on.as_deref() {
        Some(d) => crate::form::parse::parse_date(d, "due_on", &mut errors),
        None => a.due_on.clone(),
    };
    let owner_id = b.owner_id.or(a.owner_id);
    if let Some(o) = b.owner_id {
        if crate::accounts::repo::user_by_id(&state.db, o)
            .await?
            .is_none()
        {
            errors.add("owner_id", "groups-unknown-user");
        }
    }
    if !errors.is_empty() {
        return Err(ApiError(AppError::Invalid(errors), ctx.lang));
    }
    let a = service::update_action(&state, &g, &a, status, owner_id, due.as_deref()).await?;
    Ok(Json(action_out(a)))
}
