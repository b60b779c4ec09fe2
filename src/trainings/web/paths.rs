//! Learning paths' pages: a path with its steps and, for a signed-in learner, where they stand
//! (`/parcours/{slug}`), and the form that writes or edits one (its provider's writers). The
//! form works without JavaScript: a row per step, each with up to [`CHOICES`] trainings to
//! choose from and an "optional" box; blank rows are dropped, and [`BLANK_ROWS`] blank rows
//! follow the steps so that a path grows by saving and editing again.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::super::model::paths::{LearningPath, Step, StepInput};
use super::super::model::Provider;
use super::super::service::{self, PathDraft};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::ids::{NetworkId, PathId, PlaceId, TrainingId};
use crate::state::AppState;
use crate::web::{redirect_flash, render, render_status, Chrome};

/// Trainings a step's row offers to choose from.
const CHOICES: usize = 3;
/// Blank rows after the steps.
const BLANK_ROWS: usize = 3;

/// A step as the path's page shows it.
pub struct StepView {
    pub position: i32,
    pub optional: bool,
    /// (title, href, hours, done by this one).
    pub options: Vec<(String, String, String, bool)>,
    pub done: bool,
}

#[derive(Template)]
#[template(path = "trainings/path.html")]
struct PathTpl {
    c: Chrome,
    p: LearningPath,
    steps: Vec<StepView>,
    signed_in: bool,
    /// "2 étapes sur 3", for a signed-in learner.
    progress: String,
    complete: bool,
    can_write: bool,
    json_ld: String,
}

fn hours(minutes: i32) -> String {
    let h = f64::from(minutes) / 60.0;
    if h.fract() == 0.0 {
        format!("{h:.0} h")
    } else {
        format!("{h:.1} h").replace('.', ",")
    }
}

/// The path as schema.org `EducationalOccupationalProgram` (its courses in order).
fn json_ld(base: &str, p: &LearningPath, steps: &[Step]) -> String {
    let courses: Vec<serde_json::Value> = steps
        .iter()
        .flat_map(|s| s.options.iter())
        .map(|o| {
            serde_json::json!({
                "@type": "Course",
                "name": o.title,
                "url": format!("{base}/formations/{}", o.slug),
            })
        })
        .collect();
    let v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalProgram",
        "name": p.title,
        "url": format!("{base}{}", p.path()),
        "provider": {"@type": "Organization", "name": p.provider_name},
        "hasCourse": courses,
    });
    // `</` could close the script element that holds it.
    v.to_string().replace("</", "<\\/")
}

/// `GET /parcours/{slug}`.
pub(super) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let p = service::path_by_slug(&state, &slug).await?;
    let steps = service::path_steps(&state, p.id).await?;
    let mut c = Chrome::new(&ctx, &headers, "training-path");
    c.title = p.title.clone();
    let progress = match ctx.user.as_ref() {
        Some(who) => Some(service::path_progress(&state, who.user.id, &steps).await?),
        None => None,
    };
    let views = steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let by = progress.as_ref().and_then(|p| p.steps[i]);
            StepView {
                position: s.position,
                optional: s.optional,
                options: s
                    .options
                    .iter()
                    .map(|o| {
                        (
                            o.title.clone(),
                            format!("/formations/{}", o.slug),
                            hours(o.duration_minutes),
                            by == Some(o.training_id),
                        )
                    })
                    .collect(),
                done: by.is_some(),
            }
        })
        .collect();
    let (progress, complete) = match &progress {
        Some(pr) => (
            c.lang.ta(
                "training-path-progress",
                &[
                    ("done", &pr.required_done.to_string()),
                    ("total", &pr.required.to_string()),
                ],
            ),
            pr.complete,
        ),
        None => (String::new(), false),
    };
    render(&PathTpl {
        json_ld: json_ld(state.config.base_url.trim_end_matches('/'), &p, &steps),
        can_write: service::may_write(&state, ctx.user.as_ref(), p.provider()).await?,
        signed_in: ctx.user.is_some(),
        steps: views,
        progress,
        complete,
        c,
        p,
    })
}

/// A row of the form: the trainings chosen (as typed) and the optional box.
#[derive(Clone, Default)]
pub struct RowView {
    pub choices: Vec<String>,
    pub optional: bool,
}

#[derive(Template)]
#[template(path = "trainings/path_form.html")]
struct FormTpl {
    c: Chrome,
    action: String,
    provider_name: String,
    provider_path: String,
    provider_field: String,
    provider_id: i64,
    title: String,
    description: String,
    rows: Vec<RowView>,
    /// (id, title) of the trainings a step may hold.
    trainings: Vec<(String, String)>,
    errors: FieldErrors,
}

/// What the form sends: `title`, `description`, `network_id`/`place_id`, and per row `n`
/// the fields `s{n}.{k}` (a training's id, `k` < [`CHOICES`]) and `s{n}.optional`.
struct Sent {
    title: String,
    description: String,
    network_id: Option<NetworkId>,
    place_id: Option<PlaceId>,
    rows: Vec<RowView>,
}

