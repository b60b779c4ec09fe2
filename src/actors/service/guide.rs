//! The visitor guide of a place or a network ("autour du lieu"): the actors of the guide's
//! categories and the coworkings, by section, with their distance and whether they are open.

use super::super::model::{FieldVisibility, GuideEntry, GuideSection};
use super::super::repo::{self, CoworkingScope, Filters};
use super::GUIDE_RADIUS_KM;
use crate::error::AppResult;
use crate::ids::{ActorId, NetworkId, PlaceId};
use crate::state::AppState;

/// A guide lists at most this many actors (a leaflet, not a directory).
pub const GUIDE_CAP: i64 = 300;

/// Whose visitor guide: a place (and its point), or a network.
#[derive(Debug, Clone, Copy)]
pub enum GuideScope {
    Place(PlaceId, Option<(f64, f64)>),
    Network(NetworkId),
}

/// A visitor guide: the point distances are measured from, and its sections (the empty ones
/// left out), each in the guide's order ([`super::super::model::sort_guide`]).
pub struct Guide {
    pub from: Option<(f64, f64)>,
    pub sections: Vec<(GuideSection, Vec<GuideEntry>)>,
}

/// The visitor guide of a place or a network, in a fixed number of statements: the actors
/// of the guide's categories, their categories, the coworkings (and, for a network without
/// `near`, the centre of its places).
pub async fn guide(
    state: &AppState,
    scope: GuideScope,
    near: Option<(f64, f64)>,
) -> AppResult<Guide> {
    let (f, from, cowork) = match scope {
        GuideScope::Place(id, point) => (
            Filters {
                place: Some(id),
                ..Filters::default()
            },
            near.or(point),
            match point {
                Some((la, lo)) => CoworkingScope::Near(id, la, lo, GUIDE_RADIUS_KM),
                None => CoworkingScope::Place(id),
            },
        ),
        GuideScope::Network(n) => (
            Filters {
                network: Some(n),
                ..Filters::default()
            },
            match near {
                Some(p) => Some(p),
                None => network_centre(state, n).await?,
            },
            CoworkingScope::Network(n),
        ),
    };
    let rows =
        repo::in_categories(&state.db, &f, &GuideSection::all_categories(), GUIDE_CAP).await?;
    let ids: Vec<ActorId> = rows.iter().map(|a| a.id).collect();
    let cats = repo::categories_of(&state.db, &ids).await?;
    let places = repo::coworkings(&state.db, cowork).await?;
    let now = state.clock.now();
    let open = |h: &str| {
        (!h.is_empty())
            .then(|| crate::hours::OpeningHours::parse(h).ok())
            .flatten()
            .map(|h| h.is_open(now))
    };
    let dist = |p: Option<(f64, f64)>| {
        from.zip(p)
            .map(|(a, b)| super::super::model::distance_km(a, b))
    };
    let mut sections: Vec<(GuideSection, Vec<GuideEntry>)> =
        GuideSection::ALL.iter().map(|s| (*s, Vec::new())).collect();
    for a in rows {
        let slugs: Vec<&str> = cats
            .get(&a.id)
            .map(|v| v.iter().map(|c| c.slug.as_str()).collect())
            .unwrap_or_default();
        let public_point = match (a.latitude, a.longitude) {
            (Some(la), Some(lo)) if a.address_visibility == FieldVisibility::Public => {
                Some((la, lo))
            }
            _ => None,
        };
        let entry = GuideEntry {
            name: a.name.clone(),
            href: format!("/acteurs/{}", a.slug),
            what_key: a.subtype.label_key(),
            city: a.city.clone(),
            phone: if a.phone_visibility == FieldVisibility::Public {
                a.phone.clone()
            } else {
                String::new()
            },
            open_now: open(&a.opening_hours),
            distance_km: dist(public_point),
            point: public_point,
        };
        for s in GuideSection::of_categories(slugs.iter().copied()) {
            if let Some((_, v)) = sections.iter_mut().find(|(x, _)| *x == s) {
                v.push(entry.clone());
            }
        }
    }
    if let Some((_, v)) = sections
        .iter_mut()
        .find(|(x, _)| *x == GuideSection::Travailler)
    {
        for p in places {
            let point = p.latitude.zip(p.longitude);
            v.push(GuideEntry {
                name: p.name,
                href: format!("/lieux/{}", p.slug),
                what_key: "guide-what-coworking".into(),
                city: p.city,
                phone: p.phone,
                open_now: open(&p.opening_hours),
                distance_km: dist(point),
                point,
            });
        }
    }
    sections.retain(|(_, v)| !v.is_empty());
    for (_, v) in sections.iter_mut() {
        super::super::model::sort_guide(v);
    }
    Ok(Guide { from, sections })
}

/// The centre of network `n`'s located places (where its guide measures from), through the
/// page cache validated by the places' data version: an average over thousands of places
/// (47 ms for a 5 000-place network) read once, not on every view of the guide. A place
/// joining or leaving the network moves it within `cache::CACHE_TTL`.
async fn network_centre(state: &AppState, n: NetworkId) -> AppResult<Option<(f64, f64)>> {
    state
        .pages
        .through_json(
            format!("network-centre|{n}"),
            crate::places::service::data_version(state),
            repo::network_centre(&state.db, n),
        )
        .await
}
