//! What follows a session (issue 19 points 4 and 5): when it is over, each learner present
//! every half-day has completed the training (which queues the automatic awards of the badges
//! area), and each learner present at least once receives the satisfaction questionnaire
//! ("évaluation à chaud") through an unguessable link that needs no login. The results are
//! rolled up per training for its keepers, and the overall mark is shown on the training's
//! page once enough learners answered.
//!
//! This runs when the session ends (a job queued at its end by `service::add_session`, that
//! looks again if the session was moved) and every time its sign-in sheet is saved after the
//! end, so a sheet filled in late still counts. Each step is idempotent: a completion is a
//! row with a primary key, a questionnaire a row per (session, learner), so a job run twice or
//! on two nodes sends nothing twice.

use serde::Deserialize;
use utoipa::ToSchema;

use super::attendance::{self, Completion, Mark, Sheet};
use super::model::paths::{SessionOver, SESSION_OVER_JOB};
use super::model::Training;
use super::service;
use crate::auth::Principal;
use crate::db_run;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::{EventId, TrainingId, UserId};
use crate::state::AppState;

/// A questionnaire can be answered (and its answers changed) this long after it was sent.
pub const SURVEY_OPEN_MS: i64 = 60 * 24 * 3600 * 1000;
/// The overall mark shows on a training's public page from this many answers on.
pub const PUBLIC_FROM: i64 = 3;

/// Records marks on a session's sheets (see [`attendance::record`]) and, if the session is
/// over, settles it: the door of the sign-in sheet, page and API alike.
pub async fn record(
    state: &AppState,
    who: &Principal,
    t: &Training,
    event: EventId,
    sheets: &[Sheet],
    marks: &[Mark],
) -> AppResult<usize> {
    let n = attendance::record(state, who, sheets, marks).await?;
    settle(state, t, event).await?;
    Ok(n)
}

/// Once session `event` of `t` is over: completions (added, or removed when the sheet was
/// corrected) and questionnaires. Nothing before the end.
pub async fn settle(state: &AppState, t: &Training, event: EventId) -> AppResult<()> {
    let now = state.clock.now_ms();
    match service::session_end(state, event).await? {
        Some(end) if end <= now => {}
        _ => return Ok(()),
    }
    let sheets = attendance::sheets(state, event).await?;
    for p in attendance::progress(&sheets) {
        if p.completion == Completion::Completed {
            service::complete(state, t.id, p.user_id, event).await?;
        } else {
            service::uncomplete(state, p.user_id, event).await?;
        }
        if p.present_half_days > 0 {
            invite(state, t, event, p.user_id).await?;
        }
    }
    Ok(())
}

/// The job at a session's end: settles it, or waits for the new end of a session moved later.
async fn session_over(state: &AppState, payload: &str) -> anyhow::Result<()> {
    let s: SessionOver = serde_json::from_str(payload)?;
    let event = EventId(s.event_id);
    let Some(t) = service::training_of_event(state, event).await? else {
        return Ok(());
    };
    match service::session_end(state, event).await? {
        Some(end) if end > state.clock.now_ms() => {
            crate::jobs::enqueue_at(&state.db, SESSION_OVER_JOB, payload, end).await?;
        }
        Some(_) => settle(state, &t, event).await?,
        None => {}
    }
    Ok(())
}

pub fn register_jobs(registry: &mut crate::jobs::Registry) {
    registry.register(SESSION_OVER_JOB, |state, payload| {
        Box::pin(session_over(state, payload))
    });
}

/// Sends `user` the questionnaire of session `event`, once.
async fn invite(state: &AppState, t: &Training, event: EventId, user: UserId) -> AppResult<()> {
    let token = crate::auth::secret::random_token();
    let now = state.clock.now_ms();
    let db = &state.db;
    let new = db_run!(db, |p| sqlx::query(
        "INSERT INTO training_surveys (event_id, user_id, training_id, token, sent_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id, user_id) DO NOTHING"
    )
    .bind(event)
    .bind(user)
    .bind(t.id)
    .bind(&token)
    .bind(now)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    if new != 1 {
        return Ok(());
    }
    let Some(u) = crate::auth::identity::user_by_id(db, user).await? else {
        return Ok(());
    };
    let base = state.config.base_url.trim_end_matches('/');
    let text = format!(
        "Bonjour {name},\n\n\
         Vous avez suivi la formation « {title} » ({provider}). Votre avis nous aide à \
         l'améliorer : le questionnaire prend deux minutes, sans compte à ouvrir.\n\n\
         {base}/avis/{token}\n\n\
         Il reste ouvert 60 jours. Merci !\n\n\
         ---\n\
         You attended the training \"{title}\". Your feedback helps: {base}/avis/{token}\n",
        name = u.display_name,
        title = t.title,
        provider = t.provider_name,
    );
    crate::notifications::notify(
        db,
        now,
        crate::notifications::Kind::Registrations,
        &crate::mail::Email {
            to: u.email.clone(),
            subject: format!("Votre avis sur « {} »", t.title),
            text,
            ..Default::default()
        },
    )
    .await
}

/// A questionnaire as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Survey {
    pub event_id: EventId,
    pub user_id: UserId,
    pub training_id: TrainingId,
    pub sent_at: i64,
    pub answered_at: Option<i64>,
    pub overall: Option<i32>,
    pub objectives: Option<i32>,
    pub content: Option<i32>,
    pub trainer: Option<i32>,
    pub organisation: Option<i32>,
    pub recommend: Option<bool>,
    pub comment: String,
}

