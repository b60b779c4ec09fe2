//! Demonstration trainings (idempotent): two of the Riez place, one of the network ("formation
//! de formateurs", certified); one session of a Riez training in the agenda, with two people
//! registered.

use chrono::{Datelike, Duration};

use crate::error::{AppError, AppResult, FieldErrors};
use crate::events::model::{paris_to_utc, utc_to_paris, EventInput, EventKind};
use crate::ids::{NetworkId, PlaceId, UserId};
use crate::state::AppState;
use crate::trainings::model::{self, Certification, Modality, Provider};
use crate::trainings::repo::{self, Fields};

struct DemoTraining {
    title: &'static str,
    theme: &'static str,
    objectives: &'static str,
    programme: &'static str,
    prerequisites: &'static str,
    audience: &'static str,
    hours: i32,
    modality: Modality,
    /// Individual, employer/OPCO, job seeker (cents); free.
    prices: (Option<i64>, Option<i64>, Option<i64>, bool),
    certification: &'static str,
    at_place: bool,
}

const TRAININGS: [DemoTraining; 3] = [
    DemoTraining {
        title: "Initiation à la fabrication numérique",
        theme: "Fabrication numérique",
        objectives: "Concevoir un objet simple en 2D et en 3D.\nUtiliser la découpeuse laser et l'imprimante 3D en sécurité.",
        programme: "<h3>Jour 1</h3><ul><li>Tour de l'atelier, règles de sécurité</li><li>Dessin vectoriel (Inkscape)</li></ul>\
                    <h3>Jour 2</h3><ul><li>Modélisation 3D (FreeCAD)</li><li>Réalisation d'un objet personnel</li></ul>",
        prerequisites: "Savoir utiliser un ordinateur.",
        audience: "Habitants, membres, porteurs de projet.",
        hours: 14,
        modality: Modality::Presentiel,
        prices: (Some(18_000), Some(42_000), Some(0), false),
        certification: "",
        at_place: true,
    },
    DemoTraining {
        title: "Médiation numérique : accompagner les démarches en ligne",
        theme: "Médiation numérique",
        objectives: "Accueillir et accompagner un public éloigné du numérique dans ses démarches administratives.",
        programme: "<p>Posture d'accueil, diagnostic des compétences, outils de l'aidant (Aidants Connect), cas pratiques.</p>",
        prerequisites: "",
        audience: "Bénévoles et salariés des tiers-lieux.",
        hours: 21,
        modality: Modality::Mixte,
        prices: (None, Some(63_000), None, false),
        certification: "RS5520",
        at_place: true,
    },
    DemoTraining {
        title: "Formation de formateurs en tiers-lieux",
        theme: "Animation de tiers-lieux",
        objectives: "Concevoir, animer et évaluer une action de formation dans un tiers-lieu.",
        programme: "<p>Ingénierie pédagogique, animation de groupe, évaluation, démarche qualité (Qualiopi).</p>",
        prerequisites: "Une première expérience d'animation.",
        audience: "Animateurs et animatrices des lieux du réseau.",
        hours: 35,
        modality: Modality::Mixte,
        prices: (Some(90_000), Some(175_000), Some(0), false),
        certification: "RNCP37445",
        at_place: false,
    },
];

