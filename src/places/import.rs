//! Imports: CSV (any delimiter, UTF-8 or Latin-1), GeoJSON, GoGoCarto JSON, data·inclusion
//! JSON and the national "lieux de médiation numérique" CSV all become one [`Table`]; a
//! [`Mapping`] (guessed from common French and English column names, editable) turns each
//! row into a [`RawPlace`]; validation keeps good values and reports the rest, row by row.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::{fold, validate, LooseNumber, PlaceModeration, PlaceVia, RawPlace, Typology};
use super::repo::{self, SaveItem};
use crate::db::Db;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Lang;
use crate::ids::{NetworkId, UserId};

/// The formats an import reads; stored and shown as their text (`as_str`).
pub use super::model::PlaceImportFormat as Format;

impl Format {
    /// A format as a person names it (command line, import form): any case, and
    /// `data-inclusion` or `data·inclusion` too.
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "geojson" => Some(Format::Geojson),
            "gogocarto" => Some(Format::Gogocarto),
            "datainclusion" | "data-inclusion" | "data·inclusion" => Some(Format::Datainclusion),
            "mednum" => Some(Format::Mednum),
            _ => None,
        }
    }

    /// From a file name: `.geojson`, `.json` (GoGoCarto or data·inclusion, told by content),
    /// otherwise CSV.
    pub fn guess(file_name: &str, bytes: &[u8]) -> Format {
        let lower = file_name.to_ascii_lowercase();
        if lower.ends_with(".geojson") {
            return Format::Geojson;
        }
        if lower.ends_with(".json") {
            let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
            if head.contains("\"FeatureCollection\"") {
                return Format::Geojson;
            }
            if head.contains("\"ontology\"") || head.contains("\"data\"") {
                return Format::Gogocarto;
            }
            return Format::Datainclusion;
        }
        Format::Csv
    }
}

/// Rows of text cells under named columns; `lines[i]` is the file line of row `i`.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub lines: Vec<usize>,
}

impl Table {
    pub fn cell<'a>(&'a self, row: &'a [String], header: &str) -> &'a str {
        self.headers
            .iter()
            .position(|h| h == header)
            .and_then(|i| row.get(i))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// Decodes text: UTF-8 (with or without BOM), otherwise Windows-1252 (a superset of Latin-1).
/// C0 control characters other than tab, CR and LF are dropped (a file is data, not a field:
/// a stray NUL must not reach PostgreSQL's text columns).
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    };
    if text.chars().any(crate::form::hygiene::refused_in_text) {
        text.chars()
            .filter(|c| !crate::form::hygiene::refused_in_text(*c))
            .collect()
    } else {
        text
    }
}

/// The delimiter used in the first line: the most frequent of `, ; TAB |` outside quotes.
pub fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0), (b'|', 0)];
    let mut quoted = false;
    for b in first.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for c in counts.iter_mut() {
                if c.0 == b {
                    c.1 += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|c| c.1)
        .map(|c| c.0)
        .unwrap_or(b',')
}

pub fn read(format: Format, bytes: &[u8]) -> Result<Table, String> {
    match format {
        Format::Csv | Format::Mednum => read_csv(bytes),
        Format::Geojson => read_geojson(bytes),
        Format::Gogocarto => {
            let v: serde_json::Value = json(bytes)?;
            let data = v
                .get("data")
                .and_then(|d| d.as_array())
                .ok_or("JSON GoGoCarto : tableau « data » introuvable")?;
            Ok(from_objects(data.iter().map(|o| (o, None))))
        }
        Format::Datainclusion => {
            let v: serde_json::Value = json(bytes)?;
            let items = match &v {
                serde_json::Value::Array(a) => a,
                serde_json::Value::Object(o) => o
                    .get("items")
                    .or_else(|| o.get("data"))
                    .and_then(|d| d.as_array())
                    .ok_or("JSON data·inclusion : tableau de structures introuvable")?,
                _ => return Err("JSON data·inclusion : tableau de structures attendu".into()),
            };
            Ok(from_objects(items.iter().map(|o| (o, None))))
        }
    }
}

fn json(bytes: &[u8]) -> Result<serde_json::Value, String> {
    serde_json::from_str(&decode(bytes)).map_err(|e| format!("JSON illisible : {e}"))
}

