//! The place record and its rules: no SQL, no HTTP. Every input (form, API, import) goes
//! through [`validate`], which keeps only good values and names the bad ones.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::FieldErrors;

/// A typology of the managed taxonomy (seeded with the French families).
#[derive(Debug, Clone, sqlx::FromRow, Serialize, ToSchema)]
pub struct Typology {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

crate::choice! {
    /// Where a place stands: a project, open, or closed.
    pub enum PlaceStatus {
        Project = "project",
        Open = "open",
        Closed = "closed",
    }
}

impl Default for PlaceStatus {
    /// A place without a status is open.
    fn default() -> Self {
        PlaceStatus::Open
    }
}

crate::choice! {
    /// The moderation state of a place record: only published places are listed.
    pub enum PlaceModeration {
        Published = "published",
        Pending = "pending",
        Refused = "refused",
    }
}

crate::choice! {
    /// Where a proposed edit or a claim of management stands.
    pub enum ContributionStatus {
        Pending = "pending",
        Accepted = "accepted",
        Refused = "refused",
    }
}

crate::choice! {
    /// How a change of a place was made, as its history says.
    pub enum PlaceVia {
        /// The pages.
        Ui = "ui",
        Api = "api",
        Import = "import",
        /// A moderator published or refused it.
        Moderation = "moderation",
        /// A proposed edit, accepted.
        Proposal = "proposal",
        /// The demonstration data.
        Demo = "demo",
    }
}

crate::choice! {
    /// What became of an edit of a place sent to the API.
    pub enum PlaceUpdateOutcome {
        /// Written.
        Saved = "saved",
        /// The caller may not edit the place: the edit awaits moderation.
        Proposed = "proposed",
    }
}

crate::choice! {
    /// The file formats a place import reads (see `places::import`).
    pub enum PlaceImportFormat {
        /// Any delimiter, UTF-8 or Latin-1.
        Csv = "csv",
        Geojson = "geojson",
        Gogocarto = "gogocarto",
        Datainclusion = "datainclusion",
        /// The national "lieux de médiation numérique" CSV.
        Mednum = "mednum",
    }
}

crate::choice! {
    /// Where a background import stands, as stored.
    pub enum PlaceImportStatus {
        Queued = "queued",
        Running = "running",
        Done = "done",
        Failed = "failed",
    }
}

crate::choice! {
    /// Where a background import stands, as shown: its stored status, or `interrupted` for a
    /// running import whose node stopped giving news.
    pub enum PlaceImportState {
        Queued = "queued",
        Running = "running",
        Done = "done",
        Failed = "failed",
        Interrupted = "interrupted",
    }
}

impl PlaceImportState {
    /// Nothing more will happen to it.
    pub fn finished(self) -> bool {
        matches!(
            self,
            PlaceImportState::Done | PlaceImportState::Failed | PlaceImportState::Interrupted
        )
    }
}

crate::choice! {
    /// The licence a network publishes its places' data under (exports carry it).
    pub enum DataLicence {
        Etalab = "etalab-2.0",
        Odbl = "ODbL-1.0",
    }
}

impl DataLicence {
    /// The licence of a network that chose none.
    pub const DEFAULT: DataLicence = DataLicence::Etalab;

    /// Its full name.
    pub fn name(self) -> &'static str {
        match self {
            DataLicence::Etalab => "Licence Ouverte / Open Licence 2.0",
            DataLicence::Odbl => "Open Database License (ODbL) 1.0",
        }
    }

    /// Its text.
    pub fn url(self) -> &'static str {
        match self {
            DataLicence::Etalab => "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
            DataLicence::Odbl => "https://opendatacommons.org/licenses/odbl/1-0/",
        }
    }
}

