//! The `maillage` command: serve, migrate, user, token, demo.

use std::io::Read;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use maillage::accounts::model::RoleKind;
use maillage::accounts::{repo, service};
use maillage::clock::Clock;
use maillage::config::Config;
use maillage::db::{redact_url, Db};
use maillage::state::AppState;

#[derive(Parser)]
#[command(
    name = "maillage",
    version,
    about = "Maillage : le logiciel libre des tiers-lieux et de leurs réseaux"
)]
struct Cli {
    /// Fichier de configuration TOML (par défaut : ./maillage.toml s'il existe).
    #[arg(long, global = true, env = "MAILLAGE_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Démarre le serveur web (applique les migrations d'abord).
    Serve,
    /// Applique les migrations de la base de données.
    Migrate,
    /// Gère les comptes.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Gère les jetons d'API personnels.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Charge des données de démonstration (un réseau régional, trois lieux, un compte par rôle).
    Demo {
        /// Génère plutôt un jeu de données de grande taille dans une base vide, identique d'une
        /// fois à l'autre : national (20 réseaux, 50 000 lieux, 100 000 comptes, 500 000
        /// réservations…), regional (un dixième), tiny (un millième).
        #[arg(long, value_enum)]
        scale: Option<DemoScale>,
    },
    /// Importe des données (lieux, événements).
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Exporte des données ouvertes (lieux).
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
}

/// The sizes of `maillage demo --scale`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum DemoScale {
    Tiny,
    Regional,
    National,
}

impl From<DemoScale> for maillage::demo::national::Scale {
    fn from(s: DemoScale) -> Self {
        use maillage::demo::national::Scale;
        match s {
            DemoScale::Tiny => Scale::Tiny,
            DemoScale::Regional => Scale::Regional,
            DemoScale::National => Scale::National,
        }
    }
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Importe les événements d'un fichier iCalendar (.ics) ou d'une adresse http(s) ; un
    /// nouvel import met à jour les événements déjà importés (même UID).
    Events {
        /// Chemin du fichier .ics (« - » pour l'entrée standard), ou son adresse
        /// `https://…` (adresses publiques seulement, sauf `MAILLAGE_FETCH_ALLOW_PRIVATE=true`).
        source: String,
        /// Organisateur : `lieu:SLUG` ou `reseau:SLUG` (ou `lieu:ID`, `reseau:ID`).
        #[arg(long)]
        organizer: String,
    },
    /// Importe des lieux depuis un fichier ; réimporter la même source met à jour au lieu de dupliquer.
    Places {
        /// Le fichier (CSV, GeoJSON, JSON GoGoCarto ou data·inclusion).
        file: PathBuf,
        /// csv, geojson, gogocarto, datainclusion ou mednum (par défaut : d'après le fichier).
        #[arg(long)]
        format: Option<String>,
        /// Rattache les lieux à ce réseau (son identifiant court).
        #[arg(long)]
        network: Option<String>,
        /// Nom de la source (par défaut : le nom du fichier sans extension).
        #[arg(long)]
        source: Option<String>,
        /// Écrit le rapport ligne par ligne dans ce fichier CSV.
        #[arg(long)]
        report: Option<PathBuf>,
        /// Dit quelle colonne donne un champ : `--map name=NOM_STRUCTURE` (répétable) ;
        /// `--map city=` laisse le champ vide. Champs : source_id, name, status, address,
        /// postal_code, city, insee_code, latitude, longitude, typologies, description,
        /// opening_hours, hours_note, email, phone, website, social_links, services,
        /// accessibility, siret, alt_latitude, alt_longitude, hours_mo … hours_su (et
        /// hours_mo_pm … pour les colonnes d'après-midi).
        #[arg(long = "map", value_name = "CHAMP=COLONNE")]
        map: Vec<String>,
        /// Dit quelle typologie donne une catégorie de la source : `--typology "TL=coworking"` ;
        /// `--typology "publique="` ignore la catégorie.
        #[arg(long = "typology", value_name = "CATÉGORIE=TYPOLOGIE")]
        typology: Vec<String>,
        /// Montre la correspondance, les cinq premières lignes telles qu'elles seraient
        /// enregistrées et les problèmes par type, sans rien écrire.
        #[arg(long)]
        dry_run: bool,
        /// Enregistre la correspondance pour ce réseau et cette source : le prochain import
        /// de la même source la reprend.
        #[arg(long)]
        save_mapping: bool,
    },
    /// Importe des acteurs (CSV ou export JSON GoGoCarto) dans la vitrine d'un lieu ou d'un
    /// réseau ; réimporter le même fichier met à jour au lieu de dupliquer.
    Actors(ActorsImport),
}

