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
    match service::award(state, &who, achievement.id, Recipient::User(membre), None).await {
        Ok(_) => Ok(format!("badges : « {ACHIEVEMENT} » décerné au membre")),
        Err(AppError::Conflict(_)) => Ok(format!("badges : « {ACHIEVEMENT} » déjà décerné")),
        Err(e) => Err(e),
    }
}
