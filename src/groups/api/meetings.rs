//! Meetings in the API: creation, list, one meeting, minutes, attendees, decisions and
//! their search.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::common::*;
use crate::auth::api_user;
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult, AppError, FieldErrors};
use crate::form::{ApiPath, Json as JsonIn};
use crate::groups::model::{self, Attendee, MeetingAttendance, MinutesVisibility};
use crate::groups::repo;
use crate::groups::service::{self, MeetingInput};
use crate::ids::{GroupId, MeetingId, SpaceId, UserId};
use crate::state::AppState;

#[derive(Deserialize, ToSchema)]
pub struct CreateMeeting {
    #[serde(default)]
    pub title: Option<String>,
    /// RFC 3339.
    pub starts_at: String,
    /// RFC 3339, after `starts_at`.
    pub ends_at: String,
    /// A room (free text) …
    #[serde(default)]
    pub room: Option<String>,
    /// … or a space of the club's place, booked as a whole room (409 when taken) …
    #[serde(default)]
    pub space_id: Option<SpaceId>,
    /// … or an online link (http/https).
    #[serde(default)]
    pub online_url: Option<String>,
    /// Ordered agenda items.
    #[serde(default)]
    pub agenda: Option<Vec<String>>,
    /// Rich text, sanitized.
    #[serde(default)]
    pub minutes: Option<String>,
    /// Default `internal`. An unknown value is named with the other wrong fields (read as
    /// text).
    #[serde(default)]
    #[schema(value_type = Option<MinutesVisibility>)]
    pub minutes_visibility: Option<String>,
}

/// Plans a meeting; the group's members are invited by email with an `.ics`.
#[utoipa::path(
    post, path = "/api/v1/groups/{id}/meetings", tag = "groupes",
    params(("id" = i64, Path, description = "Identifiant du groupe")),
    request_body = CreateMeeting,
    responses(
        (status = 201, description = "Réunion créée", body = MeetingOut),
        (status = 409, description = "L'espace est déjà réservé", body = E),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé aux responsables du groupe", body = E),
        (status = 404, description = "Inconnu", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn create_meeting(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<GroupId>,
    JsonIn(b): JsonIn<CreateMeeting>,
) -> ApiResult<(StatusCode, Json<MeetingOut>)> {
    let (g, t) = managed_group(&state, &ctx, id).await?;
    let mut errors = FieldErrors::default();
    let s = model::parse_instant(&b.starts_at, "starts_at", &mut errors);
    let e = model::parse_instant(&b.ends_at, "ends_at", &mut errors);
    let times = service::check_meeting(s, e, &mut errors);
    let title = b
        .title
        .as_deref()
        .unwrap_or("")
        .trim()
        .chars()
        .take(200)
        .collect::<String>();
    let room = b
        .room
        .as_deref()
        .unwrap_or("")
        .trim()
        .chars()
        .take(200)
        .collect::<String>();
    let online = model::parse_url(
        b.online_url.as_deref().unwrap_or(""),
        "online_url",
        &mut errors,
    );
    let minutes =
        crate::form::parse::parse_rich(b.minutes.as_deref().unwrap_or(""), "minutes", &mut errors);
    let vis = crate::form::parse::parse_enum(
        b.minutes_visibility.as_deref().unwrap_or("internal"),
        "minutes_visibility",
        &mut errors,
    );
    let mut agenda = Vec::new();
    for item in b.agenda.unwrap_or_default() {
        if let Some(a) = model::parse_line(&item, "agenda", &mut errors) {
            agenda.push(a);
        }
    }
    if agenda.len() > 100 {
        errors.add("agenda", "field-too-long");
    }
    let (Some((starts_at, ends_at)), Some(vis), true) = (times, vis, errors.is_empty()) else {
        return Err(ApiError(AppError::Invalid(errors), ctx.lang));
    };
    let p = api_user(&ctx)?;
    let m = service::create_meeting(
        &state,
        p,
        &g,
        MeetingInput {
            title: &title,
            starts_at,
            ends_at,
            room: &room,
            online_url: &online,
            minutes: &minutes,
            minutes_visibility: vis,
            agenda,
            space_id: b.space_id,
        },
    )
    .await
    .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((
        StatusCode::CREATED,
        Json(meeting_out(&state, &ctx, &g, &t, m).await?),
    ))
}

/// Meetings of a group, most recent first.
#[utoipa::path(
    get, path = "/api/v1/groups/{id}/meetings", tag = "groupes",
    params(("id" = i64, Path, description = "Identifiant du groupe")),
    responses(
        (status = 200, description = "Les réunions", body = [MeetingOut]),
        (status = 404, description = "Inconnu ou réservé aux membres", body = E),
    )
)]
pub async fn list_meetings(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<GroupId>,
) -> ApiResult<Json<Vec<MeetingOut>>> {
    let (g, t) = visible_group(&state, &ctx, id).await?;
    // The whole list in six statements, whatever its number of meetings.
    let meetings = repo::meetings_of_group(&state.db, g.id).await?;
    let ids: Vec<MeetingId> = meetings.iter().map(|m| m.id).collect();
    let mut parts = meeting_parts(&state, &g, &ids).await?;
    Ok(Json(
        meetings
            .into_iter()
            .map(|m| meeting_out_with(&ctx, &g, &t, m, &mut parts))
            .collect(),
    ))
}

