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

/// The authorization targets of the places `ids` that exist, in two statements whatever
/// their number (a list checking many places: the documents of every scope).
pub async fn place_targets(
    state: &AppState,
    ids: &[PlaceId],
) -> AppResult<std::collections::HashMap<PlaceId, Target>> {
    let places = repo::places_by_ids(&state.db, ids).await?;
    let existing: Vec<PlaceId> = places.keys().copied().collect();
    let networks = repo::networks_of_places(&state.db, &existing).await?;
    Ok(existing
        .into_iter()
        .map(|id| {
            let of = networks.get(&id).map(Vec::as_slice).unwrap_or(&[]);
            (id, place_target_of(id, of))
        })
        .collect())
}

/// Which of `ids` are networks that exist (one statement).
pub async fn existing_networks(
    state: &AppState,
    ids: &[NetworkId],
) -> AppResult<std::collections::HashSet<NetworkId>> {
    repo::existing_networks(&state.db, ids).await
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

/// The projects among `ids` that exist, as scopes, in two statements whatever their number.
pub async fn project_scopes(
    state: &AppState,
    ids: &[i64],
) -> AppResult<std::collections::HashMap<i64, ProjectScope>> {
    let rows = repo::project_rows(&state.db, ids).await?;
    let found: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut members = repo::project_member_ids_of(&state.db, &found).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let target = Target::Project(ProjectTarget {
                id: r.id,
                network: r.network_id.map(NetworkId::get),
                members: members.remove(&r.id).unwrap_or_default(),
                public: r.public,
            });
            let scope = ProjectScope {
                target,
                id: r.id,
                slug: r.slug,
                name: r.name,
                public: r.public,
            };
            (scope.id, scope)
        })
        .collect())
}

/// The project at `slug` as a scope, if it exists.
pub async fn project_scope_by_slug(
    state: &AppState,
    slug: &str,
) -> AppResult<Option<ProjectScope>> {
    let row = repo::project_row_by_slug(&state.db, slug).await?;
    scope_of(state, row).await
}

/// How many places a form lists before it asks for one by name or address (a national network
/// has thousands: no select lists them all).
pub const PLACES_LISTED: i64 = 50;

/// The networks and places a form offers a person for `action`: every network they run, the
/// places they manage and the first [`PLACES_LISTED`] places of their networks (of the instance
/// for an instance admin); `wanted` (a place named by a link or chosen by name) is added when
/// `action` is allowed on it. `more`: they have more places than listed. Bounded by the roles,
/// not by the number of places (the event form, the calendar import, the group form).
pub async fn places_offered(
    state: &AppState,
    p: &Principal,
    action: Action,
    wanted: Option<PlaceId>,
) -> AppResult<(Vec<Network>, Vec<super::model::Place>, bool)> {
    let mut more = false;
    let (networks, mut places) = if p.is_instance_admin() {
        let mut first = repo::places_first(&state.db, PLACES_LISTED + 1).await?;
        if first.len() as i64 > PLACES_LISTED {
            first.truncate(PLACES_LISTED as usize);
            more = true;
        }
        (repo::networks(&state.db).await?, first)
    } else {
        let mut nets = Vec::new();
        let mut places: Vec<super::model::Place> = Vec::new();
        for id in p.admin_networks() {
            nets.extend(repo::network_by_id(&state.db, NetworkId(id)).await?);
            let (first, total) =
                repo::places_of_network_first(&state.db, NetworkId(id), PLACES_LISTED).await?;
            more |= total > first.len() as i64;
            for pl in first {
                if !places.iter().any(|x| x.id == pl.id) {
                    places.push(pl);
                }
            }
        }
        let missing: Vec<PlaceId> = p
            .managed_places()
            .into_iter()
            .map(PlaceId)
            .filter(|id| !places.iter().any(|x| x.id == *id))
            .collect();
        let mut managed: Vec<super::model::Place> = repo::places_by_ids(&state.db, &missing)
            .await?
            .into_values()
            .collect();
        managed.sort_by(|a, b| a.name.cmp(&b.name));
        places.extend(managed);
        (nets, places)
    };
    if let Some(w) = wanted.filter(|w| !places.iter().any(|x| x.id == *w)) {
        if let Some(pl) = repo::place_by_id(&state.db, w).await? {
            if authorize(Some(p), action, &place_target(state, w).await?).is_ok() {
                places.push(pl);
            }
        }
    }
    Ok((networks, places, more))
}

/// Why a place typed in a form was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceNamed {
    Unknown,
    /// Several places have that name: the address is asked for.
    Ambiguous,
    /// The person may not do `action` there.
    NotYours,
}

/// The place a person typed (its address `/lieux/slug`, its slug, or its exact name), if
/// `action` is allowed on it.
pub async fn place_named(
    state: &AppState,
    p: &Principal,
    action: Action,
    text: &str,
) -> AppResult<Result<PlaceId, PlaceNamed>> {
    let found = repo::places_matching(&state.db, text).await?;
    let place = match found.as_slice() {
        [] => return Ok(Err(PlaceNamed::Unknown)),
        [one] => one,
        // The slug is unique: several only by name.
        [..] => match found.iter().find(|pl| repo::slug_in(text) == pl.slug) {
            Some(one) => one,
            None => return Ok(Err(PlaceNamed::Ambiguous)),
        },
    };
    if authorize(Some(p), action, &place_target(state, place.id).await?).is_err() {
        return Ok(Err(PlaceNamed::NotYours));
    }
    Ok(Ok(place.id))
}
