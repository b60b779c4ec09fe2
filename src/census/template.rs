//! The default questionnaire of a census: the themes the yearly censuses of France
//! Tiers-Lieux and the regional networks ask about (activities, surfaces, jobs in FTE,
//! volunteers, members, users, turnover and public funding, partnerships, services to the
//! public, digital inclusion, training, environmental practices), with the questions Maillage
//! can answer pre-filled from its own data.

use super::model::{PrefillSource as P, Question, QuestionType as T};

fn q(section: &str, key: &str, label: &str, kind: T) -> Question {
    Question {
        key: key.into(),
        label: label.into(),
        kind,
        section: section.into(),
        help: String::new(),
        required: false,
        unit: String::new(),
        options: Vec::new(),
        min: None,
        max: None,
        prefill: None,
    }
}

fn number(section: &str, key: &str, label: &str, unit: &str, prefill: Option<P>) -> Question {
    Question {
        unit: unit.into(),
        min: Some(0.0),
        prefill,
        ..q(section, key, label, T::Number)
    }
}

fn choices(section: &str, key: &str, label: &str, kind: T, options: &[&str]) -> Question {
    Question {
        options: options.iter().map(|o| o.to_string()).collect(),
        ..q(section, key, label, kind)
    }
}

/// The questions of the default template, in the order they are shown.
pub fn default_questions() -> Vec<Question> {
    let a = "Activités";
    let s = "Espaces et surfaces";
    let h = "Emplois et bénévolat";
    let u = "Usagers et membres";
    let m = "Modèle économique";
    let p = "Partenariats et services au public";
    let e = "Pratiques environnementales";
    vec![
        Question {
            required: true,
            prefill: Some(P::Typologies),
            ..q(a, "typologies", "Typologies du lieu", T::Typology)
        },
        Question {
            prefill: Some(P::OpeningHours),
            help: "Syntaxe opening_hours, par exemple « Mo-Fr 09:00-18:00 ».".into(),
            ..q(a, "opening_hours", "Horaires d'ouverture", T::ShortText)
        },
        number(
            a,
            "events_count",
            "Événements et ateliers organisés ou accueillis sur la période",
            "dates",
            Some(P::EventsCount),
        ),
        number(
            a,
            "participants_count",
            "Participants à ces événements",
            "personnes",
            Some(P::ParticipantsCount),
        ),
        number(
            a,
            "trainings_count",
            "Sessions de formation sur la période",
            "sessions",
            Some(P::TrainingsCount),
        ),
        q(
            a,
            "main_activities",
            "Activités principales du lieu",
            T::LongText,
        ),
        number(
            s,
            "spaces_count",
            "Espaces et machines réservables",
            "espaces",
            Some(P::SpacesCount),
        ),
        number(
            s,
            "seats_total",
            "Places assises ou postes réservables",
            "places",
            Some(P::SeatsTotal),
        ),
        number(
            s,
            "bookings_count",
            "Réservations sur la période",
            "réservations",
            Some(P::BookingsCount),
        ),
        Question {
            max: Some(100.0),
            ..number(
                s,
                "occupancy_rate",
                "Taux d'occupation des espaces",
                "%",
                Some(P::OccupancyRate),
            )
        },
        Question {
            required: true,
            ..number(s, "surface_m2", "Surface totale du lieu", "m²", None)
        },
        number(h, "employees_fte", "Salariés", "ETP", None),
        number(h, "volunteers", "Bénévoles réguliers", "personnes", None),
        number(u, "members", "Adhérents ou membres", "personnes", None),
        number(
            u,
            "users_per_month",
            "Usagers par mois (moyenne)",
            "personnes",
            None,
        ),
        Question {
            min: Some(0.0),
            ..q(
                m,
                "turnover_cents",
                "Chiffre d'affaires de l'année",
                T::Money,
            )
        },
        Question {
            min: Some(0.0),
            ..q(
                m,
                "public_funding_cents",
                "Subventions publiques reçues dans l'année",
                T::Money,
            )
        },
        choices(
            m,
            "legal_form",
            "Forme juridique de la structure porteuse",
            T::SingleChoice,
            &[
                "Association",
                "SCIC",
                "SCOP",
                "SAS ou SARL",
                "Collectivité",
                "Autre",
            ],
        ),
        q(
            p,
            "partnerships",
            "Partenariats avec des collectivités",
            T::YesNo,
        ),
        choices(
            p,
            "public_services",
            "Services au public proposés",
            T::MultipleChoice,
            &[
                "France services",
                "Médiation numérique",
                "Accès aux droits",
                "Point relais emploi",
                "Aucun",
            ],
        ),
        q(
            p,
            "digital_inclusion",
            "Actions d'inclusion numérique",
            T::YesNo,
        ),
        q(
            p,
            "communes_served",
            "Communes d'où viennent les usagers",
            T::Communes,
        ),
        choices(
            e,
            "environment",
            "Pratiques environnementales",
            T::MultipleChoice,
            &[
                "Tri et compostage",
                "Réemploi et réparation",
                "Énergie renouvelable",
                "Mobilité douce",
                "Circuits courts",
            ],
        ),
        Question {
            help: "1 : pas du tout, 5 : tout à fait.".into(),
            ..q(
                e,
                "satisfaction",
                "Le réseau répond-il à vos besoins ?",
                T::Scale,
            )
        },
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_default_template_is_a_valid_questionnaire() {
        let qs = super::default_questions();
        assert!(super::super::model::check_questionnaire("Recensement", &qs).is_ok());
        assert!(qs.iter().filter(|q| q.prefill.is_some()).count() >= 9);
    }
}
