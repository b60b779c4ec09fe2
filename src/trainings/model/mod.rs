//! Trainings ("formations"): types and rules, no SQL, no HTTP. A training belongs to one place
//! or one network; its sessions are agenda events of kind `formation` (the agenda keeps their
//! dates, seats and registrations).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::FieldErrors;
use crate::ids::{ActorId, DocumentId, NetworkId, PlaceId, TrainingId, UserId};

pub mod paths;

/// Longest title (characters), as the table's `CHECK` says.
pub const TITLE_MAX: usize = 200;
/// Longest short text (objectives, prerequisites, audience, accessibility…).
pub const TEXT_MAX: usize = 5000;
/// Trainings a list page shows.
pub const PER_PAGE: i64 = 20;
/// Longest duration, in hours.
pub const HOURS_MAX: f64 = 10_000.0;
/// Next sessions shown on a training's page.
pub const NEXT_SHOWN: i64 = 10;

crate::choice! {
    /// How the training is given: in the room, at a distance, or both.
    pub enum Modality {
        Presentiel = "presentiel",
        Distanciel = "distanciel",
        Mixte = "mixte",
    }
}

crate::choice! {
    /// The certification a training leads to: none, a title of the Répertoire national des
    /// certifications professionnelles (`RNCP` + digits) or of the Répertoire spécifique
    /// (`RS` + digits).
    pub enum Certification {
        None = "none",
        Rncp = "rncp",
        Rs = "rs",
    }
}

crate::choice! {
    /// A funding route, for the portal's filter: a training offers it when it has a price for
    /// it (or, for `gratuit`, is free for whoever asks).
    pub enum FundingRoute {
        Individuel = "individuel",
        Employeur = "employeur",
        DemandeurEmploi = "demandeur-emploi",
        Gratuit = "gratuit",
    }
}

/// Where a training belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    Network(NetworkId),
    Place(PlaceId),
}

impl Provider {
    /// The provider named by exactly one of the two ids; `None` for none or both.
    pub fn one(network_id: Option<NetworkId>, place_id: Option<PlaceId>) -> Option<Provider> {
        match (network_id, place_id) {
            (Some(n), None) => Some(Provider::Network(n)),
            (None, Some(p)) => Some(Provider::Place(p)),
            _ => None,
        }
    }

    /// The integers of the columns `network_id`, `place_id`, one set.
    pub fn columns(self) -> [Option<i64>; 2] {
        match self {
            Provider::Network(id) => [Some(id.get()), None],
            Provider::Place(id) => [None, Some(id.get())],
        }
    }

    /// The form field naming the provider and its id (`("place_id", 3)`).
    pub fn field(self) -> (&'static str, i64) {
        match self {
            Provider::Network(id) => ("network_id", id.get()),
            Provider::Place(id) => ("place_id", id.get()),
        }
    }

    /// The path prefix of the provider's pages.
    pub fn section(self) -> &'static str {
        match self {
            Provider::Network(_) => "reseaux",
            Provider::Place(_) => "lieux",
        }
    }
}

/// A training as stored, with the name, slug and département of its provider.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Training {
    pub id: TrainingId,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub title: String,
    pub slug: String,
    pub objectives: String,
    pub programme: String,
    pub prerequisites: String,
    pub audience: String,
    pub duration_minutes: i32,
    pub modality: Modality,
    pub price_individuel_cents: Option<i64>,
    pub price_employeur_cents: Option<i64>,
    pub price_demandeur_cents: Option<i64>,
    pub free_route: bool,
    pub accessibility: String,
    pub disability_referent: String,
    pub certification: Certification,
    pub certification_code: String,
    pub qualiopi: bool,
    pub qualiopi_on: String,
    pub theme: String,
    pub created_by: Option<UserId>,
    pub created_at: i64,
    pub updated_at: i64,
    pub provider_name: String,
    pub provider_slug: String,
    /// The place's département (empty for a network's training).
    pub department: String,
}

impl Training {
    pub fn provider(&self) -> Provider {
        match (self.network_id, self.place_id) {
            (_, Some(p)) => Provider::Place(p),
            (Some(n), None) => Provider::Network(n),
            // The table's CHECK makes this impossible.
            (None, None) => Provider::Network(NetworkId(0)),
        }
    }

    pub fn path(&self) -> String {
        format!("/formations/{}", self.slug)
    }

    pub fn provider_path(&self) -> String {
        format!("/{}/{}", self.provider().section(), self.provider_slug)
    }

