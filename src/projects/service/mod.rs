//! Use cases of projects shared by the pages and the API: who sees, manages or works in a
//! project (authorization goes through `auth::policy`), creation with the phases of the
//! network's template, the project's description, canvas versions and the funding deadline
//! reminders. Each write runs in one transaction of `repo` with the timeline's event, at the
//! clock's instant. The sub-features have their own files below this one.

pub mod dashboard;
pub mod funding;
pub mod members;
pub mod phases;
pub mod public;
pub mod stakeholders;
pub mod timeline;
pub mod workspace;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::{self, FundingApplication, NetworkStatus, Project, ProjectEdit, ProjectStatus};
use super::repo::{self, NewProject};
use crate::auth::policy::{authorize, Action, Target};
use crate::auth::Principal;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::parse::parse_enum;
use crate::ids::{NetworkId, UserId};
use crate::mail::Email;
use crate::state::AppState;
use crate::tenancy::repo as tenancy;

/// The authorization target of a project: its holders and advisors, and the network that
/// follows it — once that network's admins accepted (a request gives them no right yet).
pub async fn target(state: &AppState, p: &Project) -> AppResult<Target> {
    crate::tenancy::service::project_target(state, p.id.get(), p.followed_by(), p.public).await
}

/// Does the account `user` administer network `n` (or the instance)? Then a project it
/// attaches to `n` is followed at once; anyone else's attachment is a request.
async fn runs_network(state: &AppState, user: Option<UserId>, n: NetworkId) -> AppResult<bool> {
    let Some(uid) = user else {
        return Ok(false);
    };
    let Some(u) = crate::accounts::repo::user_by_id(&state.db, uid).await? else {
        return Ok(false);
    };
    let p = Principal {
        roles: crate::accounts::repo::roles_of(&state.db, uid).await?,
        user: u,
    };
    Ok(authorize(Some(&p), Action::ManageNetwork, &Target::Network(n.get())).is_ok())
}

/// Where the request to follow a project by `network` stands when `by` names it: accepted at
/// once when `by` runs the network, else requested; `None` without a network.
async fn request_status(
    state: &AppState,
    by: Option<UserId>,
    network: Option<NetworkId>,
) -> AppResult<Option<NetworkStatus>> {
    Ok(match network {
        None => None,
        Some(n) if runs_network(state, by, n).await? => Some(NetworkStatus::Accepted),
        Some(_) => Some(NetworkStatus::Requested),
    })
}

/// A network's admin accepts (or refuses) to follow a project that asked (`who` = `None`: the
/// command line and the demonstration). Only the admins of the network the project names may
/// answer (404 for anyone else); a project without network answers 409. The holders are told
/// by email of an admin's answer.
pub async fn decide_network(
    state: &AppState,
    who: Option<&Principal>,
    p: &Project,
    accept: bool,
) -> AppResult<Project> {
    let n = p
        .network_id
        .ok_or(AppError::Conflict("project_without_network"))?;
    if let Some(who) = who {
        authorize(Some(who), Action::ManageNetwork, &Target::Network(n.get()))?;
    }
    let (status, label) = if accept {
        (
            NetworkStatus::Accepted,
            "Suivi par le réseau : demande acceptée",
        )
    } else {
        (
            NetworkStatus::Refused,
            "Suivi par le réseau : demande refusée",
        )
    };
    let now = state.clock.now_ms();
    if !repo::set_network_status(
        &state.db,
        p.id,
        n,
        status,
        label,
        who.map(|w| w.user.id),
        now,
    )
    .await?
    {
        return Err(AppError::Conflict("project_network_changed"));
    }
    let mut out = p.clone();
    out.network_status = Some(status);
    if who.is_some() {
        notify_network_decision(state, &out, n, accept).await?;
    }
    Ok(out)
}

