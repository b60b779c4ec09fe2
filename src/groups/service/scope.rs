//! Who may see and manage a group: its authorization target, from its parent (network,
//! place or project) and its current roles.

use std::collections::HashMap;

use crate::auth::policy::{authorize, Action, GroupTarget, Target};
use crate::auth::Principal;
use crate::error::AppResult;
use crate::groups::model::{Group, Membership};
use crate::groups::repo::{self, Viewer};
use crate::ids::{GroupId, PlaceId, UserId};
use crate::state::AppState;

/// What `who` may see of groups, from their roles (no query): the scope the lists of groups
/// and decisions are read with (`repo::Viewer`, the rule of [`may_see`] in SQL).
pub fn viewer(who: Option<&Principal>, now: i64) -> Viewer {
    match who {
        None => Viewer {
            now,
            ..Default::default()
        },
        Some(p) => Viewer {
            user_id: Some(p.user.id),
            instance_admin: p.is_instance_admin(),
            networks: p.admin_networks(),
            places: p.managed_places(),
            now,
        },
    }
}

/// One page of the groups `who` may see ([`may_see`]), by name, those whose name contains `q`
/// when it is not empty, and their number. Two statements, whatever the number of groups.
pub async fn visible_groups(
    state: &AppState,
    who: Option<&Principal>,
    q: &str,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<Group>, i64)> {
    let v = viewer(who, state.clock.now_ms());
    repo::visible_groups_page(&state.db, &v, q, limit, offset).await
}

/// May this person create a group somewhere? Instance administrators, network administrators
/// and place managers (a project's groups are created from its workspace): read from their
/// roles, no query.
pub fn may_create_groups(who: &Principal) -> bool {
    who.is_instance_admin() || !who.admin_networks().is_empty() || !who.managed_places().is_empty()
}

/// The interim presidents of a list of groups ([`super::interim_president`] for each): the
/// place of each club of a place without a current président·e. Two statements for the list.
pub async fn interim_presidents(
    state: &AppState,
    groups: &[Group],
) -> AppResult<HashMap<GroupId, String>> {
    let of_places: Vec<&Group> = groups.iter().filter(|g| g.place_id.is_some()).collect();
    if of_places.is_empty() {
        return Ok(HashMap::new());
    }
    let ids: Vec<GroupId> = of_places.iter().map(|g| g.id).collect();
    let presided = repo::with_president(&state.db, &ids, state.clock.now_ms()).await?;
    let waiting: Vec<&Group> = of_places
        .into_iter()
        .filter(|g| !presided.contains(&g.id))
        .collect();
    let place_ids: Vec<PlaceId> = waiting.iter().filter_map(|g| g.place_id).collect();
    let places = crate::tenancy::repo::places_by_ids(&state.db, &place_ids).await?;
    Ok(waiting
        .into_iter()
        .filter_map(|g| {
            let place = places.get(&g.place_id?)?;
            Some((g.id, place.name.clone()))
        })
        .collect())
}

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
    let parent = parent_target(state, g).await?;
    Ok(target_with_parent(g, members, parent, now))
}

/// The target of `g` under `parent`, from its memberships current at `now`.
fn target_with_parent(
    g: &Group,
    members: &[Membership],
    parent: Option<Target>,
    now: i64,
) -> Target {
    let current: Vec<&Membership> = members.iter().filter(|m| m.is_current(now)).collect();
    Target::Group(GroupTarget {
        id: g.id.get(),
        parent: parent.map(Box::new),
        members: current.iter().map(|m| m.user_id).collect(),
        leaders: current
            .iter()
            .filter(|m| m.role.leads())
            .map(|m| m.user_id)
            .collect(),
        autonomous: g.autonomous,
        public: g.is_public(),
    })
}

/// The targets of the groups `ids` that exist, in a constant number of statements whatever
/// their number (their rows, their memberships, their parents' places and projects): the same
/// targets as [`target`], for lists that check many groups at once.
pub async fn targets(state: &AppState, ids: &[GroupId]) -> AppResult<HashMap<GroupId, Target>> {
    targets_for(state, ids, None).await
}

/// [`targets`] for deciding what one person may do, `Some(viewer)` (`Some(None)`: a visitor):
/// the targets hold only that person's memberships, so a list of documents from hundreds of
/// groups does not read every member of each. A target built this way answers for that
/// person only.
pub async fn targets_for(
    state: &AppState,
    ids: &[GroupId],
    viewer: Option<Option<UserId>>,
) -> AppResult<HashMap<GroupId, Target>> {
    let now = state.clock.now_ms();
    let groups = repo::groups_by_ids(&state.db, ids).await?;
    let found: Vec<GroupId> = groups.iter().map(|g| g.id).collect();
    let mut members = repo::memberships_of_groups(&state.db, &found, viewer).await?;
    let places: Vec<PlaceId> = groups
        .iter()
        .filter(|g| g.network_id.is_none())
        .filter_map(|g| g.place_id)
        .collect();
    let projects: Vec<i64> = groups
        .iter()
        .filter(|g| g.network_id.is_none() && g.place_id.is_none())
        .filter_map(|g| g.project_id.map(|p| p.get()))
        .collect();
    let place_targets = crate::tenancy::service::place_targets(state, &places).await?;
    let project_scopes = crate::tenancy::service::project_scopes(state, &projects).await?;
    Ok(groups
        .into_iter()
        .map(|g| {
            let parent = match (g.network_id, g.place_id, g.project_id) {
                (Some(n), _, _) => Some(Target::Network(n.get())),
                (None, Some(p), _) => place_targets.get(&p).cloned(),
                (None, None, Some(pid)) => project_scopes.get(&pid.get()).map(|s| s.target.clone()),
                _ => None,
            };
            let all = members.remove(&g.id).unwrap_or_default();
            (g.id, target_with_parent(&g, &all, parent, now))
        })
        .collect())
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

/// The first `limit` public groups of a network, by name (its public page: everyone sees
/// them, their parent being the network). One statement.
pub async fn public_of_network(
    state: &AppState,
    network: crate::ids::NetworkId,
    limit: i64,
) -> AppResult<Vec<Group>> {
    repo::public_of_network(&state.db, network, limit).await
}

/// The groups `who` manages ([`may_manage`]) where requests to join wait, with their number,
/// most requests first, at most `limit` ("Mon espace"): a constant number of statements
/// (the candidates among the groups they may read, then those groups' targets).
pub async fn join_requests_to_decide(
    state: &AppState,
    who: &Principal,
    limit: usize,
) -> AppResult<Vec<(Group, i64)>> {
    let v = viewer(Some(who), state.clock.now_ms());
    let waiting = repo::with_join_requests(&state.db, &v, 200).await?;
    let ids: Vec<GroupId> = waiting.iter().map(|(g, _)| *g).collect();
    let targets = targets(state, &ids).await?;
    let managed: Vec<(GroupId, i64)> = waiting
        .into_iter()
        .filter(|(g, _)| targets.get(g).is_some_and(|t| may_manage(Some(who), t)))
        .take(limit)
        .collect();
    let ids: Vec<GroupId> = managed.iter().map(|(g, _)| *g).collect();
    let mut groups: HashMap<GroupId, Group> = repo::groups_by_ids(&state.db, &ids)
        .await?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    Ok(managed
        .into_iter()
        .filter_map(|(id, n)| groups.remove(&id).map(|g| (g, n)))
        .collect())
}
