//! Learning paths ("parcours", issue 19 point 3): types and rules, no SQL, no HTTP. A path of a
//! network or a place is an ordered list of steps; a step is one training or a choice between
//! several (following any of them completes it); an optional step is not needed to finish
//! the path. A learner's progress is read from the trainings they completed (present every
//! half-day of a session that is over).

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Provider;
use crate::error::FieldErrors;
use crate::ids::{NetworkId, PathId, PlaceId, TrainingId, UserId};

/// At most this many steps in a path, as the table's `CHECK` says.
pub const STEPS_MAX: usize = 50;
/// At most this many trainings to choose from in one step.
pub const OPTIONS_MAX: usize = 5;

/// The job kind queued when a learner completes a training (payload: [`Completed`]); the
/// badges area handles it (automatic awards).
pub const COMPLETED_JOB: &str = "trainings.completed";
/// The job kind queued for the end of a session (payload: [`SessionOver`]): completions and
/// the satisfaction questionnaire.
pub const SESSION_OVER_JOB: &str = "trainings.session_over";

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct Completed {
    pub user_id: UserId,
    pub training_id: TrainingId,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct SessionOver {
    pub event_id: i64,
}

/// A path as stored, with its provider's name and slug.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LearningPath {
    pub id: PathId,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub title: String,
    pub slug: String,
    pub description: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub provider_name: String,
    pub provider_slug: String,
}

impl LearningPath {
    pub fn provider(&self) -> Provider {
        match (self.network_id, self.place_id) {
            (_, Some(p)) => Provider::Place(p),
            (Some(n), None) => Provider::Network(n),
            // The table's CHECK makes this impossible.
            (None, None) => Provider::Network(NetworkId(0)),
        }
    }

    pub fn path(&self) -> String {
        format!("/parcours/{}", self.slug)
    }

    pub fn provider_path(&self) -> String {
        format!("/{}/{}", self.provider().section(), self.provider_slug)
    }
}

/// A row of a path's steps: one training at one position.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StepRow {
    pub position: i32,
    pub training_id: TrainingId,
    pub optional: bool,
    pub title: String,
    pub slug: String,
    pub duration_minutes: i32,
}

/// A training a step offers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StepOption {
    #[schema(value_type = i64)]
    pub training_id: TrainingId,
    pub title: String,
    pub slug: String,
    pub duration_minutes: i32,
}

/// A step: the trainings it offers (one, or a choice), whether it is optional.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Step {
    /// 1 for the first step.
    pub position: i32,
    pub optional: bool,
    pub options: Vec<StepOption>,
}

/// The steps of a path from its rows (sorted by position, then as given).
pub fn steps(rows: Vec<StepRow>) -> Vec<Step> {
    let mut by: BTreeMap<i32, Step> = BTreeMap::new();
    for r in rows {
        let s = by.entry(r.position).or_insert_with(|| Step {
            position: r.position,
            optional: r.optional,
            options: Vec::new(),
        });
        s.optional &= r.optional;
        s.options.push(StepOption {
            training_id: r.training_id,
            title: r.title,
            slug: r.slug,
            duration_minutes: r.duration_minutes,
        });
    }
    by.into_values().collect()
}

/// A step as a form or the API sends it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct StepInput {
    /// The trainings of the step: one, or up to five to choose from.
    #[schema(value_type = Vec<i64>)]
    pub training_ids: Vec<TrainingId>,
    #[serde(default)]
    pub optional: bool,
}

