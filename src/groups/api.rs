//! Groups, memberships, meetings, minutes, decisions and action items in the API.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::model::{self, ActionItem, AgendaItem, Attendee, Decision, Group, Meeting, Membership};
use super::repo;
use super::service::{self, GroupInput, MeetingInput};
use crate::auth::api_user;
use crate::auth::policy::{authorize, Action, Target};
use crate::auth::Ctx;
use crate::clock::rfc3339;
use crate::error::{ApiError, ApiResult, AppError, FieldErrors};
use crate::form::{ApiPath, Json as JsonIn};
use crate::state::AppState;

type E = crate::error::ApiErrorBody;

#[derive(Deserialize, ToSchema)]
pub struct CreateGroup {
    /// 1 to 200 characters.
    pub name: String,
    /// `board` (conseil d'administration, bureau), `commission`, `working_group`, `club`,
    /// `holders` (groupe de porteurs), `focus_group`.
    pub kind: String,
    /// `public` or `members`.
    pub visibility: String,
    /// `open`, `request` (default) or `invitation`.
    #[serde(default)]
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
    pub place_id: Option<i64>,
    #[serde(default)]
    pub network_id: Option<i64>,
    #[serde(default)]
    pub project_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct GroupOut {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub kind: String,
    pub purpose: String,
    pub visibility: String,
    pub joining: String,
    pub autonomous: bool,
    pub network_id: Option<i64>,
    pub place_id: Option<i64>,
    pub project_id: Option<i64>,
    /// For a club without a current president: the place presiding in the interim.
    pub interim_president: Option<String>,
    /// The recurring slot, when set (RRULE, Paris start time, minutes, room).
    pub slot_rrule: Option<String>,
    pub slot_start: Option<String>,
    pub slot_minutes: Option<i64>,
    pub slot_room: String,
    /// The space of the place booked for each meeting of the slot.
    pub slot_space_id: Option<i64>,
    pub url: String,
}

fn group_out(g: Group, interim: Option<String>) -> GroupOut {
    GroupOut {
        url: format!("/groupes/{}", g.slug),
        id: g.id,
        name: g.name,
        slug: g.slug,
        kind: g.kind,
        purpose: g.purpose,
        visibility: g.visibility,
        joining: g.joining,
        autonomous: g.autonomous,
        network_id: g.network_id,
        place_id: g.place_id,
        project_id: g.project_id,
        interim_president: interim,
        slot_rrule: g.slot_rrule,
        slot_start: g.slot_start,
        slot_minutes: g.slot_minutes,
        slot_room: g.slot_room,
        slot_space_id: g.slot_space_id,
    }
}

#[derive(Serialize, ToSchema)]
pub struct MembershipOut {
    pub id: i64,
    pub group_id: i64,
    pub user_id: i64,
    pub display_name: String,
    /// `president`, `vice_president`, `secretary`, `treasurer`, `animator`, `member`.
    pub role: String,
    /// `active`, `pending` (asked to join), `invited`, `refused`, `left`.
    pub status: String,
    pub mandate_start: Option<String>,
    pub mandate_end: Option<String>,
    /// Active and within its mandate now.
    pub current: bool,
}

fn membership_out(m: Membership, now: i64) -> MembershipOut {
    MembershipOut {
        current: m.is_current(now),
        id: m.id,
        group_id: m.group_id,
        user_id: m.user_id,
        display_name: m.display_name,
        role: m.role,
        status: m.status,
        mandate_start: m.mandate_start.map(rfc3339),
        mandate_end: m.mandate_end.map(rfc3339),
    }
}

#[derive(Serialize, ToSchema)]
pub struct DecisionOut {
    pub id: i64,
    pub meeting_id: i64,
    pub group_id: i64,
    pub group_name: String,
    pub text: String,
    pub meeting_starts_at: String,
}

fn decision_out(d: Decision) -> DecisionOut {
    DecisionOut {
        id: d.id,
        meeting_id: d.meeting_id,
        group_id: d.group_id,
        group_name: d.group_name,
        text: d.text,
        meeting_starts_at: rfc3339(d.meeting_starts_at),
    }
}

#[derive(Serialize, ToSchema)]
pub struct ActionOut {
    pub id: i64,
    pub group_id: i64,
    pub group_name: String,
    pub meeting_id: Option<i64>,
    pub title: String,
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    /// `YYYY-MM-DD`.
    pub due_on: Option<String>,
    /// `todo` (à faire), `doing` (en cours), `done` (fait).
    pub status: String,
}

fn action_out(a: ActionItem) -> ActionOut {
    ActionOut {
        id: a.id,
        group_id: a.group_id,
        group_name: a.group_name,
        meeting_id: a.meeting_id,
        title: a.title,
        owner_id: a.owner_id,
        owner_name: a.owner_name,
        due_on: a.due_on,
        status: a.status,
    }
}

#[derive(Serialize, ToSchema)]
pub struct MeetingOut {
    pub id: i64,
    pub group_id: i64,
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub room: String,
    pub online_url: String,
    /// `internal` or `public`.
    pub minutes_visibility: String,
    /// Sanitized HTML; left out for people who may not read internal minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minutes: Option<String>,
    pub minutes_published_at: Option<String>,
    pub agenda: Vec<AgendaItem>,
    /// Members and managers only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attendees: Option<Vec<Attendee>>,
    /// With the minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decisions: Option<Vec<DecisionOut>>,
    /// Members and managers only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_items: Option<Vec<ActionOut>>,
    pub url: String,
}

/// A group the caller may see, its policy target; 404 otherwise.
async fn visible_group(state: &AppState, ctx: &Ctx, id: i64) -> Result<(Group, Target), ApiError> {
    let g = repo::group_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let t = service::target(state, &g).await?;
    if !service::may_see(ctx.user.as_ref(), &g, &t) {
        return Err(AppError::NotFound.into());
    }
    Ok((g, t))
}

/// A group the caller manages (404 if invisible, 403 if visible but not theirs).
async fn managed_group(state: &AppState, ctx: &Ctx, id: i64) -> Result<(Group, Target), ApiError> {
    let p = api_user(ctx)?;
    let (g, t) = visible_group(state, ctx, id).await?;
    authorize(Some(p), Action::ManageGroup, &t).map_err(|e| match e {
        AppError::NotFound => AppError::Forbidden,
        e => e,
    })?;
    Ok((g, t))
}

pub async fn meeting_out(
    state: &AppState,
    ctx: &Ctx,
    g: &Group,
    t: &Target,
    m: Meeting,
) -> Result<MeetingOut, AppError> {
    let internal = service::may_read_internal(ctx.user.as_ref(), t);
    let minutes_readable = internal || m.minutes_visibility == "public";
    Ok(MeetingOut {
        url: format!("/reunions/{}", m.id),
        agenda: repo::agenda(&state.db, m.id).await?,
        attendees: if internal {
            Some(repo::attendees(&state.db, m.id).await?)
        } else {
            None
        },
        decisions: if minutes_readable {
            Some(
                repo::decisions(&state.db, Some(m.id), None, "")
                    .await?
                    .into_iter()
                    .map(decision_out)
                    .collect(),
            )
        } else {
            None
        },
        action_items: if internal {
            Some(
                repo::actions(&state.db, None, None, Some(m.id))
                    .await?
                    .into_iter()
                    .map(action_out)
                    .collect(),
            )
        } else {
            None
        },
        minutes: minutes_readable.then(|| m.minutes.clone()),
        id: m.id,
        group_id: g.id,
        title: m.title,
        starts_at: rfc3339(m.starts_at),
        ends_at: rfc3339(m.ends_at),
        room: m.room,
        online_url: m.online_url,
        minutes_visibility: m.minutes_visibility,
        minutes_published_at: m.minutes_published_at.map(rfc3339),
    })
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
    let g = service::create_group(
        &state,
        p,
        GroupInput {
            name: &b.name,
            kind: &b.kind,
            purpose: b.purpose.as_deref().unwrap_or(""),
            visibility: &b.visibility,
            joining: b.joining.as_deref().unwrap_or("request"),
            autonomous: b.autonomous.unwrap_or(false),
            network_id: b.network_id,
            place_id: b.place_id,
            project_id: b.project_id,
        },
    )
    .await
    .map_err(|e| ApiError(e, ctx.lang))?;
    let interim = service::interim_president(&state, &g, &[]).await?;
    Ok((StatusCode::CREATED, Json(group_out(g, interim))))
}

/// Groups the caller may see (public ones, and members-only ones they belong to or manage).
#[utoipa::path(
    get, path = "/api/v1/groups", tag = "groupes",
    responses((status = 200, description = "Les groupes", body = [GroupOut]))
)]
pub async fn list_groups(
    State(state): State<AppState>,
    ctx: Ctx,
) -> ApiResult<Json<Vec<GroupOut>>> {
    let mut out = Vec::new();
    for g in repo::all_groups(&state.db).await? {
        let members = repo::memberships(&state.db, g.id).await?;
        let t = service::target_from(&state, &g, &members, state.clock.now_ms()).await?;
        if service::may_see(ctx.user.as_ref(), &g, &t) {
            let interim = service::interim_president(&state, &g, &members).await?;
            out.push(group_out(g, interim));
        }
    }
    Ok(Json(out))
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
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<GroupOut>> {
    let (g, _) = visible_group(&state, &ctx, id).await?;
    let members = repo::memberships(&state.db, g.id).await?;
    let interim = service::interim_president(&state, &g, &members).await?;
    Ok(Json(group_out(g, interim)))
}

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
    ApiPath(id): ApiPath<i64>,
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
    /// The person, by id or by email (an existing account).
    #[serde(default)]
    pub user_id: Option<i64>,
    #[serde(default)]
    pub email: Option<String>,
    /// Default `member`.
    #[serde(default)]
    pub role: Option<String>,
    /// RFC 3339; the mandate's start and end (optional).
    #[serde(default)]
    pub mandate_start: Option<String>,
    #[serde(default)]
    pub mandate_end: Option<String>,
}

