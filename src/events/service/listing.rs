//! Reading events for lists: where they are held, their images, their occurrences as cards
//! (one card per event with its next dates in the agendas' lists).

use super::super::model::{Event, Item, LaterDate, Occurrence};
use super::super::repo;
use crate::error::AppResult;
use crate::ids::{EventId, PlaceId, UserId};
use crate::state::AppState;

/// Where an event takes place, in words: "Salle de réunion, Tiers-lieu de Riez, Riez", an
/// address, or the online link (for iCalendar's LOCATION and schema.org).
pub async fn location_label(state: &AppState, ev: &Event) -> AppResult<String> {
    Ok(location_labels(state, std::slice::from_ref(ev))
        .await?
        .pop()
        .unwrap_or_default())
}

/// [`location_label`] of several events, with two statements whatever their number (lists).
pub async fn location_labels(state: &AppState, events: &[Event]) -> AppResult<Vec<String>> {
    let mut space_ids: Vec<crate::ids::SpaceId> =
        events.iter().filter_map(|e| e.space_id).collect();
    space_ids.sort();
    space_ids.dedup();
    let mut place_ids: Vec<crate::ids::PlaceId> =
        events.iter().filter_map(|e| e.location_place_id).collect();
    place_ids.sort();
    place_ids.dedup();
    let spaces = crate::bookings::service::spaces(&state.db, &space_ids).await?;
    let places = crate::tenancy::repo::places_by_ids(&state.db, &place_ids).await?;
    Ok(events
        .iter()
        .map(|ev| {
            let mut parts: Vec<String> = Vec::new();
            if let Some(s) = ev
                .space_id
                .and_then(|sid| spaces.iter().find(|s| s.id == sid))
            {
                parts.push(s.name.clone());
            }
            if let Some(p) = ev.location_place_id.and_then(|pid| places.get(&pid)) {
                parts.push(p.name.clone());
                if !p.city.is_empty() {
                    parts.push(p.city.clone());
                }
            }
            if !ev.address.is_empty() {
                parts.push(ev.address.clone());
            }
            if parts.is_empty() && !ev.online_url.is_empty() {
                parts.push(ev.online_url.clone());
            }
            parts.join(", ")
        })
        .collect())
}

/// The owner kind of event images in `photos`.
pub const IMAGE_KIND: crate::media::PhotoOwner = crate::media::PhotoOwner::Event;

/// The event's image (the latest one stored; replacing deletes the others).
pub async fn image_of(
    state: &AppState,
    event_id: EventId,
) -> AppResult<Option<crate::media::Photo>> {
    Ok(crate::media::of(&state.db, IMAGE_KIND, event_id.get())
        .await?
        .into_iter()
        .last())
}

/// Sets (or replaces) the image of an event: checked, resized and re-encoded by `media`.
pub async fn set_image(
    state: &AppState,
    ev: &Event,
    bytes: Option<&[u8]>,
    alt: &str,
    by: Option<UserId>,
) -> AppResult<crate::media::Photo> {
    let before = crate::media::of(&state.db, IMAGE_KIND, ev.id.get()).await?;
    let photo = crate::media::add(
        &state.db,
        IMAGE_KIND,
        ev.id.get(),
        bytes,
        alt,
        by,
        state.clock.now_ms(),
    )
    .await?;
    for old in before {
        crate::media::delete(&state.db, IMAGE_KIND, ev.id.get(), old.id).await?;
    }
    Ok(photo)
}

/// Removes the image of an event; false when it had none.
pub async fn delete_image(state: &AppState, ev: &Event) -> AppResult<bool> {
    let mut any = false;
    for old in crate::media::of(&state.db, IMAGE_KIND, ev.id.get()).await? {
        any |= crate::media::delete(&state.db, IMAGE_KIND, ev.id.get(), old.id).await?;
    }
    Ok(any)
}

/// Agenda items as (event, occurrence) pairs.
pub fn pairs(items: Vec<repo::AgendaItem>) -> Vec<(Event, Occurrence)> {
    items
        .into_iter()
        .map(|i| {
            let occ = Occurrence {
                id: i.occ_id,
                event_id: i.event.id,
                starts_at: i.occ_starts_at,
                ends_at: i.occ_ends_at,
                cancelled: i.occ_cancelled,
            };
            (i.event, occ)
        })
        .collect()
}
/// Items with their events' images (one query for all of them).
pub async fn with_images(state: &AppState, mut items: Vec<Item>) -> AppResult<Vec<Item>> {
    let mut ids: Vec<i64> = items.iter().map(|i| i.event.id.get()).collect();
    ids.sort_unstable();
    ids.dedup();
    let images = crate::media::of_many(&state.db, IMAGE_KIND, &ids).await?;
    for i in &mut items {
        // The latest wins, as in `service::image_of`.
        i.image = images
            .get(&i.event.id.get())
            .and_then(|v| v.last())
            .cloned();
    }
    Ok(items)
}

/// How many later dates a card of the agenda's list shows.
pub const LATER_SHOWN: i64 = 3;

/// Gives each item its next dates in the window (`from`, `to`) and their count: one statement.
pub async fn with_later_dates(
    state: &AppState,
    mut items: Vec<Item>,
    from: i64,
    to: Option<i64>,
) -> AppResult<Vec<Item>> {
    let ids: Vec<i64> = items
        .iter()
        .filter(|i| i.event.rrule.is_some())
        .map(|i| i.event.id.get())
        .collect();
    let rows = repo::next_dates(&state.db, &ids, from, to, LATER_SHOWN).await?;
    for i in &mut items {
        for r in rows.iter().filter(|r| r.event_id == i.event.id.get()) {
            i.total = r.total;
            i.later.push(LaterDate {
                starts_at: r.starts_at,
                ends_at: r.ends_at,
                cancelled: r.cancelled,
            });
        }
    }
    Ok(items)
}

/// Upcoming events of a place, for its page.
pub async fn upcoming_of_place(
    state: &AppState,
    place_id: PlaceId,
    n: i64,
) -> AppResult<Vec<Item>> {
    let f = repo::Filter {
        place_id: Some(place_id),
        from: Some(state.clock.now_ms()),
        limit: n,
        first_only: true,
        ..Default::default()
    };
    let items = pairs(repo::agenda(&state.db, &f).await?)
        .into_iter()
        .map(|(e, o)| Item::new(e, o))
        .collect();
    let items = with_images(state, items).await?;
    with_later_dates(state, items, state.clock.now_ms(), None).await
}
