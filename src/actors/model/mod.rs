//! The actor record and its rules: no SQL, no HTTP. Every input (form, API, demo) goes through
//! [`validate`], which keeps only good values and names the bad ones.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::FieldErrors;
use crate::ids::{ActorId, NetworkId, PlaceId, UserId};
use crate::places::model::LooseNumber;
use crate::text::fold_words;

mod claims;
mod guide;
pub use claims::*;
pub use guide::*;

crate::choice! {
    /// An organisation (artisan, producer, business, association, public service, local
    /// authority) or a person (freelancer, specialist, volunteer).
    pub enum ActorKind {
        Organization = "organization",
        Person = "person",
    }
}

crate::choice! {
    /// What an actor is, within its kind.
    pub enum ActorSubtype {
        Artisan = "artisan",
        Producteur = "producteur",
        Entreprise = "entreprise",
        Association = "association",
        ServicePublic = "service_public",
        Collectivite = "collectivite",
        Freelance = "freelance",
        Specialiste = "specialiste",
        Benevole = "benevole",
    }
}

impl ActorSubtype {
    /// The kind this subtype belongs to.
    pub fn kind(self) -> ActorKind {
        match self {
            ActorSubtype::Freelance | ActorSubtype::Specialiste | ActorSubtype::Benevole => {
                ActorKind::Person
            }
            _ => ActorKind::Organization,
        }
    }

    /// The message key of its French/English name.
    pub fn label_key(self) -> String {
        format!("actors-subtype-{}", self.as_str().replace('_', "-"))
    }

    /// The schema.org type of a profile of this subtype.
    pub fn schema_org(self) -> &'static str {
        match self {
            ActorSubtype::Freelance | ActorSubtype::Specialiste | ActorSubtype::Benevole => {
                "Person"
            }
            ActorSubtype::Artisan | ActorSubtype::Producteur | ActorSubtype::Entreprise => {
                "LocalBusiness"
            }
            _ => "Organization",
        }
    }
}

crate::choice! {
    /// Who sees a field of a profile: everyone, the members of its places and network (and
    /// their managers), or nobody but the person and the profile's editors.
    pub enum FieldVisibility {
        Public = "public",
        Members = "members",
        Hidden = "hidden",
    }
}

/// A category of the managed taxonomy (seeded with the French families).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, ToSchema)]
pub struct Category {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

/// A skill of the vocabulary, as an actor holds it (the canonical skill of a synonym).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, ToSchema)]
pub struct Skill {
    pub id: i64,
    pub name: String,
    #[serde(skip)]
    pub folded: String,
}

/// An offer (product or service), as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct RawOffer {
    pub title: String,
    pub description: String,
    /// Price in cents, when given.
    pub price_cents: Option<i64>,
}

