//! Demonstration groups (idempotent): the Riez clubs with their first-Thursday slot, the
//! network's board and a commission, one meeting with published minutes and decisions.

use chrono::{Duration, TimeZone};
use chrono_tz::Europe::Paris;

use crate::error::AppResult;
use crate::groups::model::{
    GroupJoining, GroupKind, GroupMemberStatus, GroupRole, GroupVisibility, MinutesVisibility,
};
use crate::groups::repo::{self, NewGroup, NewMeeting};
use crate::groups::service;
use crate::ids::{NetworkId, PlaceId, UserId};
use crate::state::AppState;

struct DemoGroup {
    name: &'static str,
    kind: GroupKind,
    visibility: GroupVisibility,
    purpose: &'static str,
    at_place: bool,
}

const GROUPS: [DemoGroup; 5] = [
    DemoGroup {
        name: "Club d'hôtes",
        kind: GroupKind::Club,
        visibility: GroupVisibility::Public,
        purpose: "<p>Les hébergeurs du Verdon partagent leurs pratiques : accueil, tarifs, plateformes de réservation.</p>",
        at_place: true,
    },
    DemoGroup {
        name: "Club WordPress",
        kind: GroupKind::Club,
        visibility: GroupVisibility::Public,
        purpose: "<p>Entraide autour des sites web des commerces et associations du territoire.</p>",
        at_place: true,
    },
    DemoGroup {
        name: "Club Transition",
        kind: GroupKind::Club,
        visibility: GroupVisibility::Public,
        purpose: "<p>Sobriété énergétique, mobilité partagée et circuits courts à Riez.</p>",
        at_place: true,
    },
    DemoGroup {
        name: "Conseil d'administration du réseau",
        kind: GroupKind::Board,
        visibility: GroupVisibility::Members,
        purpose: "<p>Le conseil d'administration du réseau régional.</p>",
        at_place: false,
    },
    DemoGroup {
        name: "Commission accompagnement des projets",
        kind: GroupKind::Commission,
        visibility: GroupVisibility::Public,
        purpose: "<p>Suivi des projets de tiers-lieux en émergence : diagnostic, préfiguration, programmation.</p>",
        at_place: false,
    },
];

pub async fn load(state: &AppState, network_id: i64, riez: i64) -> AppResult<String> {
    let now = state.clock.now_ms();
    let user = |email: &'static str| async move {
        crate::accounts::repo::user_by_email(&state.db, email).await
    };
    let member = user("membre@demo.maillage.fr").await?;
    let manager = user("gerant.riez@demo.maillage.fr").await?;
    let animator = user("animatrice@demo.maillage.fr").await?;
    let mut created = 0;
    for d in &GROUPS {
        let slug = slug::slugify(d.name);
        if repo::group_by_slug(&state.db, &slug).await?.is_some() {
            continue;
        }
        created += 1;
        let mut g = repo::insert_group(
            &state.db,
            NewGroup {
                name: d.name,
                slug: &slug,
                kind: d.kind,
                purpose: d.purpose,
                visibility: d.visibility,
                joining: GroupJoining::Request,
                autonomous: d.name == "Club Transition",
                network_id: (!d.at_place).then_some(NetworkId(network_id)),
                place_id: d.at_place.then_some(PlaceId(riez)),
                project_id: None,
                now,
            },
        )
        .await?;
        if d.at_place {
            g.slot_rrule = Some("FREQ=MONTHLY;BYDAY=1TH".into());
            g.slot_start = Some("09:00".into());
            g.slot_minutes = Some(120);
            g.slot_room = "Salon de coworking".into();
            repo::update_group(&state.db, &g).await?;
            service::generate_slot_meetings(state, &g, service::SLOT_HORIZON_DAYS, None).await?;
        }
        let add = |user_id: UserId, role: GroupRole| repo::NewMembership {
            group_id: g.id,
            user_id,
            role,
            status: GroupMemberStatus::Active,
            mandate_start: None,
            mandate_end: None,
            now,
        };
        match d.name {
            "Club d'hôtes" => {
                // No president: the place presides in the interim.
                if let Some(u) = &member {
                    repo::insert_membership(&state.db, add(u.id, GroupRole::Member)).await?;
                }
                if let Some(u) = &manager {
                    repo::insert_membership(&state.db, add(u.id, GroupRole::Animator)).await?;
                }
                past_meeting(state, &g, member.as_ref().map(|u| u.id)).await?;
            }
            "Club Transition" | "Club WordPress" => {
                if let Some(u) = &member {
                    let role = if d.name == "Club Transition" {
                        GroupRole::President
                    } else {
                        GroupRole::Member
                    };
                    repo::insert_membership(&state.db, add(u.id, role)).await?;
                }
            }
            _ => {
                if let Some(u) = &animator {
                    repo::insert_membership(&state.db, add(u.id, GroupRole::President)).await?;
                }
            }
        }
    }
    Ok(format!(
        "Groupes : {created} créés (clubs de Riez le premier jeudi du mois à 9 h, conseil d'administration, commission)."
    ))
}

/// A meeting three weeks ago with an agenda, published minutes, decisions and next steps.
async fn past_meeting(
    state: &AppState,
    g: &crate::groups::model::Group,
    owner: Option<UserId>,
) -> AppResult<()> {
    let now = state.clock.now();
    let day = (now - Duration::days(21))
        .with_timezone(&Paris)
        .date_naive();
    let Some(start) = day
        .and_hms_opt(9, 0, 0)
        .and_then(|t| Paris.from_local_datetime(&t).earliest())
    else {
        return Ok(());
    };
    let starts_at = start.timestamp_millis();
    let agenda = vec![
        "Tour de table des hébergeurs".to_string(),
        "Tarifs de la saison 2027".to_string(),
        "Fiche commune sur l'accueil vélo".to_string(),
    ];
    let Some(m) = repo::insert_meeting(
        &state.db,
        NewMeeting {
            group_id: g.id,
            title: "Réunion de rentrée",
            starts_at,
            ends_at: starts_at + 2 * 3_600_000,
            room: "Salon de coworking",
            online_url: "",
            minutes: "<p>Huit hébergeurs présents. Les tarifs restent stables ; l'accueil vélo devient une priorité de la saison.</p>\
                       <ul><li>Partager les calendriers de disponibilité</li><li>Visiter le gîte de Quinson en novembre</li></ul>",
            minutes_visibility: MinutesVisibility::Public,
            agenda: &agenda,
            from_slot: false,
            space_id: None,
            booking_id: None,
            now: state.clock.now_ms(),
        },
    )
    .await?
    else {
        return Ok(());
    };
    for text in [
        "Les tarifs 2027 restent ceux de 2026.",
        "Le club rédige une fiche commune « Accueil vélo » pour la boîte à outils.",
    ] {
        repo::insert_decision(&state.db, &m, text, state.clock.now_ms()).await?;
    }
    let due = (now + Duration::days(14))
        .with_timezone(&Paris)
        .date_naive()
        .to_string();
    repo::insert_action(
        &state.db,
        repo::NewAction {
            group_id: g.id,
            meeting_id: Some(m.id),
            title: "Rédiger la fiche « Accueil vélo »",
            owner_id: owner,
            due_on: Some(&due),
            now: state.clock.now_ms(),
        },
    )
    .await?;
    Ok(())
}
