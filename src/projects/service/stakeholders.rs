//! The stakeholders directory of a project: only its holders and advisors see and change it
//! (anyone else gets 404). Contact details are refused without a consent date.

use super::{member_of, today};
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::ids::UserId;
use crate::projects::model::stakeholders::{self as model, Stakeholder, StakeholderIn};
use crate::projects::model::Project;
use crate::projects::repo;
use crate::state::AppState;

/// A stakeholder of a project `who` holds or advises (404 otherwise).
pub async fn managed(
    state: &AppState,
    who: Option<&Principal>,
    id: i64,
) -> AppResult<(Project, Stakeholder)> {
    let s = repo::stakeholders::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = repo::project_by_id(&state.db, s.project_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = member_of(state, who, Some(p)).await?;
    Ok((p, s))
}

/// A stakeholder of this project (404 for one of another project).
pub async fn of(state: &AppState, p: &Project, id: i64) -> AppResult<Stakeholder> {
    repo::stakeholders::by_id(&state.db, id)
        .await?
        .filter(|s| s.project_id == p.id)
        .ok_or(AppError::NotFound)
}

/// Checks and adds a stakeholder (recorded in the timeline).
pub async fn create(
    state: &AppState,
    actor: Option<UserId>,
    p: &Project,
    input: &StakeholderIn,
) -> AppResult<Stakeholder> {
    let c = model::check(input, &today(state))?;
    repo::stakeholders::insert(&state.db, p.id, &c, actor, state.clock.now_ms()).await
}

/// Checks and replaces a stakeholder.
pub async fn update(
    state: &AppState,
    s: &Stakeholder,
    input: &StakeholderIn,
) -> AppResult<Stakeholder> {
    let c = model::check(input, &today(state))?;
    repo::stakeholders::update(&state.db, s.id, &c, state.clock.now_ms()).await?;
    repo::stakeholders::by_id(&state.db, s.id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Deletes a stakeholder (and their contact details).
pub async fn delete(state: &AppState, s: &Stakeholder) -> AppResult<()> {
    repo::stakeholders::delete(&state.db, s.id).await
}