/// Every field as typed by a person or sent to the API, before validation.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
// Each field defaults on its own (not the container): the OpenAPI document then names
// no default, where the container's would be `""` for the enum-valued text fields,
// which is not a value of their schema.
pub struct RawActor {
    /// 1 to 200 characters.
    #[serde(default)]
    pub name: String,
    /// `organization` or `person` (a person's profile is their own: linked to the caller's
    /// account, one per account).
    #[schema(value_type = ActorKind)]
    #[serde(default)]
    pub kind: String,
    /// Within the kind: `artisan`, `producteur`, `entreprise`, `association`,
    /// `service_public`, `collectivite` (organisations), `freelance`, `specialiste`, `benevole`
    /// (people). Default: `entreprise` or `freelance`.
    #[schema(value_type = Option<ActorSubtype>)]
    #[serde(default)]
    pub subtype: String,
    /// Category slugs or names (see `GET /api/v1/actor-categories`).
    #[serde(default)]
    pub categories: Vec<String>,
    /// Skills, free text: folded (accents, case) onto the vocabulary, synonyms onto their
    /// canonical skill, a new word becomes a new skill.
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub offers: Vec<RawOffer>,
    /// ISO 639 codes (`fr`, `en`, `oc`…).
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub postal_code: String,
    #[serde(default)]
    pub city: String,
    /// Decimal degrees (WGS 84), as text or number.
    #[schema(value_type = Option<f64>)]
    #[serde(default)]
    pub latitude: LooseNumber,
    #[schema(value_type = Option<f64>)]
    #[serde(default)]
    pub longitude: LooseNumber,
    /// Plain text, at most 5 000 characters.
    #[serde(default)]
    pub description: String,
    /// OpenStreetMap `opening_hours` syntax, e.g. `Mo-Fr 09:00-18:00`.
    #[serde(default)]
    pub opening_hours: String,
    /// 14 digits with a valid key.
    #[serde(default)]
    pub siret: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub links: Vec<String>,
    /// The places the actor is attached to (each managed by the caller; for a person's own
    /// profile, places they are a member of).
    #[schema(value_type = Vec<i64>)]
    #[serde(default)]
    pub place_ids: Vec<PlaceId>,
    /// One place, as `place_ids` with one element.
    #[schema(value_type = Option<i64>)]
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub place_id: Option<PlaceId>,
    /// The network whose territory the actor belongs to (animated by the caller).
    #[schema(value_type = Option<i64>)]
    #[serde(default)]
    pub network_id: Option<NetworkId>,
    /// Who sees the contact details (email, phone, address and coordinates) when the fields
    /// below do not say: `public`, `members` (of its places and network), `hidden`. Default:
    /// `public` for an organisation, `hidden` for a person.
    #[schema(value_type = Option<FieldVisibility>)]
    #[serde(default)]
    pub visibility: String,
    #[schema(value_type = Option<FieldVisibility>)]
    #[serde(default)]
    pub email_visibility: String,
    #[schema(value_type = Option<FieldVisibility>)]
    #[serde(default)]
    pub phone_visibility: String,
    #[schema(value_type = Option<FieldVisibility>)]
    #[serde(default)]
    pub address_visibility: String,
    /// Service area: the communes the actor works in (at most 30).
    #[serde(default)]
    pub service_communes: Vec<String>,
    /// Service area: a radius around its address, 1 to 200 km.
    #[schema(value_type = Option<i32>)]
    #[serde(default)]
    pub service_radius_km: Option<i32>,
}

impl RawActor {
    /// Every place named, `place_id` and `place_ids`, once each.
    pub fn places(&self) -> Vec<PlaceId> {
        let mut out: Vec<PlaceId> = Vec::new();
        for p in self.place_id.iter().chain(self.place_ids.iter()) {
            if !out.contains(p) {
                out.push(*p);
            }
        }
        out
    }
}

/// A validated offer.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema, sqlx::FromRow)]
pub struct Offer {
    pub title: String,
    pub description: String,
    pub price_cents: Option<i64>,
}

/// A validated actor: only good values. Skills are folded tags, resolved by the service.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorInput {
    pub name: String,
    pub slug: String,
    pub kind: ActorKind,
    pub subtype: ActorSubtype,
    pub category_ids: Vec<i64>,
    /// `(as typed, folded)`.
    pub skills: Vec<(String, String)>,
    pub offers: Vec<Offer>,
    pub languages: Vec<String>,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub description: String,
    pub opening_hours: String,
    pub siret: String,
    pub email: String,
    pub phone: String,
    pub website: String,
    pub links: Vec<String>,
    pub place_ids: Vec<PlaceId>,
    pub network_id: Option<NetworkId>,
    pub email_visibility: FieldVisibility,
    pub phone_visibility: FieldVisibility,
    pub address_visibility: FieldVisibility,
    /// The service area: communes as typed, and a radius around the address.
    pub service_communes: Vec<String>,
    pub service_radius_km: Option<i32>,
}

/// Communes a service area names at most.
pub const MAX_COMMUNES: usize = 30;