fn read_csv(bytes: &[u8]) -> Result<Table, String> {
    let text = decode(bytes);
    let delim = sniff_delimiter(&text);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| format!("en-tête CSV illisible : {e}"))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if headers.iter().all(|h| h.is_empty()) {
        return Err("le fichier est vide".into());
    }
    let mut t = Table {
        headers,
        ..Default::default()
    };
    for rec in rdr.records() {
        let rec = rec.map_err(|e| format!("CSV illisible : {e}"))?;
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        t.rows
            .push(rec.iter().map(|c| c.trim().to_string()).collect());
        t.lines.push(line);
    }
    Ok(t)
}

fn read_geojson(bytes: &[u8]) -> Result<Table, String> {
    let v: serde_json::Value = json(bytes)?;
    let features = v
        .get("features")
        .and_then(|f| f.as_array())
        .ok_or("GeoJSON : « features » introuvable")?;
    Ok(from_objects(features.iter().map(|f| {
        let coords = f
            .get("geometry")
            .filter(|g| g.get("type").and_then(|t| t.as_str()) == Some("Point"))
            .and_then(|g| g.get("coordinates"))
            .and_then(|c| c.as_array())
            .filter(|c| c.len() >= 2)
            .map(|c| (c[1].to_string(), c[0].to_string()));
        (
            f.get("properties").unwrap_or(&serde_json::Value::Null),
            coords,
        )
    })))
}

/// Flattens objects (`address.postalCode`), arrays of strings joined with `|`.
fn from_objects<'a>(
    items: impl Iterator<Item = (&'a serde_json::Value, Option<(String, String)>)>,
) -> Table {
    let mut t = Table::default();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut rows: Vec<BTreeMap<usize, String>> = Vec::new();
    for (n, (obj, coords)) in items.enumerate() {
        let mut flat = Vec::new();
        flatten("", obj, &mut flat);
        if let Some((lat, lon)) = coords {
            flat.push(("geometry_latitude".to_string(), lat));
            flat.push(("geometry_longitude".to_string(), lon));
        }
        let mut row = BTreeMap::new();
        for (k, v) in flat {
            let i = *index.entry(k.clone()).or_insert_with(|| {
                t.headers.push(k);
                t.headers.len() - 1
            });
            row.insert(i, v);
        }
        rows.push(row);
        t.lines.push(n + 1);
    }
    for row in rows {
        t.rows.push(
            (0..t.headers.len())
                .map(|i| row.get(&i).cloned().unwrap_or_default())
                .collect(),
        );
    }
    t
}

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    let key = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match v {
        Value::Object(o) => {
            for (k, v) in o {
                flatten(&key(k), v, out);
            }
        }
        Value::Array(a) => {
            let parts: Vec<String> = a
                .iter()
                .filter_map(|x| match x {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    Value::Object(o) => o
                        .get("name")
                        .or_else(|| o.get("label"))
                        .and_then(|n| n.as_str())
                        .map(str::to_string),
                    _ => None,
                })
                .collect();
            out.push((prefix.to_string(), parts.join("|")));
        }
        Value::Null => out.push((prefix.to_string(), String::new())),
        Value::String(s) => out.push((prefix.to_string(), s.trim().to_string())),
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

/// The fields a column can feed, with the French label shown in the mapping form.
pub const TARGETS: [(&str, &str); 19] = [
    ("source_id", "Identifiant dans la source"),
    ("name", "Nom"),
    ("status", "Statut"),
    ("address", "Adresse"),
    ("postal_code", "Code postal"),
    ("city", "Commune"),
    ("insee_code", "Code INSEE"),
    ("latitude", "Latitude"),
    ("longitude", "Longitude"),
    ("typologies", "Typologies"),
    ("description", "Description"),
    ("opening_hours", "Horaires"),
    ("email", "Courriel"),
    ("phone", "Téléphone"),
    ("website", "Site web"),
    ("social_links", "Réseaux sociaux"),
    ("services", "Services"),
    ("accessibility", "Accessibilité"),
    ("siret", "SIRET"),
];

/// Column names recognised for each target, folded (lower case, no accents, `_` for others).
const SYNONYMS: [(&str, &[&str]); 19] = [
    (
        "source_id",
        &["id", "identifiant", "uid", "ref", "id_structure"],
    ),
    (
        "name",
        &[
            "nom",
            "name",
            "nom_tl",
            "nom_du_lieu",
            "titre",
            "title",
            "raison_sociale",
        ],
    ),
    ("status", &["statut", "status", "etat"]),
    (
        "address",
        &[
            "adresse",
            "address",
            "rue",
            "street",
            "address_streetaddress",
            "streetaddress",
            "adresse_postale",
            "address_street",
        ],
    ),
    (
        "postal_code",
        &[
            "code_postal",
            "cp",
            "postcode",
            "postal_code",
            "zip",
            "zipcode",
            "codepostal",
            "address_postalcode",
            "postalcode",
        ],
    ),
    (
        "city",
        &[
            "commune",
            "ville",
            "city",
            "nomcom",
            "cominit",
            "localite",
            "address_addresslocality",
            "addresslocality",
        ],
    ),
    (
        "insee_code",
        &[
            "code_insee",
            "insee",
            "inseecom",
            "citycode",
            "code_commune",
        ],
    ),
    (
        "latitude",
        &["latitude", "lat", "geometry_latitude", "geo_latitude", "y"],
    ),
    (
        "longitude",
        &[
            "longitude",
            "lon",
            "lng",
            "long",
            "geometry_longitude",
            "geo_longitude",
            "x",
        ],
    ),
    (
        "typologies",
        &[
            "typologies",
            "typologie",
            "typo",
            "type",
            "types",
            "categories",
            "category",
            "categorie",
        ],
    ),
    (
        "description",
        &[
            "description",
            "presentation_detail",
            "presentation",
            "descriptif",
            "presentation_resume",
            "resume",
        ],
    ),
    (
        "opening_hours",
        &[
            "horaires",
            "opening_hours",
            "horaires_ouverture",
            "openhours",
            "openinghours",
        ],
    ),
    (
        "email",
        &[
            "email",
            "courriel",
            "courriels",
            "mail",
            "e_mail",
            "adresse_mail",
        ],
    ),
    (
        "phone",
        &[
            "telephone",
            "tel",
            "phone",
            "telephone_fixe",
            "numero_de_telephone",
        ],
    ),
    (
        "website",
        &["site_web", "website", "web", "site", "url", "site_internet"],
    ),
    (
        "social_links",
        &["reseaux_sociaux", "social", "facebook", "twitter"],
    ),
    ("services", &["services", "service", "offre"]),
    (
        "accessibility",
        &["accessibilite", "accessibility", "fiche_acces_libre"],
    ),
    ("siret", &["siret", "pivot"]),
];

fn norm(h: &str) -> String {
    fold(h)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect::<String>()
        .trim_matches('_')
        .to_string()
}

/// Target field → source column.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Mapping(pub BTreeMap<String, String>);

impl Mapping {
    pub fn guess(headers: &[String]) -> Mapping {
        let mut m = BTreeMap::new();
        for (target, names) in SYNONYMS {
            // The first synonym found wins (they are listed by preference).
            for name in names {
                if let Some(h) = headers.iter().find(|h| norm(h) == *name) {
                    m.insert(target.to_string(), h.clone());
                    break;
                }
            }
        }
        Mapping(m)
    }

    pub fn get(&self, target: &str) -> &str {
        self.0.get(target).map(String::as_str).unwrap_or("")
    }
}

pub use super::import_report::{Outcome, Progress, Report, RowReport};

fn label(target: &str) -> &'static str {
    TARGETS
        .iter()
        .find(|(t, _)| *t == target)
        .map(|(_, l)| *l)
        .unwrap_or("champ")
}

