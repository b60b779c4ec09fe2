//! Attendance of a training session (issue 19 point 4): the half-days each occurrence of the
//! session covers (morning before 13:00, afternoon after, Europe/Paris), the trainer's digital
//! sign-in sheet (present or not, per confirmed registration and half-day), each learner's
//! hours and completion, and what the certificate of completion says. The rules are checked
//! here for every write, whatever the door (page or API): a half-day must belong to the
//! registration's occurrence and have begun, the registration must be confirmed and of the
//! session, and only the training's trainers and the provider's managers record.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::Training;
use crate::auth::Principal;
use crate::db_run;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::{EventId, UserId};
use crate::state::AppState;

/// The hour (Europe/Paris) that separates a morning from an afternoon.
const NOON: u32 = 13;

/// One half-day of an occurrence and how long the occurrence lasts in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HalfDay {
    /// `YYYY-MM-DD`, Europe/Paris.
    pub day: String,
    /// `am` or `pm`.
    pub half: &'static str,
    pub minutes: i64,
    /// When the occurrence enters it: marks are taken from then on.
    pub starts_at: i64,
}

fn local_ms(d: NaiveDate, hour: u32) -> i64 {
    crate::bookings::service::paris_to_ms(
        d.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default()),
    )
    .unwrap_or_else(|| crate::clock::paris_midnight(d))
}

/// The half-days `[starts_at, ends_at)` covers, in order, with the minutes spent in each.
pub fn half_days(starts_at: i64, ends_at: i64) -> Vec<HalfDay> {
    let mut out = Vec::new();
    let (first, last) = (
        crate::clock::paris_date(starts_at),
        crate::clock::paris_date(ends_at - 1),
    );
    for day in first.iter_days().take_while(|d| *d <= last).take(400) {
        let bounds = [
            ("am", crate::clock::paris_midnight(day), local_ms(day, NOON)),
            (
                "pm",
                local_ms(day, NOON),
                crate::clock::paris_midnight(day + chrono::Duration::days(1)),
            ),
        ];
        for (half, from, to) in bounds {
            let (a, b) = (starts_at.max(from), ends_at.min(to));
            if b > a {
                out.push(HalfDay {
                    day: day.format("%Y-%m-%d").to_string(),
                    half,
                    minutes: (b - a) / 60_000,
                    starts_at: a,
                });
            }
        }
    }
    out
}

/// An occurrence of the session, its half-days and its confirmed learners.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub occurrence_id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub halves: Vec<HalfDay>,
    pub learners: Vec<Learner>,
}

#[derive(Debug, Clone)]
pub struct Learner {
    pub registration_id: i64,
    pub user_id: UserId,
    pub name: String,
    /// (day, half) → present.
    pub marks: HashMap<(String, String), bool>,
}

impl Learner {
    pub fn present(&self, day: &str, half: &str) -> Option<bool> {
        self.marks
            .get(&(day.to_string(), half.to_string()))
            .copied()
    }
}

/// Where a learner stands at the end of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Completion {
    /// Present every half-day.
    Completed,
    /// Present some half-days.
    Partial,
    /// Present none (or nothing recorded).
    Absent,
}

impl Completion {
    pub fn key(self) -> &'static str {
        match self {
            Completion::Completed => "training-completion-completed",
            Completion::Partial => "training-completion-partial",
            Completion::Absent => "training-completion-absent",
        }
    }
}

/// One learner's figures over the whole session (every occurrence they registered to).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Progress {
    #[schema(value_type = i64)]
    pub user_id: UserId,
    pub name: String,
    /// Minutes of the half-days they were registered to.
    pub planned_minutes: i64,
    /// Minutes of the half-days they were present.
    pub attended_minutes: i64,
    pub half_days: i64,
    pub present_half_days: i64,
    pub completion: Completion,
}

/// Every learner's progress on the sheets.
pub fn progress(sheets: &[Sheet]) -> Vec<Progress> {
    let mut by: BTreeMap<(String, i64), Progress> = BTreeMap::new();
    for s in sheets {
        for l in &s.learners {
            let p = by
                .entry((l.name.to_lowercase(), l.user_id.get()))
                .or_insert_with(|| Progress {
                    user_id: l.user_id,
                    name: l.name.clone(),
                    planned_minutes: 0,
                    attended_minutes: 0,
                    half_days: 0,
                    present_half_days: 0,
                    completion: Completion::Absent,
                });
            for h in &s.halves {
                p.planned_minutes += h.minutes;
                p.half_days += 1;
                if l.present(&h.day, h.half) == Some(true) {
                    p.attended_minutes += h.minutes;
                    p.present_half_days += 1;
                }
            }
        }
    }
    by.into_values()
        .map(|mut p| {
            p.completion = match p.present_half_days {
                0 => Completion::Absent,
                n if n == p.half_days => Completion::Completed,
                _ => Completion::Partial,
            };
            p
        })
        .collect()
}