#[derive(clap::Args)]
struct ActorsImport {
    /// Le fichier (CSV, ou JSON GoGoCarto `/api/elements.json`).
    file: PathBuf,
    /// Rattache les acteurs à ce lieu (son identifiant court).
    #[arg(long, conflicts_with = "network", required_unless_present = "network")]
    place: Option<String>,
    /// Rattache les acteurs à ce réseau (son identifiant court).
    #[arg(long)]
    network: Option<String>,
    /// csv ou gogocarto (par défaut : d'après le fichier).
    #[arg(long)]
    format: Option<String>,
    /// Nom de la source (par défaut : le nom du fichier sans extension).
    #[arg(long)]
    source: Option<String>,
    /// Dit quelle colonne donne un champ : `--map name=NOM` (répétable) ; champs des lieux
    /// (name, address, postal_code, city, latitude, longitude, description, opening_hours,
    /// email, phone, website, social_links, siret, source_id…) et des acteurs (kind,
    /// subtype, categories, skills, offers, languages, visibility).
    #[arg(long = "map", value_name = "CHAMP=COLONNE")]
    map: Vec<String>,
    /// Vérifie chaque ligne et écrit le rapport, sans rien enregistrer.
    #[arg(long)]
    dry_run: bool,
    /// Écrit le rapport ligne par ligne dans ce fichier CSV.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Enregistre la correspondance pour ce lieu ou ce réseau et cette source.
    #[arg(long)]
    save_mapping: bool,
}

#[derive(Subcommand)]
enum ExportCommand {
    /// Exporte les lieux publiés : geojson, mednum (CSV au schéma national), datainclusion ou gogocarto.
    Places {
        #[arg(long, default_value = "geojson")]
        format: String,
        /// Seulement les lieux de ce réseau.
        #[arg(long)]
        network: Option<String>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Crée un compte (adresse déjà confirmée).
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Lit le mot de passe sur l'entrée standard (sinon, un mot de passe est généré et affiché).
        #[arg(long)]
        password_stdin: bool,
        /// Rôle à l'échelle de l'instance : `instance-admin`.
        #[arg(long)]
        role: Option<String>,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Crée un jeton d'API pour le compte et l'affiche (une seule fois).
    Create {
        #[arg(long)]
        email: String,
        /// Nom du jeton, pour le reconnaître dans « Mes jetons ».
        #[arg(long, default_value = "ligne de commande")]
        name: String,
    },
}

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    if let Err(e) = run(cli).await {
        eprintln!("erreur : {e:#}");
        std::process::exit(1);
    }
}

