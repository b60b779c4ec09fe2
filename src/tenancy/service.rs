//! Tenancy decisions other areas ask for: the authorization target of a place (its networks),
//! of a project (its network, its holders and advisors). Read from the tenants' tables; the
//! decisions themselves are in `auth::policy`.

use super::model::{parse_description, parse_name, parse_siret, Network, OrganizationKind};
use super::repo;
use crate::auth::policy::{authorize, Action, ProjectTarget, Target};
use crate::auth::Principal;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::{NetworkId, PlaceId};
use crate::state::AppState;

/// The authorization target of a place of these networks.
pub fn place_target_of(place_id: PlaceId, networks: &[NetworkId]) -> Target {
    Target::Place {
        id: place_id.get(),
        networks: networks.iter().map(|n| n.get()).collect(),
    }
}

/// The authorization target of a network.
pub fn network_target(network_id: NetworkId) -> Target {
    Target::Network(network_id.get())
}

pub async fn place_target(state: &AppState, place_id: PlaceId) -> AppResult<Target> {
    let networks = repo::networks_of_place(&state.db, place_id).await?;
    Ok(place_target_of(place_id, &networks))
}

/// A new network (instance administrators): name and description checked, first free slug.
pub async fn create_network(
    state: &AppState,
    who: Option<&Principal>,
    name: &str,
    description: &str,
) -> AppResult<Network> {
    authorize(who, Action::AdministerInstance, &Target::Instance)?;
    let mut errors = FieldErrors::default();
    let name = parse_name(name, &mut errors);
    let description = parse_description(description, &mut errors);
    let (name, slug) = match (name, errors.is_empty()) {
        (Some(ns), true) => ns,
        _ => return Err(AppError::Invalid(errors)),
    };
    repo::insert_network(&state.db, &name, &slug, &description, state.clock.now_ms()).await
}

/// A network's name and description, changed by its admins.
pub async fn update_network(
    state: &AppState,
    who: Option<&Principal>,
    id: NetworkId,
    name: &str,
    description: &str,
) -> AppResult<()> {
    authorize(who, Action::ManageNetwork, &network_target(id))?;
    let mut errors = FieldErrors::default();
    let name = parse_name(name, &mut errors);
    let description = parse_description(description, &mut errors);
    match (name, errors.is_empty()) {
        (Some((name, _)), true) => repo::update_network(&state.db, id, &name, &description).await,
        _ => Err(AppError::Invalid(errors)),
    }
}

/// A new organization (structure porteuse), by an instance or network administrator. `kind`
/// is the form's text, one of [`OrganizationKind`].
pub async fn create_organization(
    state: &AppState,
    who: &Principal,
    name: &str,
    kind: &str,
    siret: &str,
) -> AppResult<()> {
    if !who.is_instance_admin() && who.admin_networks().is_empty() {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    let name = parse_name(name, &mut errors);
    let kind = crate::form::parse::parse_enum::<OrganizationKind>(kind, "kind", &mut errors);
    let siret = parse_siret(siret)
        .map_err(|k| errors.add("siret", k))
        .ok()
        .flatten();
    match (name, kind, errors.is_empty()) {
        (Some((name, _)), Some(kind), true) => {
            repo::insert_organization(
                &state.db,
                &name,
                kind,
                siret.as_deref(),
                state.clock.now_ms(),
            )
            .await?;
            Ok(())
        }
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Revokes a role (whoever may grant it may revoke it), audited; answers the admin page of the
/// role's scope, where the person came from.
pub async fn revoke_role(
    state: &AppState,
    who: Option<&Principal>,
    role_id: i64,
    ip: &str,
) -> AppResult<String> {
    use crate::accounts::repo as accounts;
    let role = accounts::role_by_id(&state.db, role_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (target, back) = match (role.network_id, role.place_id) {
        (Some(n), _) => (Target::Network(n), format!("/admin/reseaux/{n}")),
        (_, Some(p)) => (
            place_target(state, PlaceId(p)).await?,
            format!("/admin/lieux/{p}"),
        ),
        _ => (Target::Instance, "/admin".to_string()),
    };
    crate::auth::policy::may_grant(who, role.kind, &target)?;
    accounts::revoke_role(&state.db, role_id).await?;
    accounts::audit(
        &state.db,
        state.clock.now_ms(),
        who.map(|p| p.user.id),
        "role_revoked",
        ip,
        role.kind.as_str(),
    )
    .await?;
    Ok(back)
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
    network_id: Option<NetworkId>,
    public: bool,
) -> AppResult<Target> {
    Ok(Target::Project(ProjectTarget {
        id,
        network: network_id.map(NetworkId::get),
        members: repo::project_member_ids(&state.db, id).await?,
        public,
    }))
}

async fn scope_of(
    state: &AppState,
    row: Option<repo::ProjectRow>,
) -> AppResult<Option<ProjectScope>> {
    let Some(r) = row else { return Ok(None) };
    Ok(Some(ProjectScope {
        target: project_target(state, r.id, r.network_id, r.public).await?,
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
