//! Library pages: a group's, a place's or a network's documents, search, a document with its
//! versions, and the forms to upload files, write sheets and create folders.

use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::model::{CreateFolder, DocumentKind, DocumentVisibility, Folder};
use super::repo::{self, Scope};
use super::service;
use super::service::{store_folder, store_sheet, store_upload, store_version, SheetInput};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::parse::parse_enum;
use crate::form::{read_upload, Form};
use crate::ids::{DocumentId, GroupId, NetworkId, PlaceId, ProjectId};
use crate::state::AppState;
use crate::web::paging::{pages, PageLink, PageQuery};
use crate::web::{redirect_flash, render_status, Chrome};

pub fn routes() -> Router<AppState> {
    let limit = DefaultBodyLimit::max(super::model::MAX_UPLOAD_BYTES + 64 * 1024);
    Router::new()
        .route("/groupes/{slug}/documents", get(group_library))
        .route("/lieux/{slug}/documents", get(place_library))
        .route("/reseaux/{slug}/documents", get(network_library))
        .route("/projets/{slug}/documents", get(project_library))
        .route("/documents", get(search_page))
        .route("/documents/televerser", post(upload).layer(limit))
        .route("/documents/fiches", post(sheet))
        .route("/documents/dossiers", post(folder))
        .route("/documents/{id}", get(document_page))
        .route("/documents/{id}/versions", post(new_version).layer(limit))
}

pub struct DocRow {
    pub id: DocumentId,
    pub title: String,
    pub kind: String,
    pub tags: Vec<String>,
    pub visibility: String,
    pub folder: String,
}

fn vis_label(c: &Chrome, v: DocumentVisibility) -> String {
    c.t(&format!("documents-visibility-{v}"))
}

fn kind_label(c: &Chrome, k: DocumentKind) -> String {
    c.t(match k {
        DocumentKind::Sheet => "documents-kind-sheet",
        DocumentKind::File => "documents-kind-file",
    })
}

#[derive(Template)]
#[template(path = "documents/library.html")]
struct LibraryTpl {
    c: Chrome,
    name: String,
    back: String,
    scope_field: String,
    scope_id: i64,
    q: String,
    folder: Option<i64>,
    folders: Vec<Folder>,
    docs: Vec<DocRow>,
    /// Every document of the library the visitor may read (of the folder, matching `q`).
    total: i64,
    pages: Vec<PageLink>,
    can_manage: bool,
    visibilities: Vec<(String, String)>,
    errors: FieldErrors,
    form: String,
}

#[derive(Deserialize, Default)]
struct LibQuery {
    #[serde(default)]
    q: String,
    /// Only the documents of this folder.
    #[serde(default)]
    dossier: Option<i64>,
    /// The page of the list (see `PageQuery`).
    #[serde(default)]
    page: Option<String>,
}

impl LibQuery {
    fn page(&self) -> PageQuery {
        PageQuery {
            page: self.page.clone(),
        }
    }
}

/// Documents a page of a library shows (a network's library holds thousands).
const LIBRARY_PER_PAGE: i64 = 30;

async fn scope_of(
    state: &AppState,
    ctx: &Ctx,
    kind: &str,
    slug: &str,
) -> AppResult<(Scope, String, String)> {
    Ok(match kind {
        "group" => {
            let g = crate::groups::service::group_by_slug(&state.db, slug)
                .await?
                .ok_or(AppError::NotFound)?;
            let t = crate::groups::service::target(state, &g).await?;
            if !crate::groups::service::may_see(ctx.user.as_ref(), &g, &t) {
                return Err(AppError::NotFound);
            }
            (Scope::Group(g.id), g.name, format!("/groupes/{}", g.slug))
        }
        "place" => {
            let p = crate::tenancy::repo::place_by_slug(&state.db, slug)
                .await?
                .ok_or(AppError::NotFound)?;
            (Scope::Place(p.id), p.name, format!("/lieux/{}", p.slug))
        }
        "project" => {
            let p = crate::tenancy::service::project_scope_by_slug(state, slug)
                .await?
                .filter(|p| p.may_see(ctx.user.as_ref()))
                .ok_or(AppError::NotFound)?;
            (
                Scope::Project(ProjectId(p.id)),
                p.name,
                format!("/projets/{}", p.slug),
            )
        }
        _ => {
            let n = crate::tenancy::repo::network_by_slug(&state.db, slug)
                .await?
                .ok_or(AppError::NotFound)?;
            (Scope::Network(n.id), n.name, format!("/reseaux/{}", n.slug))
        }
    })
}

