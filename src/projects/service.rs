//! Rules of projects: who sees and edits them, creation with the default phases, canvas
//! versions and the funding plan. Authorization goes through `auth::policy`.

use std::collections::BTreeMap;

use super::model::{self, FundingApplication, Phase, Project};
use super::repo::{self, NewFunding, NewProject};
use crate::auth::policy::{authorize, Action, Target};
use crate::auth::Principal;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;
use crate::tenancy::repo as tenancy;

pub async fn target(state: &AppState, p: &Project) -> AppResult<Target> {
    crate::tenancy::service::project_target(state, p.id, p.network_id).await
}

/// Public projects are for everyone; private ones for their holders and advisors.
pub fn may_see(who: Option<&Principal>, p: &Project, t: &Target) -> bool {
    crate::tenancy::service::may_see_project(who, p.public, t)
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

pub struct ProjectInput<'a> {
    pub name: &'a str,
    pub communes: &'a str,
    pub epci: &'a str,
    pub departement: &'a str,
    pub holders: &'a str,
    pub intent: &'a str,
    pub uses: &'a str,
    pub status: &'a str,
    pub public: bool,
    pub network_id: Option<i64>,
}

/// Any signed-in person may start a project; they become its first holder. Following by a
/// network needs the network to exist.
pub async fn create_project(
    state: &AppState,
    who: &Principal,
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
    let status =
        crate::form::parse::parse_choice(input.status, &model::STATUSES, "status", &mut errors);
    if let Some(n) = input.network_id {
        if tenancy::network_by_id(&state.db, n).await?.is_none() {
            errors.add("network_id", "projects-unknown-network");
        }
    }
    let (Some((name, slug)), Some(status), true) = (name, status, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
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
            created_by: Some(who.user.id),
            now: state.clock.now_ms(),
        },
    )
    .await
}

pub struct PhaseInput<'a> {
    pub objectives: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub completion: i64,
    pub support_level: &'a str,
}

pub fn apply_phase(ph: &mut Phase, input: PhaseInput<'_>) -> AppResult<()> {
    let mut errors = FieldErrors::default();
    let objectives = model::parse_text(input.objectives, "objectives", &mut errors);
    let starts = crate::form::parse::parse_date(input.starts_on, "starts_on", &mut errors);
    let ends = crate::form::parse::parse_date(input.ends_on, "ends_on", &mut errors);
    if !(0..=100).contains(&input.completion) {
        errors.add("completion", "projects-completion-invalid");
    }
    let support = model::parse_text(input.support_level, "support_level", &mut errors);
    if let (Some(s), Some(e)) = (&starts, &ends) {
        if e < s {
            errors.add("ends_on", "projects-dates-order");
        }
    }
    errors.into_result()?;
    ph.objectives = objectives;
    ph.starts_on = starts;
    ph.ends_on = ends;
    ph.completion = input.completion;
    ph.support_level = support;
    Ok(())
}

/// Validates the canvas blocks (known keys, at most 10 000 characters each, plain text) and
/// saves them as a new version.
pub async fn save_canvas(
    state: &AppState,
    who: &Principal,
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
    repo::insert_canvas(
        &state.db,
        project.id,
        Some(who.user.id),
        &json,
        state.clock.now_ms(),
    )
    .await
}

pub struct FundingInput<'a> {
    pub funder: &'a str,
    pub programme: &'a str,
    pub amount_requested_cents: i64,
    pub amount_granted_cents: i64,
    pub status: &'a str,
    pub deadline: &'a str,
}

pub struct CheckedFunding {
    pub funder: String,
    pub programme: &'static str,
    pub requested: i64,
    pub granted: i64,
    pub status: &'static str,
    pub deadline: Option<String>,
}

pub fn check_funding(input: &FundingInput<'_>) -> AppResult<CheckedFunding> {
    let mut errors = FieldErrors::default();
    let funder = model::parse_label(input.funder, "funder", &mut errors);
    let programme = crate::form::parse::parse_choice(
        input.programme,
        &model::PROGRAMMES,
        "programme",
        &mut errors,
    );
    let requested = model::parse_cents(
        input.amount_requested_cents,
        "amount_requested_cents",
        &mut errors,
    );
    let granted = model::parse_cents(
        input.amount_granted_cents,
        "amount_granted_cents",
        &mut errors,
    );
    let status = crate::form::parse::parse_choice(
        input.status,
        &model::FUNDING_STATUSES,
        "status",
        &mut errors,
    );
    let deadline = crate::form::parse::parse_date(input.deadline, "deadline", &mut errors);
    match (funder, programme, status, errors.is_empty()) {
        (Some(funder), Some(programme), Some(status), true) => Ok(CheckedFunding {
            funder,
            programme,
            requested,
            granted,
            status,
            deadline,
        }),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Records an application and schedules its deadline reminders.
pub async fn add_funding(
    state: &AppState,
    who: &Principal,
    project: &Project,
    input: FundingInput<'_>,
) -> AppResult<FundingApplication> {
    let c = check_funding(&input)?;
    let f = repo::insert_funding(
        &state.db,
        NewFunding {
            actor: Some(who.user.id),
            project_id: project.id,
            funder: &c.funder,
            programme: c.programme,
            amount_requested_cents: c.requested,
            amount_granted_cents: c.granted,
            status: c.status,
            deadline: c.deadline.as_deref(),
            now: state.clock.now_ms(),
        },
    )
    .await?;
    super::funding::schedule_reminders(state, &f).await?;
    Ok(f)
}

pub async fn add_budget_line(
    state: &AppState,
    who: &Principal,
    project: &Project,
    kind: &str,
    label: &str,
    amount_cents: i64,
) -> AppResult<model::BudgetLine> {
    let mut errors = FieldErrors::default();
    let kind = crate::form::parse::parse_choice(kind, &model::BUDGET_KINDS, "kind", &mut errors);
    let label = model::parse_label(label, "label", &mut errors);
    let amount = model::parse_cents(amount_cents, "amount_cents", &mut errors);
    let (Some(kind), Some(label), true) = (kind, label, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    repo::insert_budget_line(
        &state.db,
        project.id,
        kind,
        &label,
        amount,
        Some(who.user.id),
        state.clock.now_ms(),
    )
    .await
}
/// Registers the funding deadline reminders with the job worker.
pub fn register_jobs(registry: &mut crate::jobs::Registry) {
    registry.register(super::funding::DEADLINE_JOB, |state, payload| {
        Box::pin(super::funding::run_reminder(state, payload))
    });
}