/// Every field as typed by a person or read from a file, before validation.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct RawPlace {
    pub name: String,
    /// `project`, `open` or `closed` (default `open`). Text here, read by [`validate`]
    /// (which also knows the French words an import may hold), so that a bad value is one
    /// field's error, of a form, of the API or of one row of an import.
    #[schema(value_type = Option<PlaceStatus>, default = "open")]
    pub status: String,
    /// Street address.
    pub address: String,
    pub postal_code: String,
    pub city: String,
    /// INSEE code of the commune (5 characters, `2A`/`2B` for Corsica).
    pub insee_code: String,
    /// Decimal degrees (WGS 84), as text or number.
    #[schema(value_type = Option<String>)]
    pub latitude: LooseNumber,
    #[schema(value_type = Option<String>)]
    pub longitude: LooseNumber,
    /// Rich text; unsafe markup is removed.
    pub description: String,
    /// OpenStreetMap `opening_hours` syntax, e.g. `Mo-Fr 09:00-18:00`.
    pub opening_hours: String,
    /// Hours in words, when the OSM syntax cannot say them ("sur rendez-vous le mardi").
    pub hours_note: String,
    pub email: String,
    /// French or international number; stored E.164.
    pub phone: String,
    pub website: String,
    /// Links (a list, as `GET` returns them, or one text with a link per line).
    #[serde(deserialize_with = "crate::form::parse::lines_or_list")]
    #[schema(value_type = Option<Vec<String>>, default = json!([]))]
    pub social_links: String,
    /// Services offered (a list, or one text with a service per line).
    #[serde(deserialize_with = "crate::form::parse::lines_or_list")]
    #[schema(value_type = Option<Vec<String>>, default = json!([]))]
    pub services: String,
    pub accessibility: String,
    pub siret: String,
    /// `YYYY-MM-DD`.
    pub charter_adopted_on: String,
    /// Typology slugs (see `GET /api/v1/typologies`) or names.
    pub typologies: Vec<String>,
}

/// A number that may arrive as JSON number, JSON string or be absent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct LooseNumber(pub String);

impl<'de> Deserialize<'de> for LooseNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        Ok(LooseNumber(match v {
            serde_json::Value::Null => String::new(),
            serde_json::Value::String(s) => s,
            serde_json::Value::Number(n) => n.to_string(),
            other => other.to_string(),
        }))
    }
}

impl From<&str> for LooseNumber {
    fn from(s: &str) -> Self {
        LooseNumber(s.to_string())
    }
}

/// A validated place: only good values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlaceInput {
    pub name: String,
    pub slug: String,
    pub status: PlaceStatus,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub insee_code: String,
    pub department: String,
    pub region: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub description: String,
    pub opening_hours: String,
    pub hours_note: String,
    pub email: String,
    pub phone: String,
    pub website: String,
    pub social_links: String,
    pub services: String,
    pub accessibility: String,
    pub siret: String,
    pub charter_adopted_on: String,
    pub typology_ids: Vec<i64>,
}

impl PlaceInput {
    /// The folded, stemmed text the search index holds.
    pub fn search_text(&self, typology_names: &[String]) -> String {
        let mut s = String::new();
        for part in [
            self.name.as_str(),
            self.city.as_str(),
            self.street.as_str(),
            self.postal_code.as_str(),
            self.services.as_str(),
        ] {
            s.push_str(part);
            s.push(' ');
        }
        for t in typology_names {
            s.push_str(t);
            s.push(' ');
        }
        if !self.description.is_empty() {
            s.push_str(&crate::text::excerpt(&self.description, 2000));
        }
        search_terms(&s).join(" ")
    }
}