/// Adds a member with a role and mandate dates (group managers).
#[utoipa::path(
    post, path = "/api/v1/groups/{id}/members", tag = "groupes",
    params(("id" = i64, Path, description = "Identifiant du groupe")),
    request_body = AddMember,
    responses(
        (status = 201, description = "Adhésion créée", body = MembershipOut),
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
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<AddMember>,
) -> ApiResult<(StatusCode, Json<MembershipOut>)> {
    let (g, _) = managed_group(&state, &ctx, id).await?;
    let mut errors = FieldErrors::default();
    let role = crate::form::parse::parse_choice(
        b.role.as_deref().unwrap_or("member"),
        &model::ROLES,
        "role",
        &mut errors,
    );
    let start = b
        .mandate_start
        .as_deref()
        .and_then(|s| model::parse_instant(s, "mandate_start", &mut errors));
    let end = b
        .mandate_end
        .as_deref()
        .and_then(|s| model::parse_instant(s, "mandate_end", &mut errors));
    if let (Some(s), Some(e)) = (start, end) {
        if e <= s {
            errors.add("mandate_end", "groups-ends-before-start");
        }
    }
    let user = match (b.user_id, b.email.as_deref()) {
        (Some(uid), _) => crate::accounts::repo::user_by_id(&state.db, uid).await?,
        (None, Some(email)) => crate::accounts::repo::user_by_email(&state.db, email).await?,
        _ => None,
    };
    if user.is_none() {
        errors.add("user_id", "groups-unknown-user");
    }
    errors
        .clone()
        .into_result()
        .map_err(|e| ApiError(e, ctx.lang))?;
    let (Some(user), Some(role)) = (user, role) else {
        return Err(ApiError(AppError::Invalid(errors), ctx.lang));
    };
    let now = state.clock.now_ms();
    let mid = repo::insert_membership(
        &state.db,
        repo::NewMembership {
            group_id: g.id,
            user_id: user.id,
            role,
            status: "active",
            mandate_start: start,
            mandate_end: end,
            now,
        },
    )
    .await?;
    let m = repo::membership_by_id(&state.db, mid)
        .await?
        .ok_or(AppError::NotFound)?;
    service::notify_member_added(&state, &g, &m.email, &m.role).await?;
    repo::invite_to_upcoming(&state.db, g.id, m.user_id, now).await?;
    Ok((StatusCode::CREATED, Json(membership_out(m, now))))
}

