//! The satisfaction questionnaire's pages: the learner's form behind the link of their email
//! (`/avis/{token}`, no login; answers can be changed while it is open), and the results of a
//! training for its keepers (`/formations/{slug}/avis`: rate of answers, mean and spread of
//! each mark, share who would recommend it, comments without names).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::super::followup::{self, Answers, Results, Survey, QUESTIONS};
use super::super::service;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::ids::EventId;
use crate::state::AppState;
use crate::web::{redirect_flash, render, render_status, Chrome};

/// A question of the form: its field, its label, the mark chosen ("" for none).
pub struct QuestionView {
    pub field: &'static str,
    pub label: String,
    pub value: String,
}

#[derive(Template)]
#[template(path = "trainings/survey.html")]
struct SurveyTpl {
    c: Chrome,
    action: String,
    training_title: String,
    training_href: String,
    when: String,
    open: bool,
    answered: bool,
    questions: Vec<QuestionView>,
    recommend: String,
    comment: String,
    errors: FieldErrors,
}

#[derive(Deserialize, Default, Clone)]
pub(super) struct SurveyForm {
    #[serde(default)]
    overall: String,
    #[serde(default)]
    objectives: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    trainer: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    recommend: String,
    #[serde(default)]
    comment: String,
}

impl SurveyForm {
    fn of(s: &Survey) -> SurveyForm {
        let v = |m: Option<i32>| m.map(|m| m.to_string()).unwrap_or_default();
        SurveyForm {
            overall: v(s.overall),
            objectives: v(s.objectives),
            content: v(s.content),
            trainer: v(s.trainer),
            organisation: v(s.organisation),
            recommend: match s.recommend {
                Some(true) => "oui".into(),
                Some(false) => "non".into(),
                None => String::new(),
            },
            comment: s.comment.clone(),
        }
    }

    fn values(&self) -> [&str; 5] {
        [
            &self.overall,
            &self.objectives,
            &self.content,
            &self.trainer,
            &self.organisation,
        ]
    }

    /// The answers; a mark that is no number is an error of its field.
    fn answers(&self, errors: &mut FieldErrors) -> Answers {
        let mut marks = [None; 5];
        for (i, ((field, _), v)) in QUESTIONS.iter().zip(self.values()).enumerate() {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            match v.parse::<i32>() {
                Ok(m) => marks[i] = Some(m),
                Err(_) => errors.add(*field, "training-survey-error-mark"),
            }
        }
        Answers {
            overall: marks[0],
            objectives: marks[1],
            content: marks[2],
            trainer: marks[3],
            organisation: marks[4],
            recommend: match self.recommend.as_str() {
                "oui" => Some(true),
                "non" => Some(false),
                _ => None,
            },
            comment: self.comment.clone(),
        }
    }
}

async fn survey_page(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    token: &str,
    s: &Survey,
    f: SurveyForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let t = service::by_id(state, s.training_id).await?;
    let mut c = Chrome::new(ctx, headers, "training-survey-title");
    c.title = format!("{} – {}", c.title, t.title);
    let when = match service::session_end(state, s.event_id).await? {
        Some(end) => crate::events::model::long_day(c.lang, crate::clock::paris_date(end)),
        None => String::new(),
    };
    let questions = QUESTIONS
        .iter()
        .zip(f.values())
        .map(|((field, key), v)| QuestionView {
            field,
            label: c.t(key),
            value: v.to_string(),
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &SurveyTpl {
            action: format!("/avis/{token}"),
            training_href: t.path(),
            training_title: t.title,
            when,
            open: s.open(state.clock.now_ms()),
            answered: s.answered_at.is_some(),
            questions,
            recommend: f.recommend,
            comment: f.comment,
            errors,
            c,
        },
    )
}

/// `GET /avis/{token}`.
pub(super) async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let s = followup::survey(&state, &token).await?;
    let f = SurveyForm::of(&s);
    survey_page(
        &state,
        &ctx,
        &headers,
        &token,
        &s,
        f,
        FieldErrors::default(),
    )
    .await
}

