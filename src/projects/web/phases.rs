//! Phases in the pages: a network's phase template (its admins) and a project's own phases
//! (its holders and advisors).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::shared::member_area;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::projects::model::{Phase, Project, MAX_PHASES};
use crate::projects::repo;
use crate::projects::service::phases::{self as service, PhaseChanges};
use crate::state::AppState;
use crate::tenancy::model::Network;
use crate::web::{redirect_flash, render_status, Chrome};

// ---- the network's template: page ----

pub struct TemplateRow {
    pub n: usize,
    pub title: String,
    pub objectives: String,
}

#[derive(Template)]
#[template(path = "projects/phase_template.html")]
struct TemplateTpl {
    c: Chrome,
    network: Network,
    rows: Vec<TemplateRow>,
    is_default: bool,
    errors: FieldErrors,
}

fn template_rows(phases: &[(String, String)]) -> Vec<TemplateRow> {
    // The phases, then three empty rows to add more.
    phases
        .iter()
        .cloned()
        .chain(std::iter::repeat_n((String::new(), String::new()), 3))
        .take(MAX_PHASES)
        .enumerate()
        .map(|(i, (title, objectives))| TemplateRow {
            n: i + 1,
            title,
            objectives,
        })
        .collect()
}

pub async fn template_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let n = crate::tenancy::repo::network_by_slug(&state.db, &slug).await?;
    let network = service::managed_network(ctx.user.as_ref(), n)?;
    let (phases, is_default) = service::effective_template(&state, network.id).await?;
    let mut c = Chrome::new(&ctx, &headers, "projects-phase-template");
    c.title = format!("{} – {}", c.t("projects-phase-template"), network.name);
    render_status(
        StatusCode::OK,
        &TemplateTpl {
            c,
            network,
            rows: template_rows(&phases),
            is_default,
            errors: FieldErrors::default(),
        },
    )
}

/// Reads `title_1`, `objectives_1`, `title_2`… from a form, in order.
fn numbered_rows(fields: &[(String, String)]) -> Vec<(String, String)> {
    let get = |k: &str| {
        fields
            .iter()
            .find(|(f, _)| f == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    (1..=MAX_PHASES + 3)
        .map(|i| (get(&format!("title_{i}")), get(&format!("objectives_{i}"))))
        .collect()
}

pub async fn template_save(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let n = crate::tenancy::repo::network_by_slug(&state.db, &slug).await?;
    let network = service::managed_network(ctx.user.as_ref(), n)?;
    let reset = fields.iter().any(|(k, _)| k == "reset");
    let rows = if reset {
        Vec::new()
    } else {
        numbered_rows(&fields)
    };
    match service::save_template(&state, &network, &rows).await {
        Ok(()) => Ok(redirect_flash(
            &format!("/reseaux/{}/modele-de-phases", network.slug),
            "flash-phase-template-saved",
        )),
        Err(AppError::Invalid(errors)) => {
            let c = Chrome::new(&ctx, &headers, "projects-phase-template");
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &TemplateTpl {
                    c,
                    network,
                    rows: template_rows(&rows),
                    is_default: false,
                    errors,
                },
            )
        }
        Err(e) => Err(e),
    }
}
// ---- a project's phases: pages ----

pub struct PhaseRow {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub objectives: String,
    pub starts_on: String,
    pub ends_on: String,
    pub completion: i64,
    pub support_level: String,
    pub errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "projects/workspace_phases.html")]
struct PhasesTpl {
    c: Chrome,
    p: Project,
    phases: Vec<PhaseRow>,
    new_title: String,
    new_errors: FieldErrors,
}

fn phase_row(ph: Phase, errors: FieldErrors) -> PhaseRow {
    PhaseRow {
        id: ph.id,
        position: ph.position,
        title: ph.title,
        objectives: ph.objectives,
        starts_on: ph.starts_on.unwrap_or_default(),
        ends_on: ph.ends_on.unwrap_or_default(),
        completion: ph.completion,
        support_level: ph.support_level,
        errors,
    }
}

async fn phases_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    p: Project,
    failed: Option<(i64, PhaseForm, FieldErrors)>,
    new: Option<(String, FieldErrors)>,
) -> AppResult<Response> {
    let mut c = Chrome::new(ctx, headers, "projects-phases-edit");
    c.title = format!("{} – {}", c.t("projects-phases-edit"), p.name);
    let invalid = failed.is_some() || new.is_some();
    let phases = repo::phases(&state.db, p.id)
        .await?
        .into_iter()
        .map(|ph| match &failed {
            Some((id, f, errors)) if *id == ph.id => PhaseRow {
                id: ph.id,
                position: ph.position,
                title: f.title.clone(),
                objectives: f.objectives.clone(),
                starts_on: f.starts_on.clone(),
                ends_on: f.ends_on.clone(),
                completion: f.completion.trim().parse().unwrap_or(ph.completion),
                support_level: f.support_level.clone(),
                errors: errors.clone(),
            },
            _ => phase_row(ph, FieldErrors::default()),
        })
        .collect();
    let (new_title, new_errors) = new.unwrap_or_default();
    let status = if invalid {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render_status(
        status,
        &PhasesTpl {
            c,
            p,
            phases,
            new_title,
            new_errors,
        },
    )
}

pub async fn phases_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let p = member_area(&state, &ctx, &slug).await?;
    phases_view(&state, &ctx, &headers, p, None, None).await
}

#[derive(Deserialize, Default, Clone)]
pub struct PhaseForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub objectives: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    #[serde(default)]
    pub completion: String,
    #[serde(default)]
    pub support_level: String,
}

/// Applies a form or a JSON body to a phase (title included).
pub async fn phase_update(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    Form(f): Form<PhaseForm>,
) -> AppResult<Response> {
    let p = member_area(&state, &ctx, &slug).await?;
    let completion = match f.completion.trim() {
        "" => 0,
        raw => raw.parse::<i64>().unwrap_or(-1),
    };
    let res = service::update_phase(
        &state,
        ctx.user.as_ref(),
        &p,
        id,
        PhaseChanges {
            title: Some(&f.title),
            objectives: &f.objectives,
            starts_on: &f.starts_on,
            ends_on: &f.ends_on,
            completion,
            support_level: &f.support_level,
        },
    )
    .await;
    match res {
        Ok(_) => Ok(redirect_flash(
            &format!("/projets/{}/phases", p.slug),
            "flash-phase-saved",
        )),
        Err(AppError::Invalid(errors)) => {
            phases_view(&state, &ctx, &headers, p, Some((id, f, errors)), None).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
pub struct NewPhaseForm {
    #[serde(default)]
    pub title: String,
}

pub async fn phase_add(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<NewPhaseForm>,
) -> AppResult<Response> {
    let p = member_area(&state, &ctx, &slug).await?;
    match service::add_phase(&state, &p, &f.title, "").await {
        Ok(_) => Ok(redirect_flash(
            &format!("/projets/{}/phases", p.slug),
            "flash-phase-saved",
        )),
        Err(AppError::Invalid(errors)) => {
            phases_view(&state, &ctx, &headers, p, None, Some((f.title, errors))).await
        }
        Err(e) => Err(e),
    }
}

pub async fn phase_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    let p = member_area(&state, &ctx, &slug).await?;
    service::delete_phase(&state, &p, id).await?;
    Ok(redirect_flash(
        &format!("/projets/{}/phases", p.slug),
        "flash-phase-deleted",
    ))
}