    /// The duration in hours (`3.5`).
    pub fn hours(&self) -> f64 {
        f64::from(self.duration_minutes) / 60.0
    }

    /// The duration as people write it: `7 h`, `3 h 30`.
    pub fn hours_label(&self) -> String {
        let (h, m) = (self.duration_minutes / 60, self.duration_minutes % 60);
        if m == 0 {
            format!("{h} h")
        } else {
            format!("{h} h {m:02}")
        }
    }

    /// The routes offered, each with its price (`None` for the free route).
    pub fn routes(&self) -> Vec<(FundingRoute, Option<i64>)> {
        let mut out = Vec::new();
        for (route, price) in [
            (FundingRoute::Individuel, self.price_individuel_cents),
            (FundingRoute::Employeur, self.price_employeur_cents),
            (FundingRoute::DemandeurEmploi, self.price_demandeur_cents),
        ] {
            if let Some(p) = price {
                out.push((route, Some(p)));
            }
        }
        if self.free_route {
            out.push((FundingRoute::Gratuit, None));
        }
        out
    }

    /// The lowest price asked (0 when a free route exists), for schema.org's offer.
    pub fn lowest_price(&self) -> Option<i64> {
        if self.free_route {
            return Some(0);
        }
        [
            self.price_individuel_cents,
            self.price_employeur_cents,
            self.price_demandeur_cents,
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// The Qualiopi date as the French write it (`15/03/2024`); empty when unknown.
    pub fn qualiopi_on_fr(&self) -> String {
        chrono::NaiveDate::parse_from_str(&self.qualiopi_on, "%Y-%m-%d")
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default()
    }

    pub fn excerpt(&self) -> String {
        crate::text::excerpt(&self.objectives, 240)
    }
}

/// A trainer, as shown (an account's display name).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, ToSchema)]
pub struct Trainer {
    pub id: UserId,
    pub name: String,
}

/// A trainer from the showcase: an actor profile of the provider's scope (a freelancer, a
/// specialist, an association…).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, ToSchema)]
pub struct TrainerActor {
    pub id: ActorId,
    pub name: String,
    /// Its page is `/acteurs/{slug}`.
    pub slug: String,
}

/// A public document of the provider's library that goes with a training (its programme as a
/// PDF…).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, ToSchema)]
pub struct TrainingDocument {
    pub id: DocumentId,
    pub title: String,
}

/// At most this many trainers from the showcase, and documents, per training.
pub const LINKS_MAX: usize = 20;

/// A session of a training as shown: its event and first occurrence.
#[derive(Debug, Clone)]
pub struct Session {
    pub event_id: crate::ids::EventId,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: Option<i32>,
    pub confirmed: i64,
    pub location: String,
    pub cancelled: bool,
}

/// A title: 1 to [`TITLE_MAX`] characters, no control character; and its slug (without the
/// suffix that keeps it unique, added by the service).
pub fn parse_title(raw: &str, errors: &mut FieldErrors) -> Option<(String, String)> {
    let t = raw.trim();
    if t.is_empty() {
        errors.add("title", "field-required");
        return None;
    }
    if t.chars().count() > TITLE_MAX || t.chars().any(char::is_control) {
        errors.add("title", "training-error-title");
        return None;
    }
    let mut slug: String = slug::slugify(t).chars().take(80).collect();
    slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        slug = "formation".into();
    }
    Some((t.to_string(), slug))
}

/// A plain text of at most [`TEXT_MAX`] characters (line breaks kept, other control
/// characters refused); `required` adds `field-required` when empty.
pub fn parse_text(
    raw: &str,
    field: &'static str,
    required: bool,
    errors: &mut FieldErrors,
) -> String {
    let t = raw.trim();
    if required && t.is_empty() {
        errors.add(field, "field-required");
    }
    if t.chars().count() > TEXT_MAX {
        errors.add(field, "field-too-long");
    }
    if t.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        errors.add(field, "training-error-text");
    }
    t.replace("\r\n", "\n")
}

/// A duration in hours: more than 0, at most [`HOURS_MAX`], to the minute; in minutes.
pub fn parse_hours(hours: Option<f64>, errors: &mut FieldErrors) -> Option<i32> {
    match hours {
        None => {
            errors.add("duration_hours", "field-required");
            None
        }
        Some(h) if h.is_finite() && h > 0.0 && h <= HOURS_MAX => {
            let minutes = (h * 60.0).round();
            if minutes < 1.0 {
                errors.add("duration_hours", "training-error-duration");
                return None;
            }
            Some(minutes as i32)
        }
        Some(_) => {
            errors.add("duration_hours", "training-error-duration");
            None
        }
    }
}

