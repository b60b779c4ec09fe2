//! `maillage demo`: a realistic French demonstration, idempotent (running it twice changes
//! nothing). Names and places come from the seeds: the Riez tiers-lieu with its 4-seat
//! coworking room, a fab lab, the Buis-les-Baronnies project in emergence. The generated data
//! sets of `maillage demo --scale` (thousands of places, for benchmarks) are [`national`].

mod actors;
pub mod badges;
mod bookings;
mod census;
mod employment;
mod events;
mod groups;
mod letters;
pub mod national;
mod news;
mod places;
mod posts;
mod projects;
mod trainings;

use crate::accounts::{repo as accounts, service};
use crate::auth::RoleKind;
use crate::error::{AppError, AppResult};
use crate::places::repo::{insert_place, NewPlace};
use crate::state::AppState;
use crate::tenancy::repo;

pub const DEMO_PASSWORD: &str = "demo-maillage-2026";

const NETWORK: (&str, &str) = (
    "Réseau Sud Tiers-Lieux",
    "Le réseau régional des tiers-lieux de Provence-Alpes-Côte d'Azur : cartographie, agenda, \
     rencontres des forces vives, accompagnement des projets.",
);

struct DemoPlace {
    name: &'static str,
    city: &'static str,
    description: &'static str,
    org: (&'static str, crate::tenancy::model::OrganizationKind),
}

const PLACES: [DemoPlace; 3] = [
    DemoPlace {
        name: "Tiers-lieu de Riez",
        city: "Riez",
        description: "Tiers-lieu rural du Verdon : un salon de coworking qui peut accueillir jusqu'à 4 personnes \
                      à la fois, une boutique partagée, des formations et des clubs (Club d'hôtes, Club WordPress, \
                      Club Transition) le jeudi matin.",
        org: ("DIAPASON – COSENS", crate::tenancy::model::OrganizationKind::Association),
    },
    DemoPlace {
        name: "Fab lab du Pays de Forcalquier",
        city: "Forcalquier",
        description: "Atelier de fabrication numérique : imprimantes 3D, découpe laser, ateliers ouverts le mercredi.",
        org: ("Association Les Fabricants", crate::tenancy::model::OrganizationKind::Association),
    },
    DemoPlace {
        name: "Projet de tiers-lieu à Buis-les-Baronnies",
        city: "Buis-les-Baronnies",
        description: "Projet d'émergence d'un tiers-lieu à vocation économique : diagnostic, préfiguration, \
                      programmation avec la population buxoise.",
        org: ("Commune de Buis-les-Baronnies", crate::tenancy::model::OrganizationKind::Commune),
    },
];

/// (email, name, role, index of the place for place roles)
const USERS: [(&str, &str, RoleKind, Option<usize>); 5] = [
    (
        "admin@demo.maillage.fr",
        "Camille Admin",
        RoleKind::InstanceAdmin,
        None,
    ),
    (
        "animatrice@demo.maillage.fr",
        "Inès Animatrice",
        RoleKind::NetworkAdmin,
        None,
    ),
    (
        "gerant.riez@demo.maillage.fr",
        "Hugo Gérant",
        RoleKind::PlaceManager,
        Some(0),
    ),
    (
        "gerante.fablab@demo.maillage.fr",
        "Léa Fabmanageuse",
        RoleKind::PlaceManager,
        Some(1),
    ),
    (
        "membre@demo.maillage.fr",
        "Noé Membre",
        RoleKind::Member,
        Some(0),
    ),
];

pub async fn load(state: &AppState) -> AppResult<String> {
    let now = state.clock.now_ms();
    let network = match repo::networks(&state.db)
        .await?
        .into_iter()
        .find(|n| n.name == NETWORK.0)
    {
        Some(n) => n,
        None => {
            repo::insert_network(
                &state.db,
                NETWORK.0,
                &slug::slugify(NETWORK.0),
                NETWORK.1,
                now,
            )
            .await?
        }
    };
    let existing = repo::places(&state.db).await?;
    let mut place_ids = Vec::new();
    for p in &PLACES {
        if let Some(found) = existing.iter().find(|e| e.name == p.name) {
            place_ids.push(found.id);
            continue;
        }
        let org = repo::insert_organization(&state.db, p.org.0, p.org.1, None, now).await?;
        let place = insert_place(
            &state.db,
            NewPlace {
                name: p.name,
                slug: &slug::slugify(p.name),
                description: p.description,
                city: p.city,
                organization_id: Some(org),
                network_id: Some(network.id),
                now,
            },
        )
        .await?;
        place_ids.push(place.id);
    }
    places::enrich(state, &place_ids).await?;
    let mut lines = vec![
        format!(
            "Données de démonstration chargées : réseau « {} », {} lieux.",
            network.name,
            place_ids.len()
        ),
        format!("Comptes (mot de passe : {DEMO_PASSWORD}) :"),
    ];
    for (email, name, kind, place) in USERS {
        let user = match service::create_confirmed_user(state, email, name, DEMO_PASSWORD).await {
            Ok(u) => u,
            Err(AppError::Conflict(_)) => accounts::user_by_email(&state.db, email)
                .await?
                .ok_or(AppError::NotFound)?,
            Err(e) => return Err(e),
        };
        let (network_id, place_id) = match (kind, place) {
            (RoleKind::InstanceAdmin, _) => (None, None),
            (RoleKind::NetworkAdmin, _) => (Some(network.id.get()), None),
            (_, Some(i)) => (None, Some(place_ids[i].get())),
            (_, None) => (Some(network.id.get()), None),
        };
        accounts::grant_role(&state.db, user.id, kind, network_id, place_id, now).await?;
        lines.push(format!(
            "  {email} — {}",
            crate::i18n::Lang::Fr.t(kind.label_key())
        ));
    }
    lines.push(events::load(state, network.id.get(), place_ids[0].get()).await?);
    lines.push(bookings::load(state, place_ids[0].get(), place_ids[1].get()).await?);
    lines.push(groups::load(state, network.id.get(), place_ids[0].get()).await?);
    let animatrice = accounts::user_by_email(&state.db, USERS[1].0).await?;
    lines.push(projects::load(state, network.id.get(), animatrice.as_ref().map(|u| u.id)).await?);
    let manager = accounts::user_by_email(&state.db, USERS[2].0)
        .await?
        .ok_or(AppError::NotFound)?;
    let (email, name) = actors::FREELANCER;
    let freelancer = match service::create_confirmed_user(state, email, name, DEMO_PASSWORD).await {
        Ok(u) => u,
        Err(AppError::Conflict(_)) => accounts::user_by_email(&state.db, email)
            .await?
            .ok_or(AppError::NotFound)?,
        Err(e) => return Err(e),
    };
    lines.push(format!(
        "  {email} — profil d'indépendante (vitrine de Riez)"
    ));
    lines.push(actors::load(state, place_ids[0], manager.id, freelancer.id).await?);
    lines.push(
        news::load(
            state,
            network.id,
            place_ids[0],
            animatrice.as_ref().map(|u| u.id),
            Some(manager.id),
        )
        .await?,
    );
    if let Some(a) = animatrice.as_ref() {
        lines.push(letters::load(state, network.id, a.id).await?);
    }
    let membre = accounts::user_by_email(&state.db, USERS[4].0).await?;
    let membre_id = membre.as_ref().map(|u| u.id);
    let fablab = accounts::user_by_email(&state.db, USERS[3].0).await?;
    let registrants: Vec<_> = [membre, fablab]
        .into_iter()
        .flatten()
        .map(|u| u.id)
        .collect();
    lines.push(
        trainings::load(
            state,
            network.id,
            place_ids[0],
            Some(freelancer.id),
            manager.id,
            &registrants,
        )
        .await?,
    );
    let animatrice = accounts::user_by_email(&state.db, USERS[1].0).await?;
    if let (Some(a), Some(m)) = (&animatrice, membre_id) {
        lines.push(badges::load(state, network.id, a.id, m).await?);
    }
    let fablab_manager = accounts::user_by_email(&state.db, USERS[3].0).await?;
    lines.push(
        employment::load(
            state,
            [place_ids[0], place_ids[1]],
            [Some(manager.id), fablab_manager.map(|u| u.id)],
        )
        .await?,
    );
    lines.push(census::load(state, network.id, &place_ids, animatrice.map(|u| u.id)).await?);
    let (email, name) = posts::CARPENTER;
    let carpenter = match service::create_confirmed_user(state, email, name, DEMO_PASSWORD).await {
        Ok(u) => u,
        Err(AppError::Conflict(_)) => accounts::user_by_email(&state.db, email)
            .await?
            .ok_or(AppError::NotFound)?,
        Err(e) => return Err(e),
    };
    accounts::grant_role(
        &state.db,
        carpenter.id,
        RoleKind::Member,
        None,
        Some(place_ids[0].get()),
        now,
    )
    .await?;
    lines.push(format!("  {email} — menuisier, membre de Riez (annonces)"));
    let membre = accounts::user_by_email(&state.db, USERS[4].0).await?;
    let fablab_manager = accounts::user_by_email(&state.db, USERS[3].0).await?;
    if let (Some(m), Some(f)) = (membre, fablab_manager) {
        lines.push(
            posts::load(
                state,
                [place_ids[0], place_ids[1]],
                [m.id, carpenter.id, manager.id, f.id],
            )
            .await?,
        );
    }
    Ok(lines.join("\n"))
}