// Long because it is the one dispatch of every subcommand: each arm is a few lines, and
// splitting them apart would only scatter the command line over several functions.
async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::load(cli.config.as_deref())?;
    {
        use tracing_subscriber::layer::SubscriberExt;
        use tracing_subscriber::util::SubscriberInitExt;
        use tracing_subscriber::Layer;
        let log = tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .with_filter(
                tracing_subscriber::EnvFilter::try_new(&config.log)
                    .unwrap_or_else(|_| "info".into()),
            );
        // SQL statements per request in `x-sql-statements` (benchmarks), off by default.
        let count = config.count_sql.then(maillage::web::sqlcount::layer);
        if config.count_sql {
            maillage::web::sqlcount::enable();
        }
        tracing_subscriber::registry().with(log).with(count).init();
    }
    tracing::info!(database = %redact_url(&config.database_url), "configuration loaded");
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    let state = AppState::new(db, config, Clock::default());
    match cli.command {
        Command::Migrate => println!("Migrations appliquées."),
        Command::Serve => {
            let listener = tokio::net::TcpListener::bind(&state.config.listen).await?;
            println!(
                "Maillage écoute sur {} — ouvrez {}",
                listener.local_addr()?,
                state.config.base_url
            );
            maillage::serve(state.clone(), listener).await?;
        }
        Command::User {
            command:
                UserCommand::Create {
                    email,
                    name,
                    password_stdin,
                    role,
                },
        } => {
            let role = match role.as_deref() {
                None => None,
                Some(r) => match RoleKind::parse(r) {
                    Some(RoleKind::InstanceAdmin) => Some(RoleKind::InstanceAdmin),
                    _ => anyhow::bail!("rôle inconnu : {r} (seul « instance-admin » se donne ici)"),
                },
            };
            let (password, generated) = if password_stdin {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s)?;
                (s.trim_end_matches(['\n', '\r']).to_string(), false)
            } else {
                (
                    maillage::auth::secret::random_token()[..20].to_string(),
                    true,
                )
            };
            let user = service::create_confirmed_user(&state, &email, &name, &password)
                .await
                .map_err(|e| anyhow::anyhow!(describe(e)))?;
            if let Some(kind) = role {
                repo::grant_role(&state.db, user.id, kind, None, None, state.clock.now_ms())
                    .await?;
            }
            println!(
                "Compte créé : {} <{}> (n° {})",
                user.display_name, user.email, user.id
            );
            if generated {
                println!("Mot de passe : {password}");
            }
        }
        Command::Token {
            command: TokenCommand::Create { email, name },
        } => {
            let user = repo::user_by_email(&state.db, &email)
                .await?
                .ok_or_else(|| anyhow::anyhow!("aucun compte avec l'adresse {email}"))?;
            let token = service::create_token(&state, user.id, &name, "cli").await?;
            println!("{token}");
        }
        Command::Demo { scale: None } => {
            let report = maillage::demo::load(&state).await?;
            println!("{report}");
        }
        Command::Demo { scale: Some(scale) } => {
            let report = maillage::demo::national::generate(&state, scale.into()).await?;
            println!("{report}");
        }
        Command::Import {
            command: ImportCommand::Events { source, organizer },
        } => {
            let raw = if source == "-" {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s)?;
                s
            } else if source.starts_with("http://") || source.starts_with("https://") {
                maillage::events::import::fetch_ics(&state, &source)
                    .await
                    .map_err(|e| anyhow::anyhow!("import de {source} impossible : {e}"))?
            } else {
                std::fs::read_to_string(&source)
                    .map_err(|e| anyhow::anyhow!("lecture de {source} impossible : {e}"))?
            };
            let org = maillage::events::import::resolve_organizer(&state, &organizer)
                .await
                .map_err(|e| anyhow::anyhow!(describe(e)))?;
            let report = maillage::events::import::import_ics(&state, None, org, &raw)
                .await
                .map_err(|e| anyhow::anyhow!(describe(e)))?;
            println!(
                "{} événement(s) créé(s), {} mis à jour, {} ignoré(s).",
                report.created,
                report.updated,
                report.skipped.len()
            );
            for s in report.skipped {
                println!("  ignoré : {s}");
            }
        }
        Command::Import {
            command:
                ImportCommand::Places {
                    file,
                    format,
                    network,
                    source,
                    report,
                    map,
                    typology,
                    dry_run,
                    save_mapping,
                },
        } => {
            import_places(
                &state,
                PlacesImport {
                    file,
                    format,
                    network,
                    source,
                    report_file: report,
                    map,
                    typology,
                    dry_run,
                    save_mapping,
                },
            )
            .await?
        }
        Command::Import {
            command: ImportCommand::Actors(a),
        } => import_actors(&state, a).await?,
        Command::Export {
            command: ExportCommand::Places { format, network },
        } => export_places(&state, &format, network).await?,
    }
    state.db.close().await;
    Ok(())
}

/// A French sentence for errors of the CLI.
fn describe(e: maillage::error::AppError) -> String {
    use maillage::error::AppError;
    use maillage::i18n::Lang;
    match e {
        AppError::Invalid(f) => {
            f.0.iter()
                .map(|(field, key)| format!("{field} : {}", Lang::Fr.t(key)))
                .collect::<Vec<_>>()
                .join(" ; ")
        }
        AppError::Conflict("email_taken") => "un compte existe déjà avec cette adresse".into(),
        other => other.to_string(),
    }
}