impl Survey {
    pub fn open(&self, now: i64) -> bool {
        now < self.sent_at + SURVEY_OPEN_MS
    }
}

/// The questionnaire behind `token` (404 for an unknown one).
pub async fn survey(state: &AppState, token: &str) -> AppResult<Survey> {
    if token.len() > 100 {
        return Err(AppError::NotFound);
    }
    let db = &state.db;
    db_run!(db, |p| sqlx::query_as::<_, Survey>(
        "SELECT event_id, user_id, training_id, sent_at, answered_at, overall, objectives, \
         content, trainer, organisation, recommend, comment FROM training_surveys WHERE token = $1"
    )
    .bind(token)
    .fetch_optional(p)
    .await)?
    .ok_or(AppError::NotFound)
}

/// The questions marked from 1 to 5, in the questionnaire's order: (column, label key).
pub const QUESTIONS: [(&str, &str); 5] = [
    ("overall", "training-survey-overall"),
    ("objectives", "training-survey-objectives"),
    ("content", "training-survey-content"),
    ("trainer", "training-survey-trainer"),
    ("organisation", "training-survey-organisation"),
];

/// Answers as a form or the API sends them.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct Answers {
    /// 1 (not at all satisfied) to 5 (very satisfied), for each question.
    pub overall: Option<i32>,
    pub objectives: Option<i32>,
    pub content: Option<i32>,
    pub trainer: Option<i32>,
    pub organisation: Option<i32>,
    /// Would recommend the training.
    pub recommend: Option<bool>,
    #[serde(default)]
    pub comment: String,
}

impl Answers {
    fn marks(&self) -> [Option<i32>; 5] {
        [
            self.overall,
            self.objectives,
            self.content,
            self.trainer,
            self.organisation,
        ]
    }
}

/// Stores the answers to the questionnaire of `token` (changing earlier ones) while it is
/// open: every mark from 1 to 5, the recommendation, a comment of at most 5 000 characters.
pub async fn answer(state: &AppState, token: &str, a: &Answers) -> AppResult<Survey> {
    let s = survey(state, token).await?;
    let now = state.clock.now_ms();
    if !s.open(now) {
        return Err(AppError::Conflict("survey_closed"));
    }
    let mut e = FieldErrors::default();
    for ((field, _), mark) in QUESTIONS.iter().zip(a.marks()) {
        match mark {
            Some(1..=5) => {}
            Some(_) => e.add(*field, "training-survey-error-mark"),
            None => e.add(*field, "field-required"),
        }
    }
    if a.recommend.is_none() {
        e.add("recommend", "field-required");
    }
    let comment = a.comment.trim().replace("\r\n", "\n");
    if comment.chars().count() > 5000 {
        e.add("comment", "field-too-long");
    }
    if comment
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        e.add("comment", "training-error-text");
    }
    e.into_result()?;
    let db = &state.db;
    db_run!(db, |p| sqlx::query(
        "UPDATE training_surveys SET answered_at = $1, overall = $2, objectives = $3, \
         content = $4, trainer = $5, organisation = $6, recommend = $7, comment = $8 \
         WHERE token = $9"
    )
    .bind(now)
    .bind(a.overall)
    .bind(a.objectives)
    .bind(a.content)
    .bind(a.trainer)
    .bind(a.organisation)
    .bind(a.recommend)
    .bind(&comment)
    .bind(token)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    survey(state, token).await
}

/// The figures of one question.
#[derive(Debug, Clone, serde::Serialize, ToSchema)]
pub struct QuestionResult {
    /// `overall`, `objectives`, `content`, `trainer` or `organisation`.
    pub question: String,
    /// The mean mark, one decimal; `None` without answers.
    pub mean: Option<f64>,
    /// How many answered 1, 2, 3, 4, 5.
    pub counts: [i64; 5],
}