/// Validates every field. Bad values are left out of the result and named in `errors`
/// (a form or the API refuses the whole; an import keeps the good fields and reports the rest).
// Long because it is one flat list of field checks, read top to bottom like the form.
pub fn validate(raw: &RawPlace, typologies: &[Typology], errors: &mut FieldErrors) -> PlaceInput {
    let mut p = PlaceInput::default();
    if let Some((name, slug)) = crate::tenancy::model::parse_name(&raw.name, errors) {
        p.name = name;
        p.slug = slug;
    }
    p.status = parse_status(&raw.status).unwrap_or_else(|| {
        errors.add("status", "field-invalid-choice");
        PlaceStatus::Open
    });
    p.street = short_text(&raw.address, 300, "address", errors);
    p.city = short_text(&raw.city, 200, "city", errors);
    match parse_postal_code(&raw.postal_code) {
        Ok(v) => p.postal_code = v,
        Err(k) => errors.add("postal_code", k),
    }
    match parse_insee(&raw.insee_code) {
        Ok(v) => p.insee_code = v,
        Err(k) => errors.add("insee_code", k),
    }
    p.department = department_of(&p.insee_code, &p.postal_code).unwrap_or_default();
    p.region = region_of(&p.department)
        .map(|(c, _)| c)
        .unwrap_or_default()
        .into();
    let lat = parse_coordinate(&raw.latitude.0, 90.0);
    let lon = parse_coordinate(&raw.longitude.0, 180.0);
    match (lat, lon) {
        (Ok(Some(la)), Ok(Some(lo))) if !(la == 0.0 && lo == 0.0) => {
            p.latitude = Some(la);
            p.longitude = Some(lo);
        }
        (Ok(None), Ok(None)) => {}
        (la, lo) => {
            if !matches!(la, Ok(Some(_))) {
                errors.add("latitude", "field-coordinate-invalid");
            }
            if !matches!(lo, Ok(Some(_))) || la.is_ok() {
                errors.add("longitude", "field-coordinate-invalid");
            }
        }
    }
    if raw.description.chars().count() > 20_000 {
        errors.add("description", "field-too-long");
    } else {
        let d = raw.description.trim();
        if !d.is_empty() {
            p.description = crate::text::sanitize_html(d);
        }
    }
    let hours = raw.opening_hours.trim();
    if !hours.is_empty() {
        match crate::hours::OpeningHours::parse(hours) {
            Ok(_) => p.opening_hours = hours.to_string(),
            Err(_) => errors.add("opening_hours", "field-hours-invalid"),
        }
    }
    p.hours_note = short_text(&raw.hours_note, 1000, "hours_note", errors);
    let email = raw.email.trim();
    if !email.is_empty() {
        match crate::accounts::model::normalize_email(email) {
            Ok(e) => p.email = e,
            Err(_) => errors.add("email", "field-email-invalid"),
        }
    }
    match parse_phone(&raw.phone) {
        Ok(v) => p.phone = v,
        Err(k) => errors.add("phone", k),
    }
    match parse_url(&raw.website) {
        Ok(v) => p.website = v,
        Err(k) => errors.add("website", k),
    }
    let mut links = Vec::new();
    for l in raw
        .social_links
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        match parse_url(l) {
            Ok(v) => links.push(v),
            Err(k) => errors.add("social_links", k),
        }
    }
    p.social_links = links.join("\n");
    let services: Vec<&str> = raw
        .services
        .split(['\n', '|'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    p.services = short_text(&services.join("\n"), 3000, "services", errors);
    p.accessibility = short_text(&raw.accessibility, 3000, "accessibility", errors);
    match crate::tenancy::model::parse_siret(&raw.siret) {
        Ok(v) => p.siret = v.unwrap_or_default(),
        Err(k) => errors.add("siret", k),
    }
    let d = raw.charter_adopted_on.trim();
    if !d.is_empty() {
        match chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d") {
            Ok(date) => p.charter_adopted_on = date.format("%Y-%m-%d").to_string(),
            Err(_) => errors.add("charter_adopted_on", "field-date-invalid"),
        }
    }
    for t in raw
        .typologies
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
    {
        match find_typology(t, typologies) {
            Some(id) => {
                if !p.typology_ids.contains(&id) {
                    p.typology_ids.push(id)
                }
            }
            None => errors.add("typologies", "field-typology-unknown"),
        }
    }
    p
}

