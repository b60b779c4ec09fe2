//! The funding plan's use cases: applications (recorded, changed, deleted, with their deadline
//! reminders re-scheduled when the deadline or the status changes), budget lines, and
//! documents of the project's library attached to an application.

use super::schedule_reminders;
use crate::auth::Principal;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::{DocumentId, UserId};
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
    updated.programme = c.programme;
    updated.amount_requested_cents = c.requested;
    updated.amount_granted_cents = c.granted;
    updated.status = c.status;
    updated.deadline = c.deadline;
    repo::update_funding(
        &state.db,
        &updated,
        f.status,
        Some(who.user.id),
        state.clock.now_ms(),
    )
    .await?;
    if updated.deadline != f.deadline || updated.status.is_open() != f.status.is_open() {
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

/// Checks and adds a budget line (`kind` as typed or sent, checked with the label and the
/// amount), recorded in the timeline.
pub async fn add_budget_line(
    state: &AppState,
    actor: Option<UserId>,
    project: &Project,
    kind: &str,
    label: &str,
    amount_cents: i64,
) -> AppResult<BudgetLine> {
    let c = model::check_budget_line(kind, label, amount_cents)?;
    repo::insert_budget_line(
        &state.db,
        project.id,
        c.kind,
        &c.label,
        c.amount_cents,
        actor,
        state.clock.now_ms(),
    )
    .await
}

/// Checks and saves a budget line's kind (as typed or sent), label and amount (recorded in
/// the timeline).
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
pub async fn attach(
    state: &AppState,
    f: &FundingApplication,
    document_id: DocumentId,
) -> AppResult<()> {
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

pub async fn detach(
    state: &AppState,
    f: &FundingApplication,
    document_id: DocumentId,
) -> AppResult<()> {
    repo::detach_document(&state.db, f.id, document_id).await
}
