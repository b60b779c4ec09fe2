//! Demonstration project (idempotent): the Buis-les-Baronnies tiers-lieu in emergence,
//! followed by the regional network, with its phases, a Social Business Canvas and the
//! Riez-like funding plan (74 881,10 € FEADER/LEADER and 46 920,75 € Région Sud).

use std::collections::BTreeMap;

use super::repo::{self, NewFunding, NewProject};
use crate::error::AppResult;
use crate::state::AppState;

const NAME: &str = "Tiers-lieu de Buis-les-Baronnies";

pub async fn load(state: &AppState, network_id: i64, holder_id: Option<i64>) -> AppResult<String> {
    let db = &state.db;
    if repo::all_projects(db).await?.iter().any(|p| p.name == NAME) {
        return Ok(format!("Projet « {NAME} » déjà présent."));
    }
    let now = state.clock.now_ms();
    let p = repo::insert_project(
        db,
        NewProject {
            name: NAME,
            slug: &slug::slugify(NAME),
            communes: "Buis-les-Baronnies",
            epci: "Communauté de communes des Baronnies en Drôme Provençale",
            departement: "Drôme (26)",
            holders: "Commune de Buis-les-Baronnies\nCommunauté de communes des Baronnies en Drôme Provençale",
            intent: "<p>Créer un tiers-lieu à vocation économique au cœur du village, construit avec la population buxoise.</p>",
            uses: "coworking\ncafé\nfablab\njardin",
            status: "in_progress",
            public: true,
            network_id: Some(network_id),
            created_by: holder_id,
            now,
        },
    )
    .await?;
    let phases = repo::phases(db, p.id).await?;
    for (mut ph, (completion, start, end, support)) in phases.into_iter().zip([
        (
            100,
            Some("2025-01-06"),
            Some("2025-06-30"),
            "Niveau 1 : lancement de la réflexion",
        ),
        (
            60,
            Some("2025-07-01"),
            Some("2026-03-31"),
            "Niveau 2 : définition du besoin",
        ),
        (0, None, None, ""),
        (0, None, None, ""),
    ]) {
        let old = ph.completion;
        ph.completion = completion;
        ph.starts_on = start.map(String::from);
        ph.ends_on = end.map(String::from);
        ph.support_level = support.into();
        repo::update_phase(db, &ph, old, None, now).await?;
    }
    let blocks: BTreeMap<&str, &str> = [
        (
            "social_problem",
            "Peu de lieux de travail et de rencontre à l'année dans les Baronnies.",
        ),
        (
            "beneficiaries",
            "Habitants, indépendants, associations et saisonniers du territoire.",
        ),
        (
            "value_proposition",
            "Un lieu ouvert pour travailler, apprendre et entreprendre au village.",
        ),
        (
            "solution",
            "Un tiers-lieu avec coworking, café associatif, atelier et jardin partagé.",
        ),
        (
            "key_activities",
            "Accueil, animation de communautés, formations, événements.",
        ),
        (
            "key_resources",
            "Bâtiment communal, bénévoles, un·e animateur·rice salarié·e.",
        ),
        (
            "partners",
            "Commune, communauté de communes, Réseau Sud Tiers-Lieux, Département.",
        ),
        (
            "channels",
            "Ateliers publics, site de la commune, marché du mercredi.",
        ),
        (
            "segments",
            "Usagers payants (coworking), adhérents, collectivités.",
        ),
        ("costs", "Aménagement, animation, charges du bâtiment."),
        (
            "revenues",
            "Abonnements de coworking, café, prestations, subventions.",
        ),
        (
            "impact",
            "Fréquentation, emplois créés, associations accueillies.",
        ),
        (
            "surplus",
            "Réinvesti dans l'animation et les activités du lieu.",
        ),
    ]
    .into_iter()
    .collect();
    let json = serde_json::to_string(&blocks).unwrap_or_default();
    repo::insert_canvas(db, p.id, holder_id, &json, now).await?;
    for (funder, programme, requested, granted, status) in [
        (
            "GAL du Pays du Verdon (FEADER)",
            "leader_feader",
            7_488_110,
            7_488_110,
            "granted",
        ),
        ("Région Sud", "region", 4_692_075, 4_692_075, "paid"),
        ("ANCT", "anct_fabriques", 15_000_000, 0, "submitted"),
    ] {
        repo::insert_funding(
            db,
            NewFunding {
                actor: None,
                project_id: p.id,
                funder,
                programme,
                amount_requested_cents: requested,
                amount_granted_cents: granted,
                status,
                deadline: None,
                now,
            },
        )
        .await?;
    }
    for (kind, label, cents) in [
        ("investment", "Aménagement du bâtiment", 11_000_000),
        (
            "investment",
            "Équipement du coworking et de l'atelier",
            2_500_000,
        ),
        ("operation", "Animation (deux premières années)", 1_725_231),
    ] {
        repo::insert_budget_line(db, p.id, kind, label, cents, None, now).await?;
    }
    super::public::demo(state, &p, holder_id).await?;
    Ok(format!(
        "Projet « {NAME} » : 4 phases, un canevas, 3 dossiers de financement."
    ))
}
