//! A row through the mapping: its raw place, its source identifier, and the repairs made on
//! the way (a postcode's lost leading zero, a city read from the address, hours written per
//! day, mojibake, swapped coordinates), each one a line of the report.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::matcher::{label, Mapping};
use super::read::Table;
use super::repair::{self, CoordCheck, Day, HoursOutcome};
use crate::error::FieldErrors;
use crate::i18n::Lang;
use crate::places::model::{fold, LooseNumber, RawPlace};

/// The kinds of repair, counted apart in the summary.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RepairKind {
    PostalCode,
    InseeCode,
    Address,
    Hours,
    Encoding,
    Coordinates,
}

impl RepairKind {
    pub fn label_fr(self) -> &'static str {
        match self {
            RepairKind::PostalCode => "code postal",
            RepairKind::InseeCode => "code INSEE",
            RepairKind::Address => "commune ou code postal tirés de l'adresse",
            RepairKind::Hours => "horaires",
            RepairKind::Encoding => "encodage",
            RepairKind::Coordinates => "coordonnées inversées",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Repair {
    pub kind: RepairKind,
    /// `code postal 1100 → 01100 (cohérent avec le code INSEE 01004)`.
    pub text: String,
}

/// A row ready to validate.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    pub raw: RawPlace,
    pub source_id: String,
    pub repairs: Vec<Repair>,
    /// What the report says besides repairs and refused values (hours kept as text,
    /// coordinates outside France).
    pub notes: Vec<String>,
}

/// Source categories of the national datasets → typology slugs (`""`: no typology, no
/// remark). Overridden by the mapping's own table.
pub const DEFAULT_TYPOLOGIES: &[(&str, &str)] = &[
    // France services and public-service points.
    ("france services", "mediation-numerique"),
    ("rfs", "mediation-numerique"),
    ("msap", "mediation-numerique"),
    ("espace labellise france services", "mediation-numerique"),
    ("maison france services", "mediation-numerique"),
    ("bus france services", "mediation-numerique"),
    // data·inclusion typology codes and the advisers' structures.
    ("epn", "mediation-numerique"),
    ("pimms", "mediation-numerique"),
    ("tiers_lieux", ""),
    ("tiers-lieux", ""),
    ("tiers lieux", ""),
    ("tiers-lieu", ""),
    ("tl", ""),
    ("fablab", "fablab"),
    ("cs", "espace-de-vie-sociale"),
    ("evs", "espace-de-vie-sociale"),
    ("centre social", "espace-de-vie-sociale"),
    ("bib", "tiers-lieu-culturel"),
    ("mediatheque", "tiers-lieu-culturel"),
    ("bibliotheque", "tiers-lieu-culturel"),
    ("ressourcerie", "ressourcerie"),
    // Public or private status, legal forms: not a typology.
    ("publique", ""),
    ("public", ""),
    ("privee", ""),
    ("prive", ""),
    ("asso", ""),
    ("association", ""),
    ("ccas", ""),
    ("muni", ""),
    ("mairie", ""),
    ("collectivite", ""),
    ("autre", ""),
];

/// The typology slug of a source category: the mapping's table, then the defaults; `None`
/// when neither knows it (validation then tries the names and keywords of the taxonomy).
pub fn typology_of<'a>(value: &str, m: &'a Mapping) -> Option<&'a str> {
    match m.typologies.get(&fold(value)) {
        Some(slug) => Some(slug.as_str()),
        None => default_typology(value),
    }
}

/// The typology slug the default table gives a source category (`""`: none, no remark).
pub fn default_typology(value: &str) -> Option<&'static str> {
    let key = fold(value);
    DEFAULT_TYPOLOGIES
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| *v)
}

/// The first of several values (`a|b`, `a;b`).
fn first_of(s: &str) -> &str {
    s.split(['|', ';']).next().unwrap_or("").trim()
}

