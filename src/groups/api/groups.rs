//! Groups in the API: creation, list, one group, its recurring slot.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::common::*;
use crate::auth::api_user;
use crate::auth::Ctx;
use crate::clock::rfc3339;
use crate::error::{ApiError, ApiResult, AppError, FieldErrors};
use crate::form::{ApiPath, Json as JsonIn};
use crate::groups::model::{GroupJoining, GroupKind, GroupVisibility};
use crate::groups::repo;
use crate::groups::service::{self, GroupInput};
use crate::ids::{GroupId, NetworkId, PlaceId, ProjectId, SpaceId};
use crate::state::AppState;

/// A new group. A 422 names every wrong field at once, an unknown `kind`, `visibility` or
/// `joining` among them (these are read as text and checked with the others, not refused
/// alone by the JSON reader).
#[derive(Deserialize, ToSchema)]
pub struct CreateGroup {
    /// 1 to 200 characters.
    pub name: String,
    /// `board` (conseil d'administration, bureau), `commission`, `working_group`, `club`,
    /// `holders` (groupe de porteurs), `focus_group`.
    #[schema(value_type = GroupKind)]
    pub kind: String,
    #[schema(value_type = GroupVisibility)]
    pub visibility: String,
    /// Default `request`.
    #[serde(default)]
    #[schema(value_type = Option<GroupJoining>)]
    pub joining: Option<String>,
    /// Rich text (sanitized).
    #[serde(default)]
    pub purpose: Option<String>,
    /// Run by its members.
    #[serde(default)]
    pub autonomous: Option<bool>,
    /// Exactly one of `place_id`, `network_id`, `project_id` (a project's groups are created
    /// by its holders and advisors).
    #[serde(default)]
    pub place_id: Option<PlaceId>,
    #[serde(default)]
    pub network_id: Option<NetworkId>,
    #[serde(default)]
    pub project_id: Option<ProjectId>,
}

/// Creates a group attached to a place (clubs), a network (board, commissions) or a project.
#[utoipa::path(
    post, path = "/api/v1/groups", tag = "groupes",
    request_body = CreateGroup,
    responses(
        (status = 201, description = "Groupe créé", body = GroupOut),
        (status = 400, description = "Corps illisible", body = E),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé aux gestionnaires", body = E),
        (status = 404, description = "Lieu, réseau ou projet hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn create_group(
    State(state): State<AppState>,
    ctx: Ctx,
    JsonIn(b): JsonIn<CreateGroup>,
) -> ApiResult<(StatusCode, Json<GroupOut>)> {
    let p = api_user(&ctx)?;
    let mut errors = FieldErrors::default();
    let (kind, visibility, joining) = GroupInput::parse_choices(
        &b.kind,
        &b.visibility,
        b.joining.as_deref().unwrap_or("request"),
        &mut errors,
    );
    let g = service::create_group(
        &state,
        p,
        GroupInput {
            name: &b.name,
            kind,
            purpose: b.purpose.as_deref().unwrap_or(""),
            visibility,
            joining,
            autonomous: b.autonomous.unwrap_or(false),
            network_id: b.network_id,
            place_id: b.place_id,
            project_id: b.project_id,
            errors,
        },
    )
    .await
    .map_err(|e| ApiError(e, ctx.lang))?;
    let interim = service::interim_president(&state, &g, &[]).await?;
    Ok((StatusCode::CREATED, Json(group_out(g, interim))))
}

#[derive(Deserialize, IntoParams)]
pub struct GroupListQuery {
    /// Only the groups whose name contains this text (case aside).
    #[serde(default)]
    pub q: Option<String>,
    /// Groups answered, by name: 100 by default, at most 500.
    #[serde(default)]
    pub limit: Option<i64>,
    /// Groups skipped before the first answered (default 0).
    #[serde(default)]
    pub offset: Option<i64>,
    /// Instead of `offset`: the page of `limit` groups to answer, the first is 1.
    #[serde(default)]
    pub page: Option<i64>,
}

/// Groups the caller may see (public ones, and members-only ones they belong to or manage),
/// by name, one window at a time; `x-total-count` gives their number.
#[utoipa::path(
    get, path = "/api/v1/groups", tag = "groupes",
    params(GroupListQuery),
    responses((status = 200, description = "Les groupes", body = [GroupOut],
        headers(("x-total-count" = i64, description = "Nombre de groupes visibles (filtrés par `q`)"))))
)]
pub async fn list_groups(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<GroupListQuery>,
) -> ApiResult<([(&'static str, String); 1], Json<Vec<GroupOut>>)> {
    let (limit, offset) = window(q.limit, q.offset, q.page);
    let (rows, total) = service::visible_groups(
        &state,
        ctx.user.as_ref(),
        q.q.as_deref().unwrap_or(""),
        limit,
        offset,
    )
    .await?;
    let mut interim = service::interim_presidents(&state, &rows).await?;
    let out = rows
        .into_iter()
        .map(|g| {
            let i = interim.remove(&g.id);
            group_out(g, i)
        })
        .collect();
    Ok(([(TOTAL_HEADER, total.to_string())], Json(out)))
}

/// One group (members-only groups answer 404 to others).
#[utoipa::path(
    get, path = "/api/v1/groups/{id}", tag = "groupes",
    params(("id" = i64, Path, description = "Identifiant du groupe")),
    responses(
        (status = 200, description = "Le groupe", body = GroupOut),
        (status = 404, description = "Inconnu ou réservé aux membres", body = E),
    )
)]
pub async fn get_group(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<GroupId>,
) -> ApiResult<Json<GroupOut>> {
    let (g, _) = visible_group(&state, &ctx, id).await?;
    let members = repo::memberships(&state.db, g.id).await?;
    let interim = service::interim_president(&state, &g, &members).await?;
    Ok(Json(group_out(g, interim)))
}