async fn library_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    (scope, name, back): (Scope, String, String),
    (q, folder, page): (&str, Option<i64>, &PageQuery),
    errors: FieldErrors,
    form: &str,
) -> AppResult<Response> {
    let mut c = Chrome::new(ctx, headers, "documents-title");
    c.title = format!("{} – {name}", c.t("documents-title"));
    let folders = repo::folders(&state.db, scope).await?;
    let (limit, offset) = page.window(LIBRARY_PER_PAGE);
    let (rows, total) =
        service::library(state, ctx.user.as_ref(), scope, folder, q, limit, offset).await?;
    let docs = rows
        .into_iter()
        .map(|d| DocRow {
            id: d.id,
            kind: kind_label(&c, d.kind),
            tags: d.tag_list(),
            visibility: vis_label(&c, d.visibility),
            folder: d
                .folder_id
                .and_then(|f| folders.iter().find(|x| x.id == f))
                .map(|f| f.name.clone())
                .unwrap_or_default(),
            title: d.title,
        })
        .collect();
    let mut query = Vec::new();
    if !q.is_empty() {
        query.push(("q", q.to_string()));
    }
    if let Some(f) = folder {
        query.push(("dossier", f.to_string()));
    }
    let links = pages(
        &serde_urlencoded::to_string(query).unwrap_or_default(),
        &format!("{back}/documents"),
        page.number(),
        total,
        LIBRARY_PER_PAGE,
    );
    let (scope_field, scope_id) = scope.field();
    let visibilities = DocumentVisibility::ALL
        .iter()
        .map(|v| (v.to_string(), vis_label(&c, *v)))
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &LibraryTpl {
            can_manage: service::may_manage(state, ctx.user.as_ref(), scope).await?,
            c,
            name,
            back,
            scope_field: scope_field.into(),
            scope_id,
            q: q.to_string(),
            folder,
            folders,
            docs,
            total,
            pages: links,
            visibilities,
            errors,
            form: form.to_string(),
        },
    )
}

async fn library(
    state: AppState,
    ctx: Ctx,
    headers: HeaderMap,
    kind: &str,
    slug: &str,
    q: LibQuery,
) -> AppResult<Response> {
    let shelf = scope_of(&state, &ctx, kind, slug).await?;
    library_view(
        &state,
        &ctx,
        &headers,
        shelf,
        (&q.q, q.dossier, &q.page()),
        FieldErrors::default(),
        "",
    )
    .await
}

async fn group_library(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<LibQuery>,
) -> AppResult<Response> {
    library(state, ctx, headers, "group", &slug, q).await
}
async fn place_library(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<LibQuery>,
) -> AppResult<Response> {
    library(state, ctx, headers, "place", &slug, q).await
}
async fn project_library(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<LibQuery>,
) -> AppResult<Response> {
    library(state, ctx, headers, "project", &slug, q).await
}
async fn network_library(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<LibQuery>,
) -> AppResult<Response> {
    library(state, ctx, headers, "network", &slug, q).await
}

/// Re-shows the library of the scope named in a failed form, with its errors.
async fn library_with_errors(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    scope: Option<Scope>,
    errors: FieldErrors,
    form: &str,
) -> AppResult<Response> {
    let Some(scope) = scope else {
        return Err(AppError::Invalid(errors));
    };
    let (name, back) = match scope {
        Scope::Group(id) => match crate::groups::service::group(&state.db, id).await? {
            Some(g) => (g.name, format!("/groupes/{}", g.slug)),
            None => return Err(AppError::NotFound),
        },
        Scope::Place(id) => match crate::tenancy::repo::place_by_id(&state.db, id).await? {
            Some(p) => (p.name, format!("/lieux/{}", p.slug)),
            None => return Err(AppError::NotFound),
        },
        Scope::Network(id) => match crate::tenancy::repo::network_by_id(&state.db, id).await? {
            Some(n) => (n.name, format!("/reseaux/{}", n.slug)),
            None => return Err(AppError::NotFound),
        },
        Scope::Project(id) => {
            match crate::tenancy::service::project_scope(state, id.get()).await? {
                Some(p) => (p.name, format!("/projets/{}", p.slug)),
                None => return Err(AppError::NotFound),
            }
        }
    };
    library_view(
        state,
        ctx,
        headers,
        (scope, name, back),
        ("", None, &PageQuery::default()),
        errors,
        form,
    )
    .await
}

fn form_scope(fields: &std::collections::HashMap<String, String>) -> Option<Scope> {
    let id = |k: &str| fields.get(k).and_then(|v| v.trim().parse::<i64>().ok());
    Scope::first(
        id("group_id").map(GroupId),
        id("place_id").map(PlaceId),
        id("network_id").map(NetworkId),
        id("project_id").map(ProjectId),
    )
}

