//! The project's groups, created from the workspace in one click: the holders' group (every
//! holder a member) and a focus group per planned use (the person who clicks animates it).
//! Their meetings, minutes, decisions and next steps live in the groups area.

use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::groups::model::{Group, GroupJoining, GroupKind, GroupRole, GroupVisibility};
use crate::ids::{ProjectId, UserId};
use crate::projects::model::{self, Project};
use crate::projects::repo;
use crate::state::AppState;

/// The groups attached to a project, by name.
pub async fn groups_of(state: &AppState, project_id: ProjectId) -> AppResult<Vec<Group>> {
    crate::groups::service::groups_of_project(&state.db, project_id).await
}

/// Memberships of a project group just created: for the holders' group every holder (the
/// `animator` animates it, the others are members), for another group the animator alone.
pub async fn add_group_people(
    state: &AppState,
    g: &Group,
    project_id: ProjectId,
    animator: UserId,
) -> AppResult<()> {
    let people: Vec<(UserId, GroupRole)> = if g.kind == GroupKind::Holders {
        repo::member_ids(&state.db, project_id)
            .await?
            .into_iter()
            .map(|u| {
                let role = if u == animator {
                    GroupRole::Animator
                } else {
                    GroupRole::Member
                };
                (u, role)
            })
            .collect()
    } else {
        vec![(animator, GroupRole::Animator)]
    };
    for (user_id, role) in people {
        crate::groups::service::ensure_member(state, g.id, user_id, role).await?;
    }
    Ok(())
}

/// Creates the holders' group (`kind` `holders`) or the focus group of a planned use
/// (`focus_group`, `use_name` one of the project's uses); 404 for anything else. An existing
/// group of the same kind and name is returned instead, with `false`.
pub async fn create_group(
    state: &AppState,
    who: &Principal,
    p: &Project,
    kind: &str,
    use_name: &str,
) -> AppResult<(Group, bool)> {
    let existing = groups_of(state, p.id).await?;
    let (name, kind, purpose) = match kind {
        "holders" => (
            model::holders_name(&p.name),
            GroupKind::Holders,
            model::holders_purpose(&p.name),
        ),
        "focus_group" => {
            let Some(u) = p.use_list().into_iter().find(|u| *u == use_name) else {
                return Err(AppError::NotFound);
            };
            (
                model::focus_name(&u, &p.name),
                GroupKind::FocusGroup,
                format!(
                    "<p>Groupe de travail sur l'usage « {u} » du projet « {} ».</p>",
                    p.name
                ),
            )
        }
        _ => return Err(AppError::NotFound),
    };
    let purpose = crate::text::sanitize_html(&purpose);
    if let Some(g) = existing
        .into_iter()
        .find(|g| g.kind == kind && g.name == name)
    {
        return Ok((g, false));
    }
    let g = crate::groups::service::create_group(
        state,
        who,
        crate::groups::service::GroupInput {
            name: &name,
            kind: Some(kind),
            purpose: &purpose,
            visibility: Some(GroupVisibility::Members),
            joining: Some(GroupJoining::Invitation),
            autonomous: false,
            network_id: None,
            place_id: None,
            project_id: Some(p.id),
            errors: Default::default(),
        },
    )
    .await?;
    add_group_people(state, &g, p.id, who.user.id).await?;
    Ok((g, true))
}
