//! The trainer's digital sign-in sheet of a session (one table per occurrence: learners ×
//! half-days, a box each, a blank signature column when printed), each learner's hours and
//! completion, and the certificate of completion ("attestation de fin de formation") as a PDF
//! for the learner (and for the sheet's keepers, for any learner).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use super::super::attendance::{self, Completion, Mark, Progress, Sheet};
use super::super::model::Training;
use super::super::service;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::form::Form;
use crate::ids::{EventId, UserId};
use crate::pdf::{Block, Pdf};
use crate::state::AppState;
use crate::web::{redirect_flash, render_status, Chrome};

/// A half-day column: its form key part and its label.
pub struct Column {
    pub day: String,
    pub half: &'static str,
    pub label: String,
    pub open: bool,
}

/// One box of the sheet.
pub struct Cell {
    pub name: String,
    pub checked: bool,
    /// The half-day has begun: the box can be ticked.
    pub open: bool,
    pub label: String,
}

pub struct Row {
    pub name: String,
    pub cells: Vec<Cell>,
}

pub struct SheetView {
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

pub struct ProgressView {
    pub name: String,
    pub hours: String,
    pub halves: String,
    pub completion: String,
    pub pdf: Option<String>,
}

#[derive(Template)]
#[template(path = "trainings/attendance.html")]
struct SheetTpl {
    c: Chrome,
    t: Training,
    action: String,
    sheets: Vec<SheetView>,
    progress: Vec<ProgressView>,
    errors: crate::error::FieldErrors,
}

fn hours(minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    if m == 0 {
        format!("{h} h")
    } else {
        format!("{h} h {m:02}")
    }
}

fn day_label(lang: crate::i18n::Lang, day: &str) -> String {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(|d| crate::events::model::long_day(lang, d))
        .unwrap_or_else(|_| day.to_string())
}

fn sheet_views(c: &Chrome, sheets: &[Sheet], now: i64) -> Vec<SheetView> {
    sheets
        .iter()
        .map(|s| {
            let columns: Vec<Column> = s
                .halves
                .iter()
                .map(|h| Column {
                    day: h.day.clone(),
                    half: h.half,
                    label: format!(
                        "{} {}",
                        day_label(c.lang, &h.day),
                        c.t(&format!("training-half-{}", h.half))
                    ),
                    open: h.starts_at <= now,
                })
                .collect();
            SheetView {
                title: crate::events::model::when(c.lang, s.starts_at, s.ends_at, false),
                rows: s
                    .learners
                    .iter()
                    .map(|l| Row {
                        name: l.name.clone(),
                        cells: columns
                            .iter()
                            .map(|col| Cell {
                                name: format!("p.{}.{}.{}", l.registration_id, col.day, col.half),
                                checked: l.present(&col.day, col.half) == Some(true),
                                open: col.open,
                                label: format!("{} – {}", l.name, col.label),
                            })
                            .collect(),
                    })
                    .collect(),
                columns,
            }
        })
        .collect()
}

fn progress_views(c: &Chrome, t: &Training, event: EventId, p: &[Progress]) -> Vec<ProgressView> {
    p.iter()
        .map(|p| ProgressView {
            name: p.name.clone(),
            hours: format!(
                "{} / {}",
                hours(p.attended_minutes),
                hours(p.planned_minutes)
            ),
            halves: format!("{} / {}", p.present_half_days, p.half_days),
            completion: c.t(p.completion.key()),
            pdf: (p.completion != Completion::Absent).then(|| {
                format!(
                    "{}/sessions/{event}/attestation.pdf?personne={}",
                    t.path(),
                    p.user_id
                )
            }),
        })
        .collect()
}

async fn keeper(state: &AppState, ctx: &Ctx, slug: &str, event: EventId) -> AppResult<Training> {
    let who = ctx.require_user()?;
    let t = service::by_slug(state, slug).await?;
    attendance::recordable(state, who, &t, event).await?;
    Ok(t)
}

async fn sheet_page(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    t: Training,
    event: EventId,
    errors: crate::error::FieldErrors,
) -> AppResult<Response> {
    let sheets = attendance::sheets(state, event).await?;
    let mut c = Chrome::new(ctx, headers, "training-attendance-title");
    c.title = format!("{} – {}", c.title, t.title);
    let now = state.clock.now_ms();
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &SheetTpl {
            action: format!("{}/sessions/{event}/emargement", t.path()),
            sheets: sheet_views(&c, &sheets, now),
            progress: progress_views(&c, &t, event, &attendance::progress(&sheets)),
            errors,
            c,
            t,
        },
    )
}

