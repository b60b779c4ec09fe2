//! Phases from the pages and the API: a network's phase template (edited by the network's
//! admins; the seeds' four phases apply while a network has none), copied into each new
//! project the network follows; and a project's own phases, edited, added and removed by its
//! holders and advisors.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::{self, Phase, Project};
use super::repo;
use super::service::{self, PhaseInput};
use super::workspace::{member_api, member_area};
use crate::auth::api_user;
use crate::auth::policy::{authorize, Action, Target};
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult, AppError, AppResult, FieldErrors};
use crate::form::{ApiPath, Form, Json as JsonIn};
use crate::state::AppState;
use crate::tenancy::model::Network;
use crate::web::{redirect_flash, render_status, Chrome};

type E = crate::error::ApiErrorBody;

/// At most this many phases in a template or a project.
pub const MAX_PHASES: usize = 20;

/// Validates a template: 1–20 phases, each a title (1–200 characters) and objectives (one per
/// line). Rows without a title and without objectives are ignored.
pub fn check_template(rows: &[(String, String)]) -> AppResult<Vec<(String, String)>> {
    let mut errors = FieldErrors::default();
    let mut out = Vec::new();
    for (title, objectives) in rows {
        if title.trim().is_empty() && objectives.trim().is_empty() {
            continue;
        }
        let t = model::parse_label(title, "phases", &mut errors);
        let o = model::parse_text(objectives, "phases", &mut errors);
        if let Some(t) = t {
            out.push((t, model::lines(&o).join("\n")));
        }
    }
    if out.len() > MAX_PHASES {
        errors.add("phases", "projects-too-many-phases");
    }
    errors.into_result()?;
    Ok(out)
}

/// The template a network's new projects start with (the default when it has none).
pub async fn effective_template(
    state: &AppState,
    network_id: i64,
) -> AppResult<(Vec<(String, String)>, bool)> {
    let stored = repo::phase_template(&state.db, network_id).await?;
    if stored.is_empty() {
        return Ok((
            model::DEFAULT_PHASES
                .iter()
                .map(|(t, o)| (t.to_string(), o.to_string()))
                .collect(),
            true,
        ));
    }
    Ok((
        stored
            .into_iter()
            .map(|t| (t.title, t.objectives))
            .collect(),
        false,
    ))
}

