//! The agenda as other areas gather it: the occurrences to come of a network or a place over
//! a period (the agenda block of a newsletter, `letters`).

use crate::error::AppResult;
use crate::events::model::{EventKind, Item};
use crate::events::repo;
use crate::ids::{NetworkId, PlaceId};
use crate::state::AppState;

/// The published occurrences not cancelled of a network's agenda (its events and its
/// places') or of a place's, starting between `from` and `to`, of one kind if given, with the
/// label of where each is held.
pub async fn agenda_between(
    state: &AppState,
    network_id: Option<NetworkId>,
    place_id: Option<PlaceId>,
    kind: Option<EventKind>,
    (from, to): (i64, i64),
    limit: i64,
) -> AppResult<Vec<(Item, String)>> {
    let f = repo::Filter {
        network_id,
        place_id,
        kind,
        from: Some(from),
        to: Some(to),
        limit,
        ..Default::default()
    };
    let items: Vec<Item> = super::pairs(repo::agenda(&state.db, &f).await?)
        .into_iter()
        .map(|(e, o)| Item::new(e, o))
        .filter(|i| !i.cancelled())
        .collect();
    let events: Vec<_> = items.iter().map(|i| i.event.clone()).collect();
    let labels = super::location_labels(state, &events).await?;
    Ok(items.into_iter().zip(labels).collect())
}
