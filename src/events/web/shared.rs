//! Who organizes what: the checks and choices the organizers' pages share.

use crate::auth::policy::Action;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::events::model::Event;
use crate::events::{repo, service};
use crate::ids::{EventId, PlaceId};
use crate::state::AppState;
use crate::tenancy::service::{self as tenancy_service, PlaceNamed};

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

/// Organizers this person may create events for (`tenancy::service::places_offered`).
pub(super) async fn organizers_of(
    state: &AppState,
    ctx: &Ctx,
    wanted: Option<PlaceId>,
) -> AppResult<Organizers> {
    let p = ctx.require_user()?;
    let (networks, places, more) =
        tenancy_service::places_offered(state, p, Action::OrganizeEvents, wanted).await?;
    let mut choices = Vec::with_capacity(networks.len() + places.len());
    for n in networks {
        choices.push((format!("reseau-{}", n.id), n.name));
    }
    for pl in places {
        choices.push((format!("lieu-{}", pl.id), pl.name));
    }
    Ok(Organizers { choices, more })
}

/// The place a person typed in the "another place" field, if they may organize for it.
/// Errors on `organizer_place`: none, several of that name, or not theirs.
pub(super) async fn organizer_place_named(
    state: &AppState,
    ctx: &Ctx,
    text: &str,
) -> AppResult<Result<PlaceId, &'static str>> {
    let p = ctx.require_user()?;
    Ok(
        tenancy_service::place_named(state, p, Action::OrganizeEvents, text)
            .await?
            .map_err(|e| match e {
                PlaceNamed::Unknown => "event-error-organizer-place-unknown",
                PlaceNamed::Ambiguous => "event-error-organizer-place-ambiguous",
                PlaceNamed::NotYours => "event-error-organizer-place-rights",
            }),
    )
}
