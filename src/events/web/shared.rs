//! Who organizes what: the checks and choices the organizers' pages share.

use crate::auth::policy::{authorize, Action};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::events::model::Event;
use crate::events::{repo, service};
use crate::ids::{EventId, NetworkId, PlaceId};
use crate::state::AppState;
use crate::tenancy::model::Place;
use crate::tenancy::repo as tenancy;

pub(super) async fn organizer_event(state: &AppState, ctx: &Ctx, id: EventId) -> AppResult<Event> {
    let p = ctx.require_user()?;
    let ev = repo::event_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !service::can_organize(state, Some(p), &ev).await {
        return Err(AppError::NotFound);
    }
    Ok(ev)
}

/// How many places an organizer's form lists before it asks for one by name or address (a
/// national network has thousands: no select lists them all).
pub(super) const PLACES_LISTED: i64 = 50;

/// The organizers a form offers to a person.
pub(super) struct Organizers {
    /// `(lieu-ID | reseau-ID, name)`: the networks they run, then places.
    pub choices: Vec<(String, String)>,
    /// More places are theirs than listed: the form takes one by name or address.
    pub more: bool,
}

impl Organizers {
    pub(super) fn is_empty(&self) -> bool {
        self.choices.is_empty() && !self.more
    }

    pub(super) fn contains(&self, value: &str) -> bool {
        self.choices.iter().any(|(v, _)| v == value)
    }
}

/// Organizers this person may create events for: every network they run, the places they
/// manage, and the first [`PLACES_LISTED`] places of their networks (of the instance for an
/// instance admin); `wanted` (a place named by a link or chosen by name) is added when they
/// may organize for it. Bounded by the roles, not by the number of places.
pub(super) async fn organizers_of(
    state: &AppState,
    ctx: &Ctx,
    wanted: Option<PlaceId>,
) -> AppResult<Organizers> {
    let p = ctx.require_user()?;
    let mut more = false;
    let (networks, mut places) = if p.is_instance_admin() {
        let mut first = tenancy::places_first(&state.db, PLACES_LISTED + 1).await?;
        if first.len() as i64 > PLACES_LISTED {
            first.truncate(PLACES_LISTED as usize);
            more = true;
        }
        (tenancy::networks(&state.db).await?, first)
    } else {
        let mut nets = Vec::new();
        let mut places: Vec<Place> = Vec::new();
        for id in p.admin_networks() {
            nets.extend(tenancy::network_by_id(&state.db, NetworkId(id)).await?);
            let (first, total) =
                tenancy::places_of_network_first(&state.db, NetworkId(id), PLACES_LISTED).await?;
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
        let mut managed: Vec<Place> = tenancy::places_by_ids(&state.db, &missing)
            .await?
            .into_values()
            .collect();
        managed.sort_by(|a, b| a.name.cmp(&b.name));
        places.extend(managed);
        (nets, places)
    };
    if let Some(w) = wanted.filter(|w| !places.iter().any(|x| x.id == *w)) {
        if let Some(pl) = tenancy::place_by_id(&state.db, w).await? {
            let target = crate::tenancy::service::place_target(state, w).await?;
            if authorize(Some(p), Action::OrganizeEvents, &target).is_ok() {
                places.push(pl);
            }
        }
    }
    let mut choices = Vec::with_capacity(networks.len() + places.len());
    for n in networks {
        choices.push((format!("reseau-{}", n.id), n.name));
    }
    for pl in places {
        choices.push((format!("lieu-{}", pl.id), pl.name));
    }
    Ok(Organizers { choices, more })
}

/// The place a person typed in the "another place" field (its address `/lieux/slug`, its slug,
/// or its exact name), if they may organize for it. Errors on `organizer_place`: none, several
/// of that name, or not theirs.
pub(super) async fn organizer_place_named(
    state: &AppState,
    ctx: &Ctx,
    text: &str,
) -> AppResult<Result<PlaceId, &'static str>> {
    let p = ctx.require_user()?;
    let found = tenancy::places_matching(&state.db, text).await?;
    let place = match found.as_slice() {
        [] => return Ok(Err("event-error-organizer-place-unknown")),
        [one] => one,
        // The slug is unique: several only by name.
        [..] => match found.iter().find(|pl| tenancy::slug_in(text) == pl.slug) {
            Some(one) => one,
            None => return Ok(Err("event-error-organizer-place-ambiguous")),
        },
    };
    let target = crate::tenancy::service::place_target(state, place.id).await?;
    if authorize(Some(p), Action::OrganizeEvents, &target).is_err() {
        return Ok(Err("event-error-organizer-place-rights"));
    }
    Ok(Ok(place.id))
}