/// The service area's communes, trimmed, once each (accents and case aside), and its radius;
/// errors on `service_communes` and `service_radius_km`.
pub fn service_area(
    communes: &[String],
    radius: Option<i32>,
    errors: &mut FieldErrors,
) -> (Vec<String>, Option<i32>) {
    let mut out: Vec<String> = Vec::new();
    for c in communes.iter().flat_map(|c| c.split([',', '\n'])) {
        let c = c.trim();
        if c.is_empty() {
            continue;
        }
        if c.chars().count() > 100 || c.chars().any(char::is_control) {
            errors.add("service_communes", "actors-service-commune-invalid");
            continue;
        }
        if !out.iter().any(|o| fold_words(o) == fold_words(c)) {
            out.push(c.to_string());
        }
    }
    if out.len() > MAX_COMMUNES {
        errors.add("service_communes", "actors-too-many");
        out.truncate(MAX_COMMUNES);
    }
    let radius = match radius {
        Some(r) if !(1..=200).contains(&r) => {
            errors.add("service_radius_km", "actors-service-radius-invalid");
            None
        }
        r => r,
    };
    (out, radius)
}

/// The folded communes of a service area, `|`-separated and framed (`|riez|valensole|`): the
/// commune filter matches `%|riez|%`.
pub fn service_keys(communes: &[String]) -> String {
    if communes.is_empty() {
        return String::new();
    }
    let keys: Vec<String> = communes.iter().map(|c| fold_words(c)).collect();
    format!("|{}|", keys.join("|"))
}

/// At most this many skills, offers, languages, links, categories, places.
pub const MAX_ITEMS: usize = 20;

fn short(raw: &str, max: usize, field: &'static str, errors: &mut FieldErrors) -> String {
    let t = raw.trim();
    if t.chars().count() > max {
        errors.add(field, "field-too-long");
        return String::new();
    }
    if t.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        errors.add(field, "field-name-invalid");
        return String::new();
    }
    t.to_string()
}

fn visibility(
    raw: &str,
    default: FieldVisibility,
    field: &'static str,
    errors: &mut FieldErrors,
) -> FieldVisibility {
    match raw.trim() {
        "" => default,
        t => t.parse().unwrap_or_else(|_| {
            errors.add(field, "field-invalid-choice");
            default
        }),
    }
}

/// A category by slug or by name (accents and case aside).
pub fn find_category(raw: &str, categories: &[Category]) -> Option<i64> {
    let f = fold_words(raw);
    categories
        .iter()
        .find(|c| c.slug == raw.trim() || fold_words(&c.name) == f)
        .map(|c| c.id)
}

/// Skills as typed: each 1 to 60 characters, folded (`text::fold_words`: accents, case,
/// punctuation), once each, at most [`MAX_ITEMS`]; `(as typed, folded)`. The vocabulary
/// (synonyms onto their canonical skill) is applied when they are saved. Shared by the
/// profiles and the posts ("annonces").
pub fn parse_skills(
    raw: &[String],
    field: &'static str,
    errors: &mut FieldErrors,
) -> Vec<(String, String)> {
    let mut skills: Vec<(String, String)> = Vec::new();
    for s in raw.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let folded = fold_words(s);
        if s.chars().count() > 60 || folded.is_empty() || s.chars().any(char::is_control) {
            errors.add(field, "actors-skill-invalid");
            continue;
        }
        if !skills.iter().any(|(_, f)| *f == folded) {
            skills.push((s.to_string(), folded));
        }
    }
    if skills.len() > MAX_ITEMS {
        errors.add(field, "actors-too-many");
    }
    skills
}

