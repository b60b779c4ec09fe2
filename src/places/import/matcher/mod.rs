//! Which column feeds which field: headers compared after folding (case, accents, spaces,
//! `_`, `-`, `.`, camelCase), then through a table of synonyms built from the column names of
//! the published datasets of the field, then after taking off the usual prefixes and
//! suffixes (`lib_`, `bf_`, `contact_`, `h_`, `_structure`, `_lieu`…), then by content (an
//! INSEE code column, a unique reference). Every guess carries its reason, in French.
//!
//! The synonyms come from the column names of: the national tiers-lieux base of the CGET
//! (`NOM_TL`, `CP`, `NOMCOM`, `INSEECOM`, `TYPO`, `LAT`, `LONG`), the France services list
//! (`id_fs`, `lib_fs`, `insee_com`, `lib_com`, `h_lundi`…), the structures hosting
//! digital-inclusion advisers (`nom`, `pivot`, `courriel`, `code_insee`), the national
//! "lieux de médiation numérique" schema (`nom`, `commune`, `code_postal`, `courriels`,
//! `site_web`, `horaires`, `presentation_detail`), data·inclusion (`siret`, `adresse`,
//! `code_insee`, `lien_source`), and the regional datasets gathered by the national
//! cartography (Hinaura `bf_titre`, `bf_ville`, `bf_codeinsee`, `ouv_lundi`; Bourgogne-Franche-
//! Comté `bfc_id`, `nom_structure`, `ville`, `lat`, `lon`, `contact_tel`, `contact_email`,
//! `url_lieu`, `lundi matin`, `lundi après-midi`; Loire-Atlantique `cle`, `nom_lieu`,
//! `mail_porteur`, `horaire_lundi`; Maine-et-Loire `ID_LieuMed`, `NOM_STRUCTURE`, `NUM_TEL`,
//! `MAIL_STRUC`; Gironde `Lieu`, `Adresse postale`, `Coord. X`; Corse `Structure`,
//! `N° de téléphone`, `Adresse e-mail`; Angers `USER_NOM`, `USER_ADRES`; GoGoCarto and
//! Communecter exports `name`, `address.postalCode`, `address.addressLocality`,
//! `geo.latitude`, `openHours`), and the columns a geocoder adds (`result_postcode`,
//! `result_citycode`, `latitude`, `longitude`).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::read::Table;
use super::repair::Day;

mod names;
use names::{PREFIXES, STOPWORDS, SUFFIXES, SYNONYMS};

/// The fields a column can feed, with the French label shown in the mapping form and on
/// the command line (`--map name=NOM`).
pub const TARGETS: [(&str, &str); 20] = [
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
    ("hours_note", "Horaires (précisions)"),
];

/// Targets that only a guess or `--map` fill: a second pair of coordinates (read when the
/// first is empty) and the opening hours of each day (`hours_mo`, and `hours_mo_pm` for an
/// afternoon column).
pub const EXTRA_TARGETS: [(&str, &str); 16] = [
    ("alt_latitude", "Latitude (autre colonne)"),
    ("alt_longitude", "Longitude (autre colonne)"),
    ("hours_mo", "Horaires du lundi"),
    ("hours_mo_pm", "Horaires du lundi après-midi"),
    ("hours_tu", "Horaires du mardi"),
    ("hours_tu_pm", "Horaires du mardi après-midi"),
    ("hours_we", "Horaires du mercredi"),
    ("hours_we_pm", "Horaires du mercredi après-midi"),
    ("hours_th", "Horaires du jeudi"),
    ("hours_th_pm", "Horaires du jeudi après-midi"),
    ("hours_fr", "Horaires du vendredi"),
    ("hours_fr_pm", "Horaires du vendredi après-midi"),
    ("hours_sa", "Horaires du samedi"),
    ("hours_sa_pm", "Horaires du samedi après-midi"),
    ("hours_su", "Horaires du dimanche"),
    ("hours_su_pm", "Horaires du dimanche après-midi"),
];

/// The French label of a target.
pub fn label(target: &str) -> &'static str {
    TARGETS
        .iter()
        .chain(EXTRA_TARGETS.iter())
        .find(|(t, _)| *t == target)
        .map(|(_, l)| *l)
        .unwrap_or("champ")
}

