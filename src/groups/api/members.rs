//! Memberships in the API: list, add, approve or refuse, end, join.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::common::*;
use crate::auth::api_user;
use crate::auth::policy::{authorize, Action};
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult, AppError, FieldErrors};
use crate::form::{ApiPath, Json as JsonIn};
use crate::groups::model::{self, GroupMemberDecision, GroupRole, Membership};
use crate::groups::repo;
use crate::groups::service::{self};
use crate::ids::{GroupId, UserId};
use crate::state::AppState;

/// Memberships of a group, past ones included (members and managers only).
#[utoipa::path(
    get, path = "/api/v1/groups/{id}/members", tag = "groupes",
    params(("id" = i64, Path, description = "Identifiant du groupe")),
    responses(
        (status = 200, description = "Les adhésions", body = [MembershipOut]),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn list_members(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<GroupId>,
) -> ApiResult<Json<Vec<MembershipOut>>> {
    let p = api_user(&ctx)?;
    let (g, t) = visible_group(&state, &ctx, id).await?;
    authorize(Some(p), Action::ReadGroup, &t)?;
    let now = state.clock.now_ms();
    Ok(Json(
        repo::memberships(&state.db, g.id)
            .await?
            .into_iter()
            .map(|m| membership_out(m, now))
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct AddMember {
    /// The person, by account id or by email (any address: the answer does not say whether an
    /// account has it).
    #[serde(default)]
    pub user_id: Option<UserId>,
    #[serde(default)]
    pub email: Option<String>,
    /// Default `member`. An unknown role is named with the other wrong fields (read as text).
    #[serde(default)]
    #[schema(value_type = Option<GroupRole>)]
    pub role: Option<String>,
    /// RFC 3339; the mandate's start and end (optional).
    #[serde(default)]
    pub mandate_start: Option<String>,
    #[serde(default)]
    pub mandate_end: Option<String>,
}

/// What inviting by email answers, whether or not an account has the address.
#[derive(Serialize, ToSchema)]
pub struct InvitedOut {
    /// Always `invited`.
    pub result: String,
}

/// Invites a member with a role and mandate dates (group managers). Nobody becomes a member
/// without accepting: by `user_id`, 201 with the membership (status `invited`, not current)
/// the person accepts with `POST …/members/{membership_id}/accept`; by `email`, 202
/// `{"result": "invited"}` whether or not an account has the address (an email is sent
/// either way).
#[utoipa::path(
    post, path = "/api/v1/groups/{id}/members", tag = "groupes",
    params(("id" = i64, Path, description = "Identifiant du groupe")),
    request_body = AddMember,
    responses(
        (status = 201, description = "Invitation (par identifiant de compte)", body = MembershipOut),
        (status = 202, description = "Invitation envoyée (par adresse)", body = InvitedOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé aux responsables du groupe", body = E),
        (status = 404, description = "Inconnu", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn add_member(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<GroupId>,
    JsonIn(b): JsonIn<AddMember>,
) -> ApiResult<Response> {
    let (g, _) = managed_group(&state, &ctx, id).await?;
    let mut errors = FieldErrors::default();
    let role =
        crate::form::parse::parse_enum(b.role.as_deref().unwrap_or("member"), "role", &mut errors);
    let start = b
        .mandate_start
        .as_deref()
        .and_then(|s| model::parse_instant(s, "mandate_start", &mut errors));
    let end = b
        .mandate_end
        .as_deref()
        .and_then(|s| model::parse_instant(s, "mandate_end", &mut errors));
    let (person, field) = match (b.user_id, b.email.as_deref()) {
        (Some(uid), _) => (Some(service::MemberRef::Id(uid)), "user_id"),
        (None, Some(email)) => (Some(service::MemberRef::Email(email)), "email"),
        _ => (None, "user_id"),
    };
    let new = service::NewMember {
        role,
        person,
        person_field: field,
        mandate_start: start,
        mandate_end: end,
        errors,
    };
    let m = service::add_member(&state, &g, new)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(match m {
        Some(m) => (
            StatusCode::CREATED,
            Json(membership_out(m, state.clock.now_ms())),
        )
            .into_response(),
        None => (
            StatusCode::ACCEPTED,
            Json(InvitedOut {
                result: "invited".into(),
            }),
        )
            .into_response(),
    })
}

/// The invited person accepts an invitation to the group: the membership becomes active.
#[utoipa::path(
    post, path = "/api/v1/groups/{id}/members/{membership_id}/accept", tag = "groupes",
    operation_id = "accept_group_invitation",
    params(("id" = i64, Path, description = "Identifiant du groupe"),
           ("membership_id" = i64, Path, description = "Identifiant de l'adhésion")),
    responses(
        (status = 200, description = "Adhésion active", body = MembershipOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Pas une invitation à votre nom", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn accept_invitation(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, mid)): ApiPath<(GroupId, i64)>,
) -> ApiResult<Json<MembershipOut>> {
    answer(&state, &ctx, id, mid, true).await
}

/// The invited person declines an invitation to the group (the membership is refused).
#[utoipa::path(
    post, path = "/api/v1/groups/{id}/members/{membership_id}/decline", tag = "groupes",
    operation_id = "decline_group_invitation",
    params(("id" = i64, Path, description = "Identifiant du groupe"),
           ("membership_id" = i64, Path, description = "Identifiant de l'adhésion")),
    responses(
        (status = 200, description = "Invitation refusée", body = MembershipOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Pas une invitation à votre nom", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn decline_invitation(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, mid)): ApiPath<(GroupId, i64)>,
) -> ApiResult<Json<MembershipOut>> {
    answer(&state, &ctx, id, mid, false).await
}

async fn answer(
    state: &AppState,
    ctx: &Ctx,
    id: GroupId,
    mid: i64,
    accept: bool,
) -> ApiResult<Json<MembershipOut>> {
    let p = api_user(ctx)?;
    let m = membership_of(state, id, mid).await?;
    service::answer_invitation(state, p, m.id, accept)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    let m = repo::membership_by_id(&state.db, mid)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(membership_out(m, state.clock.now_ms())))
}

#[derive(Deserialize, ToSchema)]
pub struct UpdateMember {
    /// `active` (approve a request) or `refused`.
    #[serde(default)]
    pub status: Option<GroupMemberDecision>,
    /// RFC 3339: end the mandate at this instant.
    #[serde(default)]
    pub mandate_end: Option<String>,
}

async fn membership_of(
    state: &AppState,
    group_id: GroupId,
    mid: i64,
) -> Result<Membership, ApiError> {
    match repo::membership_by_id(&state.db, mid).await? {
        Some(m) if m.group_id == group_id => Ok(m),
        _ => Err(AppError::NotFound.into()),
    }
}

/// Approves or refuses a request to join, or ends a mandate (group managers).
#[utoipa::path(
    patch, path = "/api/v1/groups/{id}/members/{membership_id}", tag = "groupes",
    params(("id" = i64, Path, description = "Identifiant du groupe"),
           ("membership_id" = i64, Path, description = "Identifiant de l'adhésion")),
    request_body = UpdateMember,
    responses(
        (status = 200, description = "Adhésion modifiée", body = MembershipOut),
        (status = 403, description = "Réservé aux responsables du groupe", body = E),
        (status = 404, description = "Inconnue", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn update_member(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, mid)): ApiPath<(GroupId, i64)>,
    JsonIn(b): JsonIn<UpdateMember>,
) -> ApiResult<Json<MembershipOut>> {
    let (g, _) = managed_group(&state, &ctx, id).await?;
    let m = membership_of(&state, g.id, mid).await?;
    let mut errors = FieldErrors::default();
    let status = b.status;
    let end = b
        .mandate_end
        .as_deref()
        .and_then(|s| model::parse_instant(s, "mandate_end", &mut errors));
    errors.into_result().map_err(|e| ApiError(e, ctx.lang))?;
    service::update_member(&state, &m, status, end)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    let now = state.clock.now_ms();
    let m = repo::membership_by_id(&state.db, mid)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(membership_out(m, now)))
}

/// Ends a membership (kept in the history as `left`); managers, or the member themself.
#[utoipa::path(
    delete, path = "/api/v1/groups/{id}/members/{membership_id}", tag = "groupes",
    params(("id" = i64, Path, description = "Identifiant du groupe"),
           ("membership_id" = i64, Path, description = "Identifiant de l'adhésion")),
    responses(
        (status = 204, description = "Adhésion terminée"),
        (status = 403, description = "Réservé aux responsables du groupe", body = E),
        (status = 404, description = "Inconnue", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn remove_member(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, mid)): ApiPath<(GroupId, i64)>,
) -> ApiResult<StatusCode> {
    let p = api_user(&ctx)?;
    let (g, t) = visible_group(&state, &ctx, id).await?;
    let m = membership_of(&state, g.id, mid).await?;
    if m.user_id != p.user.id && !service::may_manage(Some(p), &t) {
        return Err(AppError::Forbidden.into());
    }
    service::remove_member(&state, &m).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Joins a group: at once when joining is open, as a request otherwise; invitation-only groups
/// answer 403.
#[utoipa::path(
    post, path = "/api/v1/groups/{id}/join", tag = "groupes", operation_id = "join_group",
    params(("id" = i64, Path, description = "Identifiant du groupe")),
    responses(
        (status = 201, description = "Adhésion (active ou demandée)", body = MembershipOut),
        (status = 403, description = "Sur invitation seulement", body = E),
        (status = 404, description = "Inconnu", body = E),
        (status = 409, description = "Déjà membre ou demande en cours", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn join(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<GroupId>,
) -> ApiResult<(StatusCode, Json<MembershipOut>)> {
    let p = api_user(&ctx)?;
    let (g, _) = visible_group(&state, &ctx, id).await?;
    let m = crate::groups::service::join(&state, &g, p.user.id).await?;
    Ok((
        StatusCode::CREATED,
        Json(membership_out(m, state.clock.now_ms())),
    ))
}
