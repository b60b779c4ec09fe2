//! The Riez showcase ("Vive, la vitrine du Verdon" in the seeds): a few artisans and
//! producers of the Verdon attached to the Tiers-lieu de Riez, and a freelancer's own profile
//! whose email stays hidden; a gîte, a restaurant, a hiking association, a mobility service
//! and a crèche for the visitor guide's sections. Idempotent: an actor whose slug exists is left as it is.

use crate::actors::model::{validate, RawActor, RawOffer};
use crate::actors::repo::{self, Links};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::{PlaceId, UserId};
use crate::state::AppState;

struct Demo {
    name: &'static str,
    kind: &'static str,
    subtype: &'static str,
    categories: &'static [&'static str],
    skills: &'static [&'static str],
    /// `(title, description, price in cents)`.
    offers: &'static [(&'static str, &'static str, Option<i64>)],
    address: &'static str,
    postal_code: &'static str,
    city: &'static str,
    point: (&'static str, &'static str),
    hours: &'static str,
    siret: &'static str,
    email: &'static str,
    phone: &'static str,
    description: &'static str,
}

const ACTORS: [Demo; 10] = [
    Demo {
        name: "Atelier Bois du Verdon",
        kind: "organization",
        subtype: "artisan",
        categories: &["artisanat", "batiment"],
        skills: &["Menuiserie", "Ébénisterie", "Agencement"],
        offers: &[
            (
                "Table sur mesure",
                "Chêne ou noyer du Verdon, finition huilée.",
                Some(85_000),
            ),
            (
                "Réparation de meubles anciens",
                "Devis gratuit sur place.",
                None,
            ),
        ],
        address: "Chemin des Aires",
        postal_code: "04500",
        city: "Riez",
        point: ("43.8201", "6.0887"),
        hours: "Mo-Fr 08:00-12:00,14:00-18:00",
        siret: "81234567800013",
        email: "atelier.bois@demo.maillage.fr",
        phone: "04 92 77 00 01",
        description:
            "Menuisier-ébéniste installé à Riez : mobilier sur mesure, escaliers, restauration.",
    },
    Demo {
        name: "Ferme des Lavandes",
        kind: "organization",
        subtype: "producteur",
        categories: &["alimentation-producteurs", "nature"],
        skills: &["Apiculteur", "Maraîchage"],
        offers: &[
            ("Miel de lavande", "Pot de 500 g.", Some(950)),
            (
                "Panier de légumes de saison",
                "À retirer le samedi au tiers-lieu.",
                Some(1500),
            ),
        ],
        address: "Route de Valensole",
        postal_code: "04210",
        city: "Valensole",
        point: ("43.8375", "5.9836"),
        hours: "Sa 08:00-12:30",
        siret: "82345678900010",
        email: "ferme.lavandes@demo.maillage.fr",
        phone: "04 92 77 00 02",
        description: "Miel, lavande et légumes du plateau de Valensole, en vente directe.",
    },
    Demo {
        name: "Poterie des Gorges",
        kind: "organization",
        subtype: "artisan",
        categories: &["artisanat", "culture-loisirs"],
        skills: &["Céramique"],
        offers: &[(
            "Stage de tournage",
            "Une journée, matériel fourni.",
            Some(9000),
        )],
        address: "Place du Couvent",
        postal_code: "04360",
        city: "Moustiers-Sainte-Marie",
        point: ("43.8466", "6.2218"),
        hours: "Tu-Su 10:00-18:00",
        siret: "83456789000019",
        email: "poterie@demo.maillage.fr",
        phone: "",
        description: "Faïence et grès tournés à la main, stages pour adultes et enfants.",
    },
    Demo {
        name: "Fournil de Riez",
        kind: "organization",
        subtype: "artisan",
        categories: &["alimentation-producteurs", "commerces"],
        skills: &["Boulangerie"],
        offers: &[("Pain au levain", "Farines du Verdon.", Some(480))],
        address: "Grand'Rue",
        postal_code: "04500",
        city: "Riez",
        point: ("43.8186", "6.0935"),
        hours: "Tu-Sa 07:00-13:00",
        siret: "84567890100016",
        email: "",
        phone: "04 92 77 00 04",
        description: "Boulangerie au levain naturel.",
    },
    Demo {
        name: "Julie Martin, développeuse web",
        kind: "person",
        subtype: "freelance",
        categories: &["services-numeriques", "conseil"],
        skills: &["Site internet", "Dépannage informatique"],
        offers: &[(
            "Site vitrine",
            "Pour les artisans et les associations du Verdon.",
            None,
        )],
        address: "",
        postal_code: "",
        city: "Riez",
        point: ("", ""),
        hours: "",
        siret: "",
        email: "julie.web@demo.maillage.fr",
        phone: "06 12 34 56 78",
        description:
            "Sites internet, formation et dépannage informatique au coworking du tiers-lieu.",
    },
    // The visitor guide's sections (« Projet Respire » of the seeds): sleep, eat, breathe,
    // get around, childcare.
    Demo {
        name: "Gîte des Aires",
        kind: "organization",
        subtype: "entreprise",
        categories: &["hebergement"],
        skills: &["Accueil"],
        offers: &[("Nuit pour deux", "Petit-déjeuner compris.", Some(7500))],
        address: "Chemin des Aires",
        postal_code: "04500",
        city: "Riez",
        point: ("43.8172", "6.0862"),
        hours: "Mo-Su 08:00-20:00",
        siret: "85678901200015",
        email: "gite.aires@demo.maillage.fr",
        phone: "04 92 77 00 05",
        description:
            "Gîte de quatre chambres au pied des collines, à dix minutes à pied du tiers-lieu.",
    },
    Demo {
        name: "Le Comptoir de Riez",
        kind: "organization",
        subtype: "entreprise",
        categories: &["restauration"],
        skills: &["Cuisine"],
        offers: &[(
            "Menu du jour",
            "Produits de la Ferme des Lavandes.",
            Some(1650),
        )],
        address: "Allée Louis Gardiol",
        postal_code: "04500",
        city: "Riez",
        point: ("43.8190", "6.0921"),
        hours: "Tu-Sa 12:00-14:00,19:00-22:00",
        siret: "86789012300013",
        email: "comptoir@demo.maillage.fr",
        phone: "04 92 77 00 06",
        description: "Restaurant de cuisine provençale de saison.",
    },
    Demo {
        name: "Les Sentiers du Verdon",
        kind: "organization",
        subtype: "association",
        categories: &["nature", "culture-loisirs"],
        skills: &["Randonnée", "Botanique"],
        offers: &[(
            "Balade botanique",
            "Le dimanche matin, au départ du tiers-lieu.",
            Some(500),
        )],
        address: "Place Saint-Antoine",
        postal_code: "04500",
        city: "Riez",
        point: ("43.8195", "6.0940"),
        hours: "Su 09:00-12:00",
        siret: "",
        email: "sentiers@demo.maillage.fr",
        phone: "",
        description:
            "Association de randonnée : sorties, balisage et découverte des plantes du plateau.",
    },
    Demo {
        name: "Navette Verdon Mobilité",
        kind: "organization",
        subtype: "service_public",
        categories: &["mobilite"],
        skills: &["Transport à la demande"],
        offers: &[(
            "Trajet Riez – Manosque",
            "Sur réservation la veille.",
            Some(200),
        )],
        address: "Place de la Mairie",
        postal_code: "04500",
        city: "Riez",
        point: ("43.8183", "6.0929"),
        hours: "Mo-Fr 07:00-19:00",
        siret: "",
        email: "navette@demo.maillage.fr",
        phone: "04 92 77 00 08",
        description: "Transport à la demande et information sur les bus régionaux.",
    },
    Demo {
        name: "Crèche Les Petits Pas",
        kind: "organization",
        subtype: "association",
        categories: &["garde-enfants"],
        skills: &["Petite enfance"],
        offers: &[],
        address: "Rue du Faubourg",
        postal_code: "04500",
        city: "Riez",
        point: ("43.8178", "6.0951"),
        hours: "Mo-Fr 07:30-18:30",
        siret: "",
        email: "creche@demo.maillage.fr",
        phone: "04 92 77 00 09",
        description:
            "Crèche associative : accueil régulier et occasionnel, de 10 semaines à 3 ans.",
    },
];

