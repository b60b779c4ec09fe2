//! Completing the funding plan: editing and deleting funding applications and budget lines
//! from the pages (and budget lines from the API), documents of the project's library attached
//! to an application, and deadline reminders by email to the holders, 7 days and 1 day before
//! an application's deadline (8:00, Paris time). A reminder is a job of the queue; it checks
//! when it runs that the deadline is unchanged and the application still open (draft or
//! submitted), so changing the deadline re-schedules (new jobs, old ones do nothing) and
//! granted, refused or paid applications get no reminder.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use chrono::{Duration, NaiveDate, TimeZone};
use chrono_tz::Europe::Paris;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::{self, BudgetLine, FundingApplication, Project};
use super::repo;
use super::service::{self, CheckedFunding, FundingInput};
use super::workspace::{member_api, member_area};
use crate::auth::{Ctx, Principal};
use crate::db::Db;
use crate::db_run;
use crate::error::{ApiError, ApiResult, AppError, AppResult, FieldErrors};
use crate::form::{ApiPath, Form, Json as JsonIn};
use crate::mail::Email;
use crate::state::AppState;
use crate::web::{redirect_flash, render_status, Chrome};

type E = crate::error::ApiErrorBody;

pub const DEADLINE_JOB: &str = "funding_deadline_reminder";
/// Days before the deadline when the holders are reminded.
pub const REMINDER_DAYS: [i64; 2] = [7, 1];

#[derive(Serialize, Deserialize)]
struct ReminderPayload {
    funding_id: i64,
    deadline: String,
    days: i64,
}

/// Applications not decided yet get reminders.
pub fn is_open(status: &str) -> bool {
    matches!(status, "draft" | "submitted")
}

/// 8:00 (Paris) `days` before `deadline`.
pub fn reminder_at(deadline: &str, days: i64) -> Option<i64> {
    let d = NaiveDate::parse_from_str(deadline, "%Y-%m-%d").ok()?;
    let local = (d - Duration::days(days)).and_hms_opt(8, 0, 0)?;
    Paris
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.timestamp_millis())
}

/// Schedules the reminders of an open application with a deadline (those still ahead).
pub async fn schedule_reminders(state: &AppState, f: &FundingApplication) -> AppResult<()> {
    let Some(deadline) = f.deadline.as_deref() else {
        return Ok(());
    };
    if !is_open(&f.status) {
        return Ok(());
    }
    let now = state.clock.now_ms();
    for days in REMINDER_DAYS {
        let Some(at) = reminder_at(deadline, days) else {
            continue;
        };
        if at <= now {
            continue;
        }
        let payload = serde_json::to_string(&ReminderPayload {
            funding_id: f.id,
            deadline: deadline.to_string(),
            days,
        })
        .map_err(anyhow::Error::from)?;
        crate::jobs::enqueue_at(&state.db, DEADLINE_JOB, &payload, at).await?;
    }
    Ok(())
}

/// The job: emails every holder when the application is still open and its deadline unchanged.
pub async fn run_reminder(state: &AppState, payload: &str) -> anyhow::Result<()> {
    let p: ReminderPayload = serde_json::from_str(payload)?;
    let Some(f) = repo::funding_by_id(&state.db, p.funding_id).await? else {
        return Ok(());
    };
    if f.deadline.as_deref() != Some(p.deadline.as_str()) || !is_open(&f.status) {
        return Ok(());
    }
    let Some(project) = repo::project_by_id(&state.db, f.project_id).await? else {
        return Ok(());
    };
    let due = NaiveDate::parse_from_str(&p.deadline, "%Y-%m-%d")?
        .format("%d/%m/%Y")
        .to_string();
    let lang = crate::i18n::Lang::Fr;
    let when = if p.days == 1 {
        lang.t("projects-mail-funding-reminder-tomorrow")
    } else {
        lang.ta(
            "projects-mail-funding-reminder-in-days",
            &[("days", &p.days.to_string())],
        )
    };
    let now = state.clock.now_ms();
    for (_, name, email) in repo::members(&state.db, project.id).await? {
        crate::mail::enqueue(
            &state.db,
            now,
            &Email {
                to: email,
                subject: lang.ta(
                    "projects-mail-funding-reminder-subject",
                    &[("funder", &f.funder), ("due", &due), ("when", &when)],
                ),
                text: lang.ta(
                    "projects-mail-funding-reminder-body",
                    &[
                        ("name", &name),
                        ("funder", &f.funder),
                        ("project", &project.name),
                        ("due", &due),
                        ("when", &when),
                        (
                            "amount",
                            &crate::money::format_eur(f.amount_requested_cents),
                        ),
                        (
                            "link",
                            &format!(
                                "{}/projets/{}/financement/dossiers/{}",
                                state.config.base_url, project.slug, f.id
                            ),
                        ),
                    ],
                ) + "\n",
                attachments: vec![],
            },
        )
        .await?;
    }
    Ok(())
}

