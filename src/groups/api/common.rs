//! What the API of groups shares: the JSON shapes it answers with, and loading a group with
//! the caller's rights.

use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::api_user;
use crate::auth::policy::{authorize, Action, Target};
use crate::auth::Ctx;
use crate::clock::rfc3339;
use crate::error::{ApiError, AppError};
use crate::groups::model::{
    ActionItem, ActionItemStatus, AgendaItem, Attendee, Decision, Group, GroupJoining, GroupKind,
    GroupMemberStatus, GroupRole, GroupVisibility, Meeting, Membership, MinutesVisibility,
};
use crate::groups::repo;
use crate::groups::service::{self};
use crate::ids::{GroupId, MeetingId, NetworkId, PlaceId, ProjectId, SpaceId, UserId};
use crate::state::AppState;

pub(super) type E = crate::error::ApiErrorBody;

/// Rows a list of the API answers by default, and at most.
pub(super) const API_LIMIT: (i64, i64) = (100, 500);

/// The `(limit, offset)` of a list of the API: `limit` rows (default 100, at most 500) from
/// `offset`, or from the start of page `page` (pages of `limit` rows, the first is 1).
pub(super) fn window(limit: Option<i64>, offset: Option<i64>, page: Option<i64>) -> (i64, i64) {
    let limit = limit.unwrap_or(API_LIMIT.0).clamp(1, API_LIMIT.1);
    let offset = match page {
        Some(p) => (p.clamp(1, 1_000_000) - 1) * limit,
        None => offset.unwrap_or(0).max(0),
    };
    (limit, offset)
}

/// The header carrying the number of rows of a paged list.
pub(super) const TOTAL_HEADER: &str = "x-total-count";

#[derive(Serialize, ToSchema)]
pub struct GroupOut {
    pub id: GroupId,
    pub name: String,
    pub slug: String,
    pub kind: GroupKind,
    pub purpose: String,
    pub visibility: GroupVisibility,
    pub joining: GroupJoining,
    pub autonomous: bool,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub project_id: Option<ProjectId>,
    /// For a club without a current president: the place presiding in the interim.
    pub interim_president: Option<String>,
    /// The recurring slot, when set (RRULE, Paris start time, minutes, room).
    pub slot_rrule: Option<String>,
    pub slot_start: Option<String>,
    pub slot_minutes: Option<i64>,
    pub slot_room: String,
    /// The space of the place booked for each meeting of the slot.
    pub slot_space_id: Option<SpaceId>,
    pub url: String,
}

pub(super) fn group_out(g: Group, interim: Option<String>) -> GroupOut {
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
    pub group_id: GroupId,
    pub user_id: UserId,
    pub display_name: String,
    pub role: GroupRole,
    /// `pending`: asked to join; `left`: ended, kept for history.
    pub status: GroupMemberStatus,
    pub mandate_start: Option<String>,
    pub mandate_end: Option<String>,
    /// Active and within its mandate now.
    pub current: bool,
}

pub(super) fn membership_out(m: Membership, now: i64) -> MembershipOut {
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
    pub meeting_id: MeetingId,
    pub group_id: GroupId,
    pub group_name: String,
    pub text: String,
    pub meeting_starts_at: String,
}

pub(super) fn decision_out(d: Decision) -> DecisionOut {
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
    pub group_id: GroupId,
    pub group_name: String,
    pub meeting_id: Option<MeetingId>,
    pub title: String,
    pub owner_id: Option<UserId>,
    pub owner_name: Option<String>,
    /// `YYYY-MM-DD`.
    pub due_on: Option<String>,
    /// `todo` (à faire), `doing` (en cours), `done` (fait).
    pub status: ActionItemStatus,
}

pub(super) fn action_out(a: ActionItem) -> ActionOut {
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
    pub id: MeetingId,
    pub group_id: GroupId,
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub room: String,
    pub online_url: String,
    pub minutes_visibility: MinutesVisibility,
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
pub(super) async fn visible_group(
    state: &AppState,
    ctx: &Ctx,
    id: GroupId,
) -> Result<(Group, Target), ApiError> {
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
pub(super) async fn managed_group(
    state: &AppState,
    ctx: &Ctx,
    id: GroupId,
) -> Result<(Group, Target), ApiError> {
    let p = api_user(ctx)?;
    let (g, t) = visible_group(state, ctx, id).await?;
    authorize(Some(p), Action::ManageGroup, &t).map_err(|e| match e {
        AppError::NotFound => AppError::Forbidden,
        e => e,
    })?;
    Ok((g, t))
}

/// What the meetings of a list show besides their own row, read for the whole list in four
/// statements (agendas, attendees, and the group's decisions and action items by meeting).
#[derive(Default)]
pub struct MeetingParts {
    agenda: std::collections::HashMap<MeetingId, Vec<crate::groups::model::AgendaItem>>,
    attendees: std::collections::HashMap<MeetingId, Vec<crate::groups::model::Attendee>>,
    decisions: std::collections::HashMap<MeetingId, Vec<crate::groups::model::Decision>>,
    actions: std::collections::HashMap<MeetingId, Vec<crate::groups::model::ActionItem>>,
}

pub async fn meeting_parts(
    state: &AppState,
    g: &Group,
    meetings: &[MeetingId],
) -> Result<MeetingParts, AppError> {
    let mut parts = MeetingParts::default();
    for a in repo::agenda_of_meetings(&state.db, meetings).await? {
        parts.agenda.entry(a.meeting_id).or_default().push(a);
    }
    for a in repo::attendees_of_meetings(&state.db, meetings).await? {
        parts
            .attendees
            .entry(a.meeting_id)
            .or_default()
            .push(a.attendee);
    }
    let one = |m: MeetingId| (meetings.len() == 1).then_some(m);
    let only = meetings.first().copied().and_then(one);
    for d in repo::decisions(&state.db, only, Some(g.id), "").await? {
        if meetings.contains(&d.meeting_id) {
            parts.decisions.entry(d.meeting_id).or_default().push(d);
        }
    }
    for a in repo::actions(&state.db, Some(g.id), None, only).await? {
        if let Some(m) = a.meeting_id.filter(|m| meetings.contains(m)) {
            parts.actions.entry(m).or_default().push(a);
        }
    }
    Ok(parts)
}

pub async fn meeting_out(
    state: &AppState,
    ctx: &Ctx,
    g: &Group,
    t: &Target,
    m: Meeting,
) -> Result<MeetingOut, AppError> {
    let mut parts = meeting_parts(state, g, &[m.id]).await?;
    Ok(meeting_out_with(ctx, g, t, m, &mut parts))
}

/// [`meeting_out`] from parts read beforehand for a whole list.
pub fn meeting_out_with(
    ctx: &Ctx,
    g: &Group,
    t: &Target,
    m: Meeting,
    parts: &mut MeetingParts,
) -> MeetingOut {
    let internal = service::may_read_internal(ctx.user.as_ref(), t);
    let minutes_readable = internal || m.minutes_public();
    MeetingOut {
        url: format!("/reunions/{}", m.id),
        agenda: parts.agenda.remove(&m.id).unwrap_or_default(),
        attendees: internal.then(|| parts.attendees.remove(&m.id).unwrap_or_default()),
        decisions: minutes_readable.then(|| {
            parts
                .decisions
                .remove(&m.id)
                .unwrap_or_default()
                .into_iter()
                .map(decision_out)
                .collect()
        }),
        action_items: internal.then(|| {
            parts
                .actions
                .remove(&m.id)
                .unwrap_or_default()
                .into_iter()
                .map(action_out)
                .collect()
        }),
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
    }
}