/// Tells each holder, in their language, that the network accepted or refused to follow the
/// project (through the mail queue). Only for an admin's answer: the command line and the
/// demonstration write nobody.
async fn notify_network_decision(
    state: &AppState,
    p: &Project,
    n: NetworkId,
    accept: bool,
) -> AppResult<()> {
    let Some(network) = tenancy::network_by_id(&state.db, n).await? else {
        return Ok(());
    };
    let (subject, body) = if accept {
        (
            "projects-mail-network-accepted-subject",
            "projects-mail-network-accepted-body",
        )
    } else {
        (
            "projects-mail-network-refused-subject",
            "projects-mail-network-refused-body",
        )
    };
    let link = format!("{}/projets/{}/espace", state.config.base_url, p.slug);
    let now = state.clock.now_ms();
    for (uid, name, email) in repo::members(&state.db, p.id).await? {
        let lang = crate::accounts::repo::user_by_id(&state.db, uid)
            .await?
            .and_then(|u| crate::i18n::Lang::parse(&u.locale))
            .unwrap_or(crate::i18n::Lang::Fr);
        let args = [
            ("name", name.as_str()),
            ("network", network.name.as_str()),
            ("project", p.name.as_str()),
            ("link", link.as_str()),
        ];
        crate::notifications::notify(
            &state.db,
            now,
            crate::notifications::Kind::Projects,
            &Email {
                to: email,
                subject: lang.ta(subject, &args),
                text: lang.ta(body, &args) + "\n",
                attachments: vec![],
            },
        )
        .await?;
    }
    Ok(())
}

/// Public projects are for everyone; private ones for their holders and advisors.
pub fn may_see(who: Option<&Principal>, p: &Project, t: &Target) -> bool {
    crate::tenancy::service::may_see_project(who, p.public, t)
}

/// The projects `who` sees in a list, as SQL reads them: the rule of [`may_see`] (public
/// projects, those one holds or advises, those followed by a network one administers; every
/// project for an instance admin), from the person's roles, without reading any project.
pub fn seen_by(who: Option<&Principal>) -> repo::Seen {
    match who {
        Some(p) if p.is_instance_admin() => repo::Seen::All,
        Some(p) => repo::Seen::Some {
            user: Some(p.user.id),
            networks: p.admin_networks().into_iter().map(NetworkId).collect(),
        },
        None => repo::Seen::Some {
            user: None,
            networks: Vec::new(),
        },
    }
}

/// One page of the projects `who` may see, by name, and how many there are (up to
/// [`repo::COUNT_CAP`]).
pub async fn visible_page(
    state: &AppState,
    who: Option<&Principal>,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<Project>, i64)> {
    repo::visible_page(&state.db, &seen_by(who), limit, offset).await
}

pub fn may_manage(who: Option<&Principal>, t: &Target) -> bool {
    authorize(who, Action::ManageProject, t).is_ok()
}

/// The project when `who` may see it (404 otherwise).
pub async fn visible(
    state: &AppState,
    who: Option<&Principal>,
    p: Option<Project>,
) -> AppResult<(Project, Target)> {
    let p = p.ok_or(AppError::NotFound)?;
    let t = target(state, &p).await?;
    if !may_see(who, &p, &t) {
        return Err(AppError::NotFound);
    }
    Ok((p, t))
}

/// The project when `who` manages it.
pub async fn managed(
    state: &AppState,
    who: Option<&Principal>,
    p: Option<Project>,
) -> AppResult<(Project, Target)> {
    let (p, t) = visible(state, who, p).await?;
    authorize(who, Action::ManageProject, &t)?;
    Ok((p, t))
}

/// The project when `who` holds or advises it; 404 for anyone else signed in (the workspace
/// does not exist for them), 401 for anonymous visitors.
pub async fn member_of(
    state: &AppState,
    who: Option<&Principal>,
    p: Option<Project>,
) -> AppResult<Project> {
    let who = who.ok_or(AppError::Unauthorized)?;
    let p = p.ok_or(AppError::NotFound)?;
    let t = target(state, &p).await?;
    if !may_manage(Some(who), &t) {
        return Err(AppError::NotFound);
    }
    Ok(p)
}

/// Today in Europe/Paris, `YYYY-MM-DD`.
pub fn today(state: &AppState) -> String {
    state
        .clock
        .now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

pub struct ProjectInput<'a> {
    pub name: &'a str,
    pub communes: &'a str,
    pub epci: &'a str,
    pub departement: &'a str,
    pub holders: &'a str,
    pub intent: &'a str,
    pub uses: &'a str,
    /// The status as typed or sent ([`ProjectStatus`]'s text), checked with the other fields
    /// so that every error is reported at once.
    pub status: &'a str,
    pub public: bool,
    pub network_id: Option<NetworkId>,
}