fn number(s: &str) -> Option<f64> {
    let t = s.trim().replace(',', ".");
    if t.is_empty() {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Prepares a row: reads the mapped cells, repairs what can be repaired, keeps the rest as
/// it is for validation to accept or report.
pub fn prepare(table: &Table, row: &[String], m: &Mapping) -> Prepared {
    let mut out = Prepared::default();
    let mut cell = |t: &str| -> String {
        let h = m.get(t);
        if h.is_empty() {
            return String::new();
        }
        let v = table.cell(row, h);
        match repair::fix_mojibake(v) {
            Some(fixed) => {
                out.repairs.push(Repair {
                    kind: RepairKind::Encoding,
                    text: format!(
                        "encodage de {} « {} » → « {} »",
                        label(t),
                        short(v),
                        short(&fixed)
                    ),
                });
                fixed
            }
            None => v.to_string(),
        }
    };
    let mut raw = RawPlace {
        name: cell("name"),
        status: cell("status"),
        address: cell("address"),
        postal_code: cell("postal_code"),
        city: cell("city"),
        insee_code: cell("insee_code"),
        latitude: LooseNumber(cell("latitude")),
        longitude: LooseNumber(cell("longitude")),
        description: cell("description"),
        opening_hours: cell("opening_hours"),
        hours_note: cell("hours_note"),
        email: String::new(),
        phone: String::new(),
        website: String::new(),
        social_links: cell("social_links").replace('|', "\n"),
        services: cell("services"),
        accessibility: cell("accessibility"),
        siret: cell("siret"),
        charter_adopted_on: String::new(),
        typologies: Vec::new(),
    };
    raw.email = first_of(&cell("email")).to_string();
    raw.phone = first_of(&cell("phone")).to_string();
    raw.website = first_of(&cell("website")).to_string();
    let alt = (cell("alt_latitude"), cell("alt_longitude"));
    let typologies = cell("typologies");
    let days: Vec<(Day, Vec<String>)> = m
        .day_columns()
        .into_iter()
        .map(|(d, am, pm)| {
            let mut v = Vec::new();
            for c in [am, pm] {
                if !c.is_empty() {
                    v.push(table.cell(row, c).to_string());
                }
            }
            (d, v)
        })
        .collect();
    let id = cell("source_id");

    coordinates(&mut raw, alt, &mut out);
    codes(&mut raw, &mut out);
    address(&mut raw, &mut out);
    hours(&mut raw, &days, &mut out);
    for t in typologies
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        match typology_of(t, m) {
            Some("") => {}
            Some(slug) => raw.typologies.push(slug.to_string()),
            None => raw.typologies.push(t.to_string()),
        }
    }
    out.source_id = if id.trim().is_empty() {
        format!(
            "{}|{}|{}",
            fold(&raw.name),
            raw.postal_code.trim(),
            fold(&raw.city)
        )
    } else {
        id.trim().to_string()
    };
    out.raw = raw;
    out
}

fn short(s: &str) -> String {
    let mut t: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        t.push('…');
    }
    t
}

/// The first pair of coordinates, or the second when the first is empty; swapped latitude
/// and longitude put back; a point outside France left out and reported.
fn coordinates(raw: &mut RawPlace, alt: (String, String), out: &mut Prepared) {
    if raw.latitude.0.trim().is_empty() && raw.longitude.0.trim().is_empty() {
        raw.latitude.0 = alt.0;
        raw.longitude.0 = alt.1;
    }
    let (Some(lat), Some(lon)) = (number(&raw.latitude.0), number(&raw.longitude.0)) else {
        return;
    };
    if lat == 0.0 && lon == 0.0 {
        return;
    }
    // Out of range (latitude 91): validation names the value, unless the swapped pair is a
    // point in France.
    let in_range = lat.abs() <= 90.0 && lon.abs() <= 180.0;
    let check = repair::check_coordinates(lat, lon);
    if !in_range && !matches!(check, CoordCheck::Swapped { .. }) {
        return;
    }
    match check {
        CoordCheck::Ok => {}
        CoordCheck::Swapped { lat: la, lon: lo } => {
            out.repairs.push(Repair {
                kind: RepairKind::Coordinates,
                text: format!("latitude et longitude inversées : ({lat}, {lon}) → ({la}, {lo})"),
            });
            raw.latitude.0 = la.to_string();
            raw.longitude.0 = lo.to_string();
        }
        CoordCheck::Outside => {
            out.notes.push(format!(
                "coordonnées hors de France ({lat}, {lon}) : non enregistrées, lieu absent de \
                 la carte"
            ));
            raw.latitude.0.clear();
            raw.longitude.0.clear();
        }
    }
}