pub async fn load(
    state: &AppState,
    network: NetworkId,
    place: PlaceId,
    trainer: Option<UserId>,
    by: UserId,
    registrants: &[UserId],
) -> AppResult<String> {
    let now = state.clock.now_ms();
    let mut created = 0;
    let mut first = None;
    for t in &TRAININGS {
        let slug = slug::slugify(t.title);
        if let Some(existing) = repo::by_slug(&state.db, &slug).await? {
            first = first.or(Some(existing.id));
            continue;
        }
        let mut errors = FieldErrors::default();
        let (certification, code) = model::parse_certification(t.certification, &mut errors);
        errors.into_result()?;
        let f = Fields {
            title: t.title.into(),
            slug,
            objectives: t.objectives.into(),
            programme: crate::text::sanitize_html(t.programme),
            prerequisites: t.prerequisites.into(),
            audience: t.audience.into(),
            duration_minutes: t.hours * 60,
            modality: t.modality,
            price_individuel_cents: t.prices.0,
            price_employeur_cents: t.prices.1,
            price_demandeur_cents: t.prices.2,
            free_route: t.prices.3,
            accessibility:
                "Locaux accessibles en fauteuil roulant ; supports adaptables sur demande.".into(),
            disability_referent: "Hugo Gérant – accessibilite@tiers-lieu-de-riez.fr".into(),
            certification,
            certification_code: code,
            qualiopi: certification != Certification::None || !t.at_place,
            qualiopi_on: "2024-03-15".into(),
            theme: t.theme.into(),
            theme_key: crate::text::fold_words(t.theme),
            search_text: model::search_text(
                t.title,
                t.theme,
                t.objectives,
                t.audience,
                t.programme,
            ),
            trainers: trainer.into_iter().collect(),
            trainer_actors: Vec::new(),
            documents: Vec::new(),
        };
        let provider = if t.at_place {
            Provider::Place(place)
        } else {
            Provider::Network(network)
        };
        let (id, _) = repo::insert(&state.db, provider, &f, by, now).await?;
        first = first.or(Some(id));
        created += 1;
    }
    // A session of the first Riez training, two Saturdays ahead, 8 seats, two registered.
    let uid = "demo-formation-fabrication@maillage";
    let mut sessions = 0;
    if let (Some(training), None) = (
        first,
        crate::events::repo::event_by_uid(&state.db, uid).await?,
    ) {
        let today = utc_to_paris(now).date();
        let ahead = (6 - today.weekday().num_days_from_monday() as i64).rem_euclid(7) + 7;
        let day = today + Duration::days(ahead);
        let at = |h: u32| {
            crate::clock::rfc3339(paris_to_utc(day.and_hms_opt(h, 0, 0).unwrap_or_default()))
        };
        let input = EventInput {
            title: TRAININGS[0].title.into(),
            kind: Some(EventKind::Formation),
            description: Some(
                "<p>Première session de la formation « Initiation à la fabrication numérique ».</p>"
                    .into(),
            ),
            starts_at: at(9),
            ends_at: at(17),
            capacity: Some(8),
            place_id: Some(place),
            price_cents: Some(18_000),
            ..Default::default()
        };
        let mut errors = FieldErrors::default();
        let mut new = input.parse(&mut errors).ok_or(AppError::Invalid(errors))?;
        new.uid = Some(uid.to_string());
        let (ev, _) = crate::events::service::upsert_by_uid(state, new, None).await?;
        repo::link_session(&state.db, ev.id, training).await?;
        if let Some(occ) = crate::events::repo::occurrences_of(&state.db, ev.id)
            .await?
            .first()
        {
            for u in registrants {
                crate::events::repo::register(&state.db, occ.id, *u, 0, "", now).await?;
            }
        }
        sessions += 1;
    }
    sessions += past_session(state, place, by, registrants).await?;
    Ok(format!(
        "Formations : {created} formation(s) ajoutée(s) (deux à Riez, une du réseau), {sessions} session(s) dans l'agenda."
    ))
}

/// A session of the network's "formation de formateurs" three weeks ago at Riez, its sign-in
/// sheet filled (the first registrant present all day, the second the morning only), then
/// settled as at its end: the first completed the training (the first step of the network's
/// path), and both were sent the satisfaction questionnaire.
async fn past_session(
    state: &AppState,
    place: PlaceId,
    by: UserId,
    registrants: &[UserId],
) -> AppResult<i64> {
    let uid = "demo-formation-formateurs-passee@maillage";
    let Some(t) = repo::by_slug(&state.db, &slug::slugify(TRAININGS[2].title)).await? else {
        return Ok(0);
    };
    if crate::events::repo::event_by_uid(&state.db, uid)
        .await?
        .is_some()
    {
        return Ok(0);
    }
    let now = state.clock.now_ms();
    let today = utc_to_paris(now).date();
    let back = today.weekday().num_days_from_monday() as i64 + 20;
    let day = today - Duration::days(back);
    let at =
        |h: u32| crate::clock::rfc3339(paris_to_utc(day.and_hms_opt(h, 0, 0).unwrap_or_default()));
    let input = EventInput {
        title: t.title.clone(),
        kind: Some(EventKind::Formation),
        description: Some("<p>Session passée de la formation de formateurs.</p>".into()),
        starts_at: at(9),
        ends_at: at(17),
        capacity: Some(10),
        network_id: t.network_id,
        location_place_id: Some(place),
        ..Default::default()
    };
    let mut errors = FieldErrors::default();
    let mut new = input.parse(&mut errors).ok_or(AppError::Invalid(errors))?;
    new.uid = Some(uid.to_string());
    let (ev, _) = crate::events::service::upsert_by_uid(state, new, None).await?;
    repo::link_session(&state.db, ev.id, t.id).await?;
    let Some(occ) = crate::events::repo::occurrences_of(&state.db, ev.id)
        .await?
        .into_iter()
        .next()
    else {
        return Ok(1);
    };
    for u in registrants {
        crate::events::repo::register(&state.db, occ.id, *u, 0, "", now).await?;
    }
    let Some(user) = crate::auth::identity::user_by_id(&state.db, by).await? else {
        return Ok(1);
    };
    let who = crate::auth::Principal {
        roles: crate::auth::identity::roles_of(&state.db, by).await?,
        user,
    };
    let sheets = crate::trainings::attendance::sheets(state, ev.id).await?;
    let mut marks = Vec::new();
    for sheet in &sheets {
        for l in &sheet.learners {
            let all_day = registrants.first() == Some(&l.user_id);
            for h in &sheet.halves {
                marks.push(crate::trainings::attendance::Mark {
                    registration_id: l.registration_id,
                    day: h.day.clone(),
                    half: h.half.to_string(),
                    present: all_day || h.half == "am",
                });
            }
        }
    }
    crate::trainings::followup::record(state, &who, &t, ev.id, &sheets, &marks).await?;
    Ok(1)
}
