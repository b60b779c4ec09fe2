//! The funding plan's pages: applications and budget lines with the plan's summary, the page
//! of an application (with the documents of the project's library attached to it) and the
//! page of a budget line. Amounts are typed in euros.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::shared::{
    budget_kind_label, euros, euros_text, funding_status_label, funding_view, managed, member_area,
    programme_label, FundingView,
};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::ids::DocumentId;
use crate::money::format_eur;
use crate::projects::model::{
    self, BudgetLine, FundingApplication, FundingInput, FundingProgramme, FundingStatus, Project,
};
use crate::projects::{repo, service};
use crate::state::AppState;
use crate::web::{redirect_flash, render_status, Chrome};

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

/// The programmes for a `<select>`: (text, label).
fn programme_choices(c: &Chrome) -> Vec<(&'static str, String)> {
    FundingProgramme::ALL
        .iter()
        .map(|k| (k.as_str(), programme_label(c, *k)))
        .collect()
}

/// The statuses of an application for a `<select>`: (text, label).
fn funding_status_choices(c: &Chrome) -> Vec<(&'static str, String)> {
    FundingStatus::ALL
        .iter()
        .map(|k| (k.as_str(), funding_status_label(c, *k)))
        .collect()
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
                    programme: programme_label(&c, a.programme),
                    requested: format_eur(a.amount_requested_cents),
                    granted: format_eur(a.amount_granted_cents),
                    status: funding_status_label(&c, a.status),
                    deadline: a.deadline.clone().unwrap_or_default(),
                })
                .collect(),
            budget: lines
                .iter()
                .map(|l| BudgetRow {
                    id: l.id,
                    kind: budget_kind_label(&c, l.kind),
                    label: l.label.clone(),
                    amount: format_eur(l.amount_cents),
                })
                .collect(),
            funding: funding_view(&c, &apps, &lines),
            programmes: programme_choices(&c),
            statuses: funding_status_choices(&c),
            f,
            b,
            errors,
            budget_errors,
            p,
            c,
        },
    )
}

pub async fn funding_page(
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

pub async fn add_funding(
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
    match model::check_funding(&input) {
        Ok(_) => {}
        Err(AppError::Invalid(more)) => {
            for (field, key) in more.0 {
                errors.add(field, key);
            }
        }
        Err(e) => return Err(e),
    }
    let res = if errors.is_empty() {
        service::funding::add_funding(&state, Some(ctx.require_user()?.user.id), &p, input)
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

pub async fn add_budget(
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
        service::funding::add_budget_line(
            &state,
            Some(ctx.require_user()?.user.id),
            &p,
            &b.kind,
            &b.label,
            amount,
        )
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

// ---- an application ----

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
    let ids = repo::attached_documents(&state.db, f.id).await?;
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
                    id: d.id.get(),
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
        programme: f.programme.to_string(),
        requested: euros_text(f.amount_requested_cents),
        granted: euros_text(f.amount_granted_cents),
        status: f.status.to_string(),
        deadline: f.deadline.clone().unwrap_or_default(),
    });
    render_status(
        status,
        &ApplicationTpl {
            programmes: programme_choices(&c),
            statuses: funding_status_choices(&c),
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
    let input = FundingInput {
        funder: &form.funder,
        programme: &form.programme,
        amount_requested_cents: requested,
        amount_granted_cents: granted,
        status: &form.status,
        deadline: &form.deadline,
    };
    let res = if errors.is_empty() {
        service::funding::update_funding(&state, who, &f, input)
            .await
            .map(|_| ())
    } else {
        // Report the other fields' errors along with the amounts'.
        match model::check_funding(&input) {
            Err(AppError::Invalid(more)) => {
                for (field, key) in more.0 {
                    errors.add(field, key);
                }
            }
            Err(e) => return Err(e),
            Ok(_) => {}
        }
        Err(AppError::Invalid(errors))
    };
    match res {
        Ok(()) => Ok(redirect_flash(
            &format!("/projets/{}/financement", p.slug),
            "flash-funding-saved",
        )),
        Err(AppError::Invalid(errors)) => {
            application_view(
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
        Err(e) => Err(e),
    }
}

pub async fn application_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    let (p, f) = application_of(&state, &ctx, &slug, id).await?;
    service::funding::delete_funding(&state, ctx.user.as_ref(), &f).await?;
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
    let doc = form
        .document_id
        .trim()
        .parse::<DocumentId>()
        .unwrap_or(DocumentId(0));
    match service::funding::attach(&state, &f, doc).await {
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
    Path((slug, id, doc)): Path<(String, i64, DocumentId)>,
) -> AppResult<Response> {
    let (p, f) = application_of(&state, &ctx, &slug, id).await?;
    service::funding::detach(&state, &f, doc).await?;
    Ok(redirect_flash(
        &format!("/projets/{}/financement/dossiers/{}", p.slug, f.id),
        "flash-attachment-removed",
    ))
}

// ---- a budget line ----

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
                kind: l.kind.to_string(),
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
    let res = if errors.is_empty() {
        service::funding::update_budget_line(
            &state,
            ctx.user.as_ref(),
            &l,
            &b.kind,
            &b.label,
            amount,
        )
        .await
        .map(|_| ())
    } else {
        // Report the other fields' errors along with the amount's.
        match model::check_budget_line(&b.kind, &b.label, amount) {
            Err(AppError::Invalid(more)) => {
                for (field, key) in more.0 {
                    errors.add(field, key);
                }
            }
            Err(e) => return Err(e),
            Ok(_) => {}
        }
        Err(AppError::Invalid(errors))
    };
    match res {
        Ok(()) => Ok(redirect_flash(
            &format!("/projets/{}/financement", p.slug),
            "flash-funding-saved",
        )),
        Err(AppError::Invalid(errors)) => {
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
        Err(e) => Err(e),
    }
}

pub async fn budget_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    let (p, l) = line_of(&state, &ctx, &slug, id).await?;
    service::funding::delete_budget_line(&state, ctx.user.as_ref(), &l).await?;
    Ok(redirect_flash(
        &format!("/projets/{}/financement", p.slug),
        "flash-funding-saved",
    ))
}
