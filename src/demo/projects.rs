//! Demonstration project (idempotent): the Buis-les-Baronnies tiers-lieu in emergence,
//! followed by the regional network, with its phases, a Social Business Canvas and the
//! Riez-like funding plan (74 881,10 € FEADER/LEADER and 46 920,75 € Région Sud), its
//! holders' group with a past public meeting (published minutes, a decision, an open next
//! step) and two stakeholders.

use std::collections::BTreeMap;

use chrono::{Duration, TimeZone};
use chrono_tz::Europe::Paris;

use crate::error::AppResult;
use crate::groups::repo as groups;
use crate::ids::UserId;
use crate::projects::model::stakeholders::StakeholderIn;
use crate::projects::model::{self, FundingInput, Project};
use crate::projects::repo;
use crate::projects::service::{self, funding, phases, stakeholders, workspace, ProjectInput};
use crate::state::AppState;

const NAME: &str = "Tiers-lieu de Buis-les-Baronnies";

/// Creates the project if absent; its holders' group and stakeholders are added in either
/// case, each only when missing (a demo loaded before they existed gets them too).
pub async fn load(
    state: &AppState,
    network_id: i64,
    holder_id: Option<UserId>,
) -> AppResult<String> {
    let existing = repo::projects_named(&state.db, NAME)
        .await?
        .into_iter()
        .next();
    let mut lines = vec![match &existing {
        Some(_) => format!("Projet « {NAME} » déjà présent."),
        None => format!("Projet « {NAME} » : 4 phases, un canevas, 3 dossiers de financement."),
    }];
    let p = match existing {
        Some(p) => p,
        None => create(state, network_id, holder_id).await?,
    };
    if holders_group(state, &p, holder_id).await? {
        lines.push(
            "  groupe des porteurs avec une réunion publique et son compte-rendu publié".into(),
        );
    }
    let added = add_stakeholders(state, &p, holder_id).await?;
    if added > 0 {
        lines.push(format!("  {added} parties prenantes"));
    }
    Ok(lines.join("\n"))
}

