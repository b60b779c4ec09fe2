//! Demonstration news (idempotent): two posts of the network, two of the Riez place, one of
//! them scheduled a week ahead (seen by their writers only until then); a list of the network
//! and one of the place to subscribe to.

use crate::error::AppResult;
use crate::ids::{NetworkId, PlaceId, UserId};
use crate::news::model::{default_consent, parse_tags, ListScope, NewsStatus, Scope};
use crate::news::repo::{self, Fields};
use crate::state::AppState;

struct DemoPost {
    title: &'static str,
    body: &'static str,
    tags: &'static str,
    /// Days from now (negative: in the past).
    days: i64,
    at_place: bool,
}

const POSTS: [DemoPost; 4] = [
    DemoPost {
        title: "Rencontre régionale des tiers-lieux à Forcalquier",
        body: "<p>Les tiers-lieux du réseau se retrouvent au <strong>Fab lab du Pays de Forcalquier</strong> \
               pour une journée d'échanges : accueil des nouveaux lieux, ateliers sur le modèle économique \
               et visite de l'atelier.</p><p>Inscription libre dans l'agenda du réseau.</p>",
        tags: "rencontre, réseau",
        days: -6,
        at_place: false,
    },
    DemoPost {
        title: "Appel à projets : tiers-lieux nourriciers",
        body: "<p>Le réseau accompagne les lieux qui souhaitent déposer un dossier à l'appel à projets \
               <em>tiers-lieux nourriciers</em>. Permanence téléphonique chaque mardi.</p>",
        tags: "financement, alimentation",
        days: -2,
        at_place: false,
    },
    DemoPost {
        title: "Le Club Transition lance son atelier réparation",
        body: "<p>Chaque premier jeudi du mois, le <strong>Club Transition</strong> du tiers-lieu de Riez \
               ouvre un atelier réparation : petit électroménager, vélos, vêtements.</p>",
        tags: "atelier, transition",
        days: -1,
        at_place: true,
    },
    DemoPost {
        title: "Portes ouvertes du coworking de Riez",
        body: "<p>Venez découvrir le salon de coworking (4 postes) et la boutique partagée autour d'un café.</p>",
        tags: "coworking, portes ouvertes",
        days: 7,
        at_place: true,
    },
];

pub async fn load(
    state: &AppState,
    network: NetworkId,
    place: PlaceId,
    animatrice: Option<UserId>,
    gerant: Option<UserId>,
) -> AppResult<String> {
    let now = state.clock.now_ms();
    let mut added = 0;
    for p in &POSTS {
        let slug = slug::slugify(p.title);
        if repo::by_slug(&state.db, &slug).await?.is_some() {
            continue;
        }
        let (scope, author) = if p.at_place {
            (Scope::Place(place), gerant.or(animatrice))
        } else {
            (Scope::Network(network), animatrice)
        };
        let Some(author) = author else { continue };
        let tags = parse_tags([p.tags]);
        let f = Fields {
            title: p.title,
            slug: &slug,
            body: p.body,
            tags: &tags,
            status: NewsStatus::Published,
            publish_at: now + p.days * 86_400_000,
        };
        repo::insert(&state.db, scope, &f, author, now).await?;
        added += 1;
    }
    // A list of the network and one of the place, open to subscriptions (double opt-in).
    for (scope, name, owner, author) in [
        (
            ListScope::Network(network),
            "Lettre mensuelle du réseau",
            "Réseau Sud Tiers-Lieux",
            animatrice,
        ),
        (
            ListScope::Place(place),
            "Ateliers du Tiers-lieu de Riez",
            "Tiers-lieu de Riez",
            gerant.or(animatrice),
        ),
    ] {
        let Some(author) = author else { continue };
        if repo::lists_of(&state.db, scope)
            .await?
            .iter()
            .any(|l| l.name == name)
        {
            continue;
        }
        repo::insert_list(
            &state.db,
            scope,
            name,
            &default_consent(name, owner),
            author,
            now,
        )
        .await?;
    }
    Ok(format!(
        "Actualités : {added} ajoutées (une programmée dans 7 jours) ; listes « Lettre mensuelle du réseau » et « Ateliers du Tiers-lieu de Riez »."
    ))
}