fn read(pairs: &[(String, String)], errors: &mut FieldErrors) -> (Sent, Vec<StepInput>) {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let id = |k: &str| get(k).trim().parse::<i64>().ok();
    let mut rows: Vec<RowView> = Vec::new();
    let mut steps = Vec::new();
    for n in 0..super::super::model::paths::STEPS_MAX + BLANK_ROWS {
        let choices: Vec<String> = (0..CHOICES).map(|k| get(&format!("s{n}.{k}"))).collect();
        let optional = !get(&format!("s{n}.optional")).is_empty();
        if choices.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let mut ids = Vec::new();
        for v in choices.iter().filter(|v| !v.trim().is_empty()) {
            match v.trim().parse::<i64>() {
                Ok(i) if !ids.contains(&TrainingId(i)) => ids.push(TrainingId(i)),
                Ok(_) => {}
                Err(_) => errors.add(
                    format!("steps.{}.training_ids", steps.len()),
                    "training-path-error-training",
                ),
            }
        }
        steps.push(StepInput {
            training_ids: ids,
            optional,
        });
        rows.push(RowView { choices, optional });
    }
    (
        Sent {
            title: get("title"),
            description: get("description"),
            network_id: id("network_id").map(NetworkId),
            place_id: id("place_id").map(PlaceId),
            rows,
        },
        steps,
    )
}

#[allow(clippy::too_many_arguments)]
async fn form_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    provider: Provider,
    action: String,
    title_key: &'static str,
    sent: Sent,
    errors: FieldErrors,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    service::check_writer(state, who, provider).await?;
    let (provider_name, provider_path) = service::provider_names(state, provider).await?;
    let trainings = service::path_choices(state, provider)
        .await?
        .into_iter()
        .map(|(id, t)| (id.to_string(), t))
        .collect();
    let mut c = Chrome::new(ctx, headers, title_key);
    c.title = format!("{} – {provider_name}", c.title);
    let (field, id) = provider.field();
    let mut rows = sent.rows;
    rows.extend(std::iter::repeat_n(
        RowView {
            choices: vec![String::new(); CHOICES],
            optional: false,
        },
        BLANK_ROWS.max(3usize.saturating_sub(rows.len())),
    ));
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &FormTpl {
            action,
            provider_name,
            provider_path,
            provider_field: field.into(),
            provider_id: id,
            title: sent.title,
            description: sent.description,
            rows,
            trainings,
            c,
            errors,
        },
    )
}

#[derive(Deserialize, Default)]
pub(super) struct NewQuery {
    #[serde(default)]
    network_id: Option<String>,
    #[serde(default)]
    place_id: Option<String>,
}

/// `GET /parcours/nouveau?network_id=1` (or `place_id`): the empty form.
pub(super) async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    ctx.require_user()?;
    let id = |v: &Option<String>| v.as_deref().and_then(|s| s.trim().parse::<i64>().ok());
    let provider = Provider::one(
        id(&q.network_id).map(NetworkId),
        id(&q.place_id).map(PlaceId),
    )
    .ok_or(AppError::NotFound)?;
    let sent = Sent {
        title: String::new(),
        description: String::new(),
        network_id: None,
        place_id: None,
        rows: Vec::new(),
    };
    form_view(
        &state,
        &ctx,
        &headers,
        provider,
        "/parcours".into(),
        "training-path-new",
        sent,
        FieldErrors::default(),
    )
    .await
}

/// `POST /parcours`: writes the path, or shows the form with its errors.
pub(super) async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let mut errors = FieldErrors::default();
    let (sent, steps) = read(&pairs, &mut errors);
    let draft = PathDraft {
        title: sent.title.clone(),
        description: sent.description.clone(),
        network_id: sent.network_id,
        place_id: sent.place_id,
        steps,
        errors,
    };
    match service::create_path(&state, who, draft).await {
        Ok(p) => Ok(redirect_flash(&p.path(), "flash-training-path-saved")),
        Err(AppError::Invalid(errors)) => {
            let provider =
                Provider::one(sent.network_id, sent.place_id).ok_or(AppError::NotFound)?;
            form_view(
                &state,
                &ctx,
                &headers,
                provider,
                "/parcours".into(),
                "training-path-new",
                sent,
                errors,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

fn rows_of(steps: &[Step]) -> Vec<RowView> {
    steps
        .iter()
        .map(|s| {
            let mut choices: Vec<String> = s
                .options
                .iter()
                .map(|o| o.training_id.to_string())
                .collect();
            choices.resize(CHOICES.max(choices.len()), String::new());
            RowView {
                choices,
                optional: s.optional,
            }
        })
        .collect()
}

/// `GET /parcours/{slug}/modifier`.
pub(super) async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let p = service::path_by_slug(&state, &slug).await?;
    let steps = service::path_steps(&state, p.id).await?;
    let sent = Sent {
        title: p.title.clone(),
        description: p.description.clone(),
        network_id: None,
        place_id: None,
        rows: rows_of(&steps),
    };
    form_view(
        &state,
        &ctx,
        &headers,
        p.provider(),
        format!("{}/modifier", p.path()),
        "training-path-edit",
        sent,
        FieldErrors::default(),
    )
    .await
}

/// `POST /parcours/{slug}/modifier`.
pub(super) async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let p = service::path_by_slug(&state, &slug).await?;
    let mut errors = FieldErrors::default();
    let (sent, steps) = read(&pairs, &mut errors);
    let draft = PathDraft {
        title: sent.title.clone(),
        description: sent.description.clone(),
        network_id: None,
        place_id: None,
        steps,
        errors,
    };
    let id: PathId = p.id;
    match service::update_path(&state, who, id, draft).await {
        Ok(p) => Ok(redirect_flash(&p.path(), "flash-training-path-saved")),
        Err(AppError::Invalid(errors)) => {
            form_view(
                &state,
                &ctx,
                &headers,
                p.provider(),
                format!("{}/modifier", p.path()),
                "training-path-edit",
                sent,
                errors,
            )
            .await
        }
        Err(e) => Err(e),
    }
}
