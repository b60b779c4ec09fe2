//! Pages of projects: the list, a project (phases, canvas link, funding summary and chart),
//! the creation form, the Social Business Canvas (edit, versions and comparison, print), the
//! funding plan (applications and budget lines).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::model::{self, FundingApplication, Project};
use super::repo;
use super::service::{self, FundingInput, ProjectInput};
use crate::auth::policy::Target;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::money::format_eur;
use crate::state::AppState;
use crate::web::{redirect_flash, render, render_status, Chrome};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/projets", get(list_page).post(create))
        .route("/projets/nouveau", get(new_page))
        .route("/projets/{slug}", get(super::public::project_page))
        .route(
            "/projets/{slug}/canevas",
            get(canvas_page).post(save_canvas),
        )
        .route("/projets/{slug}/canevas/versions", get(versions_page))
        .route("/projets/{slug}/canevas/imprimer", get(print_page))
        .route("/projets/{slug}/financement", get(funding_page))
        .route("/projets/{slug}/financement/dossiers", post(add_funding))
        .route("/projets/{slug}/financement/budget", post(add_budget))
        .merge(super::public::routes())
        .merge(super::dashboard::routes())
        .merge(workspace_routes())
}

/// The workspace pages (holders and advisors): workspace, stakeholders, timeline, holders and
/// the project's description, invitations.
fn workspace_routes() -> Router<AppState> {
    use super::{funding, members, phases, stakeholders, timeline, workspace};
    Router::new()
        .route("/projets/{slug}/espace", get(workspace::workspace_page))
        .route(
            "/projets/{slug}/espace/groupes",
            post(workspace::create_group),
        )
        .route(
            "/projets/{slug}/parties-prenantes",
            get(stakeholders::list_page).post(stakeholders::create_form),
        )
        .route(
            "/projets/{slug}/parties-prenantes.csv",
            get(stakeholders::csv_export),
        )
        .route(
            "/projets/{slug}/parties-prenantes/{id}",
            get(stakeholders::edit_page).post(stakeholders::update_form),
        )
        .route(
            "/projets/{slug}/parties-prenantes/{id}/supprimer",
            post(stakeholders::delete_form),
        )
        .route("/projets/{slug}/chronologie", get(timeline::timeline_page))
        .route(
            "/projets/{slug}/phases",
            get(phases::phases_page).post(phases::phase_add),
        )
        .route("/projets/{slug}/phases/{id}", post(phases::phase_update))
        .route(
            "/projets/{slug}/phases/{id}/supprimer",
            post(phases::phase_delete),
        )
        .route(
            "/reseaux/{slug}/modele-de-phases",
            get(phases::template_page).post(phases::template_save),
        )
        .route(
            "/projets/{slug}/financement/dossiers/{id}",
            get(funding::application_page).post(funding::application_update),
        )
        .route(
            "/projets/{slug}/financement/dossiers/{id}/supprimer",
            post(funding::application_delete),
        )
        .route(
            "/projets/{slug}/financement/dossiers/{id}/pieces",
            post(funding::attach_form),
        )
        .route(
            "/projets/{slug}/financement/dossiers/{id}/pieces/{doc}/retirer",
            post(funding::detach_form),
        )
        .route(
            "/projets/{slug}/financement/budget/{id}",
            get(funding::budget_page).post(funding::budget_update),
        )
        .route(
            "/projets/{slug}/financement/budget/{id}/supprimer",
            post(funding::budget_delete),
        )
        .route(
            "/projets/{slug}/membres",
            get(members::members_page).post(members::add_form),
        )
        .route(
            "/projets/{slug}/membres/{user_id}/retirer",
            post(members::remove_form),
        )
        .route("/projets/{slug}/modifier", post(members::edit_form))
        .route(
            "/projets/invitation/{token}",
            get(members::invitation_page).post(members::invitation_accept),
        )
}

async fn visible(state: &AppState, ctx: &Ctx, slug: &str) -> AppResult<(Project, Target)> {
    let p = repo::project_by_slug(&state.db, slug).await?;
    service::visible(state, ctx.user.as_ref(), p).await
}