#[derive(Deserialize, ToSchema)]
pub struct UpdateMember {
    /// `active` (approve a request) or `refused`.
    #[serde(default)]
    pub status: Option<String>,
    /// RFC 3339: end the mandate at this instant.
    #[serde(default)]
    pub mandate_end: Option<String>,
}

async fn membership_of(state: &AppState, group_id: i64, mid: i64) -> Result<Membership, ApiError> {
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
    ApiPath((id, mid)): ApiPath<(i64, i64)>,
    JsonIn(b): JsonIn<UpdateMember>,
) -> ApiResult<Json<MembershipOut>> {
    let (g, _) = managed_group(&state, &ctx, id).await?;
    let m = membership_of(&state, g.id, mid).await?;
    let mut errors = FieldErrors::default();
    let status = b.status.as_deref().and_then(|s| {
        crate::form::parse::parse_choice(s, &["active", "refused"], "status", &mut errors)
    });
    let end = b
        .mandate_end
        .as_deref()
        .and_then(|s| model::parse_instant(s, "mandate_end", &mut errors));
    errors.into_result().map_err(|e| ApiError(e, ctx.lang))?;
    if let Some(s) = status {
        repo::set_membership_status(&state.db, m.id, s).await?;
        if s == "active" {
            repo::invite_to_upcoming(&state.db, g.id, m.user_id, state.clock.now_ms()).await?;
        }
    }
    if let Some(e) = end {
        repo::set_mandate_end(&state.db, m.id, e).await?;
    }
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
    ApiPath((id, mid)): ApiPath<(i64, i64)>,
) -> ApiResult<StatusCode> {
    let p = api_user(&ctx)?;
    let (g, t) = visible_group(&state, &ctx, id).await?;
    let m = membership_of(&state, g.id, mid).await?;
    if m.user_id != p.user.id && !service::may_manage(Some(p), &t) {
        return Err(AppError::Forbidden.into());
    }
    repo::end_membership(&state.db, m.id, state.clock.now_ms()).await?;
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
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<(StatusCode, Json<MembershipOut>)> {
    let p = api_user(&ctx)?;
    let (g, _) = visible_group(&state, &ctx, id).await?;
    let m = super::service::join(&state, &g, p.user.id).await?;
    Ok((
        StatusCode::CREATED,
        Json(membership_out(m, state.clock.now_ms())),
    ))
}

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
    pub space_id: Option<i64>,
    /// … or an online link (http/https).
    #[serde(default)]
    pub online_url: Option<String>,
    /// Ordered agenda items.
    #[serde(default)]
    pub agenda: Option<Vec<String>>,
    /// Rich text, sanitized.
    #[serde(default)]
    pub minutes: Option<String>,
    /// `internal` (default) or `public`.
    #[serde(default)]
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
    ApiPath(id): ApiPath<i64>,
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
    let vis = crate::form::parse::parse_choice(
        b.minutes_visibility.as_deref().unwrap_or("internal"),
        &model::MINUTES_VISIBILITIES,
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
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<MeetingOut>>> {
    let (g, t) = visible_group(&state, &ctx, id).await?;
    let mut out = Vec::new();
    for m in repo::meetings_of_group(&state.db, g.id).await? {
        out.push(meeting_out(&state, &ctx, &g, &t, m).await?);
    }
    Ok(Json(out))
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
    ApiPath(id): ApiPath<i64>,
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
    /// `internal` or `public` (publishing emails the members once).
    pub minutes_visibility: String,
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
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<SaveMinutes>,
) -> ApiResult<Json<MeetingOut>> {
    let m = repo::meeting_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (g, t) = managed_group(&state, &ctx, m.group_id).await?;
    let mut errors = FieldErrors::default();
    let minutes = crate::form::parse::parse_rich(&b.minutes, "minutes", &mut errors);
    let vis = crate::form::parse::parse_choice(
        &b.minutes_visibility,
        &model::MINUTES_VISIBILITIES,
        "minutes_visibility",
        &mut errors,
    );
    let (Some(vis), true) = (vis, errors.is_empty()) else {
        return Err(ApiError(AppError::Invalid(errors), ctx.lang));
    };
    let m = service::save_minutes(&state, &g, &m, &minutes, vis).await?;
    Ok(Json(meeting_out(&state, &ctx, &g, &t, m).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct SetAttendance {
    pub user_id: i64,
    /// `invited`, `present` or `excused`.
    pub status: String,
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
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<SetAttendance>,
) -> ApiResult<Json<Vec<Attendee>>> {
    let m = repo::meeting_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    managed_group(&state, &ctx, m.group_id).await?;
    let mut errors = FieldErrors::default();
    let status =
        crate::form::parse::parse_choice(&b.status, &model::ATTENDANCE, "status", &mut errors);
    if crate::accounts::repo::user_by_id(&state.db, b.user_id)
        .await?
        .is_none()
    {
        errors.add("user_id", "groups-unknown-user");
    }
    let (Some(status), true) = (status, errors.is_empty()) else {
        return Err(ApiError(AppError::Invalid(errors), ctx.lang));
    };
    repo::set_attendee(&state.db, m.id, b.user_id, status).await?;
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
    ApiPath(id): ApiPath<i64>,
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
    let did = repo::insert_decision(&state.db, &m, &text, state.clock.now_ms()).await?;
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
    pub group_id: Option<i64>,
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
    let found = super::service::readable_decisions(
        &state,
        ctx.user.as_ref(),
        q.group_id,
        q.q.as_deref().unwrap_or(""),
    )
    .await?;
    Ok(Json(found.into_iter().map(decision_out).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct CreateAction {
    /// 1 to 2 000 characters.
    pub title: String,
    #[serde(default)]
    pub owner_id: Option<i64>,
    /// `YYYY-MM-DD`; the owner gets a reminder the day before at 8:00.
    #[serde(default)]
    pub due_on: Option<String>,
    #[serde(default)]
    pub meeting_id: Option<i64>,
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
    ApiPath(id): ApiPath<i64>,
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
    ApiPath(id): ApiPath<i64>,
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

/// My action items, across groups ("mes actions").
#[utoipa::path(
    get, path = "/api/v1/me/actions", tag = "groupes",
    responses(
        (status = 200, description = "Mes actions", body = [ActionOut]),
        (status = 401, description = "Non authentifié", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn my_actions(
    State(state): State<AppState>,
    ctx: Ctx,
) -> ApiResult<Json<Vec<ActionOut>>> {
    let p = api_user(&ctx)?;
    Ok(Json(
        repo::actions(&state.db, None, Some(p.user.id), None)
            .await?
            .into_iter()
            .map(action_out)
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct UpdateAction {
    /// `todo`, `doing` or `done`.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub owner_id: Option<i64>,
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
    let status = match b.status.as_deref() {
        Some(s) => {
            crate::form::parse::parse_choice(s, &model::ACTION_STATUSES, "status", &mut errors)
                .map(str::to_string)
        }
        None => Some(a.status.clone()),
    };
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
    let (Some(status), true) = (status, errors.is_empty()) else {
        return Err(ApiError(AppError::Invalid(errors), ctx.lang));
    };
    let a = service::update_action(&state, &g, &a, &status, owner_id, due.as_deref()).await?;
    Ok(Json(action_out(a)))
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
    pub space_id: Option<i64>,
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
    ApiPath(id): ApiPath<i64>,
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

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, patch, post, put};
    axum::Router::new()
        .route("/api/v1/groups", get(list_groups).post(create_group))
        .route("/api/v1/groups/{id}", get(get_group))
        .route(
            "/api/v1/groups/{id}/members",
            get(list_members).post(add_member),
        )
        .route(
            "/api/v1/groups/{id}/members/{membership_id}",
            patch(update_member).delete(remove_member),
        )
        .route("/api/v1/groups/{id}/join", post(join))
        .route("/api/v1/groups/{id}/slot", put(set_slot))
        .route(
            "/api/v1/groups/{id}/meetings",
            get(list_meetings).post(create_meeting),
        )
        .route(
            "/api/v1/groups/{id}/actions",
            get(list_actions).post(create_action),
        )
        .route("/api/v1/meetings/{id}", get(get_meeting))
        .route("/api/v1/meetings/{id}/minutes", put(save_minutes))
        .route("/api/v1/meetings/{id}/attendees", post(set_attendance))
        .route("/api/v1/meetings/{id}/decisions", post(create_decision))
        .route("/api/v1/decisions", get(search_decisions))
        .route("/api/v1/me/actions", get(my_actions))
        .route("/api/v1/actions/{id}", patch(update_action))
}
