//! What the pages of groups share: labels, loading a group or a meeting with the visitor's
//! rights, rows of action items.

use crate::auth::policy::{authorize, Action, Target};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::groups::model::{
    ActionItem, ActionItemStatus, Group, GroupKind, GroupRole, Meeting, Membership,
};
use crate::groups::repo;
use crate::groups::service::{self};
use crate::ids::MeetingId;
use crate::state::AppState;
use crate::web::Chrome;

/// Labels of stored codes, in the page's language.
pub fn kind_label(c: &Chrome, kind: GroupKind) -> String {
    c.t(&kind.label_key())
}

pub fn role_label(c: &Chrome, role: GroupRole) -> String {
    c.t(&role.label_key())
}

pub fn status_label(c: &Chrome, status: ActionItemStatus) -> String {
    c.t(&format!("groups-status-{status}"))
}

pub(super) async fn load_group(
    state: &AppState,
    slug: &str,
) -> AppResult<(Group, Vec<Membership>, Target)> {
    let g = repo::group_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let members = repo::memberships(&state.db, g.id).await?;
    let t = service::target_from(state, &g, &members, state.clock.now_ms()).await?;
    Ok((g, members, t))
}

/// The group, when `ctx` may see it (404 otherwise).
pub(super) async fn visible(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
) -> AppResult<(Group, Vec<Membership>, Target)> {
    let (g, m, t) = load_group(state, slug).await?;
    if !service::may_see(ctx.user.as_ref(), &g, &t) {
        return Err(AppError::NotFound);
    }
    Ok((g, m, t))
}

/// The group, when `ctx` manages it.
pub(super) async fn managed(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
) -> AppResult<(Group, Vec<Membership>, Target)> {
    let (g, m, t) = visible(state, ctx, slug).await?;
    authorize(ctx.user.as_ref(), Action::ManageGroup, &t)?;
    Ok((g, m, t))
}

/// The meeting and its group, when `ctx` manages the group.
pub(super) async fn managed_meeting(
    state: &AppState,
    ctx: &Ctx,
    id: MeetingId,
) -> AppResult<(Group, Meeting)> {
    let m = repo::meeting_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let g = repo::group_by_id(&state.db, m.group_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let t = service::target(state, &g).await?;
    if !service::may_see(ctx.user.as_ref(), &g, &t) {
        return Err(AppError::NotFound);
    }
    authorize(ctx.user.as_ref(), Action::ManageGroup, &t)?;
    Ok((g, m))
}

pub(super) struct ActionRow {
    pub id: i64,
    pub title: String,
    pub owner: String,
    pub due: String,
    pub status: String,
    pub status_label: String,
    pub group_name: String,
    pub can_update: bool,
}

pub(super) fn action_row(c: &Chrome, a: ActionItem, can_update: bool) -> ActionRow {
    ActionRow {
        id: a.id,
        owner: a.owner_name.unwrap_or_else(|| "—".into()),
        due: a
            .due_on
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_else(|| "—".into()),
        status_label: status_label(c, a.status),
        status: a.status.as_str().to_string(),
        title: a.title,
        group_name: a.group_name,
        can_update,
    }
}