fn short_text(raw: &str, max: usize, field: &'static str, errors: &mut FieldErrors) -> String {
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

/// A status as a form, the API or an import writes it: its text, or a French word (`ouvert`,
/// `en projet`, `fermé`); empty is `open`.
pub fn parse_status(s: &str) -> Option<PlaceStatus> {
    match fold(s.trim()).as_str() {
        "project" | "en projet" | "projet" => Some(PlaceStatus::Project),
        "open" | "ouvert" | "" => Some(PlaceStatus::Open),
        "closed" | "ferme" => Some(PlaceStatus::Closed),
        _ => None,
    }
}

/// A typology by slug, by name, or by a known word of the field ("Tiers lieux à dominante
/// coworking" → coworking).
pub fn find_typology(raw: &str, typologies: &[Typology]) -> Option<i64> {
    let f = fold(raw);
    if let Some(t) = typologies
        .iter()
        .find(|t| t.slug == raw || fold(&t.name) == f)
    {
        return Some(t.id);
    }
    let keywords: [(&str, &[&str]); 13] = [
        ("coworking", &["coworking", "co-working"]),
        (
            "fablab",
            &["fablab", "fab lab", "makerspace", "hackerspace"],
        ),
        ("atelier-partage", &["atelier partage", "ateliers partages"]),
        ("tiers-lieu-nourricier", &["nourricier", "alimentation"]),
        ("tiers-lieu-culturel", &["culturel", "culture"]),
        ("mediation-numerique", &["mediation numerique", "numerique"]),
        ("teletravail", &["teletravail", "telecentre"]),
        ("cafe-associatif", &["cafe", "restaurant", "bistrot"]),
        ("boutique-partagee", &["boutique"]),
        ("jardin-partage", &["jardin"]),
        ("ressourcerie", &["ressourcerie", "recyclerie"]),
        ("living-lab", &["living lab", "living-lab"]),
        ("espace-de-vie-sociale", &["vie sociale", "centre social"]),
    ];
    for (slug, words) in keywords {
        if words.iter().any(|w| f.contains(w)) {
            return typologies.iter().find(|t| t.slug == slug).map(|t| t.id);
        }
    }
    None
}

/// Five digits; "0", "1234" or letters are refused.
pub fn parse_postal_code(raw: &str) -> Result<String, &'static str> {
    let t: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return Ok(String::new());
    }
    if t.len() == 5 && t.chars().all(|c| c.is_ascii_digit()) && !t.starts_with("00") {
        Ok(t)
    } else {
        Err("field-postcode-invalid")
    }
}

/// An INSEE commune code: 5 characters, two digits or 2A/2B then three digits.
pub fn parse_insee(raw: &str) -> Result<String, &'static str> {
    let t = raw.trim().to_ascii_uppercase();
    if t.is_empty() {
        return Ok(String::new());
    }
    // Checked byte by byte: a non-ASCII character can never be part of a
    // code, and slicing the string itself could cut a character in two.
    let b = t.as_bytes();
    let ok = b.len() == 5
        && (b[..2].iter().all(u8::is_ascii_digit) || &b[..2] == b"2A" || &b[..2] == b"2B")
        && b[2..].iter().all(u8::is_ascii_digit)
        && &b[..2] != b"00"
        && &b[..2] != b"20";
    if ok {
        Ok(t)
    } else {
        Err("field-insee-invalid")
    }
}

/// A coordinate in decimal degrees within `±max` (a comma as decimal separator is read), rounded
/// to 6 decimals; `None` when empty.
#[allow(clippy::result_unit_err)]
pub fn parse_coordinate(raw: &str, max: f64) -> Result<Option<f64>, ()> {
    let t = raw.trim().replace(',', ".");
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= max => Ok(Some((v * 1e6).round() / 1e6)),
        _ => Err(()),
    }
}

/// A web address: `http(s)://…`; a bare `www.example.fr` gets `https://`.
pub fn parse_url(raw: &str) -> Result<String, &'static str> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    let candidate = if t.starts_with("http://") || t.starts_with("https://") {
        t.to_string()
    } else if !t.contains("://") && t.contains('.') && !t.contains(' ') {
        format!("https://{t}")
    } else {
        return Err("field-url-invalid");
    };
    match url::Url::parse(&candidate) {
        Ok(u) if u.host_str().is_some_and(|h| h.contains('.')) && candidate.len() <= 500 => {
            Ok(candidate)
        }
        _ => Err("field-url-invalid"),
    }
}

