//! Actor imports (issue 18 point 8): a CSV file or a GoGoCarto export (`/api/elements.json`,
//! `{"licence", "ontology", "data": [...]}`) into the showcase of a place or a network.
//!
//! It reuses the places' import (`places::import_kit`), unchanged: the file is read into a
//! table (CSV of any delimiter, UTF-8 or Latin-1; GoGoCarto objects flattened to
//! `address.postalCode` columns), the column matcher guesses the shared fields (name, address,
//! postcode, commune, coordinates, hours and the day columns, email, phone, website, links,
//! SIRET, description, identifier), a row is prepared with the same repairs (swapped
//! coordinates, a postcode's lost zero, mojibake, hours of each day), and the same report
//! tells each row. The actor's own columns (type, nature, categories, skills, offers,
//! languages, visibility) are guessed from their names here.
//!
//! Each row is then checked by `model::validate`, as the form and the API are: bad values
//! (an unknown category, a wrong SIRET, coordinates out of bounds, an unknown visibility) are
//! left out and reported, the rest is written; a row without a name, or a person's profile
//! (a person makes their own), is skipped. Rows are matched by the source (the scope and the
//! file's name) and their identifier: importing the same file again updates the actors it
//! wrote (or leaves them when the row did not change), it never adds them twice.

use std::collections::{BTreeMap, HashMap};

use super::model::{find_category, validate, ActorInput, ActorKind, Category, RawActor, RawOffer};
use super::service::{self, ImportScope, Imported};
use crate::error::{AppResult, FieldErrors};
use crate::ids::UserId;
use crate::places::import_kit::{prepare, words};
pub use crate::places::import_kit::{
    read, Format, Guess, Mapping, Outcome, Report, RowReport, Table,
};
use crate::state::AppState;
use crate::text::fold_words;

/// The actor's own fields a column can feed (beside the places' shared ones), with their
/// French label, and the column names (folded, without separators) that feed them.
pub const ACTOR_TARGETS: [(&str, &str, &[&str]); 7] = [
    (
        "kind",
        "Type (organisation ou personne)",
        &["kind", "type", "typeacteur"],
    ),
    (
        "subtype",
        "Nature",
        &[
            "nature",
            "subtype",
            "soustype",
            "statutjuridique",
            "formejuridique",
        ],
    ),
    (
        "categories",
        "Catégories",
        &[
            "categories",
            "categorie",
            "category",
            "taxonomy",
            "secteur",
            "secteurs",
            "secteuractivite",
            "activites",
            "familles",
        ],
    ),
    (
        "skills",
        "Compétences",
        &[
            "competences",
            "competence",
            "skills",
            "skill",
            "savoirfaire",
            "specialites",
            "tags",
            "motscles",
        ],
    ),
    (
        "offers",
        "Offres",
        &["offres", "offre", "offers", "produits", "prestations"],
    ),
    (
        "languages",
        "Langues",
        &["langues", "langue", "languages", "language"],
    ),
    (
        "visibility",
        "Visibilité des coordonnées",
        &["visibilite", "visibility"],
    ),
];

/// The shared fields an actor takes from the places' matcher.
pub const SHARED_TARGETS: [(&str, &str); 14] = [
    ("source_id", "Identifiant dans la source"),
    ("name", "Nom"),
    ("address", "Adresse"),
    ("postal_code", "Code postal"),
    ("city", "Commune"),
    ("latitude", "Latitude"),
    ("longitude", "Longitude"),
    ("description", "Description"),
    ("opening_hours", "Horaires"),
    ("email", "Courriel"),
    ("phone", "Téléphone"),
    ("website", "Site web"),
    ("social_links", "Liens"),
    ("siret", "SIRET"),
];

/// Common words of other maps' categories → a category of the taxonomy (folded words).
const CATEGORY_WORDS: &[(&str, &str)] = &[
    ("restaurant", "restauration"),
    ("restaurants", "restauration"),
    ("cafe restaurant", "restauration"),
    ("producteur", "alimentation-producteurs"),
    ("producteurs", "alimentation-producteurs"),
    ("alimentation", "alimentation-producteurs"),
    ("epicerie", "alimentation-producteurs"),
    ("gite", "hebergement"),
    ("gites", "hebergement"),
    ("camping", "hebergement"),
    ("chambres d hotes", "hebergement"),
    ("transport", "mobilite"),
    ("transports", "mobilite"),
    ("covoiturage", "mobilite"),
    ("creche", "garde-enfants"),
    ("garde d enfants", "garde-enfants"),
    ("culture", "culture-loisirs"),
    ("loisirs", "culture-loisirs"),
    ("randonnee", "nature"),
    ("numerique", "services-numeriques"),
    ("artisan", "artisanat"),
    ("artisans", "artisanat"),
    ("commerce", "commerces"),
];

