//! Who organizes what: the checks and choices the organizers' pages share.

use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::events::model::Event;
use crate::events::{repo, service};
use crate::ids::EventId;
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

/// Organizers this person may create events for: `(value, label)`.
pub(super) async fn organizers_of(state: &AppState, ctx: &Ctx) -> AppResult<Vec<(String, String)>> {
    let p = ctx.require_user()?;
    let mut out = Vec::new();
    let (networks, places) = if p.is_instance_admin() {
        (
            tenancy::networks(&state.db).await?,
            tenancy::places(&state.db).await?,
        )
    } else {
        let mut nets = Vec::new();
        let mut places = Vec::new();
        for id in p.admin_networks() {
            nets.extend(tenancy::network_by_id(&state.db, crate::ids::NetworkId(id)).await?);
            places.extend(tenancy::places_of_network(&state.db, crate::ids::NetworkId(id)).await?);
        }
        for id in p.managed_places() {
            if !places
                .iter()
                .any(|pl: &Place| pl.id == crate::ids::PlaceId(id))
            {
                places.extend(tenancy::place_by_id(&state.db, crate::ids::PlaceId(id)).await?);
            }
        }
        (nets, places)
    };
    for n in networks {
        out.push((format!("reseau-{}", n.id), n.name));
    }
    for pl in places {
        out.push((format!("lieu-{}", pl.id), pl.name));
    }
    Ok(out)
}
