//! The agendas' filters (the places and départements that have an upcoming event), cached:
//! they are read from every upcoming occurrence (thousands at national scale) and change only
//! when an event or a place does.
//!
//! Cached the way the directory's pages are (`cache::PageCache::through`): an entry is served
//! while the newest change of the events and of the places is the one it was computed from,
//! checked at most once a second unless this node wrote since, and never for more than
//! `cache::CACHE_TTL` (an event that ends leaves the filter within that bound). Nothing in it
//! depends on who asks.

use crate::cache::Version;
use crate::error::AppResult;
use crate::events::repo::{self, PlaceChoice};
use crate::ids::NetworkId;
use crate::state::AppState;

/// The places (of `network`, or all) and the départements an agenda's filters offer (the
/// départements of those places).
pub async fn agenda_filters(
    state: &AppState,
    network: Option<NetworkId>,
) -> AppResult<(Vec<PlaceChoice>, Vec<String>)> {
    let key = format!(
        "agenda-filters|{}",
        network.map(|n| n.to_string()).unwrap_or_default()
    );
    let compute = async {
        let now = state.clock.now_ms();
        let places = repo::places_with_upcoming(&state.db, network, now).await?;
        // The départements of those places: one reading of the upcoming dates, not two.
        let departments: Vec<String> = places
            .iter()
            .map(|p| p.department.clone())
            .filter(|d| !d.is_empty())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        Ok((places, departments))
    };
    state
        .pages
        .through_json(key, agenda_version(state), compute)
        .await
}

/// The events' newest change, the places' (a renamed place renames its choice, and the
/// location of its events in the feeds) and the number of projects the networks follow (an
/// accepted project's workshops join the agendas): what the agendas' cached filters and feeds
/// are validated against.
pub async fn agenda_version(state: &AppState) -> AppResult<Version> {
    let (events_at, events_id, followed) = repo::data_version(&state.db).await?;
    let (places_at, places_id) = crate::tenancy::repo::places_version(&state.db).await?;
    Ok((
        events_at.max(places_at),
        events_id.wrapping_mul(1_000_003) ^ places_id ^ followed.wrapping_shl(40),
    ))
}