/// One meeting. Internal minutes are left out for those outside the group; a members-only
/// group's meetings answer 404 to them.
#[utoipa::path(
    get, path = "/api/v1/meetings/{id}", tag = "groupes",
    params(("id" = i64, Path, description = "Identifiant de la réunion")),
    responses(
        (status = 200, description = "La réunion", body = MeetingOut),
        (status = 404, description = "Inconnue ou réservée aux membres", body = E),
    )
)]
pub async fn get_meeting(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<MeetingId>,
) -> ApiResult<Json<MeetingOut>> {
    let m = repo::meeting_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (g, t) = visible_group(&state, &ctx, m.group_id).await?;
    Ok(Json(meeting_out(&state, &ctx, &g, &t, m).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct SaveMinutes {
    /// Rich text, sanitized.
    pub minutes: String,
    /// Publishing (`public`) emails the members once.
    pub minutes_visibility: MinutesVisibility,
}

/// Writes the minutes and publishes them or keeps them internal.
#[utoipa::path(
    put, path = "/api/v1/meetings/{id}/minutes", tag = "groupes",
    params(("id" = i64, Path, description = "Identifiant de la réunion")),
    request_body = SaveMinutes,
    responses(
        (status = 200, description = "Compte-rendu enregistré", body = MeetingOut),
        (status = 403, description = "Réservé aux responsables du groupe", body = E),
        (status = 404, description = "Inconnue", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn save_minutes(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<MeetingId>,
    JsonIn(b): JsonIn<SaveMinutes>,
) -> ApiResult<Json<MeetingOut>> {
    let m = repo::meeting_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (g, t) = managed_group(&state, &ctx, m.group_id).await?;
    let mut errors = FieldErrors::default();
    let minutes = crate::form::parse::parse_rich(&b.minutes, "minutes", &mut errors);
    if !errors.is_empty() {
        return Err(ApiError(AppError::Invalid(errors), ctx.lang));
    }
    let m = service::save_minutes(&state, &g, &m, &minutes, b.minutes_visibility).await?;
    Ok(Json(meeting_out(&state, &ctx, &g, &t, m).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct SetAttendance {
    pub user_id: UserId,
    pub status: MeetingAttendance,
}

/// Records who was invited, present or excused.
#[utoipa::path(
    post, path = "/api/v1/meetings/{id}/attendees", tag = "groupes",
    params(("id" = i64, Path, description = "Identifiant de la réunion")),
    request_body = SetAttendance,
    responses(
        (status = 200, description = "Participants", body = [Attendee]),
        (status = 403, description = "Réservé aux responsables du groupe", body = E),
        (status = 404, description = "Inconnue", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn set_attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<MeetingId>,
    JsonIn(b): JsonIn<SetAttendance>,
) -> ApiResult<Json<Vec<Attendee>>> {
    let m = repo::meeting_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    managed_group(&state, &ctx, m.group_id).await?;
    service::set_attendance(&state, &m, b.user_id, b.status)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(repo::attendees(&state.db, m.id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct CreateDecision {
    /// 1 to 2 000 characters.
    pub text: String,
}

/// Records a decision of a meeting (register of decisions).
#[utoipa::path(
    post, path = "/api/v1/meetings/{id}/decisions", tag = "groupes",
    params(("id" = i64, Path, description = "Identifiant de la réunion")),
    request_body = CreateDecision,
    responses(
        (status = 201, description = "Décision enregistrée", body = DecisionOut),
        (status = 403, description = "Réservé aux responsables du groupe", body = E),
        (status = 404, description = "Inconnue", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn create_decision(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<MeetingId>,
    JsonIn(b): JsonIn<CreateDecision>,
) -> ApiResult<(StatusCode, Json<DecisionOut>)> {
    let m = repo::meeting_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    managed_group(&state, &ctx, m.group_id).await?;
    let mut errors = FieldErrors::default();
    let Some(text) = model::parse_line(&b.text, "text", &mut errors) else {
        return Err(ApiError(AppError::Invalid(errors), ctx.lang));
    };
    let did = service::add_decision(&state, &m, &text).await?;
    let d = repo::decisions(&state.db, Some(m.id), None, "")
        .await?
        .into_iter()
        .find(|d| d.id == did)
        .ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(decision_out(d))))
}

#[derive(Deserialize, IntoParams)]
pub struct DecisionQuery {
    /// Words to find (accents and case ignored; each word is a prefix).
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub group_id: Option<GroupId>,
}

/// The register of decisions across meetings, searchable; only decisions whose minutes the
/// caller may read.
#[utoipa::path(
    get, path = "/api/v1/decisions", tag = "groupes",
    params(DecisionQuery),
    responses((status = 200, description = "Décisions", body = [DecisionOut]))
)]
pub async fn search_decisions(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<DecisionQuery>,
) -> ApiResult<Json<Vec<DecisionOut>>> {
    let found = crate::groups::service::readable_decisions(
        &state,
        ctx.user.as_ref(),
        q.group_id,
        q.q.as_deref().unwrap_or(""),
    )
    .await?;
    Ok(Json(found.into_iter().map(decision_out).collect()))
}