/// The French label of a target, shared or the actor's own.
pub fn label(target: &str) -> &'static str {
    SHARED_TARGETS
        .iter()
        .map(|(t, l)| (*t, *l))
        .chain(ACTOR_TARGETS.iter().map(|(t, l, _)| (*t, *l)))
        .find(|(t, _)| *t == target)
        .map(|(_, l)| l)
        .unwrap_or("champ")
}

fn is_actor_target(target: &str) -> bool {
    ACTOR_TARGETS.iter().any(|(t, _, _)| *t == target)
}

/// Guesses the mapping of a table, with the reason of each guess: the places' matcher for
/// the shared fields, the names of [`ACTOR_TARGETS`] for the actor's own (a column they take
/// is no longer a shared field's; without a categories column, the places' typologies
/// column gives the categories).
pub fn guess(table: &Table) -> (Mapping, BTreeMap<String, String>) {
    let g = Guess::of(table);
    let (mut m, mut reasons) = (g.mapping, g.reasons);
    for h in &table.headers {
        let w = words(h).concat();
        if let Some((t, _, _)) = ACTOR_TARGETS
            .iter()
            .find(|(t, _, names)| names.contains(&w.as_str()) && m.get(t).is_empty())
        {
            m.columns.retain(|_, c| c != h);
            m.columns.insert(t.to_string(), h.clone());
            reasons.insert(t.to_string(), format!("« {h} » : nom de colonne connu"));
        }
    }
    if m.get("categories").is_empty() && !m.get("typologies").is_empty() {
        let c = m.get("typologies").to_string();
        reasons.insert(
            "categories".into(),
            format!("« {c} » : catégories de la source"),
        );
        m.columns.insert("categories".into(), c);
    }
    (m, reasons)
}

/// Sets `target` to `column` (`""` to leave the field empty), a shared or an actor target;
/// the column must exist.
pub fn set(m: &mut Mapping, target: &str, column: &str, headers: &[String]) -> Result<(), String> {
    if !is_actor_target(target) {
        return m.set(target, column, headers);
    }
    if !column.is_empty() && !headers.iter().any(|h| h == column) {
        return Err(format!(
            "colonne introuvable « {column} » (colonnes du fichier : {})",
            headers.join(", ")
        ));
    }
    if !column.is_empty() {
        m.columns.retain(|_, c| c != column);
    }
    m.columns.insert(target.to_string(), column.to_string());
    Ok(())
}

/// A saved mapping laid over a guess (shared and actor targets): its choices win where the
/// file has the column.
pub fn overlay(m: &mut Mapping, saved: &Mapping, headers: &[String]) {
    for (t, c) in &saved.columns {
        if c.is_empty() || headers.iter().any(|h| h == c) {
            let _ = set(m, t, c, headers);
        }
    }
}

