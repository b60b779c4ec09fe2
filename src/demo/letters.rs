//! The network's monthly letter: two confirmed subscribers, one issue sent (its agenda block
//! filled from the demo's events, archived as a public page) and next month's draft.

use crate::error::AppResult;
use crate::ids::{NetworkId, UserId};
use crate::letters::model::Block;
use crate::letters::{repo, service};
use crate::news::model::Scope;
use crate::state::AppState;

/// The demo's subscribers (their consent certified by the animator, as an import records it).
const SUBSCRIBERS: [&str; 2] = ["lectrice@demo.maillage.fr", "lecteur@demo.maillage.fr"];

pub async fn load(state: &AppState, network: NetworkId, animatrice: UserId) -> AppResult<String> {
    let lists = crate::news::service::lists_of(state, Scope::Network(network)).await?;
    let Some(list) = lists
        .into_iter()
        .find(|l| l.name == "Lettre mensuelle du réseau")
    else {
        return Ok(String::new());
    };
    let now = state.clock.now_ms();
    for email in SUBSCRIBERS {
        crate::news::repo::insert_certified(
            &state.db,
            list.id,
            email,
            &format!(
                "{}\n\nImport : inscrits à la rencontre régionale (démonstration).",
                list.consent_text
            ),
            animatrice,
            now,
        )
        .await?;
    }
    if !repo::issues_of(&state.db, list.id, false).await?.is_empty() {
        return Ok("Lettre mensuelle : déjà en place.".into());
    }
    let blocks = |intro: &str| {
        serde_json::to_string(&vec![
            Block::Text {
                body: crate::text::sanitize_html(intro),
            },
            Block::Events {
                days: 31,
                place_id: None,
                kind: None,
            },
            Block::News { count: Some(3) },
            Block::Places { days: None },
        ])
        .unwrap_or_default()
    };
    let sent = repo::insert_issue(
        &state.db,
        list.id,
        "La lettre du réseau — ce mois-ci",
        &blocks(
            "Bonjour à toutes et à tous,\n\nVoici l'agenda du mois dans les tiers-lieux du réseau, \
             les dernières nouvelles et les lieux qui nous ont rejoints. Bonne lecture !",
        ),
        animatrice,
        now,
    )
    .await?;
    if let Some(issue) = repo::issue_by_id(&state.db, sent).await? {
        service::launch(state, &issue, &list, None).await?;
    }
    repo::insert_issue(
        &state.db,
        list.id,
        "La lettre du réseau — le mois prochain",
        &blocks("Brouillon : l'agenda se remplit au moment de l'envoi."),
        animatrice,
        now,
    )
    .await?;
    Ok(format!(
        "Lettre mensuelle : 2 abonnés confirmés ({}), un numéro envoyé par la file d'attente (archivé sur /lettres/{sent}) et un brouillon.",
        SUBSCRIBERS.join(", ")
    ))
}
