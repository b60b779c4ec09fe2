//! Who may publish where: one rule for every write of an event — the agenda's pages, the API,
//! the calendar import and a project's workshops —, checked at creation and at every edit.
//!
//! - the **organizer** (a place or a network) exists and the caller organizes for it
//!   ([`Action::OrganizeEvents`]); a project's workshop is organized by the project (its
//!   holders and advisors, checked by the projects area) with the project's network;
//! - a **place's event reaches a network's agenda** (`network_id` beside `place_id`) only if
//!   the place belongs to that network (422 on `network_id`);
//! - a **hosting place** (`location_place_id`) other than the organizing place must exist and
//!   be managed by the caller (422 on `location_place_id`): nobody publishes in another
//!   place's agenda;
//! - a **space** must be one of the hosting place's (else the organizing place's) spaces, still
//!   active unless the event was already held there (422 on `space_id`).
//!
//! What an edit leaves as it was (the same hosting place, the same organizer) is not checked
//! again: it was checked when it was set.

use crate::auth::policy::{authorize, Action, Target};
use crate::auth::Principal;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::events::model::{Event, NewEvent};
use crate::ids::{NetworkId, PlaceId};
use crate::state::AppState;

/// The tenant an event belongs to, for the policy.
pub async fn organizer_target(
    state: &AppState,
    network_id: Option<NetworkId>,
    place_id: Option<PlaceId>,
) -> AppResult<Target> {
    match (place_id, network_id) {
        (Some(p), _) => crate::tenancy::service::place_target(state, p).await,
        (None, Some(n)) => Ok(Target::Network(n.get())),
        (None, None) => Err(AppError::NotFound),
    }
}

/// Who writes the event, for [`check`].
#[derive(Clone, Copy)]
pub enum Author<'a> {
    /// A person writing for a place or a network (pages, API, import): organizer rights.
    Organizer(&'a Principal),
    /// A holder or advisor of the project that organizes the event (checked by the projects
    /// area): no rights on the network are asked, only on the places the event uses.
    ProjectHolder(&'a Principal),
    /// The command line and the demonstration data: trusted.
    System,
}

impl<'a> Author<'a> {
    fn person(self) -> Option<&'a Principal> {
        match self {
            Author::Organizer(p) | Author::ProjectHolder(p) => Some(p),
            Author::System => None,
        }
    }
}

/// The rule (see the module's documentation): `before` is the event being edited (`None` at
/// creation). Errors: 404 for an unknown organizer or one the caller does not organize for,
/// 422 naming every field that breaks the rule.
pub async fn check(
    state: &AppState,
    who: Author<'_>,
    e: &NewEvent,
    before: Option<&Event>,
) -> AppResult<()> {
    let same_organizer =
        before.is_some_and(|b| b.network_id == e.network_id && b.place_id == e.place_id);
    if let (Author::Organizer(p), false) = (who, same_organizer) {
        if let Some(pl) = e.place_id {
            crate::tenancy::repo::place_by_id(&state.db, pl)
                .await?
                .ok_or(AppError::NotFound)?;
        }
        if let Some(n) = e.network_id {
            crate::tenancy::repo::network_by_id(&state.db, n)
                .await?
                .ok_or(AppError::NotFound)?;
        }
        let target = organizer_target(state, e.network_id, e.place_id).await?;
        authorize(Some(p), Action::OrganizeEvents, &target)?;
    }
    let mut f = FieldErrors::default();
    // A place's event in a network's agenda: the place belongs to the network.
    if let (Some(pl), Some(n), false) = (e.place_id, e.network_id, same_organizer) {
        if !crate::tenancy::repo::networks_of_place(&state.db, pl)
            .await?
            .contains(&n)
        {
            f.add("network_id", "event-error-network-place");
        }
    }
    // Another place hosts it: it exists, and the caller manages it.
    let host_ok = match e.location_place_id {
        Some(lp) if Some(lp) != e.place_id => {
            let unchanged = before.is_some_and(|b| b.location_place_id == Some(lp));
            if unchanged {
                true
            } else if crate::tenancy::repo::place_by_id(&state.db, lp)
                .await?
                .is_none()
            {
                f.add("location_place_id", "event-error-host-place");
                false
            } else if let Some(p) = who.person() {
                let target = crate::tenancy::service::place_target(state, lp).await?;
                let ok = authorize(Some(p), Action::OrganizeEvents, &target).is_ok();
                if !ok {
                    f.add("location_place_id", "event-error-host-place-rights");
                }
                ok
            } else {
                true
            }
        }
        _ => true,
    };
    // Its space is one of the hosting place's.
    if let Some(sid) = e.space_id {
        let already = before.and_then(|b| b.space_id);
        let ok = match (
            crate::bookings::service::space(&state.db, sid).await?,
            e.location_place_id,
        ) {
            (Some(s), Some(p)) => s.place_id == p && (s.active || already == Some(sid)),
            _ => false,
        };
        if !ok || !host_ok {
            f.add("space_id", "event-error-space");
        }
    }
    f.into_result()
}