/// What a coordinate pair says about a department (`01`…`09`): `Some(true)` inside its box,
/// `Some(false)` outside, `None` when there is no point to check.
fn point_in(raw: &RawPlace, dep: &str) -> Option<bool> {
    let lat = number(&raw.latitude.0)?;
    let lon = number(&raw.longitude.0)?;
    let (a, b, c, d) = repair::metropolitan_department_box(dep)?;
    Some(lat >= a && lat <= b && lon >= c && lon <= d)
}

/// A 4-digit postcode or INSEE code (a number in the source) gets its leading zero back when
/// the row agrees: the other code's department, the coordinates, the address.
fn codes(raw: &mut RawPlace, out: &mut Prepared) {
    let pc = repair::pad_code(&raw.postal_code);
    let insee = repair::pad_code(&raw.insee_code);
    if let Some(p) = pc {
        let dep = &p[..2];
        let other = insee
            .clone()
            .unwrap_or_else(|| raw.insee_code.trim().to_ascii_uppercase());
        let by_insee = (other.len() == 5).then(|| other.starts_with(dep));
        let by_point = point_in(raw, dep);
        let by_address = raw.address.contains(p.as_str()).then_some(true);
        let checks = [by_insee, by_point, by_address];
        if !checks.contains(&Some(false)) {
            let why = match checks {
                [Some(true), ..] => format!(" (cohérent avec le code INSEE {other})"),
                [_, Some(true), _] => " (cohérent avec les coordonnées)".to_string(),
                [_, _, Some(true)] => " (cohérent avec l'adresse)".to_string(),
                _ => String::new(),
            };
            out.repairs.push(Repair {
                kind: RepairKind::PostalCode,
                text: format!("code postal {} → {p}{why}", raw.postal_code.trim()),
            });
            raw.postal_code = p;
        }
    }
    if let Some(i) = insee {
        let dep = &i[..2];
        let pcode = raw.postal_code.trim();
        let by_pc = (pcode.len() == 5).then(|| pcode.starts_with(dep));
        let by_point = point_in(raw, dep);
        if by_pc != Some(false) && by_point != Some(false) {
            let why = match (by_pc, by_point) {
                (Some(true), _) => format!(" (cohérent avec le code postal {pcode})"),
                (_, Some(true)) => " (cohérent avec les coordonnées)".to_string(),
                _ => String::new(),
            };
            out.repairs.push(Repair {
                kind: RepairKind::InseeCode,
                text: format!("code INSEE {} → {i}{why}", raw.insee_code.trim()),
            });
            raw.insee_code = i;
        }
    }
}

/// "8 rue de la Boétie - 33000 Bordeaux" gives the postcode and the city when the file has
/// none.
fn address(raw: &mut RawPlace, out: &mut Prepared) {
    // A postcode that cannot be one (`0`) is as good as none.
    let pc_missing = raw.postal_code.trim().is_empty()
        || crate::places::model::parse_postal_code(&raw.postal_code).is_err();
    if !raw.city.trim().is_empty() && !pc_missing {
        return;
    }
    let Some(s) = repair::split_address(&raw.address) else {
        return;
    };
    let mut took = Vec::new();
    if pc_missing {
        raw.postal_code = s.postal_code.clone();
        took.push(format!("code postal {}", s.postal_code));
    }
    if raw.city.trim().is_empty() {
        raw.city = s.city.clone();
        took.push(format!("commune « {} »", s.city));
    }
    out.repairs.push(Repair {
        kind: RepairKind::Address,
        text: format!(
            "{} tirés de l'adresse « {} »",
            took.join(" et "),
            short(&raw.address)
        ),
    });
    raw.address = s.street;
}