fn list(s: &str, seps: &[char]) -> Vec<String> {
    s.split(seps)
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// A category as another map names it: the taxonomy's slug or name, or a common word of
/// [`CATEGORY_WORDS`]; otherwise as it is (validation reports it).
fn category_of(value: &str, categories: &[Category]) -> String {
    if find_category(value, categories).is_some() {
        return value.to_string();
    }
    let f = fold_words(value);
    CATEGORY_WORDS
        .iter()
        .find(|(w, _)| *w == f)
        .map(|(_, slug)| slug.to_string())
        .unwrap_or_else(|| value.to_string())
}

/// `Organisation`, `personne`… as the API names them.
fn kind_of(value: &str) -> String {
    match fold_words(value).as_str() {
        "" | "organisation" | "organization" | "structure" => "organization".into(),
        "personne" | "person" | "individu" => "person".into(),
        _ => value.trim().to_string(),
    }
}

/// `Service public`, `Collectivité`… as the API names them.
fn subtype_of(value: &str) -> String {
    fold_words(value).replace(' ', "_")
}

/// One row as the form would have typed it, attached to the import's place or network; its
/// identifier in the source; the repairs and notes of the places' preparation.
pub fn raw_of(
    table: &Table,
    row: &[String],
    m: &Mapping,
    categories: &[Category],
    scope: ImportScope,
) -> (RawActor, String, RowReport) {
    let p = prepare(table, row, m);
    let cell = |t: &str| match m.get(t) {
        "" => String::new(),
        h => table.cell(row, h).trim().to_string(),
    };
    let raw = RawActor {
        name: p.raw.name.clone(),
        kind: kind_of(&cell("kind")),
        subtype: subtype_of(&cell("subtype")),
        categories: list(&cell("categories"), &['|', ';', ','])
            .iter()
            .map(|c| category_of(c, categories))
            .collect(),
        skills: list(&cell("skills"), &['|', ';', ',']),
        offers: list(&cell("offers"), &['|', ';'])
            .into_iter()
            .map(|title| RawOffer {
                title,
                ..RawOffer::default()
            })
            .collect(),
        languages: list(&cell("languages"), &['|', ';', ',', ' ']),
        address: p.raw.address.clone(),
        postal_code: p.raw.postal_code.clone(),
        city: p.raw.city.clone(),
        latitude: p.raw.latitude.clone(),
        longitude: p.raw.longitude.clone(),
        description: crate::text::excerpt(&p.raw.description, 5000),
        opening_hours: p.raw.opening_hours.clone(),
        siret: p.raw.siret.clone(),
        email: p.raw.email.clone(),
        phone: p.raw.phone.clone(),
        website: p.raw.website.clone(),
        links: list(&p.raw.social_links, &['\n']),
        place_ids: match scope {
            ImportScope::Place(id) => vec![id],
            ImportScope::Network(_) => Vec::new(),
        },
        network_id: match scope {
            ImportScope::Network(n) => Some(n),
            ImportScope::Place(_) => None,
        },
        visibility: cell("visibility"),
        ..RawActor::default()
    };
    let mut r = RowReport::new(0, raw.name.clone(), Outcome::Imported);
    for rep in &p.repairs {
        r.messages.push(format!("réparé : {}", rep.text));
    }
    r.repairs = p.repairs.clone();
    r.messages.extend(p.notes.iter().cloned());
    if !p.raw.hours_note.trim().is_empty() {
        r.messages.push(format!(
            "horaires en texte « {} » non enregistrés",
            p.raw.hours_note.trim()
        ));
    }
    (raw, p.source_id, r)
}

/// A row prepared and validated as the form and the API validate: what would be written,
/// its identifier, and the report of the row.
pub fn check(
    table: &Table,
    (row, line): (&[String], usize),
    m: &Mapping,
    categories: &[Category],
    scope: ImportScope,
) -> (ActorInput, String, RowReport) {
    let (raw, source_id, mut r) = raw_of(table, row, m, categories, scope);
    r.line = line;
    let mut errors = FieldErrors::default();
    let input = validate(&raw, categories, &mut errors);
    if !input.name.is_empty() {
        r.name = input.name.clone();
    }
    for (field, key) in errors.0.iter() {
        let field = field.to_string();
        let target = field.split('[').next().unwrap_or("").to_string();
        r.messages.push(format!(
            "{} non enregistré : {}",
            label(&target),
            crate::i18n::Lang::Fr.t(key)
        ));
        if !r.unsaved.contains(&target) {
            r.unsaved.push(target);
        }
    }
    if input.name.is_empty() {
        r.outcome = Outcome::Skipped;
        if raw.name.trim().is_empty() {
            r.messages.push("nom manquant : ligne ignorée".into());
        }
    } else if input.kind == ActorKind::Person {
        r.outcome = Outcome::Skipped;
        r.messages
            .push("profil de personne : ligne ignorée (chacun crée son propre profil)".into());
    } else if input.latitude.is_none() {
        r.no_coordinates = true;
        r.messages
            .push("sans coordonnées : importé, absent de la carte".into());
    }
    (input, source_id, r)
}

/// The first row of an identifier wins; a later one is marked as repeating it.
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
        }
        None => {
            seen.insert(id.to_string(), report.rows.len());
        }
    }
}

/// What an import would do, row by row, without writing (`--dry-run`, the upload page's
/// preview): new rows are `Imported`.
pub fn preview(table: &Table, m: &Mapping, categories: &[Category], scope: ImportScope) -> Report {
    let mut report = Report::default();
    let mut seen = HashMap::new();
    for (row, line) in table.rows.iter().zip(&table.lines) {
        let (_, id, mut r) = check(table, (row, *line), m, categories, scope);
        if r.outcome == Outcome::Imported {
            repeated(&mut seen, &mut report, &id, &mut r);
        }
        report.rows.push(r);
    }
    report
}

