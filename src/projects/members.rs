//! Holders of a project and the project's own description, from the pages and the API.
//! Adding a holder by email adds an existing account at once; any other address gets an
//! invitation email with a single-use link (stored hashed, expiring in 14 days, like the
//! place managers' invitations). A holder can be removed, never the last one.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::{self, Project};
use super::repo;
use super::workspace::{member_api, member_area};
use crate::auth::{secret, Ctx, Principal};
use crate::db_run;
use crate::error::{ApiError, ApiResult, AppError, AppResult, FieldErrors};
use crate::form::{ApiPath, Form, Json as JsonIn};
use crate::mail::Email;
use crate::state::AppState;
use crate::web::{redirect_flash, render, render_status, Chrome};

type E = crate::error::ApiErrorBody;

const INVITATION_MS: i64 = 14 * 86_400_000;

/// What adding a holder did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Added {
    /// The account existed: now a holder.
    Added,
    /// Already a holder.
    AlreadyMember,
    /// No account with this address: an invitation was emailed.
    Invited,
}

/// Adds the account with this email, or emails an invitation to create one and join.
pub async fn add_by_email(
    state: &AppState,
    who: &Principal,
    p: &Project,
    raw_email: &str,
) -> AppResult<Added> {
    let email = crate::accounts::model::normalize_email(raw_email).map_err(|k| {
        let mut e = FieldErrors::default();
        e.add("email", k);
        AppError::Invalid(e)
    })?;
    let now = state.clock.now_ms();
    if let Some(user) = crate::accounts::repo::user_by_email(&state.db, &email).await? {
        let added = repo::add_member(
            &state.db,
            p.id,
            user.id,
            &user.display_name,
            Some(who.user.id),
            now,
        )
        .await?;
        if added {
            super::workspace::sync_holders_group(state, p.id, user.id, true).await?;
        }
        return Ok(if added {
            Added::Added
        } else {
            Added::AlreadyMember
        });
    }
    let token = secret::random_token();
    let hash = secret::hash_token(&token);
    db_run!(&state.db, |pool| {
        sqlx::query(
        "INSERT INTO project_invitations (project_id, email, token_hash, invited_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)"
    )
    .bind(p.id)
    .bind(&email)
    .bind(&hash)
    .bind(who.user.id)
    .bind(now)
    .bind(now + INVITATION_MS)
    .execute(pool)
    .await
    .map(|r| r.rows_affected())
    })?;
    let url = format!("{}/projets/invitation/{token}", state.config.base_url);
    crate::mail::enqueue(
        &state.db,
        now,
        &Email {
            to: email,
            subject: crate::i18n::Lang::Fr
                .ta("projects-mail-invitation-subject", &[("project", &p.name)]),
            text: crate::i18n::Lang::Fr.ta(
                "projects-mail-invitation-body",
                &[
                    ("inviter", &who.user.display_name),
                    ("project", &p.name),
                    ("link", &url),
                ],
            ) + "\n",
            attachments: vec![],
        },
    )
    .await?;
    Ok(Added::Invited)
}

#[derive(sqlx::FromRow)]
struct Invitation {
    project_id: i64,
    email: String,
}

async fn peek_invitation(state: &AppState, token: &str) -> AppResult<Option<Invitation>> {
    let hash = secret::hash_token(token);
    let now = state.clock.now_ms();
    Ok(db_run!(&state.db, |p| {
        sqlx::query_as::<_, Invitation>(
        "SELECT project_id, email FROM project_invitations WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2"
    )
    .bind(&hash)
    .bind(now)
    .fetch_optional(p)
    .await
    })?)
}

/// Accepts an invitation: the signed-in person must use the invited address; the link is used
/// once (a conditional update).
pub async fn accept(state: &AppState, who: &Principal, token: &str) -> AppResult<Project> {
    let inv = peek_invitation(state, token)
        .await?
        .ok_or(AppError::NotFound)?;
    if inv.email != who.user.email {
        return Err(AppError::Forbidden);
    }
    let hash = secret::hash_token(token);
    let now = state.clock.now_ms();
    let used = db_run!(&state.db, |p| {
        sqlx::query(
        "UPDATE project_invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1"
    )
    .bind(now)
    .bind(&hash)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    })?;
    if used == 0 {
        return Err(AppError::NotFound);
    }
    let p = repo::project_by_id(&state.db, inv.project_id)
        .await?
        .ok_or(AppError::NotFound)?;
    repo::add_member(
        &state.db,
        p.id,
        who.user.id,
        &who.user.display_name,
        Some(who.user.id),
        now,
    )
    .await?;
    super::workspace::sync_holders_group(state, p.id, who.user.id, true).await?;
    Ok(p)
}

