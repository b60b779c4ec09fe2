//! The holders of a project and its description (the workspace's « porteurs » page), and the
//! page where an invited person accepts to become a holder.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::shared::{member_area, status_label};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::ids::UserId;
use crate::projects::model::{Added, Project, ProjectEdit, ProjectStatus};
use crate::projects::repo;
use crate::projects::service::{self, members};
use crate::state::AppState;
use crate::web::{redirect_flash, render, render_status, Chrome};

pub struct MemberRow {
    pub id: UserId,
    pub name: String,
    pub email: String,
}

#[derive(Template)]
#[template(path = "projects/workspace_members.html")]
struct MembersTpl {
    c: Chrome,
    p: Project,
    members: Vec<MemberRow>,
    pending: Vec<String>,
    email: String,
    errors: FieldErrors,
    f: ProjectEdit,
    edit_errors: FieldErrors,
    networks: Vec<(i64, String)>,
    statuses: Vec<(&'static str, String)>,
}

#[allow(clippy::too_many_arguments)]
async fn members_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    p: Project,
    email: String,
    errors: FieldErrors,
    f: Option<ProjectEdit>,
    edit_errors: FieldErrors,
) -> AppResult<Response> {
    let mut c = Chrome::new(ctx, headers, "projects-members");
    c.title = format!("{} – {}", c.t("projects-members"), p.name);
    let members = repo::members(&state.db, p.id)
        .await?
        .into_iter()
        .map(|(id, name, email)| MemberRow { id, name, email })
        .collect();
    let now = state.clock.now_ms();
    let pending = repo::pending_invitations(&state.db, p.id, now).await?;
    let networks = crate::tenancy::repo::networks(&state.db)
        .await?
        .into_iter()
        .map(|n| (n.id.get(), n.name))
        .collect();
    let statuses = ProjectStatus::ALL
        .iter()
        .map(|s| (s.as_str(), status_label(&c, *s)))
        .collect();
    let status = if errors.is_empty() && edit_errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &MembersTpl {
            f: f.unwrap_or_else(|| ProjectEdit::of(&p)),
            c,
            p,
            members,
            pending,
            email,
            errors,
            edit_errors,
            networks,
            statuses,
        },
    )
}

pub async fn members_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let p = member_area(&state, &ctx, &slug).await?;
    members_view(
        &state,
        &ctx,
        &headers,
        p,
        String::new(),
        FieldErrors::default(),
        None,
        FieldErrors::default(),
    )
    .await
}

#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    pub email: String,
}

pub async fn add_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<EmailForm>,
) -> AppResult<Response> {
    let p = member_area(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    match members::add_by_email(&state, who, &p, &f.email).await {
        Ok(added) => Ok(redirect_flash(
            &format!("/projets/{}/membres", p.slug),
            match added {
                Added::AlreadyMember => "flash-holder-already",
                Added::Invited => "flash-holder-invited",
            },
        )),
        Err(AppError::Invalid(errors)) => {
            members_view(
                &state,
                &ctx,
                &headers,
                p,
                f.email,
                errors,
                None,
                FieldErrors::default(),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub async fn remove_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, user_id)): Path<(String, UserId)>,
) -> AppResult<Response> {
    let p = member_area(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    match members::remove(&state, who, &p, user_id).await {
        Ok(()) => Ok(redirect_flash(
            &format!("/projets/{}/membres", p.slug),
            "flash-holder-removed",
        )),
        Err(AppError::Conflict(_)) => {
            let mut errors = FieldErrors::default();
            errors.add("member", "projects-last-member");
            members_view(
                &state,
                &ctx,
                &headers,
                p,
                String::new(),
                errors,
                None,
                FieldErrors::default(),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<ProjectEdit>,
) -> AppResult<Response> {
    let p = member_area(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    match service::edit(&state, who, &p, &f).await {
        Ok(p) => Ok(redirect_flash(
            &format!("/projets/{}", p.slug),
            "flash-project-saved",
        )),
        Err(AppError::Invalid(errors)) => {
            members_view(
                &state,
                &ctx,
                &headers,
                p,
                String::new(),
                FieldErrors::default(),
                Some(f),
                errors,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "projects/workspace_invitation.html")]
struct InvitationTpl {
    c: Chrome,
    token: String,
    project: String,
    email: String,
    signed_in_as: Option<String>,
    valid: bool,
}

pub async fn invitation_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let c = Chrome::new(&ctx, &headers, "projects-invitation");
    let inv = members::peek_invitation(&state, &token).await?;
    let project = match &inv {
        Some(i) => repo::project_by_id(&state.db, i.project_id)
            .await?
            .map(|p| p.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    render(&InvitationTpl {
        c,
        valid: inv.is_some(),
        email: inv.map(|i| i.email).unwrap_or_default(),
        project,
        token,
        signed_in_as: ctx.user.as_ref().map(|p| p.user.email.clone()),
    })
}

pub async fn invitation_accept(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let p = members::accept(&state, who, &token).await?;
    Ok(redirect_flash(
        &format!("/projets/{}/espace", p.slug),
        "flash-project-invitation-accepted",
    ))
}