/// The first of several values (`a|b`, `a;b`).
fn first_of(s: &str) -> &str {
    s.split(['|', ';']).next().unwrap_or("").trim()
}

/// A row through the mapping: the raw place, its source id and the raw value of each field.
pub fn raw_of(table: &Table, row: &[String], m: &Mapping) -> (RawPlace, String) {
    let g = |t: &str| {
        let h = m.get(t);
        if h.is_empty() {
            String::new()
        } else {
            table.cell(row, h).to_string()
        }
    };
    let raw = RawPlace {
        name: g("name"),
        status: g("status"),
        address: g("address"),
        postal_code: g("postal_code"),
        city: g("city"),
        insee_code: g("insee_code"),
        latitude: LooseNumber(g("latitude")),
        longitude: LooseNumber(g("longitude")),
        description: g("description"),
        opening_hours: g("opening_hours"),
        email: first_of(&g("email")).to_string(),
        phone: first_of(&g("phone")).to_string(),
        website: first_of(&g("website")).to_string(),
        social_links: g("social_links").replace('|', "\n"),
        services: g("services"),
        accessibility: g("accessibility"),
        siret: g("siret"),
        charter_adopted_on: String::new(),
        typologies: g("typologies")
            .split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    };
    let id = g("source_id");
    let source_id = if id.trim().is_empty() {
        format!(
            "{}|{}|{}",
            fold(&raw.name),
            raw.postal_code.trim(),
            fold(&raw.city)
        )
    } else {
        id.trim().to_string()
    };
    (raw, source_id)
}