/// Validates every field. Bad values are left out and named in `errors`.
pub fn validate(raw: &RawActor, categories: &[Category], errors: &mut FieldErrors) -> ActorInput {
    let named = crate::tenancy::model::parse_name(&raw.name, errors);
    let (name, slug) = named.unwrap_or_default();
    let kind = match raw.kind.trim() {
        "" => {
            errors.add("kind", "field-required");
            ActorKind::Organization
        }
        t => t.parse().unwrap_or_else(|_| {
            errors.add("kind", "field-invalid-choice");
            ActorKind::Organization
        }),
    };
    let subtype = match raw.subtype.trim() {
        "" if kind == ActorKind::Person => ActorSubtype::Freelance,
        "" => ActorSubtype::Entreprise,
        t => match t.parse::<ActorSubtype>() {
            Ok(s) if s.kind() == kind => s,
            Ok(_) => {
                errors.add("subtype", "actors-subtype-kind");
                ActorSubtype::Entreprise
            }
            Err(_) => {
                errors.add("subtype", "field-invalid-choice");
                ActorSubtype::Entreprise
            }
        },
    };
    let mut category_ids = Vec::new();
    for c in raw.categories.iter().filter(|c| !c.trim().is_empty()) {
        match find_category(c, categories) {
            Some(id) if !category_ids.contains(&id) => category_ids.push(id),
            Some(_) => {}
            None => errors.add("categories", "actors-category-unknown"),
        }
    }
    if category_ids.len() > MAX_ITEMS {
        errors.add("categories", "actors-too-many");
    }
    let skills = parse_skills(&raw.skills, "skills", errors);
    let mut offers = Vec::new();
    for (i, o) in raw.offers.iter().enumerate() {
        if o.title.trim().is_empty() && o.description.trim().is_empty() && o.price_cents.is_none() {
            continue;
        }
        let title = o.title.trim();
        if title.is_empty() {
            errors.add(format!("offers[{i}].title"), "field-required");
        } else if title.chars().count() > 200 || title.chars().any(char::is_control) {
            errors.add(format!("offers[{i}].title"), "field-name-invalid");
        }
        let description = o.description.trim();
        if description.chars().count() > 2000 {
            errors.add(format!("offers[{i}].description"), "field-too-long");
        }
        if o.price_cents
            .is_some_and(|p| !(0..=100_000_000_000).contains(&p))
        {
            errors.add(format!("offers[{i}].price_cents"), "actors-price-invalid");
        }
        offers.push(Offer {
            title: title.to_string(),
            description: description.to_string(),
            price_cents: o.price_cents,
        });
    }
    if offers.len() > MAX_ITEMS {
        errors.add("offers", "actors-too-many");
    }
    let mut languages: Vec<String> = Vec::new();
    for l in raw.languages.iter().map(|l| l.trim().to_ascii_lowercase()) {
        if l.is_empty() {
            continue;
        }
        if !(2..=3).contains(&l.len()) || !l.chars().all(|c| c.is_ascii_lowercase()) {
            errors.add("languages", "actors-language-invalid");
        } else if !languages.contains(&l) {
            languages.push(l);
        }
    }
    if languages.len() > MAX_ITEMS {
        errors.add("languages", "actors-too-many");
    }
    let address = short(&raw.address, 300, "address", errors);
    let city = short(&raw.city, 200, "city", errors);
    let postal_code =
        crate::places::model::parse_postal_code(&raw.postal_code).unwrap_or_else(|k| {
            errors.add("postal_code", k);
            String::new()
        });
    let lat = crate::places::model::parse_coordinate(&raw.latitude.0, 90.0);
    let lon = crate::places::model::parse_coordinate(&raw.longitude.0, 180.0);
    let (latitude, longitude) = match (lat, lon) {
        (Ok(Some(la)), Ok(Some(lo))) => (Some(la), Some(lo)),
        (Ok(None), Ok(None)) => (None, None),
        (la, lo) => {
            if !matches!(la, Ok(Some(_))) {
                errors.add("latitude", "field-coordinate-invalid");
            }
            if !matches!(lo, Ok(Some(_))) {
                errors.add("longitude", "field-coordinate-invalid");
            }
            (None, None)
        }
    };
    let description = short(&raw.description, 5000, "description", errors);
    let hours = raw.opening_hours.trim();
    let opening_hours = if hours.is_empty() {
        String::new()
    } else if crate::hours::OpeningHours::parse(hours).is_ok() && hours.len() <= 500 {
        hours.to_string()
    } else {
        errors.add("opening_hours", "field-hours-invalid");
        String::new()
    };
    let siret = match crate::tenancy::model::parse_siret(&raw.siret) {
        Ok(v) => v.unwrap_or_default(),
        Err(k) => {
            errors.add("siret", k);
            String::new()
        }
    };
    let email = match raw.email.trim() {
        "" => String::new(),
        e => crate::accounts::model::normalize_email(e).unwrap_or_else(|_| {
            errors.add("email", "field-email-invalid");
            String::new()
        }),
    };
    let phone = crate::places::model::parse_phone(&raw.phone).unwrap_or_else(|k| {
        errors.add("phone", k);
        String::new()
    });
    let website = crate::places::model::parse_url(&raw.website).unwrap_or_else(|k| {
        errors.add("website", k);
        String::new()
    });
    let mut links = Vec::new();
    for l in raw.links.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        match crate::places::model::parse_url(l) {
            Ok(v) if !links.contains(&v) => links.push(v),
            Ok(_) => {}
            Err(k) => errors.add("links", k),
        }
    }
    if links.len() > MAX_ITEMS {
        errors.add("links", "actors-too-many");
    }
    let place_ids = raw.places();
    if place_ids.len() > MAX_ITEMS {
        errors.add("place_ids", "actors-too-many");
    }
    // A person's contacts are theirs to show: hidden unless they say otherwise.
    let default = match kind {
        ActorKind::Person => FieldVisibility::Hidden,
        ActorKind::Organization => FieldVisibility::Public,
    };
    let default = visibility(&raw.visibility, default, "visibility", errors);
    let (service_communes, service_radius_km) =
        service_area(&raw.service_communes, raw.service_radius_km, errors);
    ActorInput {
        service_communes,
        service_radius_km,
        name,
        slug,
        kind,
        subtype,
        category_ids,
        skills,
        offers,
        languages,
        address,
        postal_code,
        city,
        latitude,
        longitude,
        description,
        opening_hours,
        siret,
        email,
        phone,
        website,
        links,
        place_ids,
        network_id: raw.network_id,
        email_visibility: visibility(&raw.email_visibility, default, "email_visibility", errors),
        phone_visibility: visibility(&raw.phone_visibility, default, "phone_visibility", errors),
        address_visibility: visibility(
            &raw.address_visibility,
            default,
            "address_visibility",
            errors,
        ),
    }
}

