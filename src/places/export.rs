//! Open-data exports: GeoJSON (RFC 7946), CSV in the national "lieux de médiation numérique"
//! schema, data·inclusion structures and GoGoCarto JSON. Each carries its licence.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::model::{DataLicence, Typology};
use super::repo::PlaceRow;
use crate::ids::PlaceId;

fn date_of(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .format("%Y-%m-%d")
        .to_string()
}

fn plain(html: &str, max: usize) -> String {
    crate::text::excerpt(html, max)
}

/// A GeoJSON FeatureCollection of the located places, with its `bbox` and licence.
pub fn geojson(
    rows: &[PlaceRow],
    typologies: &HashMap<PlaceId, Vec<Typology>>,
    base_url: &str,
    licence: DataLicence,
) -> Value {
    let mut bbox: Option<[f64; 4]> = None;
    let features: Vec<Value> = rows
        .iter()
        .filter_map(|p| {
            let (lat, lon) = (p.latitude?, p.longitude?);
            let b = bbox.get_or_insert([lon, lat, lon, lat]);
            b[0] = b[0].min(lon);
            b[1] = b[1].min(lat);
            b[2] = b[2].max(lon);
            b[3] = b[3].max(lat);
            Some(json!({
                "type": "Feature",
                "id": p.id,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "id": p.id,
                    "name": p.name,
                    "slug": p.slug,
                    "url": format!("{base_url}/lieux/{}", p.slug),
                    "status": p.status,
                    "address": p.street,
                    "postal_code": p.postal_code,
                    "city": p.city,
                    "insee_code": p.insee_code,
                    "typologies": typologies.get(&p.id).map(|v| v.iter().map(|t| t.slug.clone()).collect::<Vec<_>>()).unwrap_or_default(),
                    "website": p.website,
                    "updated_at": crate::clock::rfc3339(p.updated_at),
                }
            }))
        })
        .collect();
    let mut fc = json!({
        "type": "FeatureCollection",
        "licence": {"code": licence, "name": licence.name(), "url": licence.url()},
        "features": features,
    });
    if let Some(b) = bbox {
        fc["bbox"] = json!(b);
    }
    fc
}

pub const MEDNUM_COLUMNS: [&str; 32] = [
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
    "typologie",
    "telephone",
    "courriels",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "itinerance",
    "structure_parente",
    "date_maj",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
];

/// Can this place be written in the mednum schema (its required fields present)?
pub fn mednum_exportable(p: &PlaceRow) -> bool {
    !p.name.is_empty() && !p.city.is_empty() && p.postal_code.len() == 5 && !p.street.is_empty()
}

/// The CSV in the national schema. Places lacking a required field (commune, code postal,
/// adresse) are left out; the count is returned. Every cell goes through
/// [`crate::text::csv_cell`] (no formula reaches a spreadsheet).
pub fn mednum_csv(rows: &[PlaceRow]) -> (Vec<u8>, usize) {
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    let _ = w.write_record(MEDNUM_COLUMNS);
    let mut left_out = 0;
    let phone_ok = |p: &str| {
        [
            "+33", "+590", "+594", "+262", "+596", "+269", "+687", "+689", "+508", "+681",
        ]
        .iter()
        .any(|cc| {
            p.strip_prefix(cc).is_some_and(|rest| {
                (6..=9).contains(&rest.len()) && rest.chars().all(|c| c.is_ascii_digit())
            })
        })
    };
    for p in rows {
        if !mednum_exportable(p) {
            left_out += 1;
            continue;
        }
        let pivot = if p.siret.len() == 14 {
            p.siret.clone()
        } else {
            "00000000000000".to_string()
        };
        let lat = p.latitude.map(|v| v.to_string()).unwrap_or_default();
        let lon = p.longitude.map(|v| v.to_string()).unwrap_or_default();
        let phone = if phone_ok(&p.phone) {
            p.phone.clone()
        } else {
            String::new()
        };
        let resume = plain(&p.description, 280);
        let detail = plain(&p.description, 10_000);
        let mut rec: Vec<String> = vec![
            format!("maillage-{}", p.id),
            pivot,
            p.name.clone(),
            p.city.clone(),
            p.postal_code.clone(),
            p.insee_code.clone(),
            p.street.clone(),
            String::new(),
            lat,
            lon,
            "TIERS_LIEUX".into(),
            phone,
            p.email.clone(),
            p.website.clone(),
            p.opening_hours.clone(),
            resume,
            detail,
            "Maillage".into(),
            String::new(),
            String::new(),
            date_of(p.updated_at.max(p.created_at)),
        ];
        rec.resize(MEDNUM_COLUMNS.len(), String::new());
        let _ = w.write_record(rec.iter().map(|c| crate::text::csv_cell(c).into_owned()));
    }
    (w.into_inner().unwrap_or_default(), left_out)
}

/// data·inclusion "structure" objects.
pub fn datainclusion(rows: &[PlaceRow], base_url: &str) -> Vec<Value> {
    let opt = |s: &str| {
        if s.is_empty() {
            Value::Null
        } else {
            Value::String(s.to_string())
        }
    };
    rows.iter()
        .filter_map(|p| {
            let nom: String = p.name.trim_end_matches('.').chars().take(150).collect();
            if nom.chars().count() < 3 {
                return None;
            }
            let description = plain(&p.description, 10_000);
            Some(json!({
                "source": "maillage",
                "id": format!("maillage--{}", p.id),
                "nom": nom,
                "date_maj": date_of(p.updated_at.max(p.created_at)),
                "siret": if p.siret.len() == 14 { Value::String(p.siret.clone()) } else { Value::Null },
                "commune": opt(&p.city),
                "code_postal": opt(&p.postal_code),
                "code_insee": opt(&p.insee_code),
                "adresse": opt(&p.street),
                "complement_adresse": Value::Null,
                "longitude": p.longitude,
                "latitude": p.latitude,
                "telephone": opt(&p.phone),
                "courriel": opt(&p.email),
                "site_web": opt(&p.website),
                "description": if description.chars().count() >= 5 { Value::String(description) } else { Value::Null },
                "lien_source": format!("{base_url}/lieux/{}", p.slug),
                "horaires_accueil": opt(&p.opening_hours),
                "accessibilite_lieu": Value::Null,
                "reseaux_porteurs": Value::Null,
            }))
        })
        .collect()
}

/// GoGoCarto-shaped JSON: `{"licence", "ontology", "data": [...]}`.
pub fn gogocarto(
    rows: &[PlaceRow],
    typologies: &HashMap<PlaceId, Vec<Typology>>,
    base_url: &str,
    licence: DataLicence,
) -> Value {
    let (name, url) = (licence.name(), licence.url());
    let data: Vec<Value> = rows
        .iter()
        .map(|p| {
            json!({
                "id": p.id.to_string(),
                "name": p.name,
                "geo": {"latitude": p.latitude, "longitude": p.longitude},
                "address": {
                    "streetAddress": p.street,
                    "postalCode": p.postal_code,
                    "addressLocality": p.city,
                    "addressCountry": "FR",
                },
                "categories": typologies.get(&p.id).map(|v| v.iter().map(|t| t.name.clone()).collect::<Vec<_>>()).unwrap_or_default(),
                "email": p.email,
                "telephone": p.phone,
                "website": p.website,
                "description": plain(&p.description, 2000),
                "openHours": p.opening_hours,
                "url": format!("{base_url}/lieux/{}", p.slug),
                "updatedAt": crate::clock::rfc3339(p.updated_at),
            })
        })
        .collect();
    json!({"licence": format!("{name} ({url})"), "ontology": "gogofull", "data": data})
}
