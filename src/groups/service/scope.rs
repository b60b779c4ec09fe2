//! Who may see and manage a group: its authorization target, from its parent (network,
//! place or project) and its current roles.

use crate::auth::policy::{authorize, Action, GroupTarget, Target};
use crate::auth::Principal;
use crate::error::AppResult;
use crate::groups::model::{Group, Membership};
use crate::groups::repo::{self};
use crate::state::AppState;

/// The network, place or project a group belongs to, as a policy target.
pub async fn parent_target(state: &AppState, g: &Group) -> AppResult<Option<Target>> {
    Ok(match (g.network_id, g.place_id, g.project_id) {
        (Some(n), _, _) => Some(Target::Network(n.get())),
        (None, Some(p), _) => Some(crate::tenancy::service::place_target(state, p).await?),
        (None, None, Some(pid)) => crate::tenancy::service::project_scope(state, pid.get())
            .await?
            .map(|p| p.target),
        _ => None,
    })
}

/// The policy's view of a group: its parent and who holds a current role now.
pub async fn target(state: &AppState, g: &Group) -> AppResult<Target> {
    let now = state.clock.now_ms();
    let members = repo::memberships(&state.db, g.id).await?;
    target_from(state, g, &members, now).await
}

pub async fn target_from(
    state: &AppState,
    g: &Group,
    members: &[Membership],
    now: i64,
) -> AppResult<Target> {
    let current: Vec<&Membership> = members.iter().filter(|m| m.is_current(now)).collect();
    Ok(Target::Group(GroupTarget {
        id: g.id.get(),
        parent: parent_target(state, g).await?.map(Box::new),
        members: current.iter().map(|m| m.user_id).collect(),
        leaders: current
            .iter()
            .filter(|m| m.role.leads())
            .map(|m| m.user_id)
            .collect(),
        autonomous: g.autonomous,
        public: g.is_public(),
    }))
}

/// May `who` see this group at all? Members-only groups: their members and managers; public
/// groups: whoever sees their parent (a public group of a private project is as private as
/// the project, `auth::policy::may_see_scope`). Others get 404: the group does not exist for
/// them. `g` is the group `t` was built from (its visibility is in `t`).
pub fn may_see(who: Option<&Principal>, _g: &Group, t: &Target) -> bool {
    crate::auth::policy::may_see_scope(who, t)
}

/// May this group be public? Not inside a private project: a 422 on `visibility` otherwise
/// (the rule of `may_see` applied at write time, so that what is shown is what was chosen).
pub async fn check_visibility_cap(
    state: &AppState,
    g: &Group,
    errors: &mut crate::error::FieldErrors,
) -> AppResult<()> {
    if g.is_public() {
        if let Some(parent) = parent_target(state, g).await? {
            if !crate::auth::policy::may_see_scope(None, &parent) {
                errors.add("visibility", "groups-visibility-capped");
            }
        }
    }
    Ok(())
}

pub fn may_manage(who: Option<&Principal>, t: &Target) -> bool {
    authorize(who, Action::ManageGroup, t).is_ok()
}

/// Internal minutes, attendees and action items are for members and managers.
pub fn may_read_internal(who: Option<&Principal>, t: &Target) -> bool {
    authorize(who, Action::ReadGroup, t).is_ok()
}