// Long because it is a script: the demo project written step by step (record, phases, canvas,
// funding, budget, stakeholders) through the same services as the pages, in reading order.
async fn create(
    state: &AppState,
    network_id: i64,
    holder_id: Option<UserId>,
) -> AppResult<Project> {
    let db = &state.db;
    let p = service::create_project(
        state,
        holder_id,
        ProjectInput {
            name: NAME,
            communes: "Buis-les-Baronnies",
            epci: "Communauté de communes des Baronnies en Drôme Provençale",
            departement: "Drôme (26)",
            holders: "Commune de Buis-les-Baronnies\nCommunauté de communes des Baronnies en Drôme Provençale",
            intent: "<p>Créer un tiers-lieu à vocation économique au cœur du village, construit avec la population buxoise.</p>",
            uses: "coworking\ncafé\nfablab\njardin",
            status: "in_progress",
            public: true,
            network_id: Some(crate::ids::NetworkId(network_id)),
        },
    )
    .await?;
    // The demo network accepts to follow its project (as its admin would on the dashboard).
    let p = service::decide_network(state, None, &p, true).await?;
    let phases = repo::phases(db, p.id).await?;
    for (ph, (completion, start, end, support)) in phases.into_iter().zip([
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
        phases::update_phase(
            state,
            None,
            &p,
            ph.id,
            phases::PhaseChanges {
                title: None,
                objectives: &ph.objectives,
                starts_on: start.unwrap_or(""),
                ends_on: end.unwrap_or(""),
                completion,
                support_level: support,
            },
        )
        .await?;
    }
    let blocks: BTreeMap<String, String> = [
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
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    service::save_canvas(state, holder_id, &p, &blocks).await?;
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
        funding::add_funding(
            state,
            None,
            &p,
            FundingInput {
                funder,
                programme,
                amount_requested_cents: requested,
                amount_granted_cents: granted,
                status,
                deadline: "",
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
        funding::add_budget_line(state, None, &p, kind, label, cents).await?;
    }
    crate::projects::service::public::demo(state, &p, holder_id).await?;
    Ok(p)
}

/// The holders' group as the workspace creates it in one click (same name, kind, purpose and
/// memberships), except that it is public so that its published minutes reach the project's
/// public page; with the « Réunion publique de préfiguration » three weeks ago (Paris time),
/// public minutes, a decision and an open next step for the demo holder due in ten days.
/// Nothing when the project already has a holders' group.
async fn holders_group(state: &AppState, p: &Project, holder: Option<UserId>) -> AppResult<bool> {
    if workspace::groups_of(state, p.id)
        .await?
        .iter()
        .any(|g| g.kind == crate::groups::model::GroupKind::Holders)
    {
        return Ok(false);
    }
    let now = state.clock.now_ms();
    let name = model::holders_name(&p.name);
    let purpose = crate::text::sanitize_html(&model::holders_purpose(&p.name));
    let g = groups::insert_group(
        &state.db,
        groups::NewGroup {
            name: &name,
            slug: &slug::slugify(&name),
            kind: crate::groups::model::GroupKind::Holders,
            purpose: &purpose,
            visibility: crate::groups::model::GroupVisibility::Public,
            joining: crate::groups::model::GroupJoining::Invitation,
            autonomous: false,
            network_id: None,
            place_id: None,
            project_id: Some(p.id),
            now,
        },
    )
    .await?;
    if let Some(h) = holder {
        workspace::add_group_people(state, &g, p.id, h).await?;
    }
    let clock = state.clock.now();
    let day = (clock - Duration::days(21))
        .with_timezone(&Paris)
        .date_naive();
    let Some(start) = day
        .and_hms_opt(18, 30, 0)
        .and_then(|t| Paris.from_local_datetime(&t).earliest())
    else {
        return Ok(true);
    };
    let starts_at = start.timestamp_millis();
    let agenda = vec![
        "Restitution du diagnostic initial".to_string(),
        "Usages envisagés : coworking, café, fablab, jardin".to_string(),
        "Constitution du groupe porteurs et suite de l'accompagnement".to_string(),
    ];
    let Some(m) = groups::insert_meeting(
        &state.db,
        groups::NewMeeting {
            group_id: g.id,
            title: "Réunion publique de préfiguration",
            starts_at,
            ends_at: starts_at + 2 * 3_600_000,
            room: "Salle des fêtes, Buis-les-Baronnies",
            online_url: "",
            minutes: "<p>Une quarantaine de personnes présentes : habitants, indépendants, \
                       associations, élus de la commune et de la communauté de communes. Le \
                       diagnostic initial confirme le besoin d'un lieu ouvert à l'année pour \
                       travailler, apprendre et entreprendre au village.</p>\
                       <p><strong>Décisions</strong></p>\
                       <ul><li>Le groupe porteurs est constitué ; il reste ouvert aux \
                       structures absentes ce soir.</li></ul>\
                       <p><strong>Prochaines étapes</strong></p>\
                       <ul><li>Échanger avec les structures non présentes pour vérifier leur \
                       souhait de rejoindre le groupe porteurs.</li>\
                       <li>Une journée du groupe porteurs : visite apprenante au Sophora à \
                       Nyons, puis apports sur les modèles économiques et juridiques des \
                       tiers-lieux.</li>\
                       <li>Un focus groupe par usage retenu, puis un atelier collectif pour \
                       articuler les usages entre eux et avec les espaces.</li></ul>",
            minutes_visibility: crate::groups::model::MinutesVisibility::Public,
            agenda: &agenda,
            from_slot: false,
            space_id: None,
            booking_id: None,
            now,
        },
    )
    .await?
    else {
        return Ok(true);
    };
    groups::insert_decision(
        &state.db,
        &m,
        "Le groupe porteurs est constitué et reste ouvert aux structures absentes.",
        now,
    )
    .await?;
    let due = (clock + Duration::days(10))
        .with_timezone(&Paris)
        .date_naive()
        .to_string();
    groups::insert_action(
        &state.db,
        groups::NewAction {
            group_id: g.id,
            meeting_id: Some(m.id),
            title: "Contacter les structures absentes pour le groupe porteurs",
            owner_id: holder,
            due_on: Some(&due),
            now,
        },
    )
    .await?;
    Ok(true)
}

/// Two stakeholders, each added only when no stakeholder of the project has its name: the
/// referent councillor (contact details, with the date of her consent) and the community of
/// communes (no contact details).
async fn add_stakeholders(
    state: &AppState,
    p: &Project,
    holder: Option<UserId>,
) -> AppResult<usize> {
    let today = state.clock.now().with_timezone(&Paris).date_naive();
    let consent = (today - Duration::days(30)).to_string();
    let present: Vec<String> = repo::stakeholders::of_project(&state.db, p.id)
        .await?
        .into_iter()
        .map(|s| s.name)
        .collect();
    let wanted = [
        StakeholderIn {
            kind: "person".into(),
            name: "Mairie de Buis-les-Baronnies — élue référente".into(),
            organization: "Commune de Buis-les-Baronnies".into(),
            role: "Élue référente du projet".into(),
            email: "elue.tiers-lieu@buis-les-baronnies.example.org".into(),
            phone: "04 75 28 00 01".into(),
            address: "Mairie, 26170 Buis-les-Baronnies".into(),
            consent_on: consent,
            notes: "Accord pour figurer dans l'annuaire du projet avec ses coordonnées.".into(),
        },
        StakeholderIn {
            kind: "organization".into(),
            name: "Communauté de communes des Baronnies en Drôme Provençale".into(),
            role: "Structure porteuse et cofinanceur".into(),
            notes: "Développement économique ; associée au scénario de portage.".into(),
            ..StakeholderIn::default()
        },
    ];
    let mut added = 0;
    for s in &wanted {
        if present.contains(&s.name) {
            continue;
        }
        stakeholders::create(state, holder, p, s).await?;
        added += 1;
    }
    Ok(added)
}