/// A phone number stored E.164. French numbers (`01 23 45 67 89`, `+33 1…`, overseas
/// `0590…`, `0262…`) are recognised; other international numbers must start with `+`.
pub fn parse_phone(raw: &str) -> Result<String, &'static str> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    let plus = t.starts_with('+') || t.starts_with("00");
    let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
    if t.chars()
        .any(|c| !(c.is_ascii_digit() || " .-()+/".contains(c)))
    {
        return Err("field-phone-invalid");
    }
    let digits = if t.starts_with("00") {
        digits[2..].to_string()
    } else {
        digits
    };
    if plus {
        // +33 0X… is a common mistake: drop the trunk zero.
        let d = if let Some(rest) = digits.strip_prefix("330") {
            format!("33{rest}")
        } else {
            digits
        };
        if d.starts_with("33") && d.len() != 11 {
            return Err("field-phone-invalid");
        }
        if (8..=15).contains(&d.len()) {
            return Ok(format!("+{d}"));
        }
        return Err("field-phone-invalid");
    }
    if digits.len() != 10 || !digits.starts_with('0') || digits.starts_with("00") {
        return Err("field-phone-invalid");
    }
    // Overseas departments keep their own country codes.
    let overseas = [
        ("0590", "590"),
        ("0690", "590"),
        ("0691", "590"),
        ("0594", "594"),
        ("0694", "594"),
        ("0262", "262"),
        ("0263", "262"),
        ("0692", "262"),
        ("0693", "262"),
        ("0639", "262"),
        ("0269", "262"),
        ("0596", "596"),
        ("0696", "596"),
        ("0697", "596"),
    ];
    for (prefix, cc) in overseas {
        if digits.starts_with(prefix) {
            return Ok(format!("+{cc}{}", &digits[1..]));
        }
    }
    Ok(format!("+33{}", &digits[1..]))
}

/// An E.164 number the French way: `+33123456789` → `01 23 45 67 89`.
pub fn display_phone(e164: &str) -> String {
    let national = ["+33", "+590", "+594", "+262", "+596"]
        .iter()
        .find_map(|cc| e164.strip_prefix(cc))
        .filter(|rest| rest.len() == 9 || (e164.starts_with("+33") && rest.len() == 9));
    match national {
        Some(rest) => {
            let n = format!("0{rest}");
            n.as_bytes()
                .chunks(2)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join(" ")
        }
        None => e164.to_string(),
    }
}

/// Lower case, accents removed (ASCII transliteration).
pub use crate::text::fold;

/// The folded, stemmed (Snowball French) words of a text: what is indexed and what a query
/// looks for, so "Télécentre" and "telecentres" meet on "telecentr".
pub fn search_terms(s: &str) -> Vec<String> {
    use std::sync::OnceLock;
    static STEMMER: OnceLock<rust_stemmers::Stemmer> = OnceLock::new();
    let stemmer =
        STEMMER.get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::French));
    fold(s)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            // Plurals in -x (lieux, bureaux, jeux) that Snowball keeps.
            let w = match w.strip_suffix('x') {
                Some(base) if base.len() > 2 && (base.ends_with("eu") || base.ends_with("au")) => {
                    base
                }
                _ => w,
            };
            stemmer.stem(w).into_owned()
        })
        .collect()
}

/// The department code of a commune (from its INSEE code, else its postcode).
pub fn department_of(insee: &str, postal_code: &str) -> Option<String> {
    let code = if !insee.is_empty() {
        insee
    } else {
        postal_code
    };
    if code.len() != 5 || !code.is_ascii() {
        return None;
    }
    if code.starts_with("97") || code.starts_with("98") {
        return Some(code[..3].to_string());
    }
    if code.starts_with("2A") || code.starts_with("2B") {
        return Some(code[..2].to_string());
    }
    if insee.is_empty() && code.starts_with("20") {
        // Corsican postcodes: 200xx and 201xx are Corse-du-Sud.
        return Some(
            if code.as_bytes()[2] <= b'1' {
                "2A"
            } else {
                "2B"
            }
            .into(),
        );
    }
    Some(code[..2].to_string())
}