pub fn is_target(target: &str) -> bool {
    TARGETS
        .iter()
        .chain(EXTRA_TARGETS.iter())
        .any(|(t, _)| *t == target)
}

/// The words of a header: camelCase split, folded, letters and digits apart, stopwords out.
pub fn words(header: &str) -> Vec<String> {
    let mut spaced = String::with_capacity(header.len() + 8);
    let mut prev: Option<char> = None;
    for c in header.chars() {
        if let Some(p) = prev {
            let camel = p.is_lowercase() && c.is_uppercase();
            let digit = (p.is_alphabetic() && c.is_ascii_digit())
                || (p.is_ascii_digit() && c.is_alphabetic());
            if camel || digit {
                spaced.push(' ');
            }
        }
        spaced.push(if c == '°' { ' ' } else { c });
        prev = Some(c);
    }
    crate::text::fold(&spaced)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !STOPWORDS.contains(w))
        .map(str::to_string)
        .collect()
}

/// Target field → source column, and source category → typology; saved per network and
/// source, and reused by the next import of that source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Mapping {
    /// Target → column. A target mapped to `""` is deliberately left empty (`--map city=`).
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// Folded source category → typology slug; `""` drops the category without a remark.
    #[serde(default)]
    pub typologies: BTreeMap<String, String>,
}

impl Mapping {
    /// The column feeding a target (`""` if none).
    pub fn get(&self, target: &str) -> &str {
        self.columns.get(target).map(String::as_str).unwrap_or("")
    }

    /// The guess for a table, without its reasons.
    pub fn guess(table: &Table) -> Mapping {
        Guess::of(table).mapping
    }

    /// Sets `target` to `column` (`""` to leave the field empty); the column must exist.
    /// A column given to another field is taken from it.
    pub fn set(&mut self, target: &str, column: &str, headers: &[String]) -> Result<(), String> {
        if !is_target(target) {
            let all: Vec<&str> = TARGETS
                .iter()
                .chain(EXTRA_TARGETS.iter())
                .map(|(t, _)| *t)
                .collect();
            return Err(format!(
                "champ inconnu « {target} » (champs possibles : {})",
                all.join(", ")
            ));
        }
        if !column.is_empty() && !headers.iter().any(|h| h == column) {
            return Err(format!(
                "colonne introuvable « {column} » (colonnes du fichier : {})",
                headers.join(", ")
            ));
        }
        if !column.is_empty() {
            self.columns.retain(|_, c| c != column);
        }
        self.columns.insert(target.to_string(), column.to_string());
        Ok(())
    }

    /// A saved mapping laid over a guess: its choices win where the file has the column
    /// (a column that disappeared from the source keeps the guess).
    pub fn overlay(&mut self, saved: &Mapping, headers: &[String]) {
        for (t, c) in &saved.columns {
            if c.is_empty() || headers.iter().any(|h| h == c) {
                let _ = self.set(t, c, headers);
            }
        }
        for (k, v) in &saved.typologies {
            self.typologies.insert(k.clone(), v.clone());
        }
    }

    /// The day columns, in week order: (day, column, afternoon column).
    pub fn day_columns(&self) -> Vec<(Day, &str, &str)> {
        Day::ALL
            .iter()
            .map(|d| {
                let key = format!("hours_{}", d.osm().to_ascii_lowercase());
                (*d, self.get(&key), self.get(&format!("{key}_pm")))
            })
            .filter(|(_, a, b)| !a.is_empty() || !b.is_empty())
            .collect()
    }
}

/// A column (its index) and why it was chosen.
type Column = (usize, String);

/// A guess and why: target → reason (`« CP » : nom de colonne connu`).
#[derive(Debug, Clone, Default)]
pub struct Guess {
    pub mapping: Mapping,
    pub reasons: BTreeMap<String, String>,
}

/// A candidate: how sure (higher is surer), then the synonym's rank (lower is preferred).
#[derive(Debug, Clone)]
struct Candidate {
    score: u32,
    rank: usize,
    column: usize,
    target: &'static str,
    reason: String,
}