/// The folded words a search matches: name, type, categories, skills and their synonyms,
/// offers, city, description.
pub fn search_text(
    input: &ActorInput,
    subtype_label: &str,
    category_names: &[String],
    skill_words: &[String],
) -> String {
    let mut s = format!(
        "{} {} {} {}",
        input.name, subtype_label, input.city, input.description
    );
    for part in category_names.iter().chain(skill_words) {
        s.push(' ');
        s.push_str(part);
    }
    for o in &input.offers {
        s.push(' ');
        s.push_str(&o.title);
        s.push(' ');
        s.push_str(&o.description);
    }
    let words = fold_words(&s);
    words.chars().take(20_000).collect()
}

/// A stored actor.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Actor {
    pub id: ActorId,
    pub slug: String,
    pub name: String,
    pub kind: ActorKind,
    pub subtype: ActorSubtype,
    pub description: String,
    pub languages: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub opening_hours: String,
    pub siret: String,
    pub email: String,
    pub phone: String,
    pub website: String,
    pub links: String,
    pub email_visibility: FieldVisibility,
    pub phone_visibility: FieldVisibility,
    pub address_visibility: FieldVisibility,
    pub user_id: Option<UserId>,
    pub network_id: Option<NetworkId>,
    pub created_at: i64,
    pub updated_at: i64,
    /// The service area's communes, one a line, and its radius in km.
    pub service_communes: String,
    pub service_radius_km: Option<i32>,
}

impl Actor {
    pub fn language_list(&self) -> Vec<String> {
        split_list(&self.languages, ',')
    }
    pub fn link_list(&self) -> Vec<String> {
        split_list(&self.links, '\n')
    }
}

fn split_list(s: &str, sep: char) -> Vec<String> {
    s.split(sep)
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// What a reader may see of a profile's contacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// Anyone: public fields only.
    Public,
    /// A member of one of its places or its network.
    Member,
    /// The person themselves or an editor of the profile.
    Editor,
}

impl Reader {
    /// May this reader see a field of that visibility?
    pub fn sees(self, v: FieldVisibility) -> bool {
        match v {
            FieldVisibility::Public => true,
            FieldVisibility::Members => self != Reader::Public,
            FieldVisibility::Hidden => self == Reader::Editor,
        }
    }
}