/// Checks the steps of a path: at least one step that is not optional, at most
/// [`STEPS_MAX`] steps of at most [`OPTIONS_MAX`] trainings each, every training among
/// `allowed` (the provider's and, for a network, its places'), none twice. Empty steps (a
/// form's blank rows) are dropped. The rows to store: (position, training, optional).
pub fn check_steps(
    input: &[StepInput],
    allowed: &HashSet<TrainingId>,
    errors: &mut FieldErrors,
) -> Vec<(i32, TrainingId, bool)> {
    let mut rows = Vec::new();
    let mut seen = HashSet::new();
    let mut position = 0;
    for (i, s) in input.iter().enumerate() {
        if s.training_ids.is_empty() {
            continue;
        }
        position += 1;
        let field = format!("steps.{i}.training_ids");
        if s.training_ids.len() > OPTIONS_MAX {
            errors.add(field.clone(), "training-path-error-options");
        }
        for t in &s.training_ids {
            if !allowed.contains(t) {
                errors.add(field.clone(), "training-path-error-training");
            } else if !seen.insert(*t) {
                errors.add(field.clone(), "training-path-error-twice");
            } else {
                rows.push((position, *t, s.optional));
            }
        }
    }
    if position as usize > STEPS_MAX {
        errors.add("steps", "training-path-error-too-many");
    }
    if !input
        .iter()
        .any(|s| !s.training_ids.is_empty() && !s.optional)
    {
        errors.add("steps", "training-path-error-empty");
    }
    rows
}

/// Where a learner stands on a path.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Progress {
    /// Per step, in order: the training that completed it, if any.
    #[schema(value_type = Vec<Option<i64>>)]
    pub steps: Vec<Option<TrainingId>>,
    /// Steps that are not optional, and how many of them are done.
    pub required: usize,
    pub required_done: usize,
    /// Every step that is not optional is done.
    pub complete: bool,
}

/// A learner's progress on `steps`, given the trainings they completed.
pub fn progress(steps: &[Step], completed: &HashSet<TrainingId>) -> Progress {
    let done: Vec<Option<TrainingId>> = steps
        .iter()
        .map(|s| {
            s.options
                .iter()
                .map(|o| o.training_id)
                .find(|t| completed.contains(t))
        })
        .collect();
    let required = steps.iter().filter(|s| !s.optional).count();
    let required_done = steps
        .iter()
        .zip(&done)
        .filter(|(s, d)| !s.optional && d.is_some())
        .count();
    Progress {
        steps: done,
        required,
        required_done,
        complete: required > 0 && required_done == required,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(position: i32, t: i64, optional: bool) -> StepRow {
        StepRow {
            position,
            training_id: TrainingId(t),
            optional,
            title: format!("T{t}"),
            slug: format!("t{t}"),
            duration_minutes: 60,
        }
    }

    #[test]
    fn a_choice_is_done_by_any_of_its_trainings_and_optional_steps_do_not_count() {
        let s = steps(vec![
            row(1, 10, false),
            row(2, 20, false),
            row(2, 21, false),
            row(3, 30, true),
        ]);
        assert_eq!(s.len(), 3);
        assert_eq!(s[1].options.len(), 2);
        let p = progress(&s, &[TrainingId(10)].into_iter().collect());
        assert_eq!((p.required, p.required_done, p.complete), (2, 1, false));
        let p = progress(&s, &[TrainingId(10), TrainingId(21)].into_iter().collect());
        assert!(p.complete);
        assert_eq!(
            p.steps,
            vec![Some(TrainingId(10)), Some(TrainingId(21)), None]
        );
    }

    #[test]
    fn steps_are_checked() {
        let allowed: HashSet<TrainingId> = [1, 2, 3].into_iter().map(TrainingId).collect();
        let step = |ids: &[i64], optional| StepInput {
            training_ids: ids.iter().copied().map(TrainingId).collect(),
            optional,
        };
        let mut e = FieldErrors::default();
        let rows = check_steps(
            &[step(&[1], false), step(&[], false), step(&[2, 3], true)],
            &allowed,
            &mut e,
        );
        assert!(e.is_empty());
        assert_eq!(
            rows,
            vec![
                (1, TrainingId(1), false),
                (2, TrainingId(2), true),
                (2, TrainingId(3), true)
            ]
        );
        let mut e = FieldErrors::default();
        check_steps(&[step(&[1], false), step(&[1, 9], false)], &allowed, &mut e);
        assert!(e.has("steps.1.training_ids"));
        let mut e = FieldErrors::default();
        check_steps(&[step(&[1], true)], &allowed, &mut e);
        assert!(e.has("steps"));
    }
}
