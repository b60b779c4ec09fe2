//! The funding plan's use cases: applications (recorded, changed, deleted, with their deadline
//! reminders re-scheduled when the deadline or the status changes), budget lines, and
//! documents of the project's library attached to an application.

use super::schedule_reminders;
use crate::auth::Principal;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::UserId;
use crate::projects::model::{self, BudgetLine, FundingApplication, FundingInput, Project};
use crate::projects::repo::{self, NewFunding};
use crate::state::AppState;

/// Records an application and schedules its deadline reminders.
pub async fn add_funding(
    state: &AppState,
    actor: Option<UserId>,
    project: &Project,
    input: FundingInput<'_>,
) -> AppResult<FundingApplication> {
    let c = model::check_funding(&input)?;
    let f = repo::insert_funding(
        &state.db,
        NewFunding {
            actor,
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
    schedule_reminders(state, &f).await?;
    Ok(f)
}

/// Checks and saves changes to an application, records a status change in the timeline and
/// re-schedules the reminders when the deadline or the status changed.
pub async fn update_funding(
    state: &AppState,
    who: &Principal,
    f: &FundingApplication,
    input: FundingInput<'_>,
) -> AppResult<FundingApplication> {
    let c = model::check_funding(&input)?;
    let mut updated = f.clone();
    updated.funder = c.funder;
    updated.programme = c.programme.into();
    updated.amount_requested_cents = c.requested;
    updated.amount_granted_cents = c.granted;
    updated.status = c.status.into();
    updated.deadline = c.deadline;
    repo::update_funding(
        &state.db,
        &updated,
        &f.status,
        Some(who.user.id),
        state.clock.now_ms(),
    )
    .await?;
    if updated.deadline != f.deadline
        || model::is_open(&updated.status) != model::is_open(&f.status)
    {
        schedule_reminders(state, &updated).await?;
    }
    Ok(updated)
}

/// Deletes an application (recorded in the timeline).
pub async fn delete_funding(
    state: &AppState,
    who: Option<&Principal>,
    f: &FundingApplication,
) -> AppResult<()> {
    repo::delete_funding(&state.db, f, who.map(|w| w.user.id), state.clock.now_ms()).await
}

pub async fn add_budget_line(
    state: &AppState,
    actor: Option<UserId>,
    project: &Project,
    kind: &str,
    label: &str,
    amount_cents: i64,
) -> AppResult<BudgetLine> {
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
        actor,
        state.clock.now_ms(),
    )
    .await
}

/// Checks and saves a budget line's kind, label and amount (recorded in the timeline).
pub async fn update_budget_line(
    state: &AppState,
    who: Option<&Principal>,
    line: &BudgetLine,
    kind: &str,
    label: &str,
    amount_cents: i64,
) -> AppResult<BudgetLine> {
    let c = model::check_budget_line(kind, label, amount_cents)?;
    let mut line = line.clone();
    line.kind = c.kind;
    line.label = c.label;
    line.amount_cents = c.amount_cents;
    repo::change_budget_line(
        &state.db,
        &line,
        false,
        who.map(|w| w.user.id),
        state.clock.now_ms(),
    )
    .await?;
    Ok(line)
}

/// Deletes a budget line (recorded in the timeline).
pub async fn delete_budget_line(
    state: &AppState,
    who: Option<&Principal>,
    line: &BudgetLine,
) -> AppResult<()> {
    repo::change_budget_line(
        &state.db,
        line,
        true,
        who.map(|w| w.user.id),
        state.clock.now_ms(),
    )
    .await
}

/// Attaches a document of the project's library (`Invalid` for any other document).
pub async fn attach(state: &AppState, f: &FundingApplication, document_id: i64) -> AppResult<()> {
    let ok = crate::documents::service::document(&state.db, document_id)
        .await?
        .is_some_and(|d| d.project_id == Some(f.project_id));
    if !ok {
        let mut e = FieldErrors::default();
        e.add("document_id", "projects-document-not-in-project");
        return Err(AppError::Invalid(e));
    }
    repo::attach_document(&state.db, f.id, document_id).await
}

pub async fn detach(state: &AppState, f: &FundingApplication, document_id: i64) -> AppResult<()> {
    repo::detach_document(&state.db, f.id, document_id).await
}
