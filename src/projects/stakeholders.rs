//! The stakeholders directory of a project: people and organizations, their role in the
//! project, contact details (email, phone, address) kept only with a consent date (RGPD, also
//! enforced by a `CHECK` in the database), notes. Only the project's holders and advisors see
//! it: anyone else gets 404, in the pages and in the API.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::{self, Project};
use super::repo::EVENT_SQL;
use super::workspace::{member_api, member_area};
use crate::auth::api_user;
use crate::auth::Ctx;
use crate::db::Db;
use crate::error::{ApiError, ApiResult, AppError, AppResult, FieldErrors};
use crate::form::{ApiPath, Form, Json as JsonIn};
use crate::state::AppState;
use crate::web::{redirect_flash, render_status, Chrome};
use crate::{db_run, db_tx};

type E = crate::error::ApiErrorBody;

pub const KINDS: [&str; 2] = ["person", "organization"];

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Stakeholder {
    pub id: i64,
    pub project_id: i64,
    pub kind: String,
    pub name: String,
    pub organization: String,
    pub role: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub consent_on: Option<String>,
    pub notes: String,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLS: &str = "id, project_id, kind, name, organization, role, email, phone, address, consent_on, notes, created_by, created_at, updated_at";

/// What a form or a JSON body carries.
#[derive(Deserialize, Default, ToSchema)]
pub struct StakeholderIn {
    /// `person` or `organization`.
    #[serde(default)]
    pub kind: String,
    /// 1 to 200 characters.
    #[serde(default)]
    pub name: String,
    /// The organization a person belongs to.
    #[serde(default)]
    pub organization: String,
    /// Role in the project (élu·e référent·e, financeur, futur usager…).
    #[serde(default)]
    pub role: String,
    /// Contact details: only with `consent_on`.
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    /// `YYYY-MM-DD`: the day the person agreed to be listed with their contact details.
    #[serde(default)]
    pub consent_on: String,
    #[serde(default)]
    pub notes: String,
}

pub struct Checked {
    pub kind: &'static str,
    pub name: String,
    pub organization: String,
    pub role: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub consent_on: Option<String>,
    pub notes: String,
}

fn short(raw: &str, max: usize, field: &'static str, errors: &mut FieldErrors) -> String {
    let t = raw.trim();
    if t.chars().count() > max || t.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
        errors.add(field, "field-too-long");
        return String::new();
    }
    t.replace("\r\n", "\n")
}

/// Validates a stakeholder; contact details without a consent date are refused.
pub fn check(input: &StakeholderIn, today: &str) -> AppResult<Checked> {
    let mut errors = FieldErrors::default();
    let kind = crate::form::parse::parse_choice(
        if input.kind.trim().is_empty() {
            "person"
        } else {
            input.kind.trim()
        },
        &KINDS,
        "kind",
        &mut errors,
    );
    let name = model::parse_label(&input.name, "name", &mut errors);
    let organization = short(&input.organization, 200, "organization", &mut errors);
    let role = short(&input.role, 200, "role", &mut errors);
    let email = if input.email.trim().is_empty() {
        String::new()
    } else {
        match crate::accounts::model::normalize_email(&input.email) {
            Ok(e) => e,
            Err(k) => {
                errors.add("email", k);
                String::new()
            }
        }
    };
    // Checked like every phone number of the application (French or `+…` international).
    let phone = input.phone.trim().to_string();
    if !phone.is_empty() {
        if let Err(k) = crate::places::model::parse_phone(&phone) {
            errors.add("phone", k);
        }
    }
    let address = short(&input.address, 500, "address", &mut errors);
    let consent_on = crate::form::parse::parse_date(&input.consent_on, "consent_on", &mut errors);
    if let Some(c) = &consent_on {
        if c.as_str() > today {
            errors.add("consent_on", "projects-consent-future");
        }
    }
    let has_contact =
        !input.email.trim().is_empty() || !phone.is_empty() || !input.address.trim().is_empty();
    if has_contact && consent_on.is_none() && !errors.has("consent_on") {
        errors.add("consent_on", "projects-consent-required");
    }
    let notes = short(&input.notes, 5000, "notes", &mut errors);
    match (kind, name, errors.is_empty()) {
        (Some(kind), Some(name), true) => Ok(Checked {
            kind,
            name,
            organization,
            role,
            email,
            phone,
            address,
            consent_on,
            notes,
        }),
        _ => Err(AppError::Invalid(errors)),
    }
}