/// Removes a holder; `Conflict` for the last one.
pub async fn remove(state: &AppState, who: &Principal, p: &Project, user_id: i64) -> AppResult<()> {
    let members = repo::members(&state.db, p.id).await?;
    let Some(m) = members.iter().find(|m| m.0 == user_id) else {
        return Err(AppError::NotFound);
    };
    let removed = repo::remove_member(
        &state.db,
        p.id,
        user_id,
        &m.1,
        Some(who.user.id),
        state.clock.now_ms(),
    )
    .await?;
    if !removed {
        return Err(AppError::Conflict("last_member"));
    }
    super::workspace::sync_holders_group(state, p.id, user_id, false).await
}

// ---- editing the project ----

/// The project's description as a form or a JSON body sends it.
#[derive(Deserialize, Default, ToSchema)]
pub struct ProjectEdit {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub communes: String,
    #[serde(default)]
    pub epci: String,
    #[serde(default)]
    pub departement: String,
    /// Holder organizations, one per line.
    #[serde(default)]
    pub holders: String,
    /// Rich text (sanitized).
    #[serde(default)]
    pub intent: String,
    /// Planned uses, one per line.
    #[serde(default)]
    pub uses: String,
    /// `idea`, `in_progress`, `opened`, `abandoned`.
    #[serde(default)]
    pub status: String,
    /// The network that follows the project (empty: none).
    #[serde(default)]
    pub network_id: String,
    /// Shown to everyone (a form sends it when checked).
    #[serde(default)]
    pub public: Option<String>,
}

/// Validates and saves the description (the slug, and so the addresses, stay the same).
pub async fn edit(
    state: &AppState,
    who: &Principal,
    p: &Project,
    f: &ProjectEdit,
) -> AppResult<Project> {
    let mut errors = FieldErrors::default();
    let name = crate::tenancy::model::parse_name(&f.name, &mut errors);
    let communes = model::parse_text(&f.communes, "communes", &mut errors);
    let epci = model::parse_text(&f.epci, "epci", &mut errors);
    let departement = model::parse_text(&f.departement, "departement", &mut errors);
    let holders = model::parse_text(&f.holders, "holders", &mut errors);
    let uses = model::parse_text(&f.uses, "uses", &mut errors);
    let intent = crate::form::parse::parse_rich(&f.intent, "intent", &mut errors);
    let status =
        crate::form::parse::parse_choice(&f.status, &model::STATUSES, "status", &mut errors);
    let network_id = match f.network_id.trim() {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(n)
                if crate::tenancy::repo::network_by_id(&state.db, n)
                    .await?
                    .is_some() =>
            {
                Some(n)
            }
            _ => {
                errors.add("network_id", "projects-unknown-network");
                None
            }
        },
    };
    let (Some((name, _)), Some(status), true) = (name, status, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let mut updated = p.clone();
    updated.name = name;
    updated.communes = communes;
    updated.epci = epci;
    updated.departement = departement;
    updated.holders = holders;
    updated.intent = intent;
    updated.uses = uses;
    updated.status = status.to_string();
    updated.public = f.public.as_deref().is_some_and(|v| v != "false");
    updated.network_id = network_id;
    repo::update_project(
        &state.db,
        &updated,
        &updated.name,
        Some(who.user.id),
        state.clock.now_ms(),
    )
    .await?;
    Ok(updated)
}

fn form_of(p: &Project) -> ProjectEdit {
    ProjectEdit {
        name: p.name.clone(),
        communes: p.communes.clone(),
        epci: p.epci.clone(),
        departement: p.departement.clone(),
        holders: p.holders.clone(),
        intent: p.intent.clone(),
        uses: p.uses.clone(),
        status: p.status.clone(),
        network_id: p.network_id.map(|n| n.to_string()).unwrap_or_default(),
        public: p.public.then(|| "1".to_string()),
    }
}

// ---- pages ----