/// Hours: a valid OSM value is kept; a French text or per-day columns become one; what
/// cannot be read is kept as text (shown on the place page) and reported.
fn hours(raw: &mut RawPlace, days: &[(Day, Vec<String>)], out: &mut Prepared) {
    let text = raw.opening_hours.trim().to_string();
    if !text.is_empty() {
        if crate::hours::OpeningHours::parse(&text).is_ok() {
            return;
        }
        match repair::hours_from_text(&text) {
            HoursOutcome::Osm(osm) if crate::hours::OpeningHours::parse(&osm).is_ok() => {
                out.repairs.push(Repair {
                    kind: RepairKind::Hours,
                    text: format!("horaires « {} » → « {osm} »", short(&text)),
                });
                raw.opening_hours = osm;
            }
            _ => keep_as_text(raw, text, out),
        }
        return;
    }
    if days
        .iter()
        .all(|(_, v)| v.iter().all(|s| s.trim().is_empty()))
    {
        return;
    }
    match repair::hours_from_days(days) {
        HoursOutcome::Empty => {}
        HoursOutcome::Osm(osm) if crate::hours::OpeningHours::parse(&osm).is_ok() => {
            out.repairs.push(Repair {
                kind: RepairKind::Hours,
                text: format!("horaires par jour → « {osm} »"),
            });
            raw.opening_hours = osm;
        }
        _ => {
            let text: Vec<String> = days
                .iter()
                .filter(|(_, v)| v.iter().any(|s| !s.trim().is_empty()))
                .map(|(d, v)| {
                    let parts: Vec<&str> = v
                        .iter()
                        .map(|s| s.trim())
                        .filter(|s| !s.is_empty())
                        .collect();
                    format!("{} : {}", d.french_capitalized(), parts.join(", "))
                })
                .collect();
            keep_as_text(raw, text.join(" ; "), out);
        }
    }
}

fn keep_as_text(raw: &mut RawPlace, text: String, out: &mut Prepared) {
    out.notes.push(format!(
        "horaires illisibles « {} » : gardés en texte sur la fiche",
        short(&text)
    ));
    raw.opening_hours.clear();
    if raw.hours_note.trim().is_empty() {
        raw.hours_note = text;
    } else {
        raw.hours_note = format!("{} — {text}", raw.hours_note.trim());
    }
}

/// The raw value of a field, for a report line.
pub fn raw_value(raw: &RawPlace, field: &str) -> String {
    match field {
        "name" => raw.name.clone(),
        "status" => raw.status.clone(),
        "address" => raw.address.clone(),
        "postal_code" => raw.postal_code.clone(),
        "city" => raw.city.clone(),
        "insee_code" => raw.insee_code.clone(),
        "latitude" => raw.latitude.0.clone(),
        "longitude" => raw.longitude.0.clone(),
        "opening_hours" => raw.opening_hours.clone(),
        "hours_note" => raw.hours_note.clone(),
        "email" => raw.email.clone(),
        "phone" => raw.phone.clone(),
        "website" => raw.website.clone(),
        "social_links" => raw.social_links.replace('\n', " "),
        "siret" => raw.siret.clone(),
        "typologies" => raw.typologies.join(", "),
        _ => String::new(),
    }
}

/// Explains each field error in French: "Code postal « 0 » : … (valeur non enregistrée)".
pub fn messages(raw: &RawPlace, errors: &FieldErrors) -> Vec<String> {
    errors
        .0
        .iter()
        .map(|(field, key)| {
            let v: String = raw_value(raw, field).chars().take(80).collect();
            format!(
                "{} « {} » : {} (valeur non enregistrée)",
                label(field),
                v,
                Lang::Fr.t(key)
            )
        })
        .collect()
}

/// The distinct source categories of a table's typology column and how often each occurs,
/// for the typology table of the upload page and of `--dry-run`.
pub fn categories(table: &Table, m: &Mapping) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let col = m.get("typologies");
    if col.is_empty() {
        return out;
    }
    for row in &table.rows {
        for t in table.cell(row, col).split('|').map(str::trim) {
            if !t.is_empty() {
                *out.entry(t.to_string()).or_insert(0) += 1;
            }
        }
    }
    out
}