async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    mp: Multipart,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let up = read_upload(mp).await?;
    match store_upload(&state, p, &up).await {
        Ok(d) => Ok(redirect_flash(
            &format!("/documents/{}", d.id),
            "flash-document-added",
        )),
        Err(AppError::Invalid(errors)) => {
            library_with_errors(
                &state,
                &ctx,
                &headers,
                form_scope(&up.fields),
                errors,
                "upload",
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct SheetForm {
    title: String,
    body: String,
    #[serde(default)]
    tags: String,
    visibility: String,
    #[serde(default)]
    folder_id: String,
    #[serde(default)]
    group_id: Option<GroupId>,
    #[serde(default)]
    place_id: Option<PlaceId>,
    #[serde(default)]
    network_id: Option<NetworkId>,
    #[serde(default)]
    project_id: Option<ProjectId>,
}

async fn sheet(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<SheetForm>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let mut errors = FieldErrors::default();
    let visibility = parse_enum(&f.visibility, "visibility", &mut errors);
    let b = SheetInput {
        title: &f.title,
        body: &f.body,
        tags: &f.tags,
        visibility,
        folder_id: f.folder_id.trim().parse().ok(),
        group_id: f.group_id,
        place_id: f.place_id,
        network_id: f.network_id,
        project_id: f.project_id,
        errors,
    };
    match store_sheet(&state, p, b).await {
        Ok(d) => Ok(redirect_flash(
            &format!("/documents/{}", d.id),
            "flash-document-added",
        )),
        Err(AppError::Invalid(errors)) => {
            let scope = Scope::first(f.group_id, f.place_id, f.network_id, f.project_id);
            library_with_errors(&state, &ctx, &headers, scope, errors, "sheet").await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct FolderForm {
    name: String,
    #[serde(default)]
    group_id: Option<GroupId>,
    #[serde(default)]
    place_id: Option<PlaceId>,
    #[serde(default)]
    network_id: Option<NetworkId>,
    #[serde(default)]
    project_id: Option<ProjectId>,
    #[serde(default)]
    back: String,
}

async fn folder(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<FolderForm>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let b = CreateFolder {
        name: f.name,
        parent_id: None,
        group_id: f.group_id,
        place_id: f.place_id,
        network_id: f.network_id,
        project_id: f.project_id,
    };
    match store_folder(&state, p, &b).await {
        Ok(_) => Ok(redirect_flash(
            &crate::web::safe_next(Some(&f.back)),
            "flash-folder-added",
        )),
        Err(AppError::Invalid(errors)) => {
            let scope = Scope::first(b.group_id, b.place_id, b.network_id, b.project_id);
            library_with_errors(&state, &ctx, &headers, scope, errors, "folder").await
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "documents/search.html")]
struct SearchTpl {
    c: Chrome,
    q: String,
    docs: Vec<DocRow>,
}

async fn search_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<LibQuery>,
) -> AppResult<Response> {
    let c = Chrome::new(&ctx, &headers, "documents-search");
    let docs = if q.q.trim().is_empty() {
        Vec::new()
    } else {
        service::readable(&state, ctx.user.as_ref(), None, &q.q)
            .await?
            .into_iter()
            .map(|d| DocRow {
                id: d.id,
                kind: kind_label(&c, d.kind),
                tags: d.tag_list(),
                visibility: vis_label(&c, d.visibility),
                folder: String::new(),
                title: d.title,
            })
            .collect()
    };
    render_status(StatusCode::OK, &SearchTpl { c, q: q.q, docs })
}

pub struct VersionRow {
    pub version: i64,
    pub filename: String,
    pub size: String,
    pub when: String,
    pub url: String,
}

#[derive(Template)]
#[template(path = "documents/document.html")]
struct DocumentTpl {
    c: Chrome,
    d: super::model::Document,
    tags: Vec<String>,
    visibility: String,
    versions: Vec<VersionRow>,
    can_manage: bool,
    errors: FieldErrors,
}

async fn document_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: DocumentId,
    errors: FieldErrors,
) -> AppResult<Response> {
    let d = repo::document_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !service::may_read(state, ctx.user.as_ref(), &d).await? {
        return Err(AppError::NotFound);
    }
    let mut c = Chrome::new(ctx, headers, "documents-title");
    c.title = d.title.clone();
    let mut versions = Vec::new();
    for v in repo::versions(&state.db, d.id).await? {
        versions.push(VersionRow {
            url: service::download_url(state, &d, &v).await?,
            version: v.version,
            size: format!("{:.1} Ko", v.size as f64 / 1024.0),
            when: crate::clock::paris_display(v.created_at),
            filename: v.filename,
        });
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &DocumentTpl {
            can_manage: service::may_manage(state, ctx.user.as_ref(), Scope::of(&d)).await?,
            tags: d.tag_list(),
            visibility: vis_label(&c, d.visibility),
            c,
            d,
            versions,
            errors,
        },
    )
}

async fn document_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<DocumentId>,
) -> AppResult<Response> {
    document_view(&state, &ctx, &headers, id, FieldErrors::default()).await
}

async fn new_version(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<DocumentId>,
    mp: Multipart,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let d = repo::document_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let up = read_upload(mp).await?;
    match store_version(&state, p, &d, &up).await {
        Ok(_) => Ok(redirect_flash(
            &format!("/documents/{}", d.id),
            "flash-version-added",
        )),
        Err(AppError::Invalid(errors)) => document_view(&state, &ctx, &headers, id, errors).await,
        Err(e) => Err(e),
    }
}
