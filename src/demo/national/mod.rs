//! `maillage demo --scale tiny|regional|national`: a generated data set of the size of a
//! national network (20 networks, 50 000 places, 100 000 accounts, 500 000 bookings…, a
//! tenth or a thousandth of it), for benchmarks and load tests, on either engine.
//!
//! - Deterministic: every part draws from its own generator seeded by the scale
//!   ([`plan::rng`]), every date counts from a fixed anchor ([`plan::anchor_date`]), never
//!   from the wall clock; two runs into two empty databases write the same rows.
//! - Fast: rows are written with multi-row `INSERT`s, a few thousand per transaction
//!   ([`sink::Batch`]); places through the import's batch writer, which keeps their search
//!   index, typologies, networks and history.
//! - Faithful: bookings, registrations and meetings follow the rules the services enforce
//!   (see each file), derived columns (search texts) are written as the repositories write
//!   them, PostgreSQL's id sequences are moved past the ids given, statistics refreshed.
//! - Safe: refused on a database that already holds places.

mod bookings;
mod census;
mod data;
mod documents;
mod events;
mod groups;
mod people;
mod places;
mod plan;
mod projects;
mod sink;

use std::fmt::Write as _;
use std::time::Instant;

pub use plan::{fixed_email, Figures, Scale, DOMAIN, FIXED};

use crate::db::dialect;
use crate::state::AppState;

/// The tables whose ids the generator gives (the places' are handed out by the database).
const TABLES_WITH_IDS: [&str; 25] = [
    "networks",
    "users",
    "roles",
    "spaces",
    "bookings",
    "events",
    "event_occurrences",
    "event_registrations",
    "projects",
    "project_phases",
    "canvas_versions",
    "funding_applications",
    "budget_lines",
    "project_events",
    "groups",
    "group_members",
    "meetings",
    "agenda_items",
    "decisions",
    "action_items",
    "documents",
    "document_versions",
    "census_questionnaires",
    "census_campaigns",
    "census_responses",
];

/// What was written, for the summary.
#[derive(Debug, Clone)]
pub struct Report {
    pub scale: Scale,
    /// (French label, rows written).
    pub counts: Vec<(&'static str, i64)>,
    /// (step, seconds).
    pub steps: Vec<(&'static str, f64)>,
    pub seconds: f64,
    pub big_place_slug: String,
    pub big_place_name: String,
    pub network1_slug: String,
    pub network1_name: String,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = format!(
            "Jeu de données « {} » généré en {:.1} s :\n",
            self.scale.name(),
            self.seconds
        );
        for (label, n) in &self.counts {
            let _ = writeln!(s, "  {n:>9} {label}");
        }
        let _ = writeln!(s, "Étapes :");
        for (step, secs) in &self.steps {
            let _ = writeln!(s, "  {step:<28} {secs:>7.1} s");
        }
        let _ = writeln!(
            s,
            "Réseau n° 1 (le plus grand) : « {} » — /reseaux/{}",
            self.network1_name, self.network1_slug
        );
        let _ = writeln!(
            s,
            "Grand lieu (le plus d'espaces et de réservations) : « {} » — /lieux/{}",
            self.big_place_name, self.big_place_slug
        );
        let _ = writeln!(
            s,
            "Comptes fixes (mot de passe : {}) :",
            crate::demo::DEMO_PASSWORD
        );
        let roles = [
            "administrateur·rice de l'instance",
            "administrateur·rice du réseau n° 1",
            "gérant·e du grand lieu",
            "membre du grand lieu, inscrit·e à de nombreux événements, avec des réservations",
            "sans rôle",
        ];
        for (i, role) in roles.iter().enumerate() {
            let _ = writeln!(s, "  {} — {role}", plan::fixed_email(i));
        }
        f.write_str(s.trim_end())
    }
}

/// Generates the data set of `scale` into the (empty) database of `state`.
pub async fn generate(state: &AppState, scale: Scale) -> anyhow::Result<Report> {
    let db = &state.db;
    let existing = sink::count(db, "places").await?;
    if existing > 0 {
        anyhow::bail!(
            "la base contient déjà {existing} lieu(x) : le jeu de données « {} » ne se génère que dans \
             une base vide (par exemple MAILLAGE_DATA_DIR=/tmp/maillage-{0} ou une base PostgreSQL neuve), \
             pour ne jamais mêler des données inventées à celles d'une vraie instance.",
            scale.name()
        );
    }
    let f = Figures::of(scale);
    let mut world = plan::World::default();
    let started = Instant::now();
    let mut steps = Vec::new();
    let mut lap = Instant::now();
    let mut step = |name: &'static str, steps: &mut Vec<(&'static str, f64)>| {
        steps.push((name, lap.elapsed().as_secs_f64()));
        lap = Instant::now();
    };
    people::load(db, scale, &f, &mut world).await?;
    step("réseaux et comptes", &mut steps);
    places::load(state, scale, &f, &mut world).await?;
    step("lieux", &mut steps);
    let roles = people::roles(db, scale, &f, &mut world).await?;
    step("rôles", &mut steps);
    let (spaces, bookings) = bookings::load(db, scale, &f, &mut world).await?;
    step("espaces et réservations", &mut steps);
    let (events, registrations) = events::load(db, scale, &f, &world).await?;
    step("événements et inscriptions", &mut steps);
    let projects = projects::load(db, scale, &f, &mut world).await?;
    step("projets", &mut steps);
    let (groups, meetings) = groups::load(db, scale, &f, &mut world).await?;
    step("groupes et réunions", &mut steps);
    let documents = documents::load(db, scale, &f, &world).await?;
    step("documents", &mut steps);
    let (campaigns, responses) = census::load(db, scale, &world).await?;
    step("recensements", &mut steps);
    dialect::follow_explicit_ids(db, &TABLES_WITH_IDS).await?;
    dialect::analyze_all(db).await?;
    step("statistiques", &mut steps);
    let big = &world.places[world.big_place];
    let (_, network1_name, network1_slug) = world.networks[0].clone();
    Ok(Report {
        scale,
        counts: vec![
            ("réseaux", world.networks.len() as i64),
            ("lieux", world.places.len() as i64),
            ("comptes", world.users),
            ("rôles", roles),
            ("espaces", spaces),
            ("réservations", bookings),
            ("événements", events),
            ("inscriptions", registrations),
            ("groupes", groups),
            ("réunions", meetings),
            ("projets", projects),
            ("documents", documents),
            ("campagnes de recensement", campaigns),
            ("réponses au recensement", responses),
        ],
        steps,
        seconds: started.elapsed().as_secs_f64(),
        big_place_slug: big.slug.clone(),
        big_place_name: big.name.clone(),
        network1_slug,
        network1_name,
    })
}