/// The session's sheets: each published occurrence, its half-days and confirmed learners
/// with what was recorded — three statements whatever the number of learners.
pub async fn sheets(state: &AppState, event: EventId) -> AppResult<Vec<Sheet>> {
    let db = &state.db;
    let occurrences: Vec<(i64, i64, i64)> = db_run!(db, |p| {
        sqlx::query_as::<_, (i64, i64, i64)>(
        "SELECT id, starts_at, ends_at FROM event_occurrences WHERE event_id = $1 AND NOT cancelled \
         ORDER BY starts_at, id"
    )
    .bind(event)
    .fetch_all(p)
    .await
    })?;
    let regs: Vec<(i64, i64, UserId, String)> =
        db_run!(db, |p| sqlx::query_as::<_, (i64, i64, UserId, String)>(
            "SELECT r.id, r.occurrence_id, r.user_id, u.display_name FROM event_registrations r \
             JOIN users u ON u.id = r.user_id WHERE r.event_id = $1 AND r.status = 'confirmed' \
             ORDER BY u.display_name, r.id"
        )
        .bind(event)
        .fetch_all(p)
        .await)?;
    let marks: Vec<(i64, String, String, bool)> =
        db_run!(db, |p| sqlx::query_as::<_, (i64, String, String, bool)>(
            "SELECT a.registration_id, a.day, a.half, a.present FROM training_attendance a \
             JOIN event_registrations r ON r.id = a.registration_id WHERE r.event_id = $1"
        )
        .bind(event)
        .fetch_all(p)
        .await)?;
    let mut by_reg: HashMap<i64, HashMap<(String, String), bool>> = HashMap::new();
    for (reg, day, half, present) in marks {
        by_reg.entry(reg).or_default().insert((day, half), present);
    }
    Ok(occurrences
        .into_iter()
        .map(|(id, starts_at, ends_at)| Sheet {
            occurrence_id: id,
            starts_at,
            ends_at,
            halves: half_days(starts_at, ends_at),
            learners: regs
                .iter()
                .filter(|r| r.1 == id)
                .map(|(reg, _, user, name)| Learner {
                    registration_id: *reg,
                    user_id: *user,
                    name: name.clone(),
                    marks: by_reg.remove(reg).unwrap_or_default(),
                })
                .collect(),
        })
        .collect())
}

/// May `who` keep the sign-in sheet of training `t`: one of its trainers, or a manager of its
/// provider.
pub async fn may_record(state: &AppState, who: &Principal, t: &Training) -> AppResult<bool> {
    if super::service::trainers_of(state, t.id)
        .await?
        .iter()
        .any(|tr| tr.id == who.user.id)
    {
        return Ok(true);
    }
    super::service::may_write(state, Some(who), t.provider()).await
}