/// The person of the freelancer's profile (an account of the demo).
pub const FREELANCER: (&str, &str) = ("julie.web@demo.maillage.fr", "Julie Martin");

pub async fn load(
    state: &AppState,
    riez: PlaceId,
    by: UserId,
    freelancer: UserId,
) -> AppResult<String> {
    let categories = repo::categories(&state.db).await?;
    let now = state.clock.now_ms();
    let mut made = 0;
    for d in &ACTORS {
        let raw = RawActor {
            name: d.name.into(),
            kind: d.kind.into(),
            subtype: d.subtype.into(),
            categories: d.categories.iter().map(|s| s.to_string()).collect(),
            skills: d.skills.iter().map(|s| s.to_string()).collect(),
            offers: d
                .offers
                .iter()
                .map(|(t, desc, p)| RawOffer {
                    title: t.to_string(),
                    description: desc.to_string(),
                    price_cents: *p,
                })
                .collect(),
            languages: vec!["fr".into()],
            address: d.address.into(),
            postal_code: d.postal_code.into(),
            city: d.city.into(),
            latitude: d.point.0.into(),
            longitude: d.point.1.into(),
            description: d.description.into(),
            opening_hours: d.hours.into(),
            siret: d.siret.into(),
            email: d.email.into(),
            phone: d.phone.into(),
            place_ids: vec![riez],
            // The freelancer shows her phone to the members only, her email to nobody.
            phone_visibility: if d.kind == "person" { "members" } else { "" }.into(),
            ..Default::default()
        };
        let mut errors = FieldErrors::default();
        let input = validate(&raw, &categories, &mut errors);
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        if repo::by_slug(&state.db, &input.slug).await?.is_some() {
            continue;
        }
        let person = d.kind == "person";
        repo::insert(
            &state.db,
            Links {
                input: &input,
                city_key: crate::text::fold_words(&input.city),
                user_id: person.then_some(freelancer),
                by: Some(if person { freelancer } else { by }),
                now,
                subtype_label: crate::i18n::Lang::Fr.t(&input.subtype.label_key()),
                category_names: repo::names_of(&categories, &input.category_ids),
            },
        )
        .await?;
        made += 1;
    }
    Ok(format!(
        "Vitrine du Tiers-lieu de Riez : {} acteurs ({made} créés).",
        ACTORS.len()
    ))
}