async fn managed(state: &AppState, ctx: &Ctx, slug: &str) -> AppResult<(Project, Target)> {
    ctx.require_user()?;
    let p = repo::project_by_slug(&state.db, slug).await?;
    service::managed(state, ctx.user.as_ref(), p).await
}

pub(crate) fn status_label(c: &Chrome, s: &str) -> String {
    c.t(&format!("projects-status-{}", s.replace('_', "-")))
}
fn programme_label(c: &Chrome, s: &str) -> String {
    c.t(&format!("projects-programme-{}", s.replace('_', "-")))
}
fn funding_status_label(c: &Chrome, s: &str) -> String {
    c.t(&format!("projects-funding-status-{s}"))
}
fn block_label(c: &Chrome, s: &str) -> String {
    c.t(&format!("projects-block-{}", s.replace('_', "-")))
}

// ---- list and creation ----

pub struct Card {
    pub name: String,
    pub slug: String,
    pub status: String,
    pub territory: String,
    pub private: bool,
}

#[derive(Template)]
#[template(path = "projects/list.html")]
struct ListTpl {
    c: Chrome,
    projects: Vec<Card>,
    signed_in: bool,
    /// Network admins and instance admins: a link to the advisors' dashboard.
    advisor: bool,
}

async fn list_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let c = Chrome::new(&ctx, &headers, "projects-title");
    let mut projects = Vec::new();
    for p in repo::all_projects(&state.db).await? {
        let t = service::target(&state, &p).await?;
        if service::may_see(ctx.user.as_ref(), &p, &t) {
            projects.push(Card {
                status: status_label(&c, &p.status),
                territory: [p.communes.as_str(), p.departement.as_str()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" · "),
                private: !p.public,
                name: p.name,
                slug: p.slug,
            });
        }
    }
    render(&ListTpl {
        c,
        projects,
        signed_in: ctx.user.is_some(),
        advisor: ctx
            .user
            .as_ref()
            .is_some_and(|p| p.is_instance_admin() || !p.admin_networks().is_empty()),
    })
}

#[derive(Deserialize, Default)]
pub struct ProjectForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub communes: String,
    #[serde(default)]
    pub epci: String,
    #[serde(default)]
    pub departement: String,
    #[serde(default)]
    pub holders: String,
    #[serde(default)]
    pub intent: String,
    #[serde(default)]
    pub uses: String,
    #[serde(default)]
    pub network_id: String,
    #[serde(default)]
    pub public: Option<String>,
}

#[derive(Template)]
#[template(path = "projects/new.html")]
struct NewTpl {
    c: Chrome,
    f: ProjectForm,
    errors: FieldErrors,
    networks: Vec<(i64, String)>,
}

async fn new_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    f: ProjectForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let c = Chrome::new(ctx, headers, "projects-new");
    let networks = crate::tenancy::repo::networks(&state.db)
        .await?
        .into_iter()
        .map(|n| (n.id, n.name))
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &NewTpl {
            c,
            f,
            errors,
            networks,
        },
    )
}

async fn new_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    ctx.require_user()?;
    new_view(
        &state,
        &ctx,
        &headers,
        ProjectForm::default(),
        FieldErrors::default(),
    )
    .await
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<ProjectForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let network_id = f.network_id.trim().parse::<i64>().ok();
    let res = service::create_project(
        &state,
        who,
        ProjectInput {
            name: &f.name,
            communes: &f.communes,
            epci: &f.epci,
            departement: &f.departement,
            holders: &f.holders,
            intent: &f.intent,
            uses: &f.uses,
            status: "idea",
            public: f.public.is_some(),
            network_id,
        },
    )
    .await;
    match res {
        Ok(p) => Ok(redirect_flash(
            &format!("/projets/{}", p.slug),
            "flash-project-created",
        )),
        Err(AppError::Invalid(errors)) => new_view(&state, &ctx, &headers, f, errors).await,
        Err(e) => Err(e),
    }
}

// ---- a project ----

pub struct SourceBar {
    pub label: String,
    pub amount: String,
    pub bar: String,
}