// ---- queries ----

pub async fn of_project(db: &Db, project_id: i64) -> AppResult<Vec<Stakeholder>> {
    let sql =
        format!("SELECT {COLS} FROM project_stakeholders WHERE project_id = $1 ORDER BY name, id");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Stakeholder>(&sql)
        .bind(project_id)
        .fetch_all(p)
        .await)?)
}

pub async fn by_id(db: &Db, id: i64) -> AppResult<Option<Stakeholder>> {
    let sql = format!("SELECT {COLS} FROM project_stakeholders WHERE id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Stakeholder>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

/// Inserts a stakeholder and records it in the timeline, in one transaction.
pub async fn insert(
    db: &Db,
    project_id: i64,
    c: &Checked,
    actor: Option<i64>,
    now: i64,
) -> AppResult<Stakeholder> {
    let sql = format!(
        "INSERT INTO project_stakeholders (project_id, kind, name, organization, role, email, phone, address, consent_on, notes, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING {COLS}"
    );
    let res: Result<Stakeholder, sqlx::Error> = db_tx!(db, |tx| {
        async {
            let row = sqlx::query_as::<_, Stakeholder>(&sql)
                .bind(project_id)
                .bind(c.kind)
                .bind(&c.name)
                .bind(&c.organization)
                .bind(&c.role)
                .bind(&c.email)
                .bind(&c.phone)
                .bind(&c.address)
                .bind(&c.consent_on)
                .bind(&c.notes)
                .bind(actor)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
            sqlx::query(EVENT_SQL)
                .bind(project_id)
                .bind("stakeholder_added")
                .bind(&c.name)
                .bind(actor)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            Ok::<Stakeholder, sqlx::Error>(row)
        }
        .await
    });
    Ok(res?)
}

pub async fn update(db: &Db, id: i64, c: &Checked, now: i64) -> AppResult<()> {
    db_run!(db, |p| {
        sqlx::query(
        "UPDATE project_stakeholders SET kind = $1, name = $2, organization = $3, role = $4, email = $5, \
         phone = $6, address = $7, consent_on = $8, notes = $9, updated_at = $10 WHERE id = $11"
    )
    .bind(c.kind)
    .bind(&c.name)
    .bind(&c.organization)
    .bind(&c.role)
    .bind(&c.email)
    .bind(&c.phone)
    .bind(&c.address)
    .bind(&c.consent_on)
    .bind(&c.notes)
    .bind(now)
    .bind(id)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn delete(db: &Db, id: i64) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "DELETE FROM project_stakeholders WHERE id = $1"
    )
    .bind(id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

fn today(state: &AppState) -> String {
    crate::clock::from_ms(state.clock.now_ms())
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%Y-%m-%d")
        .to_string()
}

/// A stakeholder of a project `who` holds or advises (404 otherwise).
async fn managed_stakeholder(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> AppResult<(Project, Stakeholder)> {
    let s = by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let p = super::repo::project_by_id(&state.db, s.project_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = super::workspace::member_of(state, ctx, Some(p)).await?;
    Ok((p, s))
}

// ---- pages ----

pub struct Row {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub organization: String,
    pub role: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub consent_on: String,
    pub notes: Vec<String>,
}

#[derive(Template)]
#[template(path = "projects/workspace_stakeholders.html")]
struct ListTpl {
    c: Chrome,
    p: Project,
    rows: Vec<Row>,
    f: StakeholderIn,
    errors: FieldErrors,
}

fn rows(c: &Chrome, all: Vec<Stakeholder>) -> Vec<Row> {
    all.into_iter()
        .map(|s| Row {
            id: s.id,
            kind: c.t(&format!("projects-stakeholder-kind-{}", s.kind)),
            name: s.name,
            organization: s.organization,
            role: s.role,
            email: s.email,
            phone: s.phone,
            address: s.address,
            consent_on: s.consent_on.unwrap_or_default(),
            notes: model::lines(&s.notes),
        })
        .collect()
}

async fn list_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    p: Project,
    f: StakeholderIn,
    errors: FieldErrors,
) -> AppResult<Response> {
    let mut c = Chrome::new(ctx, headers, "projects-stakeholders");
    c.title = format!("{} – {}", c.t("projects-stakeholders"), p.name);
    let all = of_project(&state.db, p.id).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &ListTpl {
            rows: rows(&c, all),
            c,
            p,
            f,
            errors,
        },
    )
}

pub async fn list_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let p = member_area(&state, &ctx, &slug).await?;
    list_view(
        &state,
        &ctx,
        &headers,
        p,
        StakeholderIn::default(),
        FieldErrors::default(),
    )
    .await
}

pub async fn create_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<StakeholderIn>,
) -> AppResult<Response> {
    let p = member_area(&state, &ctx, &slug).await?;
    match check(&f, &today(&state)) {
        Ok(c) => {
            insert(&state.db, p.id, &c, ctx.user_id(), state.clock.now_ms()).await?;
            Ok(redirect_flash(
                &format!("/projets/{}/parties-prenantes", p.slug),
                "flash-stakeholder-saved",
            ))
        }
        Err(AppError::Invalid(errors)) => list_view(&state, &ctx, &headers, p, f, errors).await,
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "projects/workspace_stakeholder_edit.html")]
struct EditTpl {
    c: Chrome,
    p: Project,
    id: i64,
    f: StakeholderIn,
    errors: FieldErrors,
}

fn form_of(s: &Stakeholder) -> StakeholderIn {
    StakeholderIn {
        kind: s.kind.clone(),
        name: s.name.clone(),
        organization: s.organization.clone(),
        role: s.role.clone(),
        email: s.email.clone(),
        phone: s.phone.clone(),
        address: s.address.clone(),
        consent_on: s.consent_on.clone().unwrap_or_default(),
        notes: s.notes.clone(),
    }
}

async fn slug_and_stakeholder(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: i64,
) -> AppResult<(Project, Stakeholder)> {
    let p = member_area(state, ctx, slug).await?;
    let s = by_id(&state.db, id)
        .await?
        .filter(|s| s.project_id == p.id)
        .ok_or(AppError::NotFound)?;
    Ok((p, s))
}

pub async fn edit_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    let (p, s) = slug_and_stakeholder(&state, &ctx, &slug, id).await?;
    let mut c = Chrome::new(&ctx, &headers, "projects-stakeholder-edit");
    c.title = s.name.clone();
    render_status(
        StatusCode::OK,
        &EditTpl {
            c,
            p,
            id,
            f: form_of(&s),
            errors: FieldErrors::default(),
        },
    )
}

pub async fn update_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    Form(f): Form<StakeholderIn>,
) -> AppResult<Response> {
    let (p, s) = slug_and_stakeholder(&state, &ctx, &slug, id).await?;
    match check(&f, &today(&state)) {
        Ok(c) => {
            update(&state.db, s.id, &c, state.clock.now_ms()).await?;
            Ok(redirect_flash(
                &format!("/projets/{}/parties-prenantes", p.slug),
                "flash-stakeholder-saved",
            ))
        }
        Err(AppError::Invalid(errors)) => {
            let c = Chrome::new(&ctx, &headers, "projects-stakeholder-edit");
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &EditTpl {
                    c,
                    p,
                    id,
                    f,
                    errors,
                },
            )
        }
        Err(e) => Err(e),
    }
}