fn raw_value(raw: &RawPlace, field: &str) -> String {
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
            let v = raw_value(raw, field);
            let v: String = v.chars().take(80).collect();
            format!(
                "{} « {} » : {} (valeur non enregistrée)",
                label(field),
                v,
                Lang::Fr.t(key)
            )
        })
        .collect()
}

/// Validates every row (no database), for the preview.
pub fn preview(table: &Table, m: &Mapping, typologies: &[Typology], max: usize) -> Vec<RowReport> {
    table
        .rows
        .iter()
        .zip(&table.lines)
        .take(max)
        .map(|(row, line)| {
            let (raw, _) = raw_of(table, row, m);
            let mut errors = FieldErrors::default();
            let input = validate(&raw, typologies, &mut errors);
            let skipped = input.name.is_empty();
            RowReport {
                line: *line,
                name: raw.name.clone(),
                outcome: if skipped {
                    Outcome::Skipped
                } else {
                    Outcome::Imported
                },
                messages: messages(&raw, &errors),
                place_id: None,
            }
        })
        .collect()
}

/// A batch being written, and the report rows it answers for.
struct Writing {
    task: tokio::task::JoinHandle<AppResult<Vec<repo::Saved>>>,
    rows: Vec<usize>,
    /// Rows of the file read once this batch is written.
    done: usize,
}

/// What the import has found so far: the report, the running counts, and when PostgreSQL's
/// statistics are refreshed next.
struct Tally {
    report: Report,
    counts: Progress,
    next_analyze: usize,
}

impl Writing {
    /// Waits for the batch, fills in its report rows and counts, and reports progress.
    async fn finish(
        self,
        db: &Db,
        t: &mut Tally,
        progress: &mut impl FnMut(&Progress),
    ) -> AppResult<()> {
        let saved = self
            .task
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("import batch: {e}")))??;
        for (s, r) in saved.iter().zip(&self.rows) {
            let rr = &mut t.report.rows[*r];
            if s.duplicate {
                // Another tenant's place: named in the remark, not linked as this row's.
                t.counts.skipped += 1;
                rr.outcome = Outcome::Duplicate;
                rr.messages.insert(
                    0,
                    format!(
                        "doublon possible du lieu n° {} (« {} »), qu'un autre réseau gère : \
                         ligne non importée, lieu inchangé",
                        s.id, s.slug
                    ),
                );
                continue;
            }
            rr.place_id = Some(s.id);
            rr.outcome = if s.created {
                t.counts.imported += 1;
                Outcome::Imported
            } else if s.changed.is_empty() {
                t.counts.unchanged += 1;
                Outcome::Unchanged
            } else {
                t.counts.updated += 1;
                Outcome::Updated
            };
        }
        t.counts.done = self.done;
        progress(&t.counts);
        // PostgreSQL plans the source lookup from its statistics: refreshed as the table
        // grows (2 000, 8 000, 32 000… rows written), else it scans the whole table for every
        // batch (10 s of a 30 000-row import, measured in the server's log). Only the looked-up
        // columns (0.08 s for 50 000 places).
        if t.counts.imported + t.counts.updated >= t.next_analyze {
            repo::analyze(db, true).await?;
            t.next_analyze *= 4;
        }
        Ok(())
    }
}

pub struct Options {
    pub source: String,
    pub network_id: Option<NetworkId>,
    /// Which existing places the rows may update (matched by source and source id); a match
    /// outside it is a possible duplicate in the report.
    pub scope: repo::MatchScope,
    pub user_id: Option<UserId>,
    pub batch: usize,
}