/// The ways a header matches a synonym: as it is, or without prefixes and suffixes.
fn header_forms(words: &[String]) -> Vec<(String, Option<String>)> {
    let mut out = vec![(words.concat(), None)];
    let n = words.len();
    for start in 0..n {
        for end in (start + 1..=n).rev() {
            if start == 0 && end == n {
                continue;
            }
            let pre = &words[..start];
            let suf = &words[end..];
            if pre.iter().all(|w| PREFIXES.contains(&w.as_str()))
                && suf.iter().all(|w| SUFFIXES.contains(&w.as_str()))
            {
                let mut why = Vec::new();
                if !pre.is_empty() {
                    why.push(format!("préfixe « {}_ »", pre.join("_")));
                }
                if !suf.is_empty() {
                    why.push(format!("suffixe « _{} »", suf.join("_")));
                }
                out.push((words[start..end].concat(), Some(why.join(" et "))));
            }
        }
    }
    out
}

/// A day column: a day's name and only words about hours (`h_lundi`, `ouv_mardi`,
/// `horaire_mercredi`, `lundi matin`, `Lundi après-midi`, `openHours.Mo`).
fn day_of(words: &[String]) -> Option<(Day, bool)> {
    const HOURS: &[&str] = &[
        "h",
        "horaire",
        "horaires",
        "ouv",
        "ouverture",
        "open",
        "hours",
        "openhours",
        "opening",
        "heures",
        "journee",
        "jour",
    ];
    let mut day = None;
    let mut pm = false;
    let mut morning = false;
    let mut hours_word = false;
    for w in words {
        let w = w.as_str();
        if let Some(d) = Day::from_french(w) {
            if day.is_some() {
                return None;
            }
            // `mo`, `tu`… only next to a word about hours.
            let short = w.len() <= 3;
            day = Some((d, short));
        } else if matches!(w, "matin" | "am" | "morning") {
            morning = true;
        } else if matches!(
            w,
            "apres" | "midi" | "pm" | "afternoon" | "aprem" | "apresmidi"
        ) {
            pm = true;
        } else if HOURS.contains(&w) {
            hours_word = true;
        } else {
            return None;
        }
    }
    let (d, short) = day?;
    if short && !hours_word {
        return None;
    }
    if pm && morning {
        return None;
    }
    Some((d, pm))
}

/// The values of a column, trimmed, non-empty.
fn values(table: &Table, col: usize) -> impl Iterator<Item = &str> {
    table
        .rows
        .iter()
        .filter_map(move |r| r.get(col).map(|s| s.trim()))
        .filter(|s| !s.is_empty())
}

fn filled(table: &Table, col: usize) -> usize {
    values(table, col).count()
}

/// A column whose values are different on (nearly) every row, and there on nearly every
/// row: a reference. A few repeated values are allowed (one, or one row in twenty): they
/// are the file's duplicates, which the import reports.
fn unique(table: &Table, col: usize) -> bool {
    let n = filled(table, col);
    if n == 0 || n * 100 < table.rows.len() * 95 {
        return false;
    }
    let set: BTreeSet<&str> = values(table, col).collect();
    n - set.len() <= (n / 20).max(1) && set.len() > 1
}

/// Department of a code as a file holds it (`1100` is `01`).
fn dep2(code: &str) -> Option<String> {
    let t = code.trim();
    let t = t.strip_suffix(".0").unwrap_or(t);
    let padded = if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
        format!("0{t}")
    } else {
        t.to_ascii_uppercase()
    };
    let b = padded.as_bytes();
    let ok = b.len() == 5
        && (b[..2].iter().all(u8::is_ascii_digit) || &b[..2] == b"2A" || &b[..2] == b"2B")
        && b[2..].iter().all(u8::is_ascii_digit);
    ok.then(|| padded[..2].to_string())
}