/// Regions (INSEE code, name) and their departments.
pub const REGIONS: [(&str, &str, &[&str]); 18] = [
    (
        "84",
        "Auvergne-Rhône-Alpes",
        &[
            "01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74",
        ],
    ),
    (
        "27",
        "Bourgogne-Franche-Comté",
        &["21", "25", "39", "58", "70", "71", "89", "90"],
    ),
    ("53", "Bretagne", &["22", "29", "35", "56"]),
    (
        "24",
        "Centre-Val de Loire",
        &["18", "28", "36", "37", "41", "45"],
    ),
    ("94", "Corse", &["2A", "2B"]),
    (
        "44",
        "Grand Est",
        &["08", "10", "51", "52", "54", "55", "57", "67", "68", "88"],
    ),
    ("32", "Hauts-de-France", &["02", "59", "60", "62", "80"]),
    (
        "11",
        "Île-de-France",
        &["75", "77", "78", "91", "92", "93", "94", "95"],
    ),
    ("28", "Normandie", &["14", "27", "50", "61", "76"]),
    (
        "75",
        "Nouvelle-Aquitaine",
        &[
            "16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87",
        ],
    ),
    (
        "76",
        "Occitanie",
        &[
            "09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82",
        ],
    ),
    ("52", "Pays de la Loire", &["44", "49", "53", "72", "85"]),
    (
        "93",
        "Provence-Alpes-Côte d'Azur",
        &["04", "05", "06", "13", "83", "84"],
    ),
    ("01", "Guadeloupe", &["971"]),
    ("02", "Martinique", &["972"]),
    ("03", "Guyane", &["973"]),
    ("04", "La Réunion", &["974"]),
    ("06", "Mayotte", &["976"]),
];

pub fn region_of(department: &str) -> Option<(&'static str, &'static str)> {
    REGIONS
        .iter()
        .find(|(_, _, deps)| deps.contains(&department))
        .map(|(c, n, _)| (*c, *n))
}

pub fn region_name(code: &str) -> &'static str {
    REGIONS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, n, _)| *n)
        .unwrap_or("")
}

/// Is this a valid department code (for filters)?
pub fn is_department(code: &str) -> bool {
    REGIONS.iter().any(|(_, _, deps)| deps.contains(&code))
}