pub struct FundingView {
    pub investment: String,
    pub operation: String,
    pub budget: String,
    pub requested: String,
    pub granted: String,
    pub rate: String,
    pub sources: Vec<SourceBar>,
}

pub(crate) fn funding_view(
    c: &Chrome,
    apps: &[FundingApplication],
    lines: &[model::BudgetLine],
) -> FundingView {
    let t = model::totals(apps, lines);
    let sources = model::by_source(apps);
    let max = sources.first().map(|s| s.1).unwrap_or(0);
    FundingView {
        investment: format_eur(t.investment_cents),
        operation: format_eur(t.operation_cents),
        budget: format_eur(t.budget_cents),
        requested: format_eur(t.requested_cents),
        granted: format_eur(t.granted_cents),
        rate: t
            .rate_permille
            .map(model::format_rate)
            .unwrap_or_else(|| "—".into()),
        sources: sources
            .into_iter()
            .map(|(p, cents)| SourceBar {
                label: programme_label(c, &p),
                amount: format_eur(cents),
                bar: model::bar_class(cents, max),
            })
            .collect(),
    }
}

// ---- canvas ----

pub struct BlockView {
    pub key: String,
    pub label: String,
    pub text: String,
}

fn block_views(c: &Chrome, blocks: &BTreeMap<String, String>) -> Vec<BlockView> {
    model::CANVAS_BLOCKS
        .iter()
        .map(|k| BlockView {
            key: k.to_string(),
            label: block_label(c, k),
            text: blocks.get(*k).cloned().unwrap_or_default(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "projects/canvas.html")]
struct CanvasTpl {
    c: Chrome,
    p: Project,
    blocks: Vec<BlockView>,
    version: Option<String>,
    can_manage: bool,
    errors: FieldErrors,
}

async fn canvas_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let (p, t) = visible(&state, &ctx, &slug).await?;
    let c = Chrome::new(&ctx, &headers, "projects-canvas");
    let latest = repo::canvas_versions(&state.db, p.id)
        .await?
        .into_iter()
        .next();
    let blocks = latest.as_ref().map(|v| v.block_map()).unwrap_or_default();
    render(&CanvasTpl {
        blocks: block_views(&c, &blocks),
        version: latest.map(|v| version_label(&v)),
        can_manage: service::may_manage(ctx.user.as_ref(), &t),
        errors: FieldErrors::default(),
        p,
        c,
    })
}

fn version_label(v: &model::CanvasVersion) -> String {
    format!(
        "n° {} — {} — {}",
        v.id,
        crate::clock::paris_display(v.created_at),
        v.author_name.clone().unwrap_or_else(|| "—".into())
    )
}

async fn save_canvas(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let (p, _) = managed(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    let blocks: BTreeMap<String, String> = f
        .into_iter()
        .filter(|(k, _)| model::CANVAS_BLOCKS.contains(&k.as_str()))
        .collect();
    match service::save_canvas(&state, who, &p, &blocks).await {
        Ok(_) => Ok(redirect_flash(
            &format!("/projets/{}/canevas", p.slug),
            "flash-canvas-saved",
        )),
        Err(AppError::Invalid(errors)) => {
            let c = Chrome::new(&ctx, &headers, "projects-canvas");
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &CanvasTpl {
                    blocks: block_views(&c, &blocks),
                    version: None,
                    can_manage: true,
                    errors,
                    p,
                    c,
                },
            )
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct CompareQuery {
    #[serde(default)]
    pub a: Option<i64>,
    #[serde(default)]
    pub b: Option<i64>,
}

pub struct ChangedBlock {
    pub label: String,
    pub old: String,
    pub new: String,
}

pub struct VersionRow {
    pub id: i64,
    pub label: String,
}

#[derive(Template)]
#[template(path = "projects/versions.html")]
struct VersionsTpl {
    c: Chrome,
    p: Project,
    versions: Vec<VersionRow>,
    a: i64,
    b: i64,
    compared: bool,
    changes: Vec<ChangedBlock>,
}

async fn versions_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<CompareQuery>,
) -> AppResult<Response> {
    let (p, _) = visible(&state, &ctx, &slug).await?;
    let c = Chrome::new(&ctx, &headers, "projects-canvas-versions");
    let all = repo::canvas_versions(&state.db, p.id).await?;
    // Default comparison: the previous version against the latest.
    let b = q.b.or_else(|| all.first().map(|v| v.id)).unwrap_or(0);
    let a = q.a.or_else(|| all.get(1).map(|v| v.id)).unwrap_or(0);
    let va = all.iter().find(|v| v.id == a);
    let vb = all.iter().find(|v| v.id == b);
    if (q.a.is_some() && va.is_none()) || (q.b.is_some() && vb.is_none()) {
        return Err(AppError::NotFound);
    }
    let mut changes = Vec::new();
    let compared = va.is_some() && vb.is_some();
    if let (Some(va), Some(vb)) = (va, vb) {
        let (ma, mb) = (va.block_map(), vb.block_map());
        for k in model::CANVAS_BLOCKS {
            let (old, new) = (
                ma.get(k).cloned().unwrap_or_default(),
                mb.get(k).cloned().unwrap_or_default(),
            );
            if old != new {
                changes.push(ChangedBlock {
                    label: block_label(&c, k),
                    old,
                    new,
                });
            }
        }
    }
    render(&VersionsTpl {
        versions: all
            .iter()
            .map(|v| VersionRow {
                id: v.id,
                label: version_label(v),
            })
            .collect(),
        a,
        b,
        compared,
        changes,
        p,
        c,
    })
}

#[derive(Template)]
#[template(path = "projects/print.html")]
struct PrintTpl {
    c: Chrome,
    p: Project,
    blocks: Vec<BlockView>,
    version: Option<String>,
}

async fn print_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let (p, _) = visible(&state, &ctx, &slug).await?;
    let c = Chrome::new(&ctx, &headers, "projects-canvas");
    let latest = repo::canvas_versions(&state.db, p.id)
        .await?
        .into_iter()
        .next();
    let blocks = latest.as_ref().map(|v| v.block_map()).unwrap_or_default();
    render(&PrintTpl {
        blocks: block_views(&c, &blocks),
        version: latest.map(|v| version_label(&v)),
        p,
        c,
    })
}

// ---- funding plan ----

pub struct FundingRow {
    pub id: i64,
    pub funder: String,
    pub programme: String,
    pub requested: String,
    pub granted: String,
    pub status: String,
    pub deadline: String,
}

pub struct BudgetRow {
    pub id: i64,
    pub kind: String,
    pub label: String,
    pub amount: String,
}

#[derive(Deserialize, Default)]
pub struct FundingForm {
    #[serde(default)]
    pub funder: String,
    #[serde(default)]
    pub programme: String,
    #[serde(default)]
    pub requested: String,
    #[serde(default)]
    pub granted: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub deadline: String,
}

#[derive(Deserialize, Default)]
pub struct BudgetForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub amount: String,
}

#[derive(Template)]
#[template(path = "projects/funding.html")]
struct FundingTpl {
    c: Chrome,
    p: Project,
    rows: Vec<FundingRow>,
    budget: Vec<BudgetRow>,
    funding: FundingView,
    programmes: Vec<(&'static str, String)>,
    statuses: Vec<(&'static str, String)>,
    f: FundingForm,
    b: BudgetForm,
    errors: FieldErrors,
    budget_errors: FieldErrors,
}

#[allow(clippy::too_many_arguments)]
async fn funding_view_page(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    p: Project,
    f: FundingForm,
    b: BudgetForm,
    errors: FieldErrors,
    budget_errors: FieldErrors,
) -> AppResult<Response> {
    let c = Chrome::new(ctx, headers, "projects-funding");
    let apps = repo::fundings(&state.db, p.id).await?;
    let lines = repo::budget_lines(&state.db, p.id).await?;
    let status = if errors.is_empty() && budget_errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &FundingTpl {
            rows: apps
                .iter()
                .map(|a| FundingRow {
                    id: a.id,
                    funder: a.funder.clone(),
                    programme: programme_label(&c, &a.programme),
                    requested: format_eur(a.amount_requested_cents),
                    granted: format_eur(a.amount_granted_cents),
                    status: funding_status_label(&c, &a.status),
                    deadline: a.deadline.clone().unwrap_or_default(),
                })
                .collect(),
            budget: lines
                .iter()
                .map(|l| BudgetRow {
                    id: l.id,
                    kind: c.t(&format!("projects-budget-{}", l.kind)),
                    label: l.label.clone(),
                    amount: format_eur(l.amount_cents),
                })
                .collect(),
            funding: funding_view(&c, &apps, &lines),
            programmes: model::PROGRAMMES
                .iter()
                .map(|k| (*k, programme_label(&c, k)))
                .collect(),
            statuses: model::FUNDING_STATUSES
                .iter()
                .map(|k| (*k, funding_status_label(&c, k)))
                .collect(),
            f,
            b,
            errors,
            budget_errors,
            p,
            c,
        },
    )
}

async fn funding_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let (p, _) = managed(&state, &ctx, &slug).await?;
    funding_view_page(
        &state,
        &ctx,
        &headers,
        p,
        FundingForm::default(),
        BudgetForm::default(),
        FieldErrors::default(),
        FieldErrors::default(),
    )
    .await
}

/// An optional amount typed in euros: empty is zero.
fn euros(raw: &str, field: &'static str, errors: &mut FieldErrors) -> i64 {
    if raw.trim().is_empty() {
        return 0;
    }
    match crate::money::parse_eur(raw) {
        Ok(c) if c >= 0 => c,
        _ => {
            errors.add(field, "projects-amount-invalid");
            0
        }
    }
}

async fn add_funding(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<FundingForm>,
) -> AppResult<Response> {
    let (p, _) = managed(&state, &ctx, &slug).await?;
    let mut errors = FieldErrors::default();
    let requested = euros(&f.requested, "requested", &mut errors);
    let granted = euros(&f.granted, "granted", &mut errors);
    let input = FundingInput {
        funder: &f.funder,
        programme: &f.programme,
        amount_requested_cents: requested,
        amount_granted_cents: granted,
        status: &f.status,
        deadline: &f.deadline,
    };
    match service::check_funding(&input) {
        Ok(_) => {}
        Err(AppError::Invalid(more)) => {
            for (field, key) in more.0 {
                errors.add(field, key);
            }
        }
        Err(e) => return Err(e),
    }
    let res = if errors.is_empty() {
        service::add_funding(&state, ctx.require_user()?, &p, input)
            .await
            .map(|_| ())
    } else {
        Err(AppError::Invalid(errors))
    };
    match res {
        Ok(()) => Ok(redirect_flash(
            &format!("/projets/{}/financement", p.slug),
            "flash-funding-saved",
        )),
        Err(AppError::Invalid(errors)) => {
            funding_view_page(
                &state,
                &ctx,
                &headers,
                p,
                f,
                BudgetForm::default(),
                errors,
                FieldErrors::default(),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

async fn add_budget(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(b): Form<BudgetForm>,
) -> AppResult<Response> {
    let (p, _) = managed(&state, &ctx, &slug).await?;
    let mut errors = FieldErrors::default();
    let amount = if b.amount.trim().is_empty() {
        errors.add("amount", "field-required");
        0
    } else {
        euros(&b.amount, "amount", &mut errors)
    };
    let res = if errors.is_empty() {
        service::add_budget_line(&state, ctx.require_user()?, &p, &b.kind, &b.label, amount)
            .await
            .map(|_| ())
    } else {
        Err(AppError::Invalid(errors))
    };
    match res {
        Ok(()) => Ok(redirect_flash(
            &format!("/projets/{}/financement", p.slug),
            "flash-funding-saved",
        )),
        Err(AppError::Invalid(errors)) => {
            funding_view_page(
                &state,
                &ctx,
                &headers,
                p,
                FundingForm::default(),
                b,
                FieldErrors::default(),
                errors,
            )
            .await
        }
        Err(e) => Err(e),
    }
}
