//! Phases: a network's phase template (edited by the network's admins; the seeds' four phases
//! apply while a network has none), copied into each new project the network follows; and a
//! project's own phases, changed, added and removed by its holders and advisors.

use crate::auth::policy::{authorize, Action, Target};
use crate::auth::Principal;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::NetworkId;
use crate::projects::model::{self, Phase, PhaseInput, Project, MAX_PHASES};
use crate::projects::repo;
use crate::state::AppState;
use crate::tenancy::model::Network;

/// The network when `who` administers it (401 anonymous, 404 unknown).
pub fn managed_network(who: Option<&Principal>, n: Option<Network>) -> AppResult<Network> {
    let who = who.ok_or(AppError::Unauthorized)?;
    let n = n.ok_or(AppError::NotFound)?;
    authorize(
        Some(who),
        Action::ManageNetwork,
        &Target::Network(n.id.get()),
    )?;
    Ok(n)
}

/// The template a network's new projects start with (the default when it has none), and
/// whether it is the default.
pub async fn effective_template(
    state: &AppState,
    network_id: NetworkId,
) -> AppResult<(Vec<(String, String)>, bool)> {
    let stored = repo::phase_template(&state.db, network_id).await?;
    if stored.is_empty() {
        return Ok((model::default_template(), true));
    }
    Ok((
        stored
            .into_iter()
            .map(|t| (t.title, t.objectives))
            .collect(),
        false,
    ))
}

/// Checks and replaces a network's template (an empty one goes back to the default).
pub async fn save_template(
    state: &AppState,
    network: &Network,
    rows: &[(String, String)],
) -> AppResult<()> {
    let phases = model::check_template(rows)?;
    repo::replace_phase_template(&state.db, network.id, &phases).await
}

/// A phase of the project (404 for a phase of another project).
pub async fn phase_of(state: &AppState, p: &Project, id: i64) -> AppResult<Phase> {
    repo::phases(&state.db, p.id)
        .await?
        .into_iter()
        .find(|ph| ph.id == id)
        .ok_or(AppError::NotFound)
}

/// What a form or a JSON body changes in a phase (`title: None` keeps it).
pub struct PhaseChanges<'a> {
    pub title: Option<&'a str>,
    pub objectives: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub completion: i64,
    pub support_level: &'a str,
}

/// Checks and saves a phase of the project; a change of completion goes to the timeline.
pub async fn update_phase(
    state: &AppState,
    who: Option<&Principal>,
    p: &Project,
    phase_id: i64,
    c: PhaseChanges<'_>,
) -> AppResult<Phase> {
    let mut ph = phase_of(state, p, phase_id).await?;
    let old_completion = ph.completion;
    let mut errors = FieldErrors::default();
    let title = c.title.map(|t| model::parse_label(t, "title", &mut errors));
    let res = model::apply_phase(
        &mut ph,
        PhaseInput {
            objectives: c.objectives,
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            completion: c.completion,
            support_level: c.support_level,
        },
    );
    if let Err(AppError::Invalid(more)) = res {
        for (field, key) in more.0 {
            errors.add(field, key);
        }
    } else {
        res?;
    }
    errors.into_result()?;
    if let Some(Some(t)) = title {
        ph.title = t;
    }
    repo::update_phase(
        &state.db,
        &ph,
        old_completion,
        who.map(|w| w.user.id),
        state.clock.now_ms(),
    )
    .await?;
    Ok(ph)
}

/// Adds a phase at the end (at most `MAX_PHASES`).
pub async fn add_phase(
    state: &AppState,
    p: &Project,
    title: &str,
    objectives: &str,
) -> AppResult<Phase> {
    let mut errors = FieldErrors::default();
    let title = model::parse_label(title, "title", &mut errors);
    let objectives = model::parse_text(objectives, "objectives", &mut errors);
    if repo::phases(&state.db, p.id).await?.len() >= MAX_PHASES {
        errors.add("title", "projects-too-many-phases");
    }
    let (Some(title), true) = (title, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    repo::insert_phase(&state.db, p.id, &title, &objectives).await
}

/// Removes a phase of the project (404 for a phase of another project).
pub async fn delete_phase(state: &AppState, p: &Project, phase_id: i64) -> AppResult<()> {
    if !repo::delete_phase(&state.db, p.id, phase_id).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}
