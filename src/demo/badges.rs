//! Demonstration badges (idempotent): one achievement of the network ("Animer un atelier de
//! tiers-lieu"), awarded to the demo member: a signed Open Badges 3.0 credential, through the
//! badges' own service (the network's key is made at its first use).

use crate::auth::Principal;
use crate::badges::model::Provider;
use crate::badges::service::{self, Draft, Recipient};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::{NetworkId, UserId};
use crate::state::AppState;

pub const ACHIEVEMENT: &str = "Animer un atelier de tiers-lieu";
/// The network's learning path, and the badge its end awards automatically.
pub const PATH: &str = "Parcours formateur·rice de tiers-lieu";
pub const PATH_ACHIEVEMENT: &str = "Formateur·rice de tiers-lieu";

/// The network's "formation de formateurs" path (idempotent): the trainers' training, then
/// one of the two trainings of Riez to choose from; and its badge, awarded automatically to
/// whoever finishes the path.
async fn path(state: &AppState, who: &Principal, network: NetworkId) -> AppResult<String> {
    use crate::trainings::model::paths::StepInput;
    use crate::trainings::service as trainings;
    let existing = trainings::paths(state, Some(network), 100)
        .await?
        .into_iter()
        .find(|p| p.title == PATH);
    let p = match existing {
        Some(p) => p,
        None => {
            let choices = trainings::path_choices(state, Provider::Network(network)).await?;
            let id = |title: &str| {
                choices
                    .iter()
                    .find(|(_, t)| t == title)
                    .map(|(id, _)| *id)
                    .into_iter()
                    .collect::<Vec<_>>()
            };
            let mut second = id("Initiation à la fabrication numérique");
            second.extend(id(
                "Médiation numérique : accompagner les démarches en ligne",
            ));
            trainings::create_path(
                state,
                who,
                trainings::PathDraft {
                    title: PATH.into(),
                    description: "<p>Devenir formateur·rice dans un tiers-lieu du réseau : la \
                                  formation de formateurs, puis une formation technique au \
                                  choix, suivie comme stagiaire.</p>"
                        .into(),
                    network_id: Some(network),
                    steps: vec![
                        StepInput {
                            training_ids: id("Formation de formateurs en tiers-lieux"),
                            optional: false,
                        },
                        StepInput {
                            training_ids: second,
                            optional: false,
                        },
                    ],
                    ..Default::default()
                },
            )
            .await?
        }
    };
    let has_badge = service::achievements_of(state, Provider::Network(network))
        .await?
        .iter()
        .any(|a| a.name == PATH_ACHIEVEMENT);
    if !has_badge {
        service::create_achievement(
            state,
            who,
            Draft {
                name: PATH_ACHIEVEMENT.into(),
                description: "A suivi le parcours de formation de formateurs du réseau.".into(),
                criteria: "Être présent à toutes les demi-journées de la formation de \
                           formateurs et d'une formation technique du parcours."
                    .into(),
                network_id: Some(network),
                tags: vec!["formation de formateurs".into()],
                path_id: Some(p.id),
                ..Default::default()
            },
        )
        .await?;
    }
    Ok(format!(
        "parcours : « {PATH} », badge « {PATH_ACHIEVEMENT} » automatique"
    ))
}

pub async fn load(
    state: &AppState,
    network: NetworkId,
    animatrice: UserId,
    membre: UserId,
) -> AppResult<String> {
    let Some(user) = crate::auth::identity::user_by_id(&state.db, animatrice).await? else {
        return Ok("badges : pas d'animatrice".into());
    };
    let who = Principal {
        roles: crate::auth::identity::roles_of(&state.db, animatrice).await?,
        user,
    };
    let path_line = path(state, &who, network).await?;
    let existing = service::achievements_of(state, Provider::Network(network))
        .await?
        .into_iter()
        .find(|a| a.name == ACHIEVEMENT);
    let achievement = match existing {
        Some(a) => a,
        None => {
            service::create_achievement(
                state,
                &who,
                Draft {
                    name: ACHIEVEMENT.into(),
                    description: "Concevoir et animer un atelier ouvert à tous dans un \
                                  tiers-lieu du réseau : accueil, consignes de sécurité, \
                                  déroulé, bilan avec les participants."
                        .into(),
                    criteria: "Avoir animé au moins deux ateliers publics dans un lieu du réseau \
                               et rédigé leur bilan."
                        .into(),
                    network_id: Some(network),
                    tags: vec!["animation".into(), "tiers-lieux".into()],
                    errors: FieldErrors::default(),
                    ..Default::default()
                },
            )
            .await?
        }
    };
    let line =
        match service::award(state, &who, achievement.id, Recipient::User(membre), None).await {
            Ok(_) => format!("badges : « {ACHIEVEMENT} » décerné au membre"),
            Err(AppError::Conflict(_)) => format!("badges : « {ACHIEVEMENT} » déjà décerné"),
            Err(e) => return Err(e),
        };
    Ok(format!("{line} ; {path_line}"))
}