/// A price in cents: absent (the route is not offered) or 0 to 10 million euros.
pub fn check_price(
    price: Option<i64>,
    field: &'static str,
    errors: &mut FieldErrors,
) -> Option<i64> {
    match price {
        Some(p) if !(0..=1_000_000_000).contains(&p) => {
            errors.add(field, "training-error-price");
            None
        }
        p => p,
    }
}

/// A certification code: empty (none), `RNCP` + 1 to 6 digits, or `RS` + 1 to 6 digits
/// (case and spaces aside: `rncp 35185` is `RNCP35185`).
pub fn parse_certification(raw: &str, errors: &mut FieldErrors) -> (Certification, String) {
    let code: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if code.is_empty() {
        return (Certification::None, String::new());
    }
    let digits_ok = |d: &str| (1..=6).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit());
    if let Some(d) = code.strip_prefix("RNCP") {
        if digits_ok(d) {
            return (Certification::Rncp, code);
        }
    } else if let Some(d) = code.strip_prefix("RS") {
        if digits_ok(d) {
            return (Certification::Rs, code);
        }
    }
    errors.add("certification", "training-error-certification");
    (Certification::None, String::new())
}

/// The Qualiopi date: empty, or a date `YYYY-MM-DD`.
pub fn parse_qualiopi_on(raw: &str, errors: &mut FieldErrors) -> String {
    let t = raw.trim();
    if t.is_empty() {
        return String::new();
    }
    match chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        Ok(d) => d.format("%Y-%m-%d").to_string(),
        Err(_) => {
            errors.add("qualiopi_on", "training-error-date");
            String::new()
        }
    }
}

/// The folded words a search matches: title, theme, objectives, audience, programme.
pub fn search_text(
    title: &str,
    theme: &str,
    objectives: &str,
    audience: &str,
    programme: &str,
) -> String {
    let programme = crate::text::excerpt(programme, 4000);
    crate::text::fold_words(&format!(
        "{title} {theme} {objectives} {audience} {programme}"
    ))
}

/// A training as the API writes it (`POST`, and `PATCH` merged into what `GET` returns).
#[derive(Debug, Deserialize, ToSchema)]
pub struct TrainingInput {
    /// 1 to 200 characters.
    pub title: String,
    /// What the learner will be able to do (plain text, required).
    pub objectives: String,
    /// Hours, more than 0 (`3.5` for three and a half hours).
    pub duration_hours: f64,
    pub modality: Modality,
    /// The price for an individual paying themselves, in cents; absent or null: this route is
    /// not offered.
    #[serde(default)]
    pub price_cents: Option<i64>,
    /// The price through an employer or an OPCO, in cents; absent or null: not offered.
    #[serde(default)]
    pub price_employer_cents: Option<i64>,
    /// The price for a job seeker (France Travail, region), in cents; absent or null: not
    /// offered.
    #[serde(default)]
    pub price_job_seeker_cents: Option<i64>,
    /// Free of charge for whoever asks.
    #[serde(default)]
    pub free: Option<bool>,
    /// Exactly one of `network_id`, `place_id`.
    #[serde(default)]
    pub network_id: Option<NetworkId>,
    #[serde(default)]
    pub place_id: Option<PlaceId>,
    /// The programme: rich text (HTML), sanitized.
    #[serde(default)]
    pub programme_html: Option<String>,
    #[serde(default)]
    pub prerequisites: Option<String>,
    #[serde(default)]
    pub audience: Option<String>,
    /// How people with a disability are welcome.
    #[serde(default)]
    pub accessibility: Option<String>,
    /// The disability referent's contact.
    #[serde(default)]
    pub disability_referent: Option<String>,
    /// Empty or null: none; else `RNCP` or `RS` followed by digits (`RNCP35185`).
    #[serde(default)]
    pub certification: Option<String>,
    /// The provider is Qualiopi-certified.
    #[serde(default)]
    pub qualiopi: Option<bool>,
    /// The date of the Qualiopi certificate, `YYYY-MM-DD`.
    #[serde(default)]
    pub qualiopi_on: Option<String>,
    #[serde(default)]
    pub theme: Option<String>,
    /// The trainers' accounts.
    #[serde(default)]
    pub trainer_ids: Option<Vec<UserId>>,
    /// Trainers from the showcase: actor profiles attached to the provider's place (or its
    /// networks), or to the network (or its places).
    #[serde(default)]
    pub trainer_actor_ids: Option<Vec<ActorId>>,
    /// Public documents of the provider's library (the programme as a PDF…).
    #[serde(default)]
    pub document_ids: Option<Vec<DocumentId>>,
}