impl Guess {
    /// Guesses the mapping of a table: by header, then by content.
    pub fn of(table: &Table) -> Guess {
        let headers = &table.headers;
        let all_words: Vec<Vec<String>> = headers.iter().map(|h| words(h)).collect();
        let mut cands: Vec<Candidate> = Vec::new();
        for (ci, w) in all_words.iter().enumerate() {
            if w.is_empty() {
                continue;
            }
            for (form, why) in header_forms(w) {
                for (target, names) in SYNONYMS {
                    if let Some(rank) = names.iter().position(|n| *n == form) {
                        let (score, reason) = match &why {
                            None => (100, format!("« {} » : nom de colonne connu", headers[ci])),
                            Some(why) => (
                                80,
                                format!("« {} » : « {form} » après le {why}", headers[ci]),
                            ),
                        };
                        cands.push(Candidate {
                            score,
                            rank,
                            column: ci,
                            target,
                            reason,
                        });
                    }
                }
            }
        }
        // Greedy: the surest candidates first; a column feeds one field, a field one column.
        cands.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then(a.rank.cmp(&b.rank))
                .then(a.column.cmp(&b.column))
        });
        let mut g = Guess::default();
        let mut used: BTreeSet<usize> = BTreeSet::new();
        // Candidates for coordinates kept aside: the filled pair wins, the other is the
        // fallback.
        let mut lats: Vec<(usize, String)> = Vec::new();
        let mut lons: Vec<(usize, String)> = Vec::new();
        for c in &cands {
            match c.target {
                "latitude" if !lats.iter().any(|(i, _)| *i == c.column) => {
                    lats.push((c.column, c.reason.clone()))
                }
                "longitude" if !lons.iter().any(|(i, _)| *i == c.column) => {
                    lons.push((c.column, c.reason.clone()))
                }
                _ => {}
            }
        }
        for c in &cands {
            if matches!(c.target, "latitude" | "longitude") {
                continue;
            }
            if used.contains(&c.column) || g.mapping.columns.contains_key(c.target) {
                continue;
            }
            // A reference guessed from a prefix must be one: unique values.
            if c.target == "source_id"
                && c.score < 100
                && !table.rows.is_empty()
                && !unique(table, c.column)
            {
                continue;
            }
            used.insert(c.column);
            g.mapping
                .columns
                .insert(c.target.to_string(), headers[c.column].clone());
            g.reasons.insert(c.target.to_string(), c.reason.clone());
        }
        g.coordinates(table, &mut used, lats, lons);
        g.days(table, &all_words, &mut used);
        g.by_content(table, &all_words, &mut used);
        g
    }

    /// Pairs latitude and longitude columns in file order; the pair filled on the most rows
    /// is the first, the next one the fallback.
    fn coordinates(
        &mut self,
        table: &Table,
        used: &mut BTreeSet<usize>,
        lats: Vec<(usize, String)>,
        lons: Vec<(usize, String)>,
    ) {
        let lats: Vec<_> = lats
            .into_iter()
            .filter(|(i, _)| !used.contains(i))
            .collect();
        let lons: Vec<_> = lons
            .into_iter()
            .filter(|(i, _)| !used.contains(i))
            .collect();
        let mut lat_cols: Vec<_> = lats.clone();
        lat_cols.sort_by_key(|(i, _)| *i);
        let mut lon_cols: Vec<_> = lons.clone();
        lon_cols.sort_by_key(|(i, _)| *i);
        let mut pairs: Vec<(Column, Column, usize)> = lat_cols
            .into_iter()
            .zip(lon_cols)
            .filter(|((a, _), (b, _))| a != b)
            .map(|(la, lo)| {
                let both = table
                    .rows
                    .iter()
                    .filter(|r| {
                        r.get(la.0).is_some_and(|v| !v.trim().is_empty())
                            && r.get(lo.0).is_some_and(|v| !v.trim().is_empty())
                    })
                    .count();
                (la, lo, both)
            })
            .collect();
        // The most filled first; between equals, the file's order.
        pairs.sort_by(|a, b| b.2.cmp(&a.2).then(a.0 .0.cmp(&b.0 .0)));
        let several = pairs.len() > 1;
        for (n, (la, lo, both)) in pairs.into_iter().take(2).enumerate() {
            let (tl, tn) = if n == 0 {
                ("latitude", "longitude")
            } else {
                ("alt_latitude", "alt_longitude")
            };
            let extra = if several {
                format!(" ; paire remplie sur {both} lignes")
            } else {
                String::new()
            };
            for (t, (col, why)) in [(tl, la), (tn, lo)] {
                used.insert(col);
                self.mapping
                    .columns
                    .insert(t.to_string(), table.headers[col].clone());
                self.reasons.insert(t.to_string(), format!("{why}{extra}"));
            }
        }
    }

    /// Per-day opening-hours columns.
    fn days(&mut self, table: &Table, all_words: &[Vec<String>], used: &mut BTreeSet<usize>) {
        for (ci, w) in all_words.iter().enumerate() {
            if used.contains(&ci) {
                continue;
            }
            if let Some((day, pm)) = day_of(w) {
                let key = format!(
                    "hours_{}{}",
                    day.osm().to_ascii_lowercase(),
                    if pm { "_pm" } else { "" }
                );
                if self.mapping.columns.contains_key(&key) {
                    continue;
                }
                used.insert(ci);
                self.mapping
                    .columns
                    .insert(key.clone(), table.headers[ci].clone());
                self.reasons.insert(
                    key,
                    format!(
                        "« {} » : horaires du {}{}",
                        table.headers[ci],
                        day.french(),
                        if pm { " après-midi" } else { "" }
                    ),
                );
            }
        }
    }

    /// Guesses from the values: an INSEE code column (5-digit codes of the same department
    /// as the postcode), a source identifier (unique values, named like a reference).
    fn by_content(&mut self, table: &Table, all_words: &[Vec<String>], used: &mut BTreeSet<usize>) {
        let pc = table
            .headers
            .iter()
            .position(|h| h == self.mapping.get("postal_code"));
        if !self.mapping.columns.contains_key("insee_code") {
            if let Some(pc) = pc {
                let mut best: Option<(usize, usize)> = None;
                for ci in 0..table.headers.len() {
                    if used.contains(&ci) || ci == pc {
                        continue;
                    }
                    let (mut codes, mut same_dep, mut equal, mut n) = (0, 0, 0, 0);
                    for r in &table.rows {
                        let v = r.get(ci).map(|s| s.trim()).unwrap_or("");
                        if v.is_empty() {
                            continue;
                        }
                        n += 1;
                        let Some(d) = dep2(v) else { continue };
                        codes += 1;
                        let p = r.get(pc).map(|s| s.trim()).unwrap_or("");
                        if dep2(p).as_deref() == Some(d.as_str()) {
                            same_dep += 1;
                        }
                        if p == v {
                            equal += 1;
                        }
                    }
                    if n >= 1
                        && codes * 100 >= n * 95
                        && same_dep * 100 >= n * 80
                        && equal < n
                        && best.is_none_or(|(_, b)| n > b)
                    {
                        best = Some((ci, n));
                    }
                }
                if let Some((ci, _)) = best {
                    used.insert(ci);
                    self.mapping
                        .columns
                        .insert("insee_code".into(), table.headers[ci].clone());
                    self.reasons.insert(
                        "insee_code".into(),
                        format!(
                            "« {} » : d'après son contenu (codes à 5 caractères du département \
                             du code postal)",
                            table.headers[ci]
                        ),
                    );
                }
            }
        }
        if !self.mapping.columns.contains_key("source_id") {
            const REF: &[&str] = &[
                "id",
                "ref",
                "reference",
                "cle",
                "key",
                "uid",
                "uuid",
                "identifiant",
                "code",
                "num",
                "numero",
                "gid",
                "objectid",
                "recordid",
                "fid",
                "matricule",
            ];
            for (ci, w) in all_words.iter().enumerate() {
                if used.contains(&ci) || !w.iter().any(|w| REF.contains(&w.as_str())) {
                    continue;
                }
                if unique(table, ci) {
                    used.insert(ci);
                    self.mapping
                        .columns
                        .insert("source_id".into(), table.headers[ci].clone());
                    self.reasons.insert(
                        "source_id".into(),
                        format!(
                            "« {} » : d'après son contenu (une valeur différente par ligne, \
                             nom de référence)",
                            table.headers[ci]
                        ),
                    );
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