async fn network_id(
    state: &AppState,
    slug: Option<String>,
) -> anyhow::Result<Option<maillage::ids::NetworkId>> {
    match slug {
        None => Ok(None),
        Some(slug) => Ok(Some(
            maillage::tenancy::repo::network_by_slug(&state.db, &slug)
                .await?
                .ok_or_else(|| anyhow::anyhow!("aucun réseau « {slug} »"))?
                .id,
        )),
    }
}

struct PlacesImport {
    file: PathBuf,
    format: Option<String>,
    network: Option<String>,
    source: Option<String>,
    report_file: Option<PathBuf>,
    map: Vec<String>,
    typology: Vec<String>,
    dry_run: bool,
    save_mapping: bool,
}

/// `CHAMP=COLONNE` split at the first `=`.
fn pair(arg: &str, what: &str) -> anyhow::Result<(String, String)> {
    let (k, v) = arg
        .split_once('=')
        .ok_or_else(|| anyhow::anyhow!("{what} : « {arg} » attendu sous la forme A=B"))?;
    Ok((k.trim().to_string(), v.trim().to_string()))
}

async fn import_places(state: &AppState, a: PlacesImport) -> anyhow::Result<()> {
    use maillage::places::import::{self, saved, Format, Guess, Outcome};
    use maillage::places::model::fold;
    let file = &a.file;
    let bytes = std::fs::read(file)
        .map_err(|e| anyhow::anyhow!("lecture de {} impossible : {e}", file.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let format = match &a.format {
        Some(f) => Format::parse(f).ok_or_else(|| anyhow::anyhow!("format inconnu : {f}"))?,
        None => Format::guess(&name, &bytes),
    };
    let table = import::read(format, &bytes).map_err(|e| anyhow::anyhow!(e))?;
    let source = a.source.clone().unwrap_or_else(|| {
        file.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let network_id = network_id(state, a.network.clone()).await?;
    let guess = Guess::of(&table);
    let mut mapping = guess.mapping.clone();
    let mut origin: std::collections::BTreeMap<String, String> = guess.reasons.clone();
    if let Some(saved) = saved::get(&state.db, network_id, &source).await? {
        mapping.overlay(&saved, &table.headers);
        for t in saved.columns.keys() {
            origin.insert(
                t.clone(),
                "correspondance enregistrée pour cette source".into(),
            );
        }
        eprintln!("Correspondance enregistrée pour la source « {source} » reprise.");
    }
    for m in &a.map {
        let (t, c) = pair(m, "--map")?;
        mapping
            .set(&t, &c, &table.headers)
            .map_err(|e| anyhow::anyhow!("--map {m} : {e}"))?;
        origin.insert(t, "--map".into());
    }
    let typologies = maillage::places::repo::typologies(&state.db).await?;
    for m in &a.typology {
        let (k, v) = pair(m, "--typology")?;
        if !v.is_empty() && !typologies.iter().any(|t| t.slug == v) {
            let all: Vec<&str> = typologies.iter().map(|t| t.slug.as_str()).collect();
            anyhow::bail!(
                "--typology {m} : typologie inconnue « {v} » (typologies : {})",
                all.join(", ")
            );
        }
        mapping.typologies.insert(fold(&k), v);
    }
    eprintln!("Correspondance des colonnes :");
    for (target, label) in import::TARGETS.iter().chain(import::EXTRA_TARGETS.iter()) {
        let col = mapping.get(target);
        if !col.is_empty() {
            let why = origin.get(*target).cloned().unwrap_or_default();
            eprintln!("  {label} ← {col}    [{why}]");
        }
    }
    let used: Vec<&str> = mapping.columns.values().map(String::as_str).collect();
    let unused: Vec<&str> = table
        .headers
        .iter()
        .map(String::as_str)
        .filter(|h| !used.contains(h))
        .collect();
    if !unused.is_empty() {
        eprintln!("  Colonnes non utilisées : {}", unused.join(", "));
    }
    let cats = import::prepare::categories(&table, &mapping);
    if !cats.is_empty() {
        eprintln!("Typologies de la source :");
        for (cat, n) in &cats {
            let to = match import::prepare::typology_of(cat, &mapping) {
                Some("") => "(ignorée)".to_string(),
                Some(slug) => slug.to_string(),
                None => match maillage::places::model::find_typology(cat, &typologies) {
                    Some(id) => typologies
                        .iter()
                        .find(|t| t.id == id)
                        .map(|t| format!("{} (d'après le nom)", t.slug))
                        .unwrap_or_default(),
                    None => "inconnue : --typology \"CATÉGORIE=TYPOLOGIE\"".to_string(),
                },
            };
            eprintln!("  {cat} ({n} lignes) → {to}");
        }
    }
    if mapping.get("name").is_empty() {
        anyhow::bail!(
            "aucune colonne ne donne le nom du lieu ; indiquez-la avec --map name=COLONNE \
             (colonnes du fichier : {})",
            table.headers.join(", ")
        );
    }
    if a.save_mapping {
        saved::save(
            &state.db,
            network_id,
            &source,
            &mapping,
            None,
            state.clock.now_ms(),
        )
        .await?;
        eprintln!("Correspondance enregistrée pour la source « {source} ».");
    }
    if a.dry_run {
        println!("Essai à blanc : rien n'est écrit.");
        let mut shown = 0;
        for (row, line) in table.rows.iter().zip(&table.lines) {
            if shown == 5 {
                break;
            }
            let (_, input, r) = import::check(&table, row, *line, &mapping, &typologies);
            if !r.kept() {
                continue;
            }
            shown += 1;
            let typ: Vec<&str> = input
                .typology_ids
                .iter()
                .filter_map(|i| typologies.iter().find(|t| t.id == *i))
                .map(|t| t.slug.as_str())
                .collect();
            println!("ligne {line} — {}", input.name);
            for (k, v) in [
                ("adresse", input.street.clone()),
                ("code postal", input.postal_code.clone()),
                ("commune", input.city.clone()),
                ("code INSEE", input.insee_code.clone()),
                (
                    "coordonnées",
                    match (input.latitude, input.longitude) {
                        (Some(la), Some(lo)) => format!("{la}, {lo}"),
                        _ => String::new(),
                    },
                ),
                ("horaires", input.opening_hours.clone()),
                ("horaires (précisions)", input.hours_note.clone()),
                ("courriel", input.email.clone()),
                ("téléphone", input.phone.clone()),
                ("site web", input.website.clone()),
                ("typologies", typ.join(", ")),
            ] {
                if !v.is_empty() {
                    println!("    {k} : {v}");
                }
            }
            for m in &r.messages {
                println!("    remarque : {m}");
            }
        }
        let report = import::preview(&table, &mapping, &typologies, usize::MAX);
        if let Some(path) = &a.report_file {
            std::fs::write(path, report.to_csv())
                .map_err(|e| anyhow::anyhow!("écriture de {} impossible : {e}", path.display()))?;
        }
        println!("{}", report.summary_fr());
        return Ok(());
    }
    let opts = import::Options {
        source,
        network_id,
        // The operator: every place may be updated.
        scope: maillage::places::repo::MatchScope::Any,
        user_id: None,
        batch: 1000,
    };
    let started = std::time::Instant::now();
    let report = import::run(
        &state.db,
        &table,
        &mapping,
        &opts,
        state.clock.now_ms(),
        |p| {
            // After each batch of 1 000 rows (and once at the start).
            eprintln!("{}", p.line_fr());
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!(describe(e)))?;
    for r in &report.rows {
        if r.outcome == Outcome::Skipped || !r.messages.is_empty() {
            println!(
                "ligne {} — {} — {} : {}",
                r.line,
                r.name,
                r.outcome.label_fr(),
                r.messages.join(" ; ")
            );
        }
    }
    if let Some(path) = &a.report_file {
        std::fs::write(path, report.to_csv())
            .map_err(|e| anyhow::anyhow!("écriture de {} impossible : {e}", path.display()))?;
    }
    println!(
        "{} (en {:.2} s)",
        report.summary_fr(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn export_places(
    state: &AppState,
    format: &str,
    network: Option<String>,
) -> anyhow::Result<()> {
    use maillage::places::{export, repo};
    let net = network_id(state, network).await?;
    let f = repo::Filters {
        network_id: net,
        ..Default::default()
    };
    let rows = repo::all_matching(&state.db, &f).await?;
    let licence = match net {
        Some(n) => repo::network_licence(&state.db, n).await?,
        None => None,
    }
    .unwrap_or(maillage::places::model::DataLicence::DEFAULT);
    let base = &state.config.base_url;
    let out: Vec<u8> = match format {
        "geojson" => {
            let typ = repo::typologies_of(&state.db, None).await?;
            serde_json::to_vec(&export::geojson(&rows, &typ, base, licence))?
        }
        "mednum" | "csv" => export::mednum_csv(&rows).0,
        "datainclusion" => serde_json::to_vec(&export::datainclusion(&rows, base))?,
        "gogocarto" => {
            let typ = repo::typologies_of(&state.db, None).await?;
            serde_json::to_vec(&export::gogocarto(&rows, &typ, base, licence))?
        }
        other => anyhow::bail!("format inconnu : {other}"),
    };
    use std::io::Write;
    std::io::stdout().write_all(&out)?;
    Ok(())
}

async fn import_actors(state: &AppState, a: ActorsImport) -> anyhow::Result<()> {
    use maillage::actors::import::{self, Format, Outcome};
    use maillage::actors::service::ImportScope;
    use maillage::places::import_kit::saved;
    let bytes = std::fs::read(&a.file)
        .map_err(|e| anyhow::anyhow!("lecture de {} impossible : {e}", a.file.display()))?;
    let name = a.file.file_name().map(|n| n.to_string_lossy().into_owned());
    let format = match &a.format {
        Some(f) => match Format::parse(f) {
            Some(f @ (Format::Csv | Format::Gogocarto)) => f,
            _ => anyhow::bail!("format inconnu pour des acteurs : {f} (csv ou gogocarto)"),
        },
        None => Format::guess(name.as_deref().unwrap_or(""), &bytes),
    };
    let table = import::read(format, &bytes).map_err(|e| anyhow::anyhow!(e))?;
    let (scope, network) = match (&a.place, &a.network) {
        (Some(slug), _) => {
            let p = maillage::actors::repo::published_place(&state.db, slug)
                .await?
                .ok_or_else(|| anyhow::anyhow!("aucun lieu publié « {slug} »"))?;
            (ImportScope::Place(p.0), None)
        }
        (None, n) => {
            let n = network_id(state, n.clone())
                .await?
                .ok_or_else(|| anyhow::anyhow!("--place ou --network attendu"))?;
            (ImportScope::Network(n), Some(n))
        }
    };
    let source = a.source.clone().unwrap_or_else(|| {
        a.file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let opts = import::Options {
        scope,
        source,
        by: None,
    };
    let (mut mapping, mut origin) = import::guess(&table);
    if let Some(s) = saved::get(&state.db, network, &opts.source_key()).await? {
        import::overlay(&mut mapping, &s, &table.headers);
        for t in s.columns.keys() {
            origin.insert(t.clone(), "correspondance enregistrée".into());
        }
    }
    for m in &a.map {
        let (t, c) = pair(m, "--map")?;
        import::set(&mut mapping, &t, &c, &table.headers)
            .map_err(|e| anyhow::anyhow!("--map {m} : {e}"))?;
        origin.insert(t, "--map".into());
    }
    eprintln!("Correspondance des colonnes :");
    for (target, col) in &mapping.columns {
        if !col.is_empty() {
            let why = origin.get(target).cloned().unwrap_or_default();
            eprintln!("  {} ← {col}    [{why}]", import::label(target));
        }
    }
    if a.save_mapping {
        let now = state.clock.now_ms();
        saved::save(&state.db, network, &opts.source_key(), &mapping, None, now).await?;
        eprintln!(
            "Correspondance enregistrée pour la source « {} ».",
            opts.source
        );
    }
    let report = if a.dry_run {
        println!("Essai à blanc : rien n'est écrit.");
        let categories = maillage::actors::service::categories(state).await?;
        import::preview(&table, &mapping, &categories, scope)
    } else {
        import::run(state, &table, &mapping, &opts)
            .await
            .map_err(|e| anyhow::anyhow!(describe(e)))?
    };
    for r in &report.rows {
        if r.outcome == Outcome::Skipped || !r.messages.is_empty() {
            let what = r.outcome.label_fr();
            println!(
                "ligne {} — {} — {what} : {}",
                r.line,
                r.name,
                r.messages.join(" ; ")
            );
        }
    }
    if let Some(path) = &a.report {
        std::fs::write(path, report.to_csv())
            .map_err(|e| anyhow::anyhow!("écriture de {} impossible : {e}", path.display()))?;
    }
    println!("{}", report.summary_fr());
    Ok(())
}
