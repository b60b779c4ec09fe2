//! The import page: uploading a file, following its progress, its report as CSV.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::auth::policy::{authorize, Action};
use crate::auth::{Ctx, Principal};
use crate::error::{AppError, AppResult};
use crate::ids::NetworkId;
use crate::places::import::{self, Format, Guess, Mapping, RowReport, Table};
use crate::places::jobs::{self, ImportJob};
use crate::places::model::PlaceImportState;
use crate::places::model::{fold, Typology};
use crate::places::repo::{self};
use crate::state::AppState;
use crate::tenancy::model::Network;
use crate::tenancy::service::network_target;
use crate::web::{redirect_flash, render, render_status, Chrome};

#[derive(Template)]
#[template(path = "places/import.html")]
pub(super) struct ImportTpl {
    c: Chrome,
    networks: Vec<Network>,
    error: String,
    /// After an upload: the file (as text) for the confirm step, its columns and mapping.
    stage: String,
    file_name: String,
    format: String,
    network_id: String,
    content: String,
    headers: Vec<String>,
    /// (field, label, why this column): the main fields, then the day columns and the
    /// second pair of coordinates.
    targets: Vec<(&'static str, &'static str, String)>,
    extra_targets: Vec<(&'static str, &'static str, String)>,
    mapping: Mapping,
    preview: Vec<RowReport>,
    row_count: usize,
    /// What the import of the whole file would do.
    summary: String,
    /// The source's categories and the typology each one gets.
    categories: Vec<CategoryRow>,
    typologies: Vec<Typology>,
    /// A mapping saved for this source was applied.
    saved: bool,
}

pub(super) struct CategoryRow {
    name: String,
    count: usize,
    /// `__auto`, `""` (ignored) or a typology slug.
    choice: String,
    /// What "automatic" gives.
    auto: String,
}

fn targets_with(
    list: &[(&'static str, &'static str)],
    reasons: &std::collections::BTreeMap<String, String>,
) -> Vec<(&'static str, &'static str, String)> {
    list.iter()
        .map(|(t, l)| (*t, *l, reasons.get(*t).cloned().unwrap_or_default()))
        .collect()
}

/// The typology table of the mapping form: each category of the source, what it gets.
fn category_rows(table: &Table, mapping: &Mapping, typologies: &[Typology]) -> Vec<CategoryRow> {
    import::prepare::categories(table, mapping)
        .into_iter()
        .take(200)
        .map(|(name, count)| {
            let explicit = mapping.typologies.get(&fold(&name)).cloned();
            // What "automatic" gives: the default table, then the taxonomy's names.
            let auto = match import::prepare::default_typology(&name) {
                Some("") => "ignorée".to_string(),
                Some(slug) => typologies
                    .iter()
                    .find(|t| t.slug == slug)
                    .map(|t| t.name.clone())
                    .unwrap_or_else(|| slug.to_string()),
                None => crate::places::model::find_typology(&name, typologies)
                    .and_then(|id| typologies.iter().find(|t| t.id == id))
                    .map(|t| t.name.clone())
                    .unwrap_or_else(|| "inconnue".to_string()),
            };
            CategoryRow {
                name,
                count,
                choice: explicit.unwrap_or_else(|| "__auto".to_string()),
                auto,
            }
        })
        .collect()
}

/// Networks where this person may import (all for instance admins).
pub(super) async fn import_networks(state: &AppState, who: &Principal) -> AppResult<Vec<Network>> {
    let all = crate::tenancy::repo::networks(&state.db).await?;
    Ok(all
        .into_iter()
        .filter(|n| authorize(Some(who), Action::ManageNetwork, &network_target(n.id)).is_ok())
        .collect())
}

pub(super) async fn import_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let networks = import_networks(&state, who).await?;
    if networks.is_empty() && !who.is_instance_admin() {
        return Err(AppError::Forbidden);
    }
    render(&ImportTpl {
        c: Chrome::new(&ctx, &headers, "import-title"),
        networks,
        error: String::new(),
        stage: "upload".into(),
        file_name: String::new(),
        format: String::new(),
        network_id: String::new(),
        content: String::new(),
        headers: Vec::new(),
        targets: Vec::new(),
        extra_targets: Vec::new(),
        mapping: Mapping::default(),
        preview: Vec::new(),
        row_count: 0,
        summary: String::new(),
        categories: Vec::new(),
        typologies: Vec::new(),
        saved: false,
    })
}