/// Distance in kilometres between two points (haversine).
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// `lat,lon` as the `near` filter writes it.
pub fn parse_near(raw: &str) -> Option<(f64, f64)> {
    let (a, b) = raw.split_once(',')?;
    let la: f64 = a.trim().parse().ok()?;
    let lo: f64 = b.trim().parse().ok()?;
    (la.is_finite() && lo.is_finite() && la.abs() <= 90.0 && lo.abs() <= 180.0).then_some((la, lo))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cats() -> Vec<Category> {
        vec![Category {
            id: 1,
            slug: "artisanat".into(),
            name: "Artisanat".into(),
        }]
    }

    #[test]
    fn a_good_actor_and_its_errors() {
        let mut e = FieldErrors::default();
        let raw = RawActor {
            name: "Atelier Bois du Verdon".into(),
            kind: "organization".into(),
            subtype: "artisan".into(),
            categories: vec!["ARTISANAT".into()],
            skills: vec!["Menuiserie".into(), "menuiserie ".into(), "Ébéniste".into()],
            siret: "732 829 320 00074".into(),
            latitude: "43.8".into(),
            longitude: "6.09".into(),
            ..Default::default()
        };
        let a = validate(&raw, &cats(), &mut e);
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(a.slug, "atelier-bois-du-verdon");
        assert_eq!(a.category_ids, vec![1]);
        assert_eq!(
            a.skills,
            vec![
                ("Menuiserie".into(), "menuiserie".into()),
                ("Ébéniste".into(), "ebeniste".into())
            ]
        );
        let mut e = FieldErrors::default();
        let bad = RawActor {
            name: "X".into(),
            kind: "person".into(),
            subtype: "artisan".into(),
            categories: vec!["plomberie-spatiale".into()],
            siret: "73282932000075".into(),
            latitude: "91".into(),
            longitude: "6".into(),
            ..Default::default()
        };
        let a = validate(&bad, &cats(), &mut e);
        assert_eq!(e.get("subtype"), Some("actors-subtype-kind"));
        assert_eq!(e.get("categories"), Some("actors-category-unknown"));
        assert_eq!(e.get("siret"), Some("field-siret-invalid"));
        assert_eq!(e.get("latitude"), Some("field-coordinate-invalid"));
        assert_eq!(a.email_visibility, FieldVisibility::Hidden);
    }

    #[test]
    fn readers_see_by_visibility() {
        assert!(!Reader::Public.sees(FieldVisibility::Members));
        assert!(Reader::Member.sees(FieldVisibility::Members));
        assert!(!Reader::Member.sees(FieldVisibility::Hidden));
        assert!(Reader::Editor.sees(FieldVisibility::Hidden));
    }

    #[test]
    fn guide_sections_of_categories() {
        assert_eq!(
            GuideSection::of_categories(["alimentation-producteurs", "nature"]),
            vec![GuideSection::Manger, GuideSection::Respirer]
        );
        assert!(GuideSection::of_categories(["artisanat"]).is_empty());
        assert!(GuideSection::all_categories().contains(&"hebergement"));
        for s in GuideSection::ALL {
            assert!(!s.categories().is_empty(), "{s}");
        }
    }

    #[test]
    fn the_guide_lists_open_ones_first_then_the_nearest() {
        let e = |name: &str, open: Option<bool>, d: Option<f64>| GuideEntry {
            name: name.into(),
            href: String::new(),
            what_key: String::new(),
            city: String::new(),
            phone: String::new(),
            open_now: open,
            distance_km: d,
            point: None,
        };
        let mut v = vec![
            e("Loin ouvert", Some(true), Some(20.0)),
            e("Près fermé", Some(false), Some(1.0)),
            e("Sans horaires", None, None),
            e("Près ouvert", Some(true), Some(2.0)),
            e("Ailleurs", None, Some(5.0)),
        ];
        sort_guide(&mut v);
        let names: Vec<&str> = v.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Près ouvert",
                "Loin ouvert",
                "Près fermé",
                "Ailleurs",
                "Sans horaires"
            ]
        );
    }

    #[test]
    fn near_and_distance() {
        assert_eq!(parse_near("43.8, 6.09"), Some((43.8, 6.09)));
        assert_eq!(parse_near("95,6"), None);
        let riez_to_valensole = distance_km((43.8186, 6.0928), (43.8375, 5.9836));
        assert!(
            (8.0..10.0).contains(&riez_to_valensole),
            "{riez_to_valensole}"
        );
    }
}