/// Imports every row; `progress` is called after each batch (and once at the start).
pub async fn run(
    db: &Db,
    table: &Table,
    m: &Mapping,
    opts: &Options,
    now: i64,
    mut progress: impl FnMut(&Progress),
) -> AppResult<Report> {
    if m.get("name").is_empty() {
        return Err(AppError::BadRequest(
            "aucune colonne ne donne le nom du lieu".into(),
        ));
    }
    let typologies = std::sync::Arc::new(repo::typologies(db).await?);
    let mut batch: Vec<SaveItem> = Vec::new();
    let mut batch_rows: Vec<usize> = Vec::new();
    let total = table.rows.len();
    let mut t = Tally {
        report: Report::default(),
        counts: Progress {
            total,
            ..Progress::default()
        },
        next_analyze: 2_000,
    };
    progress(&t.counts);
    // Two stages: while one batch is written (a task of its own, so on another core when the
    // runtime has one), the next one is read and validated. Batches are still written one
    // after the other, in order: each waits for the previous one.
    let mut writing: Option<Writing> = None;
    for (n, (row, line)) in table.rows.iter().zip(&table.lines).enumerate() {
        let (raw, source_id) = raw_of(table, row, m);
        let mut errors = FieldErrors::default();
        let input = validate(&raw, &typologies, &mut errors);
        let msgs = messages(&raw, &errors);
        if input.name.is_empty() {
            t.counts.skipped += 1;
            t.report.rows.push(RowReport {
                line: *line,
                name: raw.name.clone(),
                outcome: Outcome::Skipped,
                messages: if msgs.is_empty() {
                    vec!["nom manquant".into()]
                } else {
                    msgs
                },
                place_id: None,
            });
        } else {
            t.report.rows.push(RowReport {
                line: *line,
                name: input.name.clone(),
                outcome: Outcome::Imported,
                messages: msgs,
                place_id: None,
            });
            batch_rows.push(t.report.rows.len() - 1);
            batch.push(SaveItem {
                id: None,
                source: opts.source.clone(),
                source_id,
                input,
                moderation: PlaceModeration::Published,
                network_id: opts.network_id,
                user_id: opts.user_id,
                via: PlaceVia::Import,
                scope: opts.scope,
            });
        }
        if batch.len() >= opts.batch.max(1) || n + 1 == total {
            if let Some(w) = writing.take() {
                w.finish(db, &mut t, &mut progress).await?;
            }
            let (db2, typologies2) = (db.clone(), typologies.clone());
            let items = std::mem::take(&mut batch);
            writing = Some(Writing {
                task: tokio::spawn(async move {
                    repo::save_batch(&db2, &items, &typologies2, now).await
                }),
                rows: std::mem::take(&mut batch_rows),
                done: n + 1,
            });
        }
    }
    if let Some(w) = writing.take() {
        w.finish(db, &mut t, &mut progress).await?;
    }
    if t.counts.imported + t.counts.updated >= 1000 {
        repo::analyze(db, false).await?;
    }
    Ok(t.report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_name_and_stored_text() {
        assert_eq!(Format::parse("GeoJSON"), Some(Format::Geojson));
        assert_eq!(Format::parse("data-inclusion"), Some(Format::Datainclusion));
        assert_eq!(Format::parse("xls"), None);
        // What a job stores is read back exactly.
        for f in Format::ALL {
            assert_eq!(f.as_str().parse::<Format>(), Ok(*f));
        }
        assert_eq!(Format::Mednum.as_str(), "mednum");
    }

    #[test]
    fn latin1_semicolons() {
        let bytes = b"Nom;Code postal;Ville\nCaf\xe9 des tiers-lieux;33340;Lesparre-M\xe9doc\n";
        let t = read(Format::Csv, bytes).unwrap();
        assert_eq!(t.headers, vec!["Nom", "Code postal", "Ville"]);
        assert_eq!(t.rows[0][0], "Café des tiers-lieux");
        let m = Mapping::guess(&t.headers);
        assert_eq!(m.get("name"), "Nom");
        assert_eq!(m.get("postal_code"), "Code postal");
        assert_eq!(m.get("city"), "Ville");
    }

    #[test]
    fn geojson_and_gogocarto() {
        let g = br#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[-1.5,47.2]},"properties":{"NOM_TL":"ADE","CP":"44300"}}]}"#;
        let t = read(Format::Geojson, g).unwrap();
        let m = Mapping::guess(&t.headers);
        let (raw, _) = raw_of(&t, &t.rows[0], &m);
        assert_eq!(raw.name, "ADE");
        assert_eq!(raw.latitude.0, "47.2");
        assert_eq!(raw.longitude.0, "-1.5");
        let gg = br#"{"licence":"ODbL","ontology":"gogofull","data":[{"id":"a1","name":"La Fabrique","geo":{"latitude":45.1,"longitude":5.7},"address":{"postalCode":"38000","addressLocality":"Grenoble"},"categories":["Fablab"]}]}"#;
        let t = read(Format::Gogocarto, gg).unwrap();
        let m = Mapping::guess(&t.headers);
        let (raw, id) = raw_of(&t, &t.rows[0], &m);
        assert_eq!(id, "a1");
        assert_eq!(raw.postal_code, "38000");
        assert_eq!(raw.city, "Grenoble");
        assert_eq!(raw.typologies, vec!["Fablab"]);
    }
}