/// The training whose session `event` is, if `who` may keep its sheet (404 otherwise, and
/// for an event that is no session of `t`).
pub async fn recordable(
    state: &AppState,
    who: &Principal,
    t: &Training,
    event: EventId,
) -> AppResult<()> {
    if super::repo::training_of_event(&state.db, event).await? != Some(t.id)
        || !may_record(state, who, t).await?
    {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// One mark to record.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct Mark {
    pub registration_id: i64,
    /// `YYYY-MM-DD`.
    pub day: String,
    /// `am` or `pm`.
    pub half: String,
    pub present: bool,
}

/// Records `marks` on the session's sheets, all or none: each must name a confirmed
/// registration of the session and a half-day of its occurrence that has begun.
pub async fn record(
    state: &AppState,
    who: &Principal,
    sheets: &[Sheet],
    marks: &[Mark],
) -> AppResult<usize> {
    let now = state.clock.now_ms();
    let mut e = FieldErrors::default();
    let mut rows: Vec<(i64, String, &'static str, bool)> = Vec::new();
    for (i, m) in marks.iter().enumerate() {
        let sheet = sheets.iter().find(|s| {
            s.learners
                .iter()
                .any(|l| l.registration_id == m.registration_id)
        });
        let Some(sheet) = sheet else {
            e.add(
                format!("marks.{i}.registration_id"),
                "training-attendance-unknown",
            );
            continue;
        };
        match sheet
            .halves
            .iter()
            .find(|h| h.day == m.day && h.half == m.half)
        {
            None => e.add(
                format!("marks.{i}.day"),
                "training-attendance-not-a-half-day",
            ),
            Some(h) if h.starts_at > now => {
                e.add(format!("marks.{i}.day"), "training-attendance-future")
            }
            Some(h) => rows.push((m.registration_id, h.day.clone(), h.half, m.present)),
        }
    }
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let db = &state.db;
    let by = who.user.id;
    crate::db_tx!(db, |tx| async {
        for (reg, day, half, present) in &rows {
            sqlx::query(
                "INSERT INTO training_attendance (registration_id, day, half, present, recorded_by, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (registration_id, day, half) \
                 DO UPDATE SET present = excluded.present, recorded_by = excluded.recorded_by, \
                 recorded_at = excluded.recorded_at",
            )
            .bind(reg)
            .bind(day)
            .bind(*half)
            .bind(present)
            .bind(by)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        Ok::<(), AppError>(())
    })?;
    Ok(rows.len())
}

/// A learner's certificate: their progress on the session, once it is over. `None` when the
/// person was at no half-day (there is nothing to certify); a conflict before the end.
pub async fn certificate_of(
    state: &AppState,
    event: EventId,
    user: UserId,
) -> AppResult<Option<(Progress, i64, i64)>> {
    let sheets = sheets(state, event).await?;
    let (Some(first), Some(last)) = (
        sheets.iter().map(|s| s.starts_at).min(),
        sheets.iter().map(|s| s.ends_at).max(),
    ) else {
        return Ok(None);
    };
    let Some(p) = progress(&sheets).into_iter().find(|p| p.user_id == user) else {
        return Ok(None);
    };
    if last > state.clock.now_ms() {
        return Err(AppError::Conflict("session_not_over"));
    }
    Ok((p.present_half_days > 0).then_some((p, first, last)))
}

/// The sessions of training `t` that are over (every date of them, as the certificate asks)
/// where `user` was present at least once: (event, start of their first date).
pub async fn attended_sessions(
    state: &AppState,
    t: &Training,
    user: UserId,
) -> AppResult<Vec<(EventId, i64)>> {
    let now = state.clock.now_ms();
    let db = &state.db;
    Ok(db_run!(db, |p| {
        sqlx::query_as::<_, (EventId, i64)>(
        "SELECT s.event_id, MIN(o.starts_at) FROM training_sessions s \
         JOIN event_registrations r ON r.event_id = s.event_id AND r.user_id = $2 AND r.status = 'confirmed' \
         JOIN event_occurrences o ON o.id = r.occurrence_id \
         WHERE s.training_id = $1 AND EXISTS (SELECT 1 FROM training_attendance a \
           WHERE a.registration_id = r.id AND a.present) \
         AND NOT EXISTS (SELECT 1 FROM event_occurrences later WHERE later.event_id = s.event_id \
           AND NOT later.cancelled AND later.ends_at > $3) \
         GROUP BY s.event_id ORDER BY MIN(o.starts_at) DESC LIMIT 50"
    )
    .bind(t.id)
    .bind(user)
    .bind(now)
    .fetch_all(p)
    .await
    })?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
        crate::bookings::service::paris_to_ms(
            NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(h, min, 0)
                .unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn a_day_from_nine_to_five_has_two_halves() {
        let h = half_days(at(2026, 3, 10, 9, 0), at(2026, 3, 10, 17, 0));
        assert_eq!(h.len(), 2);
        assert_eq!(
            (h[0].day.as_str(), h[0].half, h[0].minutes),
            ("2026-03-10", "am", 240)
        );
        assert_eq!((h[1].half, h[1].minutes), ("pm", 240));
        let morning = half_days(at(2026, 3, 10, 9, 30), at(2026, 3, 10, 12, 0));
        assert_eq!(morning.len(), 1);
        assert_eq!(morning[0].minutes, 150);
        // Two days: four halves, whatever the summer-time change in between.
        let two = half_days(at(2026, 3, 28, 9, 0), at(2026, 3, 29, 17, 0));
        assert_eq!(two.len(), 4);
        assert_eq!(two[3].day, "2026-03-29");
    }

    #[test]
    fn completion_follows_the_half_days() {
        let halves = half_days(at(2026, 3, 10, 9, 0), at(2026, 3, 10, 17, 0));
        let learner = |id: i64, am: Option<bool>, pm: Option<bool>| {
            let mut marks = HashMap::new();
            if let Some(v) = am {
                marks.insert(("2026-03-10".to_string(), "am".to_string()), v);
            }
            if let Some(v) = pm {
                marks.insert(("2026-03-10".to_string(), "pm".to_string()), v);
            }
            Learner {
                registration_id: id,
                user_id: UserId(id),
                name: format!("L{id}"),
                marks,
            }
        };
        let sheets = vec![Sheet {
            occurrence_id: 1,
            starts_at: 0,
            ends_at: 0,
            halves,
            learners: vec![
                learner(1, Some(true), Some(true)),
                learner(2, Some(true), Some(false)),
                learner(3, None, None),
            ],
        }];
        let p = progress(&sheets);
        assert_eq!(p[0].completion, Completion::Completed);
        assert_eq!((p[0].attended_minutes, p[0].planned_minutes), (480, 480));
        assert_eq!(p[1].completion, Completion::Partial);
        assert_eq!(p[1].attended_minutes, 240);
        assert_eq!(p[2].completion, Completion::Absent);
    }
}