/// The `201` answer of `POST /api/v1/trainings`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: TrainingId,
    pub slug: String,
}

/// The schema.org `Course` of a training with a `CourseInstance` per next session, safe inside
/// `<script type="application/ld+json">`.
pub fn json_ld(t: &Training, base_url: &str, sessions: &[Session]) -> String {
    let base = base_url.trim_end_matches('/');
    let mode = match t.modality {
        Modality::Presentiel => "onsite",
        Modality::Distanciel => "online",
        Modality::Mixte => "blended",
    };
    let instances: Vec<serde_json::Value> = sessions
        .iter()
        .filter(|s| !s.cancelled)
        .map(|s| {
            let mut v = serde_json::json!({
                "@type": "CourseInstance",
                "courseMode": mode,
                "startDate": crate::clock::rfc3339(s.starts_at),
                "endDate": crate::clock::rfc3339(s.ends_at),
                "url": format!("{base}/evenements/{}", s.event_id),
            });
            if !s.location.is_empty() {
                v["location"] = serde_json::json!({"@type": "Place", "name": s.location});
            }
            if let Some(c) = s.capacity {
                v["maximumAttendeeCapacity"] = serde_json::json!(c);
            }
            v
        })
        .collect();
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Course",
        "name": t.title,
        "description": crate::text::excerpt(&t.objectives, 500),
        "url": format!("{base}{}", t.path()),
        "inLanguage": "fr",
        "timeRequired": format!("PT{}M", t.duration_minutes),
        "provider": {
            "@type": match t.provider() {
                Provider::Place(_) => "Place",
                Provider::Network(_) => "Organization",
            },
            "name": t.provider_name,
            "url": format!("{base}{}", t.provider_path()),
        },
        "hasCourseInstance": instances,
    });
    if !t.theme.is_empty() {
        v["about"] = serde_json::json!(t.theme);
    }
    if !t.prerequisites.is_empty() {
        v["coursePrerequisites"] = serde_json::json!(t.prerequisites);
    }
    if t.certification != Certification::None {
        v["educationalCredentialAwarded"] = serde_json::json!(t.certification_code);
    }
    if let Some(p) = t.lowest_price() {
        v["offers"] = serde_json::json!({
            "@type": "Offer",
            "category": if p == 0 { "Free" } else { "Paid" },
            "price": format!("{}.{:02}", p / 100, p % 100),
            "priceCurrency": "EUR",
        });
    }
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certification_codes() {
        let mut e = FieldErrors::default();
        assert_eq!(
            parse_certification(" rncp 35185 ", &mut e),
            (Certification::Rncp, "RNCP35185".into())
        );
        assert_eq!(
            parse_certification("RS5678", &mut e),
            (Certification::Rs, "RS5678".into())
        );
        assert_eq!(parse_certification("", &mut e).0, Certification::None);
        assert!(e.is_empty());
        for bad in ["RNCP", "RNCP12A", "ABC123", "RS1234567", "RNCP-123"] {
            let mut e = FieldErrors::default();
            parse_certification(bad, &mut e);
            assert!(e.has("certification"), "{bad}");
        }
    }

    #[test]
    fn hours_and_prices() {
        let mut e = FieldErrors::default();
        assert_eq!(parse_hours(Some(3.5), &mut e), Some(210));
        assert!(e.is_empty());
        for bad in [Some(0.0), Some(-1.0), Some(f64::NAN), None, Some(20_000.0)] {
            let mut e = FieldErrors::default();
            assert_eq!(parse_hours(bad, &mut e), None);
            assert!(e.has("duration_hours"));
        }
        let mut e = FieldErrors::default();
        assert_eq!(check_price(Some(-1), "price_cents", &mut e), None);
        assert!(e.has("price_cents"));
        let mut e = FieldErrors::default();
        assert_eq!(check_price(Some(0), "price_cents", &mut e), Some(0));
        assert_eq!(check_price(None, "price_cents", &mut e), None);
        assert!(e.is_empty());
    }
}