async fn managed_network(ctx: &Ctx, n: Option<Network>) -> AppResult<Network> {
    let who = ctx.require_user()?;
    let n = n.ok_or(AppError::NotFound)?;
    authorize(Some(who), Action::ManageNetwork, &Target::Network(n.id))?;
    Ok(n)
}

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
    let network = managed_network(&ctx, n).await?;
    let (phases, is_default) = effective_template(&state, network.id).await?;
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
    let network = managed_network(&ctx, n).await?;
    let reset = fields.iter().any(|(k, _)| k == "reset");
    let rows = if reset {
        Vec::new()
    } else {
        numbered_rows(&fields)
    };
    match check_template(&rows) {
        Ok(phases) => {
            repo::replace_phase_template(&state.db, network.id, &phases).await?;
            Ok(redirect_flash(
                &format!("/reseaux/{}/modele-de-phases", network.slug),
                "flash-phase-template-saved",
            ))
        }
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

// ---- the network's template: API ----

#[derive(Serialize, Deserialize, ToSchema)]
pub struct TemplatePhaseIo {
    /// 1 to 200 characters.
    pub title: String,
    #[serde(default)]
    pub objectives: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TemplateOut {
    pub network_id: i64,
    /// True while the network has no template of its own (the seeds' four phases apply).
    pub is_default: bool,
    pub phases: Vec<TemplatePhaseIo>,
}

fn template_out(network_id: i64, phases: Vec<(String, String)>, is_default: bool) -> TemplateOut {
    TemplateOut {
        network_id,
        is_default,
        phases: phases
            .into_iter()
            .map(|(title, o)| TemplatePhaseIo {
                title,
                objectives: model::lines(&o),
            })
            .collect(),
    }
}

async fn api_network(state: &AppState, ctx: &Ctx, id: i64) -> ApiResult<Network> {
    api_user(ctx)?;
    let n = crate::tenancy::repo::network_by_id(&state.db, id).await?;
    Ok(managed_network(ctx, n).await?)
}

/// The phase template of a network (its admins).
#[utoipa::path(
    get, path = "/api/v1/networks/{id}/phase-template", tag = "projets",
    operation_id = "projects_phase_template_get",
    params(("id" = i64, Path, description = "Identifiant du réseau")),
    responses(
        (status = 200, description = "Le modèle de phases", body = TemplateOut),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_template_get(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<TemplateOut>> {
    let n = api_network(&state, &ctx, id).await?;
    let (phases, is_default) = effective_template(&state, n.id).await?;
    Ok(Json(template_out(n.id, phases, is_default)))
}

#[derive(Deserialize, ToSchema)]
pub struct TemplateIn {
    /// Ordered phases; an empty list goes back to the default four.
    pub phases: Vec<TemplatePhaseIo>,
}

/// Replaces the phase template of a network; new projects it follows copy it.
#[utoipa::path(
    put, path = "/api/v1/networks/{id}/phase-template", tag = "projets",
    operation_id = "projects_phase_template_put",
    params(("id" = i64, Path, description = "Identifiant du réseau")),
    request_body = TemplateIn,
    responses(
        (status = 200, description = "Le modèle de phases", body = TemplateOut),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Phases invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_template_put(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<TemplateIn>,
) -> ApiResult<Json<TemplateOut>> {
    let n = api_network(&state, &ctx, id).await?;
    let rows: Vec<(String, String)> = b
        .phases
        .into_iter()
        .map(|p| (p.title, p.objectives.join("\n")))
        .collect();
    // Every given phase needs a title, even without objectives.
    let mut errors = FieldErrors::default();
    if rows.iter().any(|r| r.0.trim().is_empty()) {
        errors.add("phases", "field-required");
        return Err(ApiError(AppError::Invalid(errors), ctx.lang));
    }
    let phases = check_template(&rows).map_err(|e| ApiError(e, ctx.lang))?;
    repo::replace_phase_template(&state.db, n.id, &phases).await?;
    let (phases, is_default) = effective_template(&state, n.id).await?;
    Ok(Json(template_out(n.id, phases, is_default)))
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
fn apply(ph: &mut Phase, f: &PhaseForm) -> AppResult<()> {
    let mut errors = FieldErrors::default();
    let title = model::parse_label(&f.title, "title", &mut errors);
    let completion = match f.completion.trim() {
        "" => 0,
        raw => raw.parse::<i64>().unwrap_or(-1),
    };
    let res = service::apply_phase(
        ph,
        PhaseInput {
            objectives: &f.objectives,
            starts_on: &f.starts_on,
            ends_on: &f.ends_on,
            completion,
            support_level: &f.support_level,
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
    if let Some(t) = title {
        ph.title = t;
    }
    Ok(())
}

async fn phase_of(state: &AppState, p: &Project, id: i64) -> AppResult<Phase> {
    repo::phases(&state.db, p.id)
        .await?
        .into_iter()
        .find(|ph| ph.id == id)
        .ok_or(AppError::NotFound)
}

pub async fn phase_update(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    Form(f): Form<PhaseForm>,
) -> AppResult<Response> {
    let p = member_area(&state, &ctx, &slug).await?;
    let mut ph = phase_of(&state, &p, id).await?;
    let old = ph.completion;
    match apply(&mut ph, &f) {
        Ok(()) => {
            repo::update_phase(&state.db, &ph, old, ctx.user_id(), state.clock.now_ms()).await?;
            Ok(redirect_flash(
                &format!("/projets/{}/phases", p.slug),
                "flash-phase-saved",
            ))
        }
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
    match add_phase(&state, &p, &f.title, "").await {
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
    if !repo::delete_phase(&state.db, p.id, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(redirect_flash(
        &format!("/projets/{}/phases", p.slug),
        "flash-phase-deleted",
    ))
}

async fn add_phase(
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

// ---- a project's phases: API ----

#[derive(Deserialize, ToSchema)]
pub struct NewPhase {
    /// 1 to 200 characters.
    pub title: String,
    #[serde(default)]
    pub objectives: Vec<String>,
}

/// Adds a phase at the end of a project's phases.
#[utoipa::path(
    post, path = "/api/v1/projects/{id}/phases", tag = "projets",
    operation_id = "projects_phase_create",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    request_body = NewPhase,
    responses(
        (status = 201, description = "La phase", body = super::api::PhaseOut),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_phase_create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<NewPhase>,
) -> ApiResult<(StatusCode, Json<super::api::PhaseOut>)> {
    let p = member_api(&state, &ctx, id).await?;
    let ph = add_phase(&state, &p, &b.title, &b.objectives.join("\n"))
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::CREATED, Json(super::api::phase_out(ph))))
}

/// Removes a phase from a project.
#[utoipa::path(
    delete, path = "/api/v1/projects/{id}/phases/{phase_id}", tag = "projets",
    operation_id = "projects_phase_delete",
    params(("id" = i64, Path, description = "Projet"), ("phase_id" = i64, Path, description = "Phase")),
    responses(
        (status = 204, description = "Supprimée"),
        (status = 404, description = "Inconnue ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_phase_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, phase_id)): ApiPath<(i64, i64)>,
) -> ApiResult<StatusCode> {
    let p = member_api(&state, &ctx, id).await?;
    if !repo::delete_phase(&state.db, p.id, phase_id).await? {
        return Err(AppError::NotFound.into());
    }
    Ok(StatusCode::NO_CONTENT)
}
