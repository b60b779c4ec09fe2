//! An import's outcome, row by row: what happened to each row ([`Outcome`]), the report
//! (shown on the progress page, downloaded as CSV) and the running counts ([`Progress`]).

use serde::{Deserialize, Serialize};

use super::import::matcher::TARGETS;
use super::import::prepare::{Repair, RepairKind};
use crate::ids::PlaceId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Imported,
    Updated,
    Unchanged,
    Skipped,
    /// The row matched a place this import may not update (another network's): left
    /// untouched and shown as a possible duplicate.
    Duplicate,
    /// The row has the source identifier of an earlier row of the same file: the first row
    /// wins, this one is left out.
    Repeated,
}

impl Outcome {
    pub fn label_fr(self) -> &'static str {
        match self {
            Outcome::Imported => "importé",
            Outcome::Updated => "mis à jour",
            Outcome::Unchanged => "inchangé",
            Outcome::Skipped => "ignoré",
            Outcome::Duplicate => "doublon possible",
            Outcome::Repeated => "doublon dans le fichier",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RowReport {
    pub line: usize,
    pub name: String,
    pub outcome: Outcome,
    /// Why a row was skipped, or which values were not stored.
    pub messages: Vec<String>,
    pub place_id: Option<PlaceId>,
    /// What was repaired on the way (also in `messages`, as `réparé : …`).
    #[serde(default)]
    pub repairs: Vec<Repair>,
    /// The fields whose value was not stored.
    #[serde(default)]
    pub unsaved: Vec<String>,
    /// Imported without coordinates: not on the map.
    #[serde(default)]
    pub no_coordinates: bool,
}

impl RowReport {
    pub fn new(line: usize, name: String, outcome: Outcome) -> RowReport {
        RowReport {
            line,
            name,
            outcome,
            messages: Vec::new(),
            place_id: None,
            repairs: Vec::new(),
            unsaved: Vec::new(),
            no_coordinates: false,
        }
    }

    /// Written, or to be written (a dry run's rows are `Imported`).
    pub fn kept(&self) -> bool {
        matches!(
            self.outcome,
            Outcome::Imported | Outcome::Updated | Outcome::Unchanged
        )
    }
}

/// The counts of a report, for its summary (`Report::counts`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub rows: usize,
    pub imported: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: usize,
    /// Rows repeating an earlier row's identifier.
    pub repeated: usize,
    /// Rows matching another network's place.
    pub duplicates: usize,
    /// Rows with at least one repair, and the repairs by kind.
    pub repaired: usize,
    pub repairs: Vec<(RepairKind, usize)>,
    pub without_coordinates: usize,
    /// Rows with at least one value not stored, and those values by field.
    pub with_unsaved: usize,
    pub unsaved: Vec<(String, usize)>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Report {
    pub rows: Vec<RowReport>,
}

/// Where an import stands, after each batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub imported: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: usize,
}

impl Progress {
    /// `1000/1512 lignes traitées : 990 importées, 0 mises à jour, 0 inchangées, 10 ignorées`.
    pub fn line_fr(&self) -> String {
        format!(
            "{}/{} lignes traitées : {} importées, {} mises à jour, {} inchangées, {} ignorées",
            self.done, self.total, self.imported, self.updated, self.unchanged, self.skipped
        )
    }
}

impl Report {
    /// The per-row report as CSV (line, name, outcome, place id, remarks), as the command
    /// line's `--report` and the import page's download write it.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(["ligne", "nom", "résultat", "identifiant", "remarques"]);
        for r in &self.rows {
            let cells = [
                r.line.to_string(),
                r.name.clone(),
                r.outcome.label_fr().to_string(),
                r.place_id.map(|i| i.to_string()).unwrap_or_default(),
                r.messages.join(" ; "),
            ];
            let _ = w.write_record(cells.iter().map(|c| crate::text::csv_cell(c).into_owned()));
        }
        w.into_inner().unwrap_or_default()
    }

    pub fn count(&self, o: Outcome) -> usize {
        self.rows.iter().filter(|r| r.outcome == o).count()
    }
    pub fn counts(&self) -> Counts {
        let mut c = Counts {
            rows: self.rows.len(),
            imported: self.count(Outcome::Imported),
            updated: self.count(Outcome::Updated),
            unchanged: self.count(Outcome::Unchanged),
            skipped: self.count(Outcome::Skipped),
            repeated: self.count(Outcome::Repeated),
            duplicates: self.count(Outcome::Duplicate),
            ..Counts::default()
        };
        let mut kinds: std::collections::BTreeMap<RepairKind, usize> = Default::default();
        let mut fields: std::collections::BTreeMap<String, usize> = Default::default();
        for r in self.rows.iter().filter(|r| r.kept()) {
            if !r.repairs.is_empty() {
                c.repaired += 1;
            }
            for k in &r.repairs {
                *kinds.entry(k.kind).or_insert(0) += 1;
            }
            if r.no_coordinates {
                c.without_coordinates += 1;
            }
            if !r.unsaved.is_empty() {
                c.with_unsaved += 1;
            }
            for f in &r.unsaved {
                *fields.entry(f.clone()).or_insert(0) += 1;
            }
        }
        c.repairs = kinds.into_iter().collect();
        // Fields in the order of the form.
        c.unsaved = TARGETS
            .iter()
            .filter_map(|(t, _)| fields.get(*t).map(|n| (t.to_string(), *n)))
            .collect();
        c
    }

    /// `1512 lignes : 1500 importées, 0 mises à jour, 0 inchangées, 2 ignorées, 1 doublon
    /// dans le fichier, 0 doublon possible ; 14 réparées (code postal : 12, horaires : 2) ;
    /// 40 sans coordonnées ; 3 avec des valeurs non enregistrées (Courriel : 2, Site web : 1)`.
    pub fn summary_fr(&self) -> String {
        let c = self.counts();
        let list = |items: Vec<String>| {
            if items.is_empty() {
                String::new()
            } else {
                format!(" ({})", items.join(", "))
            }
        };
        format!(
            "{} lignes : {} importées, {} mises à jour, {} inchangées, {} ignorées, {} doublons \
             dans le fichier, {} doublons possibles ; {} réparées{} ; {} sans coordonnées ; {} \
             avec des valeurs non enregistrées{}",
            c.rows,
            c.imported,
            c.updated,
            c.unchanged,
            c.skipped,
            c.repeated,
            c.duplicates,
            c.repaired,
            list(
                c.repairs
                    .iter()
                    .map(|(k, n)| format!("{} : {n}", k.label_fr()))
                    .collect()
            ),
            c.without_coordinates,
            c.with_unsaved,
            list(
                c.unsaved
                    .iter()
                    .map(|(f, n)| format!("{} : {n}", super::import::matcher::label(f)))
                    .collect()
            ),
        )
    }
}