/// `POST /avis/{token}`: stores the answers, or shows the form with its errors.
pub(super) async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(f): Form<SurveyForm>,
) -> AppResult<Response> {
    let s = followup::survey(&state, &token).await?;
    let mut errors = FieldErrors::default();
    let a = f.answers(&mut errors);
    if !errors.is_empty() {
        return survey_page(&state, &ctx, &headers, &token, &s, f, errors).await;
    }
    match followup::answer(&state, &token, &a).await {
        Ok(_) => Ok(redirect_flash(
            &format!("/avis/{token}"),
            "flash-training-survey-saved",
        )),
        Err(AppError::Invalid(errors)) => {
            survey_page(&state, &ctx, &headers, &token, &s, f, errors).await
        }
        Err(e) => Err(e),
    }
}

/// A question's results as the page shows them.
pub struct ResultView {
    pub label: String,
    pub mean: String,
    /// (mark, count, percent of the answers).
    pub counts: Vec<(usize, i64, i64)>,
}

#[derive(Template)]
#[template(path = "trainings/survey_results.html")]
struct ResultsTpl {
    c: Chrome,
    training_title: String,
    training_href: String,
    r: Results,
    rate: String,
    questions: Vec<ResultView>,
    recommend: String,
    /// (label, href) of each session, to see its results alone.
    sessions: Vec<(String, String, bool)>,
}

#[derive(Deserialize, Default)]
pub(super) struct ResultsQuery {
    #[serde(default)]
    session: Option<String>,
}

/// `GET /formations/{slug}/avis`: the training's keepers only (404 for others).
pub(super) async fn results(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<ResultsQuery>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let t = service::by_slug(&state, &slug).await?;
    if !super::super::attendance::may_record(&state, who, &t).await? {
        return Err(AppError::NotFound);
    }
    let event = q
        .session
        .as_deref()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .map(EventId);
    let r = followup::results(&state, t.id, event).await?;
    let mut c = Chrome::new(&ctx, &headers, "training-survey-results");
    c.title = format!("{} – {}", c.title, t.title);
    let rate = if r.sent > 0 {
        c.lang.ta(
            "training-survey-rate",
            &[
                ("answered", &r.answered.to_string()),
                ("sent", &r.sent.to_string()),
                (
                    "percent",
                    &((r.answered * 100 + r.sent / 2) / r.sent).to_string(),
                ),
            ],
        )
    } else {
        c.t("training-survey-none")
    };
    let n = r.answered.max(1);
    let questions = r
        .questions
        .iter()
        .zip(QUESTIONS.iter())
        .map(|(q, (_, key))| ResultView {
            label: c.t(key),
            mean: q
                .mean
                .map(|m| format!("{m:.1}").replace('.', ","))
                .unwrap_or_else(|| "–".into()),
            counts: q
                .counts
                .iter()
                .enumerate()
                .map(|(i, k)| (i + 1, *k, k * 100 / n))
                .collect(),
        })
        .collect();
    let recommend = r
        .recommend_percent
        .map(|p| format!("{p} %"))
        .unwrap_or_else(|| "–".into());
    let base = format!("{}/avis", t.path());
    let mut sessions: Vec<(String, String, bool)> =
        super::super::repo::sessions(&state.db, t.id, None, 100)
            .await?
            .iter()
            .map(|s| {
                (
                    crate::events::model::when(c.lang, s.starts_at, s.ends_at, false),
                    format!("{base}?session={}", s.event_id),
                    Some(s.event_id) == event,
                )
            })
            .collect();
    let mut seen = std::collections::HashSet::new();
    sessions.retain(|s| seen.insert(s.1.clone()));
    render(&ResultsTpl {
        training_href: t.path(),
        training_title: t.title,
        rate,
        questions,
        recommend,
        sessions,
        r,
        c,
    })
}