/// A bounding box `west,south,east,north` in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl BBox {
    pub fn parse(s: &str) -> Option<BBox> {
        let v: Vec<f64> = s
            .split(',')
            .map(|x| x.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .ok()?;
        if v.len() != 4 || v.iter().any(|x| !x.is_finite()) {
            return None;
        }
        let b = BBox {
            west: v[0].clamp(-180.0, 180.0),
            south: v[1].clamp(-90.0, 90.0),
            east: v[2].clamp(-180.0, 180.0),
            north: v[3].clamp(-90.0, 90.0),
        };
        (b.west <= b.east && b.south <= b.north).then_some(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stemming_meets_accents_and_plurals() {
        assert_eq!(search_terms("Télécentre"), search_terms("telecentre"));
        assert_eq!(search_terms("ateliers"), search_terms("Atelier"));
        assert_eq!(search_terms("Tiers-Lieux"), search_terms("tiers lieu"));
    }

    #[test]
    fn postcodes_and_insee() {
        assert_eq!(parse_postal_code("44300"), Ok("44300".into()));
        assert_eq!(parse_postal_code(" 75 010 "), Ok("75010".into()));
        assert_eq!(parse_postal_code("0"), Err("field-postcode-invalid"));
        assert_eq!(parse_postal_code("4430"), Err("field-postcode-invalid"));
        assert_eq!(parse_insee("2a004"), Ok("2A004".into()));
        assert_eq!(parse_insee("0"), Err("field-insee-invalid"));
        // Five bytes, but not five characters: refused, never a panic
        // (schemathesis sent exactly this).
        assert_eq!(parse_insee("0\u{10000}"), Err("field-insee-invalid"));
        assert_eq!(parse_insee("é\u{e9}1"), Err("field-insee-invalid"));
        assert_eq!(department_of("0\u{10000}", ""), None);
        assert_eq!(department_of("", "9é12"), None);
        assert_eq!(department_of("", "20000").as_deref(), Some("2A"));
        assert_eq!(department_of("97411", "97400").as_deref(), Some("974"));
        assert_eq!(department_of("", "44300").as_deref(), Some("44"));
        assert_eq!(region_of("44"), Some(("52", "Pays de la Loire")));
    }

    #[test]
    fn phones() {
        assert_eq!(parse_phone("01 23 45 67 89"), Ok("+33123456789".into()));
        assert_eq!(
            parse_phone("+33 (0)1 23 45 67 89"),
            Ok("+33123456789".into())
        );
        assert_eq!(parse_phone("0262 12 34 56"), Ok("+262262123456".into()));
        assert_eq!(display_phone("+262262123456"), "02 62 12 34 56");
        assert_eq!(parse_phone("0262 12 34 56 78"), Err("field-phone-invalid"));
        assert_eq!(parse_phone("06 12"), Err("field-phone-invalid"));
        assert_eq!(parse_phone("abc"), Err("field-phone-invalid"));
        assert_eq!(display_phone("+33123456789"), "01 23 45 67 89");
        assert_eq!(display_phone("+4930123456"), "+4930123456");
    }

    #[test]
    fn statuses_read_their_texts_and_french_words() {
        assert_eq!(parse_status(""), Some(PlaceStatus::Open));
        assert_eq!(parse_status(" closed "), Some(PlaceStatus::Closed));
        assert_eq!(parse_status("En projet"), Some(PlaceStatus::Project));
        assert_eq!(parse_status("Fermé"), Some(PlaceStatus::Closed));
        assert_eq!(parse_status("demolished"), None);
        let mut errors = FieldErrors::default();
        let raw = RawPlace {
            name: "Le Lieu".into(),
            status: "demolished".into(),
            ..Default::default()
        };
        let p = validate(&raw, &[], &mut errors);
        assert_eq!(errors.get("status"), Some("field-invalid-choice"));
        assert_eq!(p.status, PlaceStatus::Open);
        assert_eq!(p.name, "Le Lieu");
    }

    #[test]
    fn closed_lists_keep_their_stored_texts() {
        assert_eq!(PlaceStatus::TEXTS, &["project", "open", "closed"]);
        assert_eq!(PlaceModeration::TEXTS, &["published", "pending", "refused"]);
        assert_eq!(
            ContributionStatus::TEXTS,
            &["pending", "accepted", "refused"]
        );
        assert_eq!(DataLicence::TEXTS, &["etalab-2.0", "ODbL-1.0"]);
        assert_eq!(DataLicence::DEFAULT.as_str(), "etalab-2.0");
        assert_eq!(
            "moderation".parse::<PlaceVia>().unwrap(),
            PlaceVia::Moderation
        );
        // The schema of the API's input names the statuses.
        let doc = serde_json::to_value(<RawPlace as utoipa::PartialSchema>::schema()).unwrap();
        assert!(doc.to_string().contains("PlaceStatus"), "{doc}");
    }

    #[test]
    fn urls_and_bbox() {
        assert_eq!(
            parse_url("www.ade-coworking.net"),
            Ok("https://www.ade-coworking.net".into())
        );
        assert_eq!(parse_url("javascript:alert(1)"), Err("field-url-invalid"));
        assert_eq!(parse_url("pas un site"), Err("field-url-invalid"));
        assert!(BBox::parse("-5,41,10,52").is_some());
        assert!(BBox::parse("10,41,-5,52").is_none());
        assert!(BBox::parse("a,b,c,d").is_none());
    }
}
