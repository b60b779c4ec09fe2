//! The stakeholders directory of a project in the pages (its holders and advisors only; 404
//! to anyone else), and its export as CSV.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::shared::member_area;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::projects::model::stakeholders::{Stakeholder, StakeholderIn};
use crate::projects::model::{self, Project};
use crate::projects::repo::stakeholders as repo;
use crate::projects::service::stakeholders as service;
use crate::state::AppState;
use crate::web::{redirect_flash, render_status, Chrome};

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
    let all = repo::of_project(&state.db, p.id).await?;
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
    match service::create(&state, ctx.user_id(), &p, &f).await {
        Ok(_) => Ok(redirect_flash(
            &format!("/projets/{}/parties-prenantes", p.slug),
            "flash-stakeholder-saved",
        )),
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
        kind: s.kind.to_string(),
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
    let s = service::of(state, &p, id).await?;
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
    match service::update(&state, &s, &f).await {
        Ok(_) => Ok(redirect_flash(
            &format!("/projets/{}/parties-prenantes", p.slug),
            "flash-stakeholder-saved",
        )),
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
    service::delete(&state, &s).await?;
    Ok(redirect_flash(
        &format!("/projets/{}/parties-prenantes", p.slug),
        "flash-stakeholder-deleted",
    ))
}

/// A cell for a spreadsheet: formula-looking values neutralized ([`crate::text::csv_cell`]).
fn cell(s: &str) -> String {
    crate::text::csv_cell(s).into_owned()
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
    for s in repo::of_project(&state.db, p.id).await? {
        let row = [
            s.kind.to_string(),
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
