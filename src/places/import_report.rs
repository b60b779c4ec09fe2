//! An import's outcome, row by row: what happened to each row ([`Outcome`]), the report
//! (shown on the progress page, downloaded as CSV) and the running counts ([`Progress`]).

use serde::{Deserialize, Serialize};

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
}

impl Outcome {
    pub fn label_fr(self) -> &'static str {
        match self {
            Outcome::Imported => "importé",
            Outcome::Updated => "mis à jour",
            Outcome::Unchanged => "inchangé",
            Outcome::Skipped => "ignoré",
            Outcome::Duplicate => "doublon possible",
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
    pub fn summary_fr(&self) -> String {
        format!(
            "{} lignes : {} importées, {} mises à jour, {} inchangées, {} ignorées, {} doublons possibles ; {} avec des valeurs non enregistrées",
            self.rows.len(),
            self.count(Outcome::Imported),
            self.count(Outcome::Updated),
            self.count(Outcome::Unchanged),
            self.count(Outcome::Skipped),
            self.count(Outcome::Duplicate),
            self.rows
                .iter()
                .filter(|r| r.outcome != Outcome::Skipped && !r.messages.is_empty())
                .count()
        )
    }
}
