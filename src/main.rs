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
    Demo,
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
    },
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
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_new(&config.log).unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
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
        Command::Demo => {
            let report = maillage::demo::load(&state).await?;
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
                },
        } => import_places(&state, file, format, network, source, report).await?,
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

async fn import_places(
    state: &AppState,
    file: PathBuf,
    format: Option<String>,
    network: Option<String>,
    source: Option<String>,
    report_file: Option<PathBuf>,
) -> anyhow::Result<()> {
    use maillage::places::import::{self, Format, Mapping, Outcome};
    let bytes = std::fs::read(&file)
        .map_err(|e| anyhow::anyhow!("lecture de {} impossible : {e}", file.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let format = match format {
        Some(f) => Format::parse(&f).ok_or_else(|| anyhow::anyhow!("format inconnu : {f}"))?,
        None => Format::guess(&name, &bytes),
    };
    let table = import::read(format, &bytes).map_err(|e| anyhow::anyhow!(e))?;
    let mapping = Mapping::guess(&table.headers);
    eprintln!("Correspondance des colonnes :");
    for (target, label) in import::TARGETS {
        let col = mapping.get(target);
        if !col.is_empty() {
            eprintln!("  {label} ← {col}");
        }
    }
    let source = source.unwrap_or_else(|| {
        file.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let opts = import::Options {
        source,
        network_id: network_id(state, network).await?,
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
    if let Some(path) = report_file {
        std::fs::write(&path, report.to_csv())
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
