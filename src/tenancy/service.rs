//! Tenancy decisions other areas ask for: the authorization target of a place (its networks),
//! of a project (its network, its holders and advisors). Read from the tenants' tables; the
//! decisions themselves are in `auth::policy`.

use super::repo;
use crate::auth::policy::{authorize, Action, ProjectTarget, Target};
use crate::auth::Principal;
use crate::error::AppResult;
use crate::state::AppState;

pub async fn place_target(state: &AppState, place_id: i64) -> AppResult<Target> {
    Ok(Target::Place {
        id: place_id,
        networks: repo::networks_of_place(&state.db, place_id).await?,
    })
}

/// A project seen as a scope (groups, documents and events can belong to one): enough to name
/// it, link to it and decide who may see or manage what it holds. The `projects` area owns
/// the record; this is the read every lower area needs without depending on it.
#[derive(Debug, Clone)]
pub struct ProjectScope {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub public: bool,
    pub target: Target,
}

impl ProjectScope {
    /// Public projects are for everyone; private ones for their holders and advisors.
    pub fn may_see(&self, who: Option<&Principal>) -> bool {
        may_see_project(who, self.public, &self.target)
    }

    /// Holders and advisors (and the network's admins) manage the project.
    pub fn may_manage(&self, who: Option<&Principal>) -> bool {
        authorize(who, Action::ManageProject, &self.target).is_ok()
    }
}

/// The visibility rule of a project: public, or `who` may read it as holder or advisor.
pub fn may_see_project(who: Option<&Principal>, public: bool, target: &Target) -> bool {
    public || authorize(who, Action::ReadProject, target).is_ok()
}

/// The authorization target of a project: its network and its holders.
pub async fn project_target(
    state: &AppState,
    id: i64,
    network_id: Option<i64>,
) -> AppResult<Target> {
    Ok(Target::Project(ProjectTarget {
        id,
        network: network_id,
        members: repo::project_member_ids(&state.db, id).await?,
    }))
}

async fn scope_of(
    state: &AppState,
    row: Option<repo::ProjectRow>,
) -> AppResult<Option<ProjectScope>> {
    let Some(r) = row else { return Ok(None) };
    Ok(Some(ProjectScope {
        target: project_target(state, r.id, r.network_id).await?,
        id: r.id,
        slug: r.slug,
        name: r.name,
        public: r.public,
    }))
}

/// The project `id` as a scope, if it exists.
pub async fn project_scope(state: &AppState, id: i64) -> AppResult<Option<ProjectScope>> {
    let row = repo::project_row(&state.db, id).await?;
    scope_of(state, row).await
}

/// The project at `slug` as a scope, if it exists.
pub async fn project_scope_by_slug(
    state: &AppState,
    slug: &str,
) -> AppResult<Option<ProjectScope>> {
    let row = repo::project_row_by_slug(&state.db, slug).await?;
    scope_of(state, row).await
}
