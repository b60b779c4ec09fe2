//! The list of projects, the creation form and creating a project.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::shared::status_label;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::ids::NetworkId;
use crate::projects::service::{self, ProjectInput};
use crate::state::AppState;
use crate::web::paging::{pages, PageLink, PageQuery};
use crate::web::{redirect_flash, render, render_status, Chrome};

/// Projects a page of `/projets` lists.
pub const PER_PAGE: i64 = 30;

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
    /// Projects the visitor may see, on every page.
    total: i64,
    pages: Vec<PageLink>,
    signed_in: bool,
    /// Network admins and instance admins: a link to the advisors' dashboard.
    advisor: bool,
}

/// The projects the visitor may see, [`PER_PAGE`] a page by name (the visibility rule is
/// read by SQL: see `service::seen_by`).
pub async fn list_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(page): Query<PageQuery>,
) -> AppResult<Response> {
    let c = Chrome::new(&ctx, &headers, "projects-title");
    let (limit, offset) = page.window(PER_PAGE);
    let (rows, total) = service::visible_page(&state, ctx.user.as_ref(), limit, offset).await?;
    let projects = rows
        .into_iter()
        .map(|p| Card {
            status: status_label(&c, p.status),
            territory: [p.communes.as_str(), p.departement.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" · "),
            private: !p.public,
            name: p.name,
            slug: p.slug,
        })
        .collect();
    render(&ListTpl {
        pages: pages("", "/projets", page.number(), total, PER_PAGE),
        total,
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
        .map(|n| (n.id.get(), n.name))
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

pub async fn new_page(
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

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<ProjectForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let network_id = f.network_id.trim().parse::<NetworkId>().ok();
    let res = service::create_project(
        &state,
        Some(who.user.id),
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
