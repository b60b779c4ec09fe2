//! Imports: CSV (any delimiter, UTF-8 or Latin-1), GeoJSON, GoGoCarto JSON, data·inclusion
//! JSON and the national "lieux de médiation numérique" CSV all become one [`Table`]
//! ([`read`]); a [`Mapping`] (guessed by [`matcher`] from the column names of the field's
//! datasets and from content, editable, saved per source) turns each row into a
//! [`RawPlace`], repaired where the repair is certain ([`prepare`], [`repair`]); validation
//! keeps good values and reports the rest, row by row. Rows repeating an identifier of the
//! same file are reported and left out: the first row of the file wins.

use std::collections::HashMap;

use super::model::{validate, PlaceModeration, PlaceVia, Typology};
use super::repo::{self, SaveItem};
use crate::db::Db;
use crate::error::{AppError, AppResult, FieldErrors};
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

pub mod matcher;
pub mod prepare;
mod read;
pub mod repair;
pub mod saved;

mod report;
pub use matcher::{Guess, Mapping, EXTRA_TARGETS, TARGETS};
pub use prepare::{messages, prepare, Prepared, Repair, RepairKind};
pub use read::{decode, read, sniff_delimiter, Table};
pub use report::{Counts, FieldCount, Outcome, Progress, RepairCount, Report, RowReport};

/// A row prepared and validated, as the report tells it.
pub fn check(
    table: &Table,
    row: &[String],
    line: usize,
    m: &Mapping,
    typologies: &[Typology],
) -> (Prepared, super::model::PlaceInput, RowReport) {
    let p = prepare(table, row, m);
    let mut errors = FieldErrors::default();
    let input = validate(&p.raw, typologies, &mut errors);
    let name = if input.name.is_empty() {
        p.raw.name.clone()
    } else {
        input.name.clone()
    };
    let mut r = RowReport::new(
        line,
        name,
        if input.name.is_empty() {
            Outcome::Skipped
        } else {
            Outcome::Imported
        },
    );
    for rep in &p.repairs {
        r.messages.push(format!("réparé : {}", rep.text));
    }
    r.repairs = p.repairs.clone();
    r.messages.extend(messages(&p.raw, &errors));
    r.unsaved = errors.0.iter().map(|(f, _)| f.to_string()).collect();
    r.unsaved.dedup();
    r.messages.extend(p.notes.iter().cloned());
    if input.name.is_empty() {
        if p.raw.name.trim().is_empty() {
            r.messages.push("nom manquant : ligne ignorée".into());
        }
    } else if input.latitude.is_none() {
        r.no_coordinates = true;
        r.messages
            .push("sans coordonnées : importé, absent de la carte".into());
    }
    (p, input, r)
}

/// What an import would do, row by row, without a database: the first `max` rows of a
/// preview, or the whole file for `--dry-run` (rows repeating an identifier are marked as
/// the import would mark them).
pub fn preview(table: &Table, m: &Mapping, typologies: &[Typology], max: usize) -> Report {
    let mut report = Report::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (row, line) in table.rows.iter().zip(&table.lines).take(max) {
        let (p, _, mut r) = check(table, row, *line, m, typologies);
        if r.outcome == Outcome::Imported {
            repeated(&mut seen, &mut report, &p.source_id, &mut r);
        }
        report.rows.push(r);
    }
    report
}

/// The first row of an identifier wins; a later one is marked as repeating it, and the
/// first one names it.
fn repeated(seen: &mut HashMap<String, usize>, report: &mut Report, id: &str, r: &mut RowReport) {
    match seen.get(id) {
        Some(&first) => {
            let first_line = report.rows[first].line;
            r.outcome = Outcome::Repeated;
            r.messages.insert(
                0,
                format!(
                    "doublon dans le fichier : lignes {first_line} et {} ont le même \
                     identifiant « {id} » ; la première l'emporte, celle-ci est ignorée",
                    r.line
                ),
            );
            report.rows[first].messages.push(format!(
                "même identifiant que la ligne {} (ignorée)",
                r.line
            ));
        }
        None => {
            seen.insert(id.to_string(), report.rows.len());
        }
    }
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
        return Err(AppError::BadRequest(format!(
            "aucune colonne ne donne le nom du lieu (colonnes du fichier : {})",
            table.headers.join(", ")
        )));
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
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (n, (row, line)) in table.rows.iter().zip(&table.lines).enumerate() {
        let (p, input, mut r) = check(table, row, *line, m, &typologies);
        match r.outcome {
            Outcome::Imported => {
                repeated(&mut seen, &mut t.report, &p.source_id, &mut r);
            }
            _ => t.counts.skipped += 1,
        }
        if r.outcome == Outcome::Repeated {
            t.counts.skipped += 1;
        }
        let write = r.outcome == Outcome::Imported;
        t.report.rows.push(r);
        if write {
            batch_rows.push(t.report.rows.len() - 1);
            batch.push(SaveItem {
                id: None,
                source: opts.source.clone(),
                source_id: p.source_id,
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
        let m = Mapping::guess(&t);
        assert_eq!(m.get("name"), "Nom");
        assert_eq!(m.get("postal_code"), "Code postal");
        assert_eq!(m.get("city"), "Ville");
    }

    #[test]
    fn geojson_and_gogocarto() {
        let g = br#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[-1.5,47.2]},"properties":{"NOM_TL":"ADE","CP":"44300"}}]}"#;
        let t = read(Format::Geojson, g).unwrap();
        let m = Mapping::guess(&t);
        let raw = prepare(&t, &t.rows[0], &m).raw;
        assert_eq!(raw.name, "ADE");
        assert_eq!(raw.latitude.0, "47.2");
        assert_eq!(raw.longitude.0, "-1.5");
        let gg = br#"{"licence":"ODbL","ontology":"gogofull","data":[{"id":"a1","name":"La Fabrique","geo":{"latitude":45.1,"longitude":5.7},"address":{"postalCode":"38000","addressLocality":"Grenoble"},"categories":["Fablab"]}]}"#;
        let t = read(Format::Gogocarto, gg).unwrap();
        let m = Mapping::guess(&t);
        let p = prepare(&t, &t.rows[0], &m);
        let (raw, id) = (p.raw, p.source_id);
        assert_eq!(id, "a1");
        assert_eq!(raw.postal_code, "38000");
        assert_eq!(raw.city, "Grenoble");
        // "Fablab" is a typology by the default table: its slug.
        assert_eq!(raw.typologies, vec!["fablab"]);
    }
}