/// Saves checked changes to an application, records a status change in the timeline and
/// re-schedules the reminders when the deadline or the status changed.
pub async fn update_application(
    state: &AppState,
    who: &Principal,
    f: &FundingApplication,
    c: CheckedFunding,
) -> AppResult<FundingApplication> {
    let mut updated = f.clone();
    updated.funder = c.funder;
    updated.programme = c.programme.into();
    updated.amount_requested_cents = c.requested;
    updated.amount_granted_cents = c.granted;
    updated.status = c.status.into();
    updated.deadline = c.deadline;
    repo::update_funding(
        &state.db,
        &updated,
        &f.status,
        Some(who.user.id),
        state.clock.now_ms(),
    )
    .await?;
    if updated.deadline != f.deadline || is_open(&updated.status) != is_open(&f.status) {
        schedule_reminders(state, &updated).await?;
    }
    Ok(updated)
}

// ---- attached documents ----

async fn attached(db: &Db, funding_id: i64) -> AppResult<Vec<i64>> {
    let rows: Vec<(i64,)> = db_run!(db, |p| sqlx::query_as(
        "SELECT document_id FROM funding_documents WHERE funding_id = $1 ORDER BY document_id"
    )
    .bind(funding_id)
    .fetch_all(p)
    .await)?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// Attaches a document of the project's library (`Invalid` for any other document).
pub async fn attach(state: &AppState, f: &FundingApplication, document_id: i64) -> AppResult<()> {
    let ok = crate::documents::service::document(&state.db, document_id)
        .await?
        .is_some_and(|d| d.project_id == Some(f.project_id));
    if !ok {
        let mut e = FieldErrors::default();
        e.add("document_id", "projects-document-not-in-project");
        return Err(AppError::Invalid(e));
    }
    db_run!(&state.db, |p| {
        sqlx::query(
        "INSERT INTO funding_documents (funding_id, document_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
    )
    .bind(f.id)
    .bind(document_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn detach(state: &AppState, f: &FundingApplication, document_id: i64) -> AppResult<()> {
    db_run!(&state.db, |p| sqlx::query(
        "DELETE FROM funding_documents WHERE funding_id = $1 AND document_id = $2"
    )
    .bind(f.id)
    .bind(document_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

// ---- budget lines ----

pub fn check_budget_line(kind: &str, label: &str, amount_cents: i64) -> AppResult<BudgetLine> {
    let mut errors = FieldErrors::default();
    let kind = crate::form::parse::parse_choice(kind, &model::BUDGET_KINDS, "kind", &mut errors);
    let label = model::parse_label(label, "label", &mut errors);
    let amount = model::parse_cents(amount_cents, "amount_cents", &mut errors);
    match (kind, label, errors.is_empty()) {
        (Some(kind), Some(label), true) => Ok(BudgetLine {
            id: 0,
            project_id: 0,
            kind: kind.into(),
            label,
            amount_cents: amount,
            created_at: 0,
        }),
        _ => Err(AppError::Invalid(errors)),
    }
}

// ---- pages ----

pub struct AttachmentRow {
    pub id: i64,
    pub title: String,
}

#[derive(Deserialize, Default)]
pub struct ApplicationForm {
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

#[derive(Template)]
#[template(path = "projects/funding_application.html")]
struct ApplicationTpl {
    c: Chrome,
    p: Project,
    id: i64,
    f: ApplicationForm,
    errors: FieldErrors,
    programmes: Vec<(&'static str, String)>,
    statuses: Vec<(&'static str, String)>,
    attachments: Vec<AttachmentRow>,
    library: Vec<AttachmentRow>,
    attach_errors: FieldErrors,
}

async fn application_of(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: i64,
) -> AppResult<(Project, FundingApplication)> {
    let p = member_area(state, ctx, slug).await?;
    let f = repo::funding_by_id(&state.db, id)
        .await?
        .filter(|f| f.project_id == p.id)
        .ok_or(AppError::NotFound)?;
    Ok((p, f))
}

fn euros_text(cents: i64) -> String {
    crate::money::format_amount(cents)
}

#[allow(clippy::too_many_arguments)]
async fn application_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    p: Project,
    f: &FundingApplication,
    form: Option<ApplicationForm>,
    errors: FieldErrors,
    attach_errors: FieldErrors,
) -> AppResult<Response> {
    let mut c = Chrome::new(ctx, headers, "projects-application-edit");
    c.title = format!("{} – {}", f.funder, p.name);
    let ids = attached(&state.db, f.id).await?;
    let docs = crate::documents::service::readable(
        state,
        ctx.user.as_ref(),
        Some(crate::documents::model::Scope::Project(p.id)),
        "",
    )
    .await?;
    let (attachments, library): (Vec<_>, Vec<_>) = docs
        .into_iter()
        .map(|d| {
            (
                ids.contains(&d.id),
                AttachmentRow {
                    id: d.id,
                    title: d.title,
                },
            )
        })
        .partition(|(a, _)| *a);
    let status = if errors.is_empty() && attach_errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let form = form.unwrap_or_else(|| ApplicationForm {
        funder: f.funder.clone(),
        programme: f.programme.clone(),
        requested: euros_text(f.amount_requested_cents),
        granted: euros_text(f.amount_granted_cents),
        status: f.status.clone(),
        deadline: f.deadline.clone().unwrap_or_default(),
    });
    render_status(
        status,
        &ApplicationTpl {
            programmes: model::PROGRAMMES
                .iter()
                .map(|k| {
                    (
                        *k,
                        c.t(&format!("projects-programme-{}", k.replace('_', "-"))),
                    )
                })
                .collect(),
            statuses: model::FUNDING_STATUSES
                .iter()
                .map(|k| (*k, c.t(&format!("projects-funding-status-{k}"))))
                .collect(),
            c,
            p,
            id: f.id,
            f: form,
            errors,
            attachments: attachments.into_iter().map(|x| x.1).collect(),
            library: library.into_iter().map(|x| x.1).collect(),
            attach_errors,
        },
    )
}

pub async fn application_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    let (p, f) = application_of(&state, &ctx, &slug, id).await?;
    application_view(
        &state,
        &ctx,
        &headers,
        p,
        &f,
        None,
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

pub async fn application_update(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<ApplicationForm>,
) -> AppResult<Response> {
    let (p, f) = application_of(&state, &ctx, &slug, id).await?;
    let who = ctx.require_user()?;
    let mut errors = FieldErrors::default();
    let requested = euros(&form.requested, "requested", &mut errors);
    let granted = euros(&form.granted, "granted", &mut errors);
    let checked = service::check_funding(&FundingInput {
        funder: &form.funder,
        programme: &form.programme,
        amount_requested_cents: requested,
        amount_granted_cents: granted,
        status: &form.status,
        deadline: &form.deadline,
    });
    let checked = match checked {
        Ok(c) if errors.is_empty() => c,
        Ok(_) => {
            return application_view(
                &state,
                &ctx,
                &headers,
                p,
                &f,
                Some(form),
                errors,
                FieldErrors::default(),
            )
            .await
        }
        Err(AppError::Invalid(more)) => {
            for (field, key) in more.0 {
                errors.add(field, key);
            }
            return application_view(
                &state,
                &ctx,
                &headers,
                p,
                &f,
                Some(form),
                errors,
                FieldErrors::default(),
            )
            .await;
        }
        Err(e) => return Err(e),
    };
    update_application(&state, who, &f, checked).await?;
    Ok(redirect_flash(
        &format!("/projets/{}/financement", p.slug),
        "flash-funding-saved",
    ))
}

pub async fn application_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    let (p, f) = application_of(&state, &ctx, &slug, id).await?;
    repo::delete_funding(&state.db, &f, ctx.user_id(), state.clock.now_ms()).await?;
    Ok(redirect_flash(
        &format!("/projets/{}/financement", p.slug),
        "flash-funding-saved",
    ))
}

#[derive(Deserialize)]
pub struct AttachForm {
    #[serde(default)]
    pub document_id: String,
}

pub async fn attach_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<AttachForm>,
) -> AppResult<Response> {
    let (p, f) = application_of(&state, &ctx, &slug, id).await?;
    let doc = form.document_id.trim().parse::<i64>().unwrap_or(0);
    match attach(&state, &f, doc).await {
        Ok(()) => Ok(redirect_flash(
            &format!("/projets/{}/financement/dossiers/{}", p.slug, f.id),
            "flash-attachment-added",
        )),
        Err(AppError::Invalid(errors)) => {
            application_view(
                &state,
                &ctx,
                &headers,
                p,
                &f,
                None,
                FieldErrors::default(),
                errors,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub async fn detach_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, doc)): Path<(String, i64, i64)>,
) -> AppResult<Response> {
    let (p, f) = application_of(&state, &ctx, &slug, id).await?;
    detach(&state, &f, doc).await?;
    Ok(redirect_flash(
        &format!("/projets/{}/financement/dossiers/{}", p.slug, f.id),
        "flash-attachment-removed",
    ))
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
#[template(path = "projects/funding_budget_line.html")]
struct BudgetTpl {
    c: Chrome,
    p: Project,
    id: i64,
    b: BudgetForm,
    errors: FieldErrors,
}

async fn line_of(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: i64,
) -> AppResult<(Project, BudgetLine)> {
    let p = member_area(state, ctx, slug).await?;
    let l = repo::budget_line_by_id(&state.db, id)
        .await?
        .filter(|l| l.project_id == p.id)
        .ok_or(AppError::NotFound)?;
    Ok((p, l))
}

pub async fn budget_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    let (p, l) = line_of(&state, &ctx, &slug, id).await?;
    let c = Chrome::new(&ctx, &headers, "projects-budget-edit");
    render_status(
        StatusCode::OK,
        &BudgetTpl {
            c,
            p,
            id,
            b: BudgetForm {
                kind: l.kind,
                label: l.label,
                amount: euros_text(l.amount_cents),
            },
            errors: FieldErrors::default(),
        },
    )
}

pub async fn budget_update(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    Form(b): Form<BudgetForm>,
) -> AppResult<Response> {
    let (p, l) = line_of(&state, &ctx, &slug, id).await?;
    let mut errors = FieldErrors::default();
    let amount = if b.amount.trim().is_empty() {
        errors.add("amount", "field-required");
        0
    } else {
        euros(&b.amount, "amount", &mut errors)
    };
    let checked = match check_budget_line(&b.kind, &b.label, amount) {
        Ok(c) => Some(c),
        Err(AppError::Invalid(more)) => {
            for (field, key) in more.0 {
                errors.add(field, key);
            }
            None
        }
        Err(e) => return Err(e),
    };
    match (checked, errors.is_empty()) {
        (Some(c), true) => {
            let mut line = l.clone();
            line.kind = c.kind;
            line.label = c.label;
            line.amount_cents = c.amount_cents;
            repo::change_budget_line(&state.db, &line, false, ctx.user_id(), state.clock.now_ms())
                .await?;
            Ok(redirect_flash(
                &format!("/projets/{}/financement", p.slug),
                "flash-funding-saved",
            ))
        }
        _ => {
            let c = Chrome::new(&ctx, &headers, "projects-budget-edit");
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &BudgetTpl {
                    c,
                    p,
                    id,
                    b,
                    errors,
                },
            )
        }
    }
}

pub async fn budget_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    let (p, l) = line_of(&state, &ctx, &slug, id).await?;
    repo::change_budget_line(&state.db, &l, true, ctx.user_id(), state.clock.now_ms()).await?;
    Ok(redirect_flash(
        &format!("/projets/{}/financement", p.slug),
        "flash-funding-saved",
    ))
}

// ---- API ----

async fn api_line(state: &AppState, ctx: &Ctx, id: i64) -> ApiResult<BudgetLine> {
    crate::auth::api_user(ctx)?;
    let l = repo::budget_line_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    member_api(state, ctx, l.project_id).await?;
    Ok(l)
}

/// Replaces a budget line.
#[utoipa::path(
    put, path = "/api/v1/budget-lines/{id}", tag = "projets",
    operation_id = "projects_budget_update",
    params(("id" = i64, Path, description = "Identifiant de la ligne")),
    request_body = super::api::BudgetLineIn,
    responses(
        (status = 200, description = "Ligne mise à jour", body = super::api::BudgetLineOut),
        (status = 404, description = "Inconnue ou hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_budget_update(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<super::api::BudgetLineIn>,
) -> ApiResult<Json<super::api::BudgetLineOut>> {
    let mut l = api_line(&state, &ctx, id).await?;
    let c =
        check_budget_line(&b.kind, &b.label, b.amount_cents).map_err(|e| ApiError(e, ctx.lang))?;
    l.kind = c.kind;
    l.label = c.label;
    l.amount_cents = c.amount_cents;
    repo::change_budget_line(&state.db, &l, false, ctx.user_id(), state.clock.now_ms()).await?;
    Ok(Json(super::api::budget_out(l)))
}

/// Deletes a budget line.
#[utoipa::path(
    delete, path = "/api/v1/budget-lines/{id}", tag = "projets",
    operation_id = "projects_budget_delete",
    params(("id" = i64, Path, description = "Identifiant de la ligne")),
    responses(
        (status = 204, description = "Supprimée"),
        (status = 404, description = "Inconnue ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_budget_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    let l = api_line(&state, &ctx, id).await?;
    repo::change_budget_line(&state.db, &l, true, ctx.user_id(), state.clock.now_ms()).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn api_application(state: &AppState, ctx: &Ctx, id: i64) -> ApiResult<FundingApplication> {
    crate::auth::api_user(ctx)?;
    let f = repo::funding_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    member_api(state, ctx, f.project_id).await?;
    Ok(f)
}

#[derive(Serialize, ToSchema)]
pub struct AttachmentOut {
    pub document_id: i64,
    pub title: String,
    pub url: String,
}

/// Documents attached to a funding application (from the project's library).
#[utoipa::path(
    get, path = "/api/v1/funding-applications/{id}/documents", tag = "projets",
    operation_id = "projects_funding_documents",
    params(("id" = i64, Path, description = "Identifiant du dossier")),
    responses(
        (status = 200, description = "Pièces jointes", body = [AttachmentOut]),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_documents(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<AttachmentOut>>> {
    let f = api_application(&state, &ctx, id).await?;
    let mut out = Vec::new();
    for doc in attached(&state.db, f.id).await? {
        if let Some(d) = crate::documents::service::document(&state.db, doc).await? {
            out.push(AttachmentOut {
                document_id: d.id,
                url: format!("/documents/{}", d.id),
                title: d.title,
            });
        }
    }
    Ok(Json(out))
}

#[derive(Deserialize, ToSchema)]
pub struct AttachIn {
    /// A document of the project's library (upload it first with `project_id`).
    pub document_id: i64,
}

/// Attaches a document of the project's library to a funding application.
#[utoipa::path(
    post, path = "/api/v1/funding-applications/{id}/documents", tag = "projets",
    operation_id = "projects_funding_attach",
    params(("id" = i64, Path, description = "Identifiant du dossier")),
    request_body = AttachIn,
    responses(
        (status = 204, description = "Jointe"),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Document hors de la bibliothèque du projet", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_attach(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    JsonIn(b): JsonIn<AttachIn>,
) -> ApiResult<StatusCode> {
    let f = api_application(&state, &ctx, id).await?;
    attach(&state, &f, b.document_id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Detaches a document from a funding application (the document stays in the library).
#[utoipa::path(
    delete, path = "/api/v1/funding-applications/{id}/documents/{document_id}", tag = "projets",
    operation_id = "projects_funding_detach",
    params(("id" = i64, Path, description = "Dossier"), ("document_id" = i64, Path, description = "Document")),
    responses(
        (status = 204, description = "Retirée"),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_detach(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, document_id)): ApiPath<(i64, i64)>,
) -> ApiResult<StatusCode> {
    let f = api_application(&state, &ctx, id).await?;
    detach(&state, &f, document_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