pub async fn delete_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    let (p, s) = slug_and_stakeholder(&state, &ctx, &slug, id).await?;
    delete(&state.db, s.id).await?;
    Ok(redirect_flash(
        &format!("/projets/{}/parties-prenantes", p.slug),
        "flash-stakeholder-deleted",
    ))
}

/// A cell for a spreadsheet: formula-looking values (`=`, `+`, `-`, `@`) are neutralized.
fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The directory as CSV (`;`, UTF-8 with BOM for spreadsheets), for the holders and advisors.
pub async fn csv_export(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let p = member_area(&state, &ctx, &slug).await?;
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(b"\xef\xbb\xbf".to_vec());
    let header = [
        "type",
        "nom",
        "structure",
        "rôle",
        "courriel",
        "téléphone",
        "adresse",
        "consentement",
        "notes",
    ];
    w.write_record(header)
        .map_err(|e| AppError::Internal(e.into()))?;
    for s in of_project(&state.db, p.id).await? {
        let row = [
            s.kind,
            s.name,
            s.organization,
            s.role,
            s.email,
            s.phone,
            s.address,
            s.consent_on.unwrap_or_default(),
            s.notes,
        ];
        w.write_record(row.iter().map(|v| cell(v)))
            .map_err(|e| AppError::Internal(e.into()))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    let mut res = axum::response::IntoResponse::into_response(bytes);
    let h = res.headers_mut();
    h.insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    h.insert(
        axum::http::header::CONTENT_DISPOSITION,
        axum::http::HeaderValue::from_static("attachment; filename=\"parties-prenantes.csv\""),
    );
    h.insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}

// ---- API ----

#[derive(Serialize, ToSchema)]
pub struct StakeholderOut {
    pub id: i64,
    pub project_id: i64,
    /// `person` or `organization`.
    pub kind: String,
    pub name: String,
    pub organization: String,
    pub role: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    /// The consent date (contact details are kept only with it).
    pub consent_on: Option<String>,
    pub notes: String,
    pub created_at: String,
    pub updated_at: String,
}

fn out(s: Stakeholder) -> StakeholderOut {
    StakeholderOut {
        id: s.id,
        project_id: s.project_id,
        kind: s.kind,
        name: s.name,
        organization: s.organization,
        role: s.role,
        email: s.email,
        phone: s.phone,
        address: s.address,
        consent_on: s.consent_on,
        notes: s.notes,
        created_at: crate::clock::rfc3339(s.created_at),
        updated_at: crate::clock::rfc3339(s.updated_at),
    }
}

/// The stakeholders of a project (its holders and advisors only; 404 to anyone else).
#[utoipa::path(
    get, path = "/api/v1/projects/{id}/stakeholders", tag = "projets",
    operation_id = "projects_stakeholders_list",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    responses(
        (status = 200, description = "Les parties prenantes", body = [StakeholderOut]),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_list(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<StakeholderOut>>> {
    let p = member_api(&state, &ctx, id).await?;
    let all = of_project(&state.db, p.id).await?;
    Ok(Json(all.into_iter().map(out).collect()))
}

/// Adds a person or an organization to the directory. Contact details need `consent_on`.
#[utoipa::path(
    post, path = "/api/v1/projects/{id}/stakeholders", tag = "projets",
    operation_id = "projects_stakeholders_create",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    request_body = StakeholderIn,
    responses(
        (status = 201, description = "Ajouté", body = StakeholderOut),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides (dont coordonnées sans consentement)", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<StakeholderIn>,
) -> ApiResult<(StatusCode, Json<StakeholderOut>)> {
    let p = member_api(&state, &ctx, id).await?;
    let c = check(&b, &today(&state)).map_err(|e| ApiError(e, ctx.lang))?;
    let s = insert(&state.db, p.id, &c, ctx.user_id(), state.clock.now_ms()).await?;
    Ok((StatusCode::CREATED, Json(out(s))))
}

/// Replaces a stakeholder.
#[utoipa::path(
    put, path = "/api/v1/stakeholders/{id}", tag = "projets",
    operation_id = "projects_stakeholders_update",
    params(("id" = i64, Path, description = "Identifiant de la partie prenante")),
    request_body = StakeholderIn,
    responses(
        (status = 200, description = "Mis à jour", body = StakeholderOut),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_update(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<StakeholderIn>,
) -> ApiResult<Json<StakeholderOut>> {
    api_user(&ctx)?;
    let (_, s) = managed_stakeholder(&state, &ctx, id).await?;
    let c = check(&b, &today(&state)).map_err(|e| ApiError(e, ctx.lang))?;
    update(&state.db, s.id, &c, state.clock.now_ms()).await?;
    let s = by_id(&state.db, s.id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(out(s)))
}

/// Deletes a stakeholder (and their contact details).
#[utoipa::path(
    delete, path = "/api/v1/stakeholders/{id}", tag = "projets",
    operation_id = "projects_stakeholders_delete",
    params(("id" = i64, Path, description = "Identifiant de la partie prenante")),
    responses(
        (status = 204, description = "Supprimé"),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    api_user(&ctx)?;
    let (_, s) = managed_stakeholder(&state, &ctx, id).await?;
    delete(&state.db, s.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