/// `GET /formations/{slug}/sessions/{event}/emargement`.
pub(super) async fn sheet(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, event)): Path<(String, EventId)>,
) -> AppResult<Response> {
    let t = keeper(&state, &ctx, &slug, event).await?;
    sheet_page(&state, &ctx, &headers, t, event, Default::default()).await
}

/// `POST /formations/{slug}/sessions/{event}/emargement`: every box of the half-days that have
/// begun, ticked (present) or not (absent); the later half-days are left as they are.
pub(super) async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, event)): Path<(String, EventId)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let t = keeper(&state, &ctx, &slug, event).await?;
    let who = ctx.require_user()?;
    let sheets = attendance::sheets(&state, event).await?;
    let now = state.clock.now_ms();
    let ticked: std::collections::HashSet<&str> = pairs
        .iter()
        .filter(|(k, _)| k.starts_with("p."))
        .map(|(k, _)| k.as_str())
        .collect();
    let mut marks = Vec::new();
    for s in &sheets {
        for l in &s.learners {
            for h in s.halves.iter().filter(|h| h.starts_at <= now) {
                let name = format!("p.{}.{}.{}", l.registration_id, h.day, h.half);
                marks.push(Mark {
                    registration_id: l.registration_id,
                    day: h.day.clone(),
                    half: h.half.to_string(),
                    present: ticked.contains(name.as_str()),
                });
            }
        }
    }
    match super::super::followup::record(&state, who, &t, event, &sheets, &marks).await {
        Ok(_) => Ok(redirect_flash(
            &format!("{}/sessions/{event}/emargement", t.path()),
            "flash-training-attendance-saved",
        )),
        Err(AppError::Invalid(e)) => sheet_page(&state, &ctx, &headers, t, event, e).await,
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
pub(super) struct Whose {
    #[serde(default)]
    personne: Option<String>,
}

/// `GET /formations/{slug}/sessions/{event}/attestation.pdf[?personne=]`: the signed-in
/// learner's certificate, or (for the sheet's keepers) that of learner `personne`.
pub(super) async fn certificate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, event)): Path<(String, EventId)>,
    Query(q): Query<Whose>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let t = service::by_slug(&state, &slug).await?;
    if super::super::repo::training_of_event(&state.db, event).await? != Some(t.id) {
        return Err(AppError::NotFound);
    }
    let learner = match q
        .personne
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => who.user.id,
        Some(s) => {
            let id = s.parse::<UserId>().map_err(|_| AppError::NotFound)?;
            if id != who.user.id {
                attendance::recordable(&state, who, &t, event).await?;
            }
            id
        }
    };
    let (p, first, last) = attendance::certificate_of(&state, event, learner)
        .await?
        .ok_or(AppError::NotFound)?;
    let lang = ctx.lang;
    let tr = |k: &str| lang.t(k);
    let title = tr("training-certificate-title");
    let mut doc = Pdf::new(&format!("{title} – {}", p.name), lang.code());
    let today = crate::clock::paris_date(state.clock.now_ms());
    let day = |ms: i64| crate::events::model::long_day(lang, crate::clock::paris_date(ms));
    doc.push(Block::Title(title))
        .push(Block::Paragraph(lang.ta(
            "training-certificate-body",
            &[
                ("provider", t.provider_name.as_str()),
                ("learner", p.name.as_str()),
                ("training", t.title.as_str()),
            ],
        )))
        .push(Block::Table(vec![
            (
                tr("training-certificate-dates"),
                format!("{} – {}", day(first), day(last)),
            ),
            (tr("training-certificate-planned"), hours(p.planned_minutes)),
            (
                tr("training-certificate-attended"),
                format!(
                    "{} ({} / {})",
                    hours(p.attended_minutes),
                    p.present_half_days,
                    p.half_days
                ),
            ),
            (tr("training-certificate-result"), tr(p.completion.key())),
            (
                tr("training-field-modality"),
                tr(&format!("training-modality-{}", t.modality)),
            ),
        ]))
        .push(Block::Heading(tr("training-field-objectives")))
        .push(Block::Paragraph(t.objectives.clone()));
    if !t.certification_code.is_empty() {
        doc.push(Block::Paragraph(format!(
            "{} : {}",
            tr("training-field-certification"),
            t.certification_code
        )));
    }
    doc.push(Block::Note(lang.ta(
        "training-certificate-made",
        &[
            ("provider", t.provider_name.as_str()),
            ("date", crate::events::model::long_day(lang, today).as_str()),
        ],
    )));
    let bytes = doc.render().map_err(AppError::Internal)?;
    Ok(crate::pdf::response(
        bytes,
        &format!("attestation-{}-{event}.pdf", t.slug),
        true,
    ))
}