/// Any signed-in person may start a project; they (`creator`) become its first holder.
/// Following by a network needs the network to exist, and its admins' answer: the project is
/// a request (`network_status = requested`) unless its creator runs that network.
pub async fn create_project(
    state: &AppState,
    creator: Option<UserId>,
    input: ProjectInput<'_>,
) -> AppResult<Project> {
    let mut errors = FieldErrors::default();
    let name = crate::tenancy::model::parse_name(input.name, &mut errors);
    let communes = model::parse_text(input.communes, "communes", &mut errors);
    let epci = model::parse_text(input.epci, "epci", &mut errors);
    let departement = model::parse_text(input.departement, "departement", &mut errors);
    let holders = model::parse_text(input.holders, "holders", &mut errors);
    let uses = model::parse_text(input.uses, "uses", &mut errors);
    let intent = crate::form::parse::parse_rich(input.intent, "intent", &mut errors);
    let status = parse_enum::<ProjectStatus>(input.status, "status", &mut errors);
    if let Some(n) = input.network_id {
        if tenancy::network_by_id(&state.db, n).await?.is_none() {
            errors.add("network_id", "projects-unknown-network");
        }
    }
    let (Some((name, slug)), Some(status), true) = (name, status, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let network_status = request_status(state, creator, input.network_id).await?;
    repo::insert_project(
        &state.db,
        NewProject {
            name: &name,
            slug: &slug,
            communes: &communes,
            epci: &epci,
            departement: &departement,
            holders: &holders,
            intent: &intent,
            uses: &uses,
            status,
            public: input.public,
            network_id: input.network_id,
            network_status,
            created_by: creator,
            now: state.clock.now_ms(),
        },
    )
    .await
}

/// Validates and saves the description (the slug, and so the addresses, stay the same).
pub async fn edit(
    state: &AppState,
    who: &Principal,
    p: &Project,
    f: &ProjectEdit,
) -> AppResult<Project> {
    let mut errors = FieldErrors::default();
    let name = crate::tenancy::model::parse_name(&f.name, &mut errors);
    let communes = model::parse_text(&f.communes, "communes", &mut errors);
    let epci = model::parse_text(&f.epci, "epci", &mut errors);
    let departement = model::parse_text(&f.departement, "departement", &mut errors);
    let holders = model::parse_text(&f.holders, "holders", &mut errors);
    let uses = model::parse_text(&f.uses, "uses", &mut errors);
    let intent = crate::form::parse::parse_rich(&f.intent, "intent", &mut errors);
    let status = parse_enum::<ProjectStatus>(&f.status, "status", &mut errors);
    let network_id = match f.network_id.trim() {
        "" => None,
        raw => match raw.parse::<NetworkId>() {
            Ok(n) if tenancy::network_by_id(&state.db, n).await?.is_some() => Some(n),
            _ => {
                errors.add("network_id", "projects-unknown-network");
                None
            }
        },
    };
    let (Some((name, _)), Some(status), true) = (name, status, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let mut updated = p.clone();
    updated.name = name;
    updated.communes = communes;
    updated.epci = epci;
    updated.departement = departement;
    updated.holders = holders;
    updated.intent = intent;
    updated.uses = uses;
    updated.status = status;
    updated.public = f.public.as_deref().is_some_and(|v| v != "false");
    if network_id != p.network_id {
        // Another network (or a first one): a new request, unless the editor runs it.
        updated.network_status = request_status(state, Some(who.user.id), network_id).await?;
    }
    updated.network_id = network_id;
    repo::update_project(
        &state.db,
        &updated,
        &updated.name,
        Some(who.user.id),
        state.clock.now_ms(),
    )
    .await?;
    Ok(updated)
}

/// Validates the canvas blocks (known keys, at most 10 000 characters each, plain text) and
/// saves them as a new version.
pub async fn save_canvas(
    state: &AppState,
    author: Option<UserId>,
    project: &Project,
    blocks: &BTreeMap<String, String>,
) -> AppResult<i64> {
    let mut errors = FieldErrors::default();
    let mut clean = BTreeMap::new();
    for (k, v) in blocks {
        match model::CANVAS_BLOCKS.iter().find(|b| **b == k.as_str()) {
            None => errors.add("blocks", "projects-canvas-unknown-block"),
            Some(&key) => {
                if v.chars().count() > 10_000 {
                    errors.add(key, "field-too-long");
                }
                clean.insert(key.to_string(), v.trim().replace("\r\n", "\n"));
            }
        }
    }
    errors.into_result()?;
    let json = serde_json::to_string(&clean).map_err(|e| AppError::Internal(e.into()))?;
    repo::insert_canvas(&state.db, project.id, author, &json, state.clock.now_ms()).await
}

// ---- funding deadline reminders ----

#[derive(Serialize, Deserialize)]
struct ReminderPayload {
    funding_id: i64,
    deadline: String,
    days: i64,
}

/// Schedules the reminders of an open application with a deadline (those still ahead).
pub async fn schedule_reminders(state: &AppState, f: &FundingApplication) -> AppResult<()> {
    let Some(deadline) = f.deadline.as_deref() else {
        return Ok(());
    };
    if !f.status.is_open() {
        return Ok(());
    }
    let now = state.clock.now_ms();
    for days in model::REMINDER_DAYS {
        let Some(at) = model::reminder_at(deadline, days) else {
            continue;
        };
        if at <= now {
            continue;
        }
        let payload = serde_json::to_string(&ReminderPayload {
            funding_id: f.id,
            deadline: deadline.to_string(),
            days,
        })
        .map_err(anyhow::Error::from)?;
        crate::jobs::enqueue_at(&state.db, model::DEADLINE_JOB, &payload, at).await?;
    }
    Ok(())
}

/// The job: emails every holder when the application is still open and its deadline unchanged.
pub async fn run_reminder(state: &AppState, payload: &str) -> anyhow::Result<()> {
    let p: ReminderPayload = serde_json::from_str(payload)?;
    let Some(f) = repo::funding_by_id(&state.db, p.funding_id).await? else {
        return Ok(());
    };
    if f.deadline.as_deref() != Some(p.deadline.as_str()) || !f.status.is_open() {
        return Ok(());
    }
    let Some(project) = repo::project_by_id(&state.db, f.project_id).await? else {
        return Ok(());
    };
    let due = NaiveDate::parse_from_str(&p.deadline, "%Y-%m-%d")?
        .format("%d/%m/%Y")
        .to_string();
    let lang = crate::i18n::Lang::Fr;
    let when = if p.days == 1 {
        lang.t("projects-mail-funding-reminder-tomorrow")
    } else {
        lang.ta(
            "projects-mail-funding-reminder-in-days",
            &[("days", &p.days.to_string())],
        )
    };
    let now = state.clock.now_ms();
    for (_, name, email) in repo::members(&state.db, project.id).await? {
        crate::notifications::notify(
            &state.db,
            now,
            crate::notifications::Kind::Projects,
            &Email {
                to: email,
                subject: lang.ta(
                    "projects-mail-funding-reminder-subject",
                    &[("funder", &f.funder), ("due", &due), ("when", &when)],
                ),
                text: lang.ta(
                    "projects-mail-funding-reminder-body",
                    &[
                        ("name", &name),
                        ("funder", &f.funder),
                        ("project", &project.name),
                        ("due", &due),
                        ("when", &when),
                        (
                            "amount",
                            &crate::money::format_eur(f.amount_requested_cents),
                        ),
                        (
                            "link",
                            &format!(
                                "{}/projets/{}/financement/dossiers/{}",
                                state.config.base_url, project.slug, f.id
                            ),
                        ),
                    ],
                ) + "\n",
                attachments: vec![],
            },
        )
        .await?;
    }
    Ok(())
}

/// Registers the funding deadline reminders with the job worker.
pub fn register_jobs(registry: &mut crate::jobs::Registry) {
    registry.register(model::DEADLINE_JOB, |state, payload| {
        Box::pin(run_reminder(state, payload))
    });
}
