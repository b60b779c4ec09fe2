//! Demonstration job offers (idempotent): a service civique at the Riez place and a CDD
//! "animateur·rice fab lab" at the Forcalquier fab lab, both published in the demo network's
//! board, written by each place's manager.

use crate::employment::model::{self, Employer, JobKind, JobStatus, PayUnit};
use crate::employment::repo::{self, Fields};
use crate::error::{AppResult, FieldErrors};
use crate::ids::{PlaceId, UserId};
use crate::state::AppState;

struct DemoOffer {
    title: &'static str,
    kind: JobKind,
    description: &'static str,
    postal_code: &'static str,
    city: &'static str,
    employer: &'static str,
    months: i32,
    hours: i32,
    pay: (Option<i64>, Option<i64>),
}

const OFFERS: [DemoOffer; 2] = [
    DemoOffer {
        title: "Service civique : médiation numérique au tiers-lieu",
        kind: JobKind::ServiceCivique,
        description: "<p>Aux côtés de l'équipe du tiers-lieu, vous accueillez les habitants qui \
                      ont besoin d'aide avec le numérique : démarches en ligne, prise en main d'un \
                      téléphone, ateliers collectifs.</p><ul><li>Accueil et accompagnement \
                      individuel</li><li>Co-animation des ateliers du mercredi</li><li>Lien avec \
                      la médiathèque et le centre social</li></ul><p>Mission ouverte aux 16-25 \
                      ans (30 ans en situation de handicap), sans condition de diplôme.</p>",
        postal_code: "04500",
        city: "Riez",
        employer: "Tiers-lieu de Riez",
        months: 8,
        hours: 28,
        pay: (None, None),
    },
    DemoOffer {
        title: "Animateur·rice fab lab (CDD 12 mois)",
        kind: JobKind::Cdd,
        description: "<p>Le fab lab du Pays de Forcalquier recrute un·e animateur·rice pour \
                      accueillir les usagers, encadrer les machines (découpeuse laser, \
                      imprimantes 3D, fraiseuse) et animer les ateliers scolaires.</p><ul><li>\
                      Accueil des permanences ouvertes</li><li>Ateliers avec les collèges du \
                      territoire</li><li>Maintenance de premier niveau</li></ul>",
        postal_code: "04300",
        city: "Forcalquier",
        employer: "Fab lab du Pays de Forcalquier",
        months: 12,
        hours: 35,
        pay: (Some(200_000), Some(230_000)),
    },
];

/// `places` are the Riez place and the Forcalquier fab lab; `authors` their managers.
pub async fn load(
    state: &AppState,
    places: [PlaceId; 2],
    authors: [Option<UserId>; 2],
) -> AppResult<String> {
    let now = state.clock.now_ms();
    let today = crate::clock::paris_date(now);
    let mut created = 0;
    for ((o, place), author) in OFFERS.iter().zip(places).zip(authors) {
        let mut errors = FieldErrors::default();
        let (title, slug) = model::parse_title(o.title, &mut errors).unwrap_or_default();
        errors.into_result()?;
        if repo::by_slug(&state.db, &slug).await?.is_some() {
            continue;
        }
        let description = crate::text::sanitize_html(o.description);
        let f = Fields {
            search_text: model::search_text(&title, o.city, o.employer, &description),
            city_key: crate::text::fold_words(o.city),
            title,
            slug,
            kind: o.kind,
            description,
            postal_code: o.postal_code.into(),
            city: o.city.into(),
            department: o.postal_code[..2].into(),
            starts_on: (today + chrono::Duration::days(45))
                .format("%Y-%m-%d")
                .to_string(),
            expires_on: (today + chrono::Duration::days(90))
                .format("%Y-%m-%d")
                .to_string(),
            duration_months: Some(o.months),
            hours_per_week: Some(o.hours),
            pay_min_cents: o.pay.0,
            pay_max_cents: o.pay.1,
            pay_unit: PayUnit::Month,
            apply_url: String::new(),
        };
        let Some(by) = author else {
            continue;
        };
        repo::insert(
            &state.db,
            Employer::Place(place),
            &f,
            JobStatus::Published,
            by,
            now,
        )
        .await?;
        created += 1;
    }
    Ok(format!("offres d'emploi : {created} créées"))
}
