//! A place's census form: every question by section, the pre-filled values marked with where
//! they come from, a draft saved as often as wanted and submitted once (the errors tied to
//! their question); and the list of the campaigns open for the places a manager runs.

use std::collections::{BTreeMap, HashSet};

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::Value;

use super::super::model::{Prefilled, Question, QuestionType, ResponseStatus};
use super::super::service::{self, Sheet};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::ids::{CampaignId, PlaceId};
use crate::state::AppState;
use crate::web::{redirect_flash, render, render_status, Chrome};

/// One choice of a choice, scale, yes/no or typology question.
pub struct OptView {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// One question as the form shows it.
pub struct QView {
    pub key: String,
    pub label: String,
    pub help: String,
    pub unit: String,
    pub required: bool,
    /// `text`, `long`, `number`, `money`, `date`, `radio`, `checks`, `lines`.
    pub input: &'static str,
    pub value: String,
    pub options: Vec<OptView>,
    /// "Pré-rempli depuis …", when Maillage proposed the value.
    pub prefill: Option<String>,
    pub error: Option<String>,
}

pub struct SectionView {
    pub name: String,
    pub questions: Vec<QView>,
}

fn text_of(q: &Question, v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) if q.kind == QuestionType::Money => n
            .as_i64()
            .map(crate::money::format_amount)
            .unwrap_or_default(),
        Some(Value::Number(n)) => n.as_f64().map(crate::chart::fr_number).unwrap_or_default(),
        Some(Value::Bool(b)) => if *b { "oui" } else { "non" }.into(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("\n"),
        Some(other) => other.to_string(),
    }
}

fn chosen(v: Option<&Value>) -> HashSet<String> {
    match v {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(String::from))
            .collect(),
        Some(Value::String(s)) => [s.clone()].into(),
        Some(Value::Bool(b)) => [if *b { "oui" } else { "non" }.to_string()].into(),
        Some(Value::Number(n)) => [n.to_string()].into(),
        _ => HashSet::new(),
    }
}

/// The sections of the form, values from `values` (stored answers, or what was typed).
pub fn sections(
    c: &Chrome,
    questions: &[Question],
    values: &BTreeMap<String, Value>,
    prefill: &BTreeMap<String, Prefilled>,
    errors: &FieldErrors,
    typologies: &[(String, String)],
) -> Vec<SectionView> {
    let mut out: Vec<SectionView> = Vec::new();
    for q in questions {
        let v = values.get(&q.key);
        let picked = chosen(v);
        let opt = |value: String, label: String| OptView {
            checked: picked.contains(&value),
            value,
            label,
        };
        let (input, options) = match q.kind {
            QuestionType::ShortText => ("text", vec![]),
            QuestionType::LongText => ("long", vec![]),
            QuestionType::Number => ("number", vec![]),
            QuestionType::Money => ("money", vec![]),
            QuestionType::Date => ("date", vec![]),
            QuestionType::Communes => ("lines", vec![]),
            QuestionType::YesNo => (
                "radio",
                vec![
                    opt("oui".into(), c.t("census-yes")),
                    opt("non".into(), c.t("census-no")),
                ],
            ),
            QuestionType::SingleChoice => (
                "radio",
                q.options
                    .iter()
                    .map(|o| opt(o.clone(), o.clone()))
                    .collect(),
            ),
            QuestionType::MultipleChoice => (
                "checks",
                q.options
                    .iter()
                    .map(|o| opt(o.clone(), o.clone()))
                    .collect(),
            ),
            QuestionType::Scale => {
                let (a, b) = q.scale_bounds();
                (
                    "radio",
                    (a..=b).map(|i| opt(i.to_string(), i.to_string())).collect(),
                )
            }
            QuestionType::Typology => (
                "checks",
                typologies
                    .iter()
                    .map(|(slug, name)| opt(slug.clone(), name.clone()))
                    .collect(),
            ),
        };
        let prefill = prefill.get(&q.key).map(|p| {
            c.ta(
                "census-prefilled",
                "source",
                &c.t(&format!("census-source-{}", p.source.replace('_', "-"))),
            )
        });
        let view = QView {
            key: q.key.clone(),
            label: q.label.clone(),
            help: q.help.clone(),
            unit: q.unit.clone(),
            required: q.required,
            input,
            value: text_of(q, v),
            options,
            prefill,
            error: errors.get(&format!("answers.{}", q.key)).map(|k| c.t(k)),
        };
        match out.last_mut() {
            Some(s) if s.name == q.section => s.questions.push(view),
            _ => out.push(SectionView {
                name: q.section.clone(),
                questions: vec![view],
            }),
        }
    }
    out
}