/// An import's settings.
pub struct Options {
    pub scope: ImportScope,
    /// The source's name (the file's name without its extension by default).
    pub source: String,
    /// Who imports (none on the command line).
    pub by: Option<UserId>,
}

impl Options {
    /// The stored source: the scope and the source's name.
    pub fn source_key(&self) -> String {
        format!("{}:{}", self.scope.key(), self.source.trim())
    }
}

/// Imports every row (the caller has checked that its author may import into the scope:
/// [`service::authorize_import`]).
pub async fn run(state: &AppState, table: &Table, m: &Mapping, o: &Options) -> AppResult<Report> {
    if m.get("name").is_empty() {
        return Err(crate::error::AppError::BadRequest(format!(
            "aucune colonne ne donne le nom de l'acteur (colonnes du fichier : {})",
            table.headers.join(", ")
        )));
    }
    let categories = service::categories(state).await?;
    let source = o.source_key();
    let mut report = Report::default();
    let mut seen = HashMap::new();
    for (row, line) in table.rows.iter().zip(&table.lines) {
        let (input, id, mut r) = check(table, (row, *line), m, &categories, o.scope);
        if r.outcome == Outcome::Imported {
            repeated(&mut seen, &mut report, &id, &mut r);
        }
        if r.outcome == Outcome::Imported {
            let saved =
                service::save_imported(state, o.by, &input, &categories, (&source, &id)).await?;
            r.outcome = match saved {
                Imported::Created(_) => Outcome::Imported,
                Imported::Updated(_) => Outcome::Updated,
                Imported::Unchanged(_) => Outcome::Unchanged,
            };
        }
        report.rows.push(r);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cats() -> Vec<Category> {
        [
            ("artisanat", "Artisanat"),
            ("restauration", "Restauration"),
            ("hebergement", "Hébergement"),
        ]
        .iter()
        .enumerate()
        .map(|(i, (s, n))| Category {
            id: i as i64 + 1,
            slug: s.to_string(),
            name: n.to_string(),
        })
        .collect()
    }

    #[test]
    fn the_actor_columns_are_guessed_beside_the_shared_ones() {
        let csv = "Nom;Nature;Catégories;Compétences;Code postal;Commune;SIRET\n\
                   Gîte des Aires;Entreprise;Hébergement|Restaurant;accueil, cuisine;4500;Riez;73282932000074\n";
        let t = read(Format::Csv, csv.as_bytes()).unwrap();
        let (m, _) = guess(&t);
        assert_eq!(m.get("name"), "Nom");
        assert_eq!(m.get("subtype"), "Nature");
        assert_eq!(m.get("categories"), "Catégories");
        assert_eq!(m.get("skills"), "Compétences");
        let scope = ImportScope::Place(crate::ids::PlaceId(1));
        let (input, id, r) = check(&t, (&t.rows[0], 2), &m, &cats(), scope);
        assert_eq!(r.outcome, Outcome::Imported, "{:?}", r.messages);
        assert_eq!(input.category_ids, vec![3, 2]);
        assert_eq!(input.skills.len(), 2);
        // The places' repair: the postcode's lost zero.
        assert_eq!(input.postal_code, "04500");
        assert_eq!(id, "gite des aires|04500|riez");
    }

    #[test]
    fn bad_values_are_left_out_and_named() {
        let csv = "nom,categories,siret,latitude,longitude,type\n\
                   Atelier,plomberie spatiale,123,43.8,6.09,\n\
                   ,artisanat,,,,\n\
                   Julie,,,,,personne\n";
        let t = read(Format::Csv, csv.as_bytes()).unwrap();
        let (m, _) = guess(&t);
        let r = preview(&t, &m, &cats(), ImportScope::Place(crate::ids::PlaceId(1)));
        assert_eq!(r.rows[0].outcome, Outcome::Imported);
        assert!(
            r.rows[0].unsaved.contains(&"categories".to_string()),
            "{:?}",
            r.rows[0]
        );
        assert!(r.rows[0].unsaved.contains(&"siret".to_string()));
        assert_eq!(r.rows[1].outcome, Outcome::Skipped);
        assert_eq!(r.rows[2].outcome, Outcome::Skipped);
    }
}