/// One multipart form for the three steps: upload (a file), preview (new mapping), import.
// Long because the three steps of the one form (upload, preview, import) share their parsing.
pub(super) async fn import_upload(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    mut mp: Multipart,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let networks = import_networks(&state, who).await?;
    if networks.is_empty() && !who.is_instance_admin() {
        return Err(AppError::Forbidden);
    }
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut fields: std::collections::BTreeMap<String, String> = Default::default();
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?
    {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let fname = field.file_name().unwrap_or("import.csv").to_string();
            let bytes = field
                .bytes()
                .await
                .map_err(|e| AppError::BadRequest(e.body_text()))?;
            if !bytes.is_empty() {
                file = Some((fname, bytes.to_vec()));
            }
        } else {
            let v = field
                .text()
                .await
                .map_err(|e| AppError::BadRequest(e.body_text()))?;
            fields.insert(name, v);
        }
    }
    crate::form::hygiene::check_pairs(&fields).map_err(AppError::Invalid)?;
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let network_id = get("network_id");
    let net = network_id.parse::<NetworkId>().ok();
    if let Some(n) = net {
        authorize(Some(who), Action::ManageNetwork, &network_target(n))?;
    } else if !who.is_instance_admin() {
        return Err(AppError::Forbidden);
    }
    let (file_name, content, format) = match file {
        Some((name, bytes)) => {
            let format =
                Format::parse(&get("format")).unwrap_or_else(|| Format::guess(&name, &bytes));
            (name, import::decode(&bytes), format)
        }
        None => (
            get("file_name"),
            get("content"),
            Format::parse(&get("format")).unwrap_or(Format::Csv),
        ),
    };
    let format_name = format.as_str();
    let mut tpl = ImportTpl {
        c: Chrome::new(&ctx, &headers, "import-title"),
        networks,
        error: String::new(),
        stage: "preview".into(),
        file_name: file_name.clone(),
        format: format_name.into(),
        network_id: network_id.clone(),
        content: String::new(),
        headers: Vec::new(),
        targets: Vec::new(),
        extra_targets: Vec::new(),
        mapping: Mapping::default(),
        preview: Vec::new(),
        row_count: 0,
        summary: String::new(),
        categories: Vec::new(),
        typologies: Vec::new(),
        saved: false,
    };
    let table: Table = match import::read(format, content.as_bytes()) {
        Ok(t) => t,
        Err(e) => {
            tpl.stage = "upload".into();
            tpl.error = e;
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &tpl);
        }
    };
    let stem = std::path::Path::new(&file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let source = format!("upload:{stem}");
    let guess = Guess::of(&table);
    let mut mapping = guess.mapping.clone();
    let mut reasons = guess.reasons.clone();
    if let Some(saved) = import::saved::get(&state.db, net, &source).await? {
        mapping.overlay(&saved, &table.headers);
        for t in saved.columns.keys() {
            reasons.insert(
                t.clone(),
                "correspondance enregistrée pour cette source".into(),
            );
        }
        tpl.saved = true;
    }
    if fields.keys().any(|k| k.starts_with("map_")) {
        // The form says it all: every field, every category.
        mapping.columns.clear();
        for (t, _) in import::TARGETS.iter().chain(import::EXTRA_TARGETS.iter()) {
            let v = get(&format!("map_{t}"));
            if v.is_empty() || table.headers.contains(&v) {
                let _ = mapping.set(t, &v, &table.headers);
            }
        }
        for i in 0..200 {
            let (Some(cat), Some(choice)) = (
                fields.get(&format!("cat_{i}")),
                fields.get(&format!("typ_{i}")),
            ) else {
                continue;
            };
            if choice == "__auto" {
                mapping.typologies.remove(&fold(cat));
            } else {
                mapping.typologies.insert(fold(cat), choice.clone());
            }
        }
    }
    let typologies = repo::typologies(&state.db).await?;
    mapping
        .typologies
        .retain(|_, v| v.is_empty() || typologies.iter().any(|t| &t.slug == v));
    if get("step") == "import" {
        if mapping.get("name").is_empty() {
            tpl.error = "aucune colonne ne donne le nom du lieu : choisissez-la ci-dessous".into();
        } else {
            if get("save_mapping") == "on" {
                import::saved::save(
                    &state.db,
                    net,
                    &source,
                    &mapping,
                    Some(who.user.id),
                    state.clock.now_ms(),
                )
                .await?;
            }
            let id = jobs::create(
                &state.db,
                jobs::NewImport {
                    created_by: Some(who.user.id),
                    network_id: net,
                    file_name: &file_name,
                    format,
                    source: &source,
                    mapping: &mapping,
                    content: &content,
                    total: table.rows.len(),
                },
                state.clock.now_ms(),
            )
            .await?;
            jobs::spawn(state.clone(), id);
            return Ok(redirect_flash(
                &format!("/admin/lieux/import/{id}"),
                "flash-import-started",
            ));
        }
    }
    // One pass over the file: its summary, and its first rows for the table.
    let whole = import::preview(&table, &mapping, &typologies, usize::MAX);
    tpl.summary = whole.summary_fr();
    tpl.categories = category_rows(&table, &mapping, &typologies);
    tpl.targets = targets_with(&import::TARGETS, &reasons);
    tpl.extra_targets = targets_with(&import::EXTRA_TARGETS, &reasons);
    tpl.typologies = typologies.clone();
    tpl.preview = whole.rows.into_iter().take(20).collect();
    tpl.row_count = table.rows.len();
    tpl.headers = table.headers;
    tpl.mapping = mapping;
    tpl.content = content;
    render(&tpl)
}