#[derive(Deserialize, ToSchema)]
pub struct SetSlot {
    /// RFC 5545 RRULE expanded in Europe/Paris, e.g. `FREQ=MONTHLY;BYDAY=1TH`.
    pub rrule: String,
    /// Paris wall-clock start and end, `HH:MM`.
    pub start: String,
    pub end: String,
    /// A room as free text …
    #[serde(default)]
    pub room: Option<String>,
    /// … or a space of the club's place, booked (whole room) for each meeting.
    #[serde(default)]
    pub space_id: Option<SpaceId>,
}

#[derive(Serialize, ToSchema)]
pub struct SlotConflictOut {
    pub starts_at: String,
    pub reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct SlotOut {
    /// Meetings created for the next 120 days.
    pub created: usize,
    /// Occurrences whose room could not be booked: no meeting was created for them and the
    /// president was emailed.
    pub conflicts: Vec<SlotConflictOut>,
    pub group: GroupOut,
}

/// Sets a club's recurring slot and creates its meetings (booking the space when given).
#[utoipa::path(
    put, path = "/api/v1/groups/{id}/slot", tag = "groupes",
    params(("id" = i64, Path, description = "Identifiant du groupe")),
    request_body = SetSlot,
    responses(
        (status = 200, description = "Créneau enregistré, réunions créées", body = SlotOut),
        (status = 403, description = "Réservé aux responsables du groupe", body = E),
        (status = 404, description = "Inconnu", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn set_slot(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<GroupId>,
    JsonIn(b): JsonIn<SetSlot>,
) -> ApiResult<Json<SlotOut>> {
    let p = api_user(&ctx)?;
    let (mut g, _) = managed_group(&state, &ctx, id).await?;
    let mut errors = FieldErrors::default();
    let Some(slot) = service::parse_slot(
        &b.rrule,
        &b.start,
        &b.end,
        b.room.as_deref().unwrap_or(""),
        b.space_id,
        &mut errors,
    ) else {
        return Err(ApiError(AppError::Invalid(errors), ctx.lang));
    };
    let report = service::set_slot(&state, p, &mut g, slot)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    let members = repo::memberships(&state.db, g.id).await?;
    let interim = service::interim_president(&state, &g, &members).await?;
    Ok(Json(SlotOut {
        created: report.created,
        conflicts: report
            .conflicts
            .into_iter()
            .map(|c| SlotConflictOut {
                starts_at: rfc3339(c.starts_at),
                reason: c.reason,
            })
            .collect(),
        group: group_out(g, interim),
    }))
}
