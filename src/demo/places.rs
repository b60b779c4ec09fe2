//! Demonstration data for places: the demo places get their address, coordinates, opening
//! hours, typologies and contacts. Idempotent: saving the same values changes nothing.

use crate::error::{AppResult, FieldErrors};
use crate::ids::PlaceId;
use crate::places::model::{validate, PlaceModeration, PlaceVia, RawPlace};
use crate::places::repo::{self, SaveItem};
use crate::state::AppState;

/// (address, postcode, city, INSEE, lat, lon, hours, typologies, status, phone, website)
type Details = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static str,
    &'static str,
);

const DETAILS: [Details; 3] = [
    (
        "Allée Louis Gardiol",
        "04500",
        "Riez",
        "04166",
        "43.8188",
        "6.0925",
        "Mo-Fr 09:00-12:30,14:00-18:00; Th 09:00-12:00",
        &["coworking", "boutique-partagee"],
        "open",
        "04 92 77 00 00",
        "https://tiers-lieu-riez.example.org",
    ),
    (
        "Boulevard des Martyrs",
        "04300",
        "Forcalquier",
        "04088",
        "43.9597",
        "5.7806",
        "We 14:00-19:00; Sa 10:00-17:00",
        &["fablab"],
        "open",
        "04 92 75 00 00",
        "",
    ),
    (
        "Place du Quinconce",
        "26170",
        "Buis-les-Baronnies",
        "26063",
        "44.2756",
        "5.2714",
        "",
        &["tiers-lieu-culturel"],
        "project",
        "",
        "",
    ),
];

pub async fn enrich(state: &AppState, place_ids: &[PlaceId]) -> AppResult<()> {
    let typologies = repo::typologies(&state.db).await?;
    let mut items = Vec::new();
    for (id, d) in place_ids.iter().zip(DETAILS.iter()) {
        let Some(p) = repo::by_id(&state.db, *id).await? else {
            continue;
        };
        let raw = RawPlace {
            name: p.name.clone(),
            status: d.8.into(),
            address: d.0.into(),
            postal_code: d.1.into(),
            city: d.2.into(),
            insee_code: d.3.into(),
            latitude: d.4.into(),
            longitude: d.5.into(),
            description: p.description.clone(),
            opening_hours: d.6.into(),
            phone: d.9.into(),
            website: d.10.into(),
            typologies: d.7.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        let mut errors = FieldErrors::default();
        let input = validate(&raw, &typologies, &mut errors);
        errors.into_result()?;
        items.push(SaveItem {
            id: Some(*id),
            source: String::new(),
            source_id: String::new(),
            input,
            moderation: PlaceModeration::Published,
            network_id: None,
            user_id: None,
            via: PlaceVia::Demo,
            scope: repo::MatchScope::Any,
        });
    }
    repo::save_batch(&state.db, &items, &typologies, state.clock.now_ms()).await?;
    Ok(())
}
