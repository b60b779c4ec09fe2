//! The actors' import page of a place's or a network's showcase
//! (`/lieux/{slug}/vitrine/importer`, `/reseaux/{slug}/vitrine/importer`), for its managers
//! and animators (404 for anyone else): a CSV file or a GoGoCarto export, a dry run or the
//! import, and the report row by row (`actors::import`, the places' matcher and report).

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;

use crate::actors::import::{self, Format, Options, RowReport};
use crate::actors::service::{self, ImportScope};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::{render, Chrome};

/// A file of at most this many bytes (a showcase, not a national directory).
const MAX_BYTES: usize = 2_000_000;

#[derive(Template)]
#[template(path = "actors/import.html")]
struct ImportTpl {
    c: Chrome,
    base: &'static str,
    owner_name: String,
    owner_slug: String,
    error: String,
    /// `(label, column)` of the mapping used.
    mapping: Vec<(&'static str, String)>,
    dry_run: bool,
    done: bool,
    summary: String,
    rows: Vec<(RowReport, &'static str)>,
}

/// The scope of a page: its base, name, slug.
async fn scope_of(
    state: &AppState,
    base: &'static str,
    slug: &str,
) -> AppResult<(ImportScope, String, String)> {
    if base == "lieux" {
        let (id, name, slug, _) = crate::actors::repo::published_place(&state.db, slug)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok((ImportScope::Place(id), name, slug))
    } else {
        let n = crate::tenancy::repo::network_by_slug(&state.db, slug)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok((ImportScope::Network(n.id), n.name, n.slug))
    }
}

fn empty(c: Chrome, base: &'static str, owner_name: String, owner_slug: String) -> ImportTpl {
    ImportTpl {
        c,
        base,
        owner_name,
        owner_slug,
        error: String::new(),
        mapping: Vec::new(),
        dry_run: true,
        done: false,
        summary: String::new(),
        rows: Vec::new(),
    }
}

async fn form(
    state: AppState,
    ctx: Ctx,
    headers: HeaderMap,
    base: &'static str,
    slug: String,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let (scope, name, slug) = scope_of(&state, base, &slug).await?;
    service::authorize_import(&state, Some(who), scope).await?;
    let c = Chrome::new(&ctx, &headers, "actors-import-title");
    render(&empty(c, base, name, slug))
}

pub(super) async fn place_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    form(state, ctx, headers, "lieux", slug).await
}

pub(super) async fn network_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    form(state, ctx, headers, "reseaux", slug).await
}

async fn upload(
    state: AppState,
    ctx: Ctx,
    headers: HeaderMap,
    (base, slug): (&'static str, String),
    mut mp: Multipart,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let (scope, name, slug) = scope_of(&state, base, &slug).await?;
    service::authorize_import(&state, Some(who), scope).await?;
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut dry_run = false;
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?
    {
        match field.name().unwrap_or("") {
            "file" => {
                let fname = field.file_name().unwrap_or("acteurs.csv").to_string();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| AppError::BadRequest(e.body_text()))?;
                if !bytes.is_empty() {
                    file = Some((fname, bytes.to_vec()));
                }
            }
            "dry_run" => dry_run = true,
            _ => {}
        }
    }
    let c = Chrome::new(&ctx, &headers, "actors-import-title");
    let mut tpl = empty(c, base, name, slug);
    tpl.dry_run = dry_run;
    let Some((fname, bytes)) = file else {
        tpl.error = tpl.c.t("actors-import-no-file");
        return render_422(&tpl);
    };
    if bytes.len() > MAX_BYTES {
        tpl.error = tpl.c.t("actors-import-too-big");
        return render_422(&tpl);
    }
    let format = match Format::guess(&fname, &bytes) {
        f @ (Format::Csv | Format::Gogocarto) => f,
        _ => Format::Csv,
    };
    let table = match import::read(format, &bytes) {
        Ok(t) => t,
        Err(e) => {
            tpl.error = e;
            return render_422(&tpl);
        }
    };
    let (m, _) = import::guess(&table);
    tpl.mapping = m
        .columns
        .iter()
        .filter(|(_, col)| !col.is_empty())
        .map(|(t, col)| (import::label(t), col.clone()))
        .collect();
    let source = std::path::Path::new(&fname)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let report = if dry_run {
        let categories = service::categories(&state).await?;
        import::preview(&table, &m, &categories, scope)
    } else {
        let o = Options {
            scope,
            source,
            by: Some(who.user.id),
        };
        match import::run(&state, &table, &m, &o).await {
            Ok(r) => r,
            Err(AppError::BadRequest(e)) => {
                tpl.error = e;
                return render_422(&tpl);
            }
            Err(e) => return Err(e),
        }
    };
    tpl.done = true;
    tpl.summary = report.summary_fr();
    tpl.rows = report
        .rows
        .into_iter()
        .map(|r| {
            let label = r.outcome.label_fr();
            (r, label)
        })
        .collect();
    render(&tpl)
}

fn render_422(tpl: &ImportTpl) -> AppResult<Response> {
    crate::web::render_status(axum::http::StatusCode::UNPROCESSABLE_ENTITY, tpl)
}

pub(super) async fn place_upload(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    mp: Multipart,
) -> AppResult<Response> {
    upload(state, ctx, headers, ("lieux", slug), mp).await
}

pub(super) async fn network_upload(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    mp: Multipart,
) -> AppResult<Response> {
    upload(state, ctx, headers, ("reseaux", slug), mp).await
}