#[derive(Template)]
#[template(path = "census/sheet.html")]
struct SheetTpl {
    c: Chrome,
    action: String,
    campaign_title: String,
    place_name: String,
    closes_on: String,
    status: &'static str,
    editable: bool,
    submitted_at: String,
    sections: Vec<SectionView>,
    errors: FieldErrors,
    prefilled: usize,
}

async fn show(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    s: Sheet,
    values: Option<BTreeMap<String, Value>>,
    errors: FieldErrors,
) -> AppResult<Response> {
    let place = crate::tenancy::repo::place_by_id(&state.db, s.response.place_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut c = Chrome::new(ctx, headers, "census-sheet-title");
    c.title = format!("{} – {}", s.campaign.title, place.name);
    let values = values.unwrap_or_else(|| s.response.answers.clone());
    let sections = sections(
        &c,
        &s.questionnaire.questions,
        &values,
        &s.response.prefill,
        &errors,
        &s.typologies,
    );
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let submitted = s.response.status == ResponseStatus::Submitted;
    render_status(
        status,
        &SheetTpl {
            action: format!("/recensement/{}/lieux/{}", s.campaign.id, place.id),
            campaign_title: s.campaign.title.clone(),
            place_name: place.name,
            closes_on: chrono::NaiveDate::parse_from_str(&s.campaign.closes_on, "%Y-%m-%d")
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_default(),
            status: if submitted {
                "census-status-submitted"
            } else {
                "census-status-draft"
            },
            editable: s.open && !submitted,
            submitted_at: c.when_opt(&s.response.submitted_at),
            prefilled: s.response.prefill.len(),
            sections,
            errors,
            c,
        },
    )
}

/// `GET /recensement/{id}/lieux/{place}`: the form, pre-filled on the first visit.
pub(super) async fn sheet(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((id, place)): Path<(CampaignId, PlaceId)>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let s = service::sheet(&state, who, id, place).await?;
    show(&state, &ctx, &headers, s, None, FieldErrors::default()).await
}

/// The answers of the form (`a.<key>` fields; several for the boxes of a list).
fn answers_of(questions: &[Question], pairs: &[(String, String)]) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for q in questions {
        let name = format!("a.{}", q.key);
        let given: Vec<&str> = pairs
            .iter()
            .filter(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
            .collect();
        let v = match q.kind {
            QuestionType::MultipleChoice | QuestionType::Typology => {
                Value::from(given.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            }
            QuestionType::Communes => Value::from(given.first().copied().unwrap_or_default()),
            _ => given.first().map_or(Value::Null, |s| Value::from(*s)),
        };
        out.insert(q.key.clone(), v);
    }
    out
}

/// `POST /recensement/{id}/lieux/{place}`: saves the draft (`action=save`) or submits it.
pub(super) async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((id, place)): Path<(CampaignId, PlaceId)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let s = service::sheet(&state, who, id, place).await?;
    let submit = pairs.iter().any(|(k, v)| k == "action" && v == "submit");
    let given = answers_of(&s.questionnaire.questions, &pairs);
    match service::save(&state, who, id, place, &given, submit).await {
        Ok(_) => Ok(redirect_flash(
            &format!("/recensement/{id}/lieux/{place}"),
            if submit {
                "flash-census-submitted"
            } else {
                "flash-census-saved"
            },
        )),
        Err(AppError::Invalid(errors)) => {
            // Submitting with missing answers still keeps what was typed.
            if submit && errors.0.iter().all(|(_, k)| *k == "census-answer-required") {
                let _ = service::save(&state, who, id, place, &given, false).await;
            }
            show(&state, &ctx, &headers, s, Some(given), errors).await
        }
        Err(e) => Err(e),
    }
}

pub struct MineRow {
    pub href: String,
    pub campaign: String,
    pub place: String,
    pub closes_on: String,
    pub status: &'static str,
}

#[derive(Template)]
#[template(path = "census/mine.html")]
struct MineTpl {
    c: Chrome,
    rows: Vec<MineRow>,
}

/// `GET /recensement`: the campaigns open for the places I manage, and where each stands.
pub(super) async fn mine(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let rows = service::open_for(&state, who)
        .await?
        .into_iter()
        .map(|(c, place, name, status)| MineRow {
            href: format!("/recensement/{}/lieux/{}", c.id, place),
            closes_on: chrono::NaiveDate::parse_from_str(&c.closes_on, "%Y-%m-%d")
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_default(),
            campaign: c.title,
            place: name,
            status: match status {
                None => "census-status-new",
                Some(ResponseStatus::Draft) => "census-status-draft",
                Some(ResponseStatus::Submitted) => "census-status-submitted",
            },
        })
        .collect();
    render(&MineTpl {
        c: Chrome::new(&ctx, &headers, "census-mine-title"),
        rows,
    })
}
