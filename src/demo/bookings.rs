//! Demonstration spaces and services (called by `maillage demo`; idempotent): the Riez
//! tiers-lieu's 4-seat coworking salon and meeting room, the fab lab's laser cutter, and a few
//! priced services.

use crate::bookings::model::{SpaceAccess, SpaceInput, SpaceKind, SpaceMode, SpaceUnit};
use crate::bookings::repo;
use crate::error::{AppError, AppResult};
use crate::ids::PlaceId;
use crate::services::{self, ServiceCategory, ServiceInput, ServicePriceUnit};
use crate::state::AppState;

fn space(name: &str, kind: SpaceKind, capacity: i32, mode: SpaceMode) -> SpaceInput {
    SpaceInput {
        name: name.into(),
        kind,
        capacity,
        mode,
        unit: SpaceUnit::Hour,
        min_units: 1,
        max_units: 8,
        opening_hours: String::new(),
        beyond_place_hours: false,
        lead_time_minutes: 0,
        cancel_deadline_hours: 24,
        access: SpaceAccess::SignedIn,
        requires_qualification: false,
        price_member_cents: 0,
        price_public_cents: 0,
        description: String::new(),
        equipment: String::new(),
    }
}

/// `riez` and `fablab` are the places' ids. Returns a line for the CLI's summary.
pub async fn load(state: &AppState, riez: i64, fablab: i64) -> AppResult<String> {
    let (riez, fablab) = (PlaceId(riez), PlaceId(fablab));
    let now = state.clock.now_ms();
    // The salon and the room open with the place (empty hours: the place's, closed at lunch and
    // on Thursday afternoon); the laser cutter keeps the fab lab's hours.
    let coworking = SpaceInput {
        price_member_cents: 300,
        price_public_cents: 500,
        description: "Le salon de coworking peut accueillir jusqu'à 4 personnes à la fois : \
                      wifi, café, imprimante."
            .into(),
        equipment: "Wifi fibre\nImprimante\nCafé et thé".into(),
        ..space(
            "Salon de coworking",
            SpaceKind::Coworking,
            4,
            SpaceMode::Seat,
        )
    };
    let meeting = SpaceInput {
        access: SpaceAccess::Approval,
        max_units: 12,
        price_member_cents: 1500,
        price_public_cents: 2500,
        description: "Salle de réunion et de séminaire, jusqu'à 12 personnes.".into(),
        equipment: "Vidéoprojecteur\nTableau blanc\nVisioconférence".into(),
        ..space(
            "Salle de réunion",
            SpaceKind::SalleReunion,
            12,
            SpaceMode::Room,
        )
    };
    let laser = SpaceInput {
        opening_hours: "We 14:00-19:00; Sa 10:00-17:00".into(),
        requires_qualification: true,
        max_units: 3,
        price_member_cents: 800,
        price_public_cents: 1500,
        description: "Découpeuse laser CO2 60 W, plateau 60 × 40 cm. Réservée aux personnes \
                      formées par l'équipe du fab lab."
            .into(),
        ..space(
            "Découpeuse laser",
            SpaceKind::DecoupeLaser,
            1,
            SpaceMode::Room,
        )
    };
    let mut created = 0;
    for (place, input) in [(riez, coworking), (riez, meeting), (fablab, laser)] {
        let existing = repo::spaces_of_place(&state.db, place).await?;
        if existing.iter().any(|s| s.name == input.name) {
            continue;
        }
        let draft = input.validate().map_err(AppError::Invalid)?;
        crate::bookings::service::create_space(state, place, &draft).await?;
        created += 1;
    }
    let offers = [
        (
            "Pass coworking journée",
            ServiceCategory::PassCoworking,
            1000,
            ServicePriceUnit::Jour,
            2000,
        ),
        (
            "Domiciliation d'entreprise",
            ServiceCategory::Domiciliation,
            2500,
            ServicePriceUnit::Mois,
            2000,
        ),
        (
            "Impression couleur A4",
            ServiceCategory::Impression,
            20,
            ServicePriceUnit::Page,
            2000,
        ),
        (
            "Accompagnement au numérique",
            ServiceCategory::SoutienInformatique,
            3000,
            ServicePriceUnit::Heure,
            0,
        ),
    ];
    let existing = services::of_place(&state.db, riez).await?;
    for (name, category, price_cents, unit, vat) in offers {
        if existing.iter().any(|s| s.name == name) {
            continue;
        }
        let input = ServiceInput {
            name: name.into(),
            description: String::new(),
            category,
            price_cents,
            price_unit: unit,
            vat_rate_bp: vat,
        }
        .validate()
        .map_err(AppError::Invalid)?;
        services::insert(&state.db, riez, &input, now).await?;
        created += 1;
    }
    Ok(format!(
        "Réservations : salon de coworking (4 places) et salle de réunion à Riez, découpeuse laser au fab lab ({created} ajout(s))."
    ))
}