pub struct MemberRow {
    pub id: i64,
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
    let pending: Vec<(String,)> = db_run!(&state.db, |pool| {
        sqlx::query_as(
        "SELECT email FROM project_invitations WHERE project_id = $1 AND used_at IS NULL AND expires_at > $2 ORDER BY created_at"
    )
    .bind(p.id)
    .bind(now)
    .fetch_all(pool)
    .await
    })?;
    let networks = crate::tenancy::repo::networks(&state.db)
        .await?
        .into_iter()
        .map(|n| (n.id, n.name))
        .collect();
    let statuses = model::STATUSES
        .iter()
        .map(|s| (*s, c.t(&format!("projects-status-{}", s.replace('_', "-")))))
        .collect();
    let status = if errors.is_empty() && edit_errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &MembersTpl {
            f: f.unwrap_or_else(|| form_of(&p)),
            c,
            p,
            members,
            pending: pending.into_iter().map(|r| r.0).collect(),
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
    match add_by_email(&state, who, &p, &f.email).await {
        Ok(added) => Ok(redirect_flash(
            &format!("/projets/{}/membres", p.slug),
            match added {
                Added::Added => "flash-holder-added",
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
    Path((slug, user_id)): Path<(String, i64)>,
) -> AppResult<Response> {
    let p = member_area(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    match remove(&state, who, &p, user_id).await {
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
    match edit(&state, who, &p, &f).await {
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
    let inv = peek_invitation(&state, &token).await?;
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
    let p = accept(&state, who, &token).await?;
    Ok(redirect_flash(
        &format!("/projets/{}/espace", p.slug),
        "flash-project-invitation-accepted",
    ))
}

// ---- API ----

#[derive(Serialize, ToSchema)]
pub struct MemberOut {
    pub user_id: i64,
    pub name: String,
    pub email: String,
}

/// The holders of a project (holders and advisors only).
#[utoipa::path(
    get, path = "/api/v1/projects/{id}/members", tag = "projets",
    operation_id = "projects_members_list",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    responses(
        (status = 200, description = "Les porteurs", body = [MemberOut]),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_list(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<MemberOut>>> {
    let p = member_api(&state, &ctx, id).await?;
    Ok(Json(
        repo::members(&state.db, p.id)
            .await?
            .into_iter()
            .map(|(user_id, name, email)| MemberOut {
                user_id,
                name,
                email,
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct AddMember {
    pub email: String,
}

#[derive(Serialize, ToSchema)]
pub struct AddMemberOut {
    pub result: Added,
}

/// Adds a holder by email: an existing account is added, any other address is invited.
#[utoipa::path(
    post, path = "/api/v1/projects/{id}/members", tag = "projets",
    operation_id = "projects_members_add",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    request_body = AddMember,
    responses(
        (status = 201, description = "Ajouté·e ou invité·e", body = AddMemberOut),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Adresse invalide", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_add(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<AddMember>,
) -> ApiResult<(StatusCode, Json<AddMemberOut>)> {
    let p = member_api(&state, &ctx, id).await?;
    let who = crate::auth::api_user(&ctx)?;
    let result = add_by_email(&state, who, &p, &b.email)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::CREATED, Json(AddMemberOut { result })))
}

/// Removes a holder (never the last one: 409).
#[utoipa::path(
    delete, path = "/api/v1/projects/{id}/members/{user_id}", tag = "projets",
    operation_id = "projects_members_remove",
    params(("id" = i64, Path, description = "Projet"), ("user_id" = i64, Path, description = "Porteur")),
    responses(
        (status = 204, description = "Retiré·e"),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 409, description = "Dernier porteur du projet", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_remove(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, user_id)): ApiPath<(i64, i64)>,
) -> ApiResult<StatusCode> {
    let p = member_api(&state, &ctx, id).await?;
    let who = crate::auth::api_user(&ctx)?;
    remove(&state, who, &p, user_id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct UpdateProject {
    pub name: String,
    #[serde(default)]
    pub communes: Option<String>,
    #[serde(default)]
    pub epci: Option<String>,
    #[serde(default)]
    pub departement: Option<String>,
    #[serde(default)]
    pub holders: Option<Vec<String>>,
    #[serde(default)]
    pub intent: Option<String>,
    #[serde(default)]
    pub uses: Option<Vec<String>>,
    /// `idea`, `in_progress`, `opened`, `abandoned`.
    pub status: String,
    #[serde(default)]
    pub public: Option<bool>,
    #[serde(default)]
    pub network_id: Option<i64>,
}

/// Replaces the description of a project (name, territory, holders, intent, uses, status,
/// visibility, network). The slug does not change.
#[utoipa::path(
    put, path = "/api/v1/projects/{id}", tag = "projets",
    operation_id = "projects_update",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    request_body = UpdateProject,
    responses(
        (status = 200, description = "Le projet", body = super::api::ProjectOut),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_update(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<UpdateProject>,
) -> ApiResult<Json<super::api::ProjectOut>> {
    let p = member_api(&state, &ctx, id).await?;
    let who = crate::auth::api_user(&ctx)?;
    let f = ProjectEdit {
        name: b.name,
        communes: b.communes.unwrap_or_default(),
        epci: b.epci.unwrap_or_default(),
        departement: b.departement.unwrap_or_default(),
        holders: b.holders.unwrap_or_default().join("\n"),
        intent: b.intent.unwrap_or_default(),
        uses: b.uses.unwrap_or_default().join("\n"),
        status: b.status,
        network_id: b.network_id.map(|n| n.to_string()).unwrap_or_default(),
        public: b.public.unwrap_or(false).then(|| "1".to_string()),
    };
    let updated = edit(&state, who, &p, &f)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(super::api::project_out(&state, updated).await?))
}