#[derive(Template)]
#[template(path = "places/import_job.html")]
pub(super) struct ImportJobTpl {
    c: Chrome,
    job: ImportJob,
    phase: PlaceImportState,
    phase_key: String,
    finished: bool,
    /// The rows to read: skipped, or with values not stored (the first 1 000).
    remarks: Vec<RowReport>,
    remarks_total: usize,
    summary: String,
}

async fn visible_job(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<ImportJob> {
    let who = ctx.require_user()?;
    let job = jobs::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if !jobs::may_see(who, &job) {
        return Err(AppError::NotFound);
    }
    Ok(job)
}

/// The progress page: refreshes itself by htmx polling (no inline script) while the import
/// runs; without JavaScript, a link reloads it. At the end: the summary, the rows to read and
/// the full report as CSV.
pub(super) async fn import_progress(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let job = visible_job(&state, &ctx, id).await?;
    let st = job.state(state.clock.now_ms());
    let finished = st.finished();
    let (remarks, remarks_total, summary) = if st == PlaceImportState::Done {
        match jobs::report(&state.db, id).await? {
            Some(r) => {
                let summary = r.summary_fr();
                let all: Vec<RowReport> = r
                    .rows
                    .into_iter()
                    .filter(|r| r.outcome == import::Outcome::Skipped || !r.messages.is_empty())
                    .collect();
                let n = all.len();
                (all.into_iter().take(1000).collect(), n, summary)
            }
            None => (Vec::new(), 0, String::new()),
        }
    } else {
        (Vec::new(), 0, String::new())
    };
    let mut res = render(&ImportJobTpl {
        c: Chrome::new(&ctx, &headers, "import-progress-title"),
        job,
        phase: st,
        phase_key: format!("import-state-{st}"),
        finished,
        remarks,
        remarks_total,
        summary,
    })?;
    res.headers_mut()
        .insert("cache-control", HeaderValue::from_static("no-store"));
    Ok(res)
}

pub(super) async fn import_report_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let job = visible_job(&state, &ctx, id).await?;
    let report = jobs::report(&state.db, job.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let stem = std::path::Path::new(&job.file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ascii: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/csv; charset=utf-8".to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"rapport-{ascii}.csv\""),
            ),
        ],
        report.to_csv(),
    )
        .into_response())
}