/// The satisfaction of a training over its sessions (or one of them).
#[derive(Debug, Clone, serde::Serialize, ToSchema)]
pub struct Results {
    /// Questionnaires sent, and answered.
    pub sent: i64,
    pub answered: i64,
    pub questions: Vec<QuestionResult>,
    /// Share of the answers that would recommend the training, in percent.
    pub recommend_percent: Option<i64>,
    /// The comments, newest first, without names.
    pub comments: Vec<String>,
}

/// Comments a results page shows at most (the newest).
pub const COMMENTS_SHOWN: i64 = 100;

type Row = (
    Option<i32>,
    Option<i32>,
    Option<i32>,
    Option<i32>,
    Option<i32>,
    Option<bool>,
);

/// Rolls up the questionnaires of training `t` (of session `event` only, when given): three
/// statements whatever the number of answers (the marks, the number sent, the newest
/// [`COMMENTS_SHOWN`] comments).
pub async fn results(
    state: &AppState,
    t: TrainingId,
    event: Option<EventId>,
) -> AppResult<Results> {
    let db = &state.db;
    let ev = event.map_or(0, |e| e.get());
    let rows: Vec<Row> = db_run!(db, |p| sqlx::query_as::<_, Row>(
        "SELECT overall, objectives, content, trainer, organisation, recommend \
         FROM training_surveys WHERE training_id = $1 AND ($2 = 0 OR event_id = $2) \
         AND answered_at IS NOT NULL"
    )
    .bind(t)
    .bind(ev)
    .fetch_all(p)
    .await)?;
    let sent: i64 = db_run!(db, |p| {
        sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM training_surveys WHERE training_id = $1 AND ($2 = 0 OR event_id = $2)"
    )
    .bind(t)
    .bind(ev)
    .fetch_one(p)
    .await
    })?;
    let comments: Vec<String> = db_run!(db, |p| sqlx::query_scalar::<_, String>(
        "SELECT comment FROM training_surveys WHERE training_id = $1 \
         AND ($2 = 0 OR event_id = $2) AND answered_at IS NOT NULL AND comment <> '' \
         ORDER BY answered_at DESC LIMIT $3"
    )
    .bind(t)
    .bind(ev)
    .bind(COMMENTS_SHOWN)
    .fetch_all(p)
    .await)?;
    let mut questions: Vec<QuestionResult> = QUESTIONS
        .iter()
        .map(|(q, _)| QuestionResult {
            question: q.to_string(),
            mean: None,
            counts: [0; 5],
        })
        .collect();
    let mut yes = 0;
    for (o, ob, c, tr, org, rec) in &rows {
        for (q, mark) in questions.iter_mut().zip([o, ob, c, tr, org]) {
            if let Some(m @ 1..=5) = mark {
                q.counts[(*m - 1) as usize] += 1;
            }
        }
        if *rec == Some(true) {
            yes += 1;
        }
    }
    for q in &mut questions {
        q.mean = mean(q.counts.iter().sum(), mark_sum(&q.counts));
    }
    let answered = rows.len() as i64;
    Ok(Results {
        sent,
        answered,
        recommend_percent: (answered > 0).then(|| (yes * 100 + answered / 2) / answered),
        questions,
        comments,
    })
}

fn mark_sum(counts: &[i64; 5]) -> i64 {
    counts
        .iter()
        .enumerate()
        .map(|(i, c)| (i as i64 + 1) * c)
        .sum()
}

/// The mean of `n` marks summing to `sum`, one decimal.
fn mean(n: i64, sum: i64) -> Option<f64> {
    (n > 0).then(|| (sum as f64 / n as f64 * 10.0).round() / 10.0)
}

/// The number of answers of training `t` and their mean overall mark (the public page's
/// line): one statement.
pub async fn summary(state: &AppState, t: TrainingId) -> AppResult<(i64, Option<f64>)> {
    let db = &state.db;
    let (n, sum): (i64, Option<i64>) = db_run!(db, |p| sqlx::query_as::<_, (i64, Option<i64>)>(
        "SELECT COUNT(*), CAST(SUM(overall) AS BIGINT) FROM training_surveys \
         WHERE training_id = $1 AND answered_at IS NOT NULL"
    )
    .bind(t)
    .fetch_one(p)
    .await)?;
    Ok((n, mean(n, sum.unwrap_or(0))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_questionnaire_closes_after_sixty_days() {
        let s = Survey {
            event_id: EventId(1),
            user_id: UserId(1),
            training_id: TrainingId(1),
            sent_at: 1_000,
            answered_at: None,
            overall: None,
            objectives: None,
            content: None,
            trainer: None,
            organisation: None,
            recommend: None,
            comment: String::new(),
        };
        assert!(s.open(1_000 + SURVEY_OPEN_MS - 1));
        assert!(!s.open(1_000 + SURVEY_OPEN_MS));
    }
}
