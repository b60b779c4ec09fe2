//! The documents library in the API.

use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::model::{self, Document, Folder, Version};
use super::repo::{self, NewDocument, NewFile, Scope};
use super::service;
use crate::auth::api_user;
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult, AppError, AppResult, FieldErrors};
use crate::form::{read_upload, ApiPath, Json as JsonIn, Upload};
use crate::state::AppState;

type E = crate::error::ApiErrorBody;

#[derive(Serialize, ToSchema)]
pub struct DocumentOut {
    pub id: i64,
    /// `file` or `sheet` (fiche thématique).
    pub kind: String,
    pub title: String,
    pub tags: Vec<String>,
    /// `public`, `network` (network members), `managers`, `group` (group members).
    pub visibility: String,
    pub group_id: Option<i64>,
    pub place_id: Option<i64>,
    pub network_id: Option<i64>,
    pub project_id: Option<i64>,
    pub folder_id: Option<i64>,
    /// Sanitized HTML of a sheet.
    pub body: String,
    /// Newest first; each upload keeps the previous ones.
    pub versions: Vec<Version>,
    /// The latest version: plain for public files, signed and expiring in an hour otherwise.
    pub download_url: Option<String>,
    pub updated_at: String,
}

pub async fn document_out(state: &AppState, d: Document) -> AppResult<DocumentOut> {
    let versions = repo::versions(&state.db, d.id).await?;
    let download_url = match versions.first() {
        Some(v) => Some(service::download_url(state, &d, v).await?),
        None => None,
    };
    Ok(DocumentOut {
        tags: d.tag_list(),
        id: d.id,
        kind: d.kind,
        title: d.title,
        visibility: d.visibility,
        group_id: d.group_id,
        place_id: d.place_id,
        network_id: d.network_id,
        project_id: d.project_id,
        folder_id: d.folder_id,
        body: d.body,
        versions,
        download_url,
        updated_at: crate::clock::rfc3339(d.updated_at),
    })
}

/// One of `group_id`, `place_id`, `network_id`, `project_id`.
pub fn parse_scope(
    group_id: Option<i64>,
    place_id: Option<i64>,
    network_id: Option<i64>,
    project_id: Option<i64>,
    errors: &mut FieldErrors,
) -> Option<Scope> {
    let scopes: Vec<Scope> = [
        group_id.map(Scope::Group),
        place_id.map(Scope::Place),
        network_id.map(Scope::Network),
        project_id.map(Scope::Project),
    ]
    .into_iter()
    .flatten()
    .collect();
    match scopes.as_slice() {
        [s] => Some(*s),
        _ => {
            errors.add("group_id", "documents-scope-one");
            None
        }
    }
}

/// Checks title, tags, visibility and folder of a new document; `Err` carries field errors.
pub async fn check_common(
    state: &AppState,
    scope: Option<Scope>,
    title: &str,
    visibility: &str,
    folder_id: Option<i64>,
    errors: &mut FieldErrors,
) -> AppResult<Option<(String, &'static str)>> {
    let title = crate::groups::model::parse_line(title, "title", errors)
        .map(|t| t.chars().take(300).collect::<String>());
    let vis =
        crate::form::parse::parse_choice(visibility, &model::VISIBILITIES, "visibility", errors);
    if let (Some(s), Some(f)) = (scope, folder_id) {
        if repo::folder_in(&state.db, s, f).await?.is_none() {
            errors.add("folder_id", "groups-unknown-parent");
        }
    }
    Ok(title.zip(vis))
}

/// Stores an uploaded file as a new document (shared by the API and the pages).
pub async fn store_upload(
    state: &AppState,
    who: &crate::auth::Principal,
    up: &Upload,
) -> AppResult<Document> {
    let mut errors = FieldErrors::default();
    let scope = parse_scope(
        up.id("group_id"),
        up.id("place_id"),
        up.id("network_id"),
        up.id("project_id"),
        &mut errors,
    );
    let folder_id = up.id("folder_id");
    let common = check_common(
        state,
        scope,
        up.get("title"),
        if up.get("visibility").is_empty() {
            "managers"
        } else {
            up.get("visibility")
        },
        folder_id,
        &mut errors,
    )
    .await?;
    let checked = match (&up.file, up.too_large) {
        (_, true) => {
            errors.add("file", "documents-file-too-large");
            None
        }
        (Some((name, bytes)), false) => service::check_upload(bytes, name, &mut errors),
        (None, false) => {
            errors.add("file", "documents-file-required");
            None
        }
    };
    let scope = scope.ok_or_else(|| AppError::Invalid(errors.clone()))?;
    if !service::may_manage(state, Some(who), scope).await? {
        return Err(service::refusal(state, Some(who), scope).await?);
    }
    errors.clone().into_result()?;
    let (Some((title, vis)), Some((ct, filename)), Some((_, bytes))) = (common, checked, &up.file)
    else {
        return Err(AppError::Invalid(errors));
    };
    let tags = model::parse_tags(up.get("tags"));
    repo::insert_document(
        &state.db,
        NewDocument {
            scope,
            folder_id,
            kind: "file",
            title: &title,
            tags: &tags,
            body: "",
            visibility: vis,
            created_by: who.user.id,
            now: state.clock.now_ms(),
        },
        Some(NewFile {
            filename: &filename,
            content_type: ct,
            bytes,
        }),
    )
    .await
}

/// Adds a new version to a file document (managers of its scope).
pub async fn store_version(
    state: &AppState,
    who: &crate::auth::Principal,
    d: &Document,
    up: &Upload,
) -> AppResult<Version> {
    if !service::may_read(state, Some(who), d).await? {
        return Err(AppError::NotFound);
    }
    if d.kind != "file" || !service::may_manage(state, Some(who), Scope::of(d)).await? {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    let checked = match (&up.file, up.too_large) {
        (_, true) => {
            errors.add("file", "documents-file-too-large");
            None
        }
        (Some((name, bytes)), false) => service::check_upload(bytes, name, &mut errors),
        (None, false) => {
            errors.add("file", "documents-file-required");
            None
        }
    };
    let (Some((ct, filename)), Some((_, bytes))) = (checked, &up.file) else {
        return Err(AppError::Invalid(errors));
    };
    repo::add_version(
        &state.db,
        d.id,
        NewFile {
            filename: &filename,
            content_type: ct,
            bytes,
        },
        who.user.id,
        state.clock.now_ms(),
    )
    .await
}

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    #[serde(default)]
    pub group_id: Option<i64>,
    #[serde(default)]
    pub place_id: Option<i64>,
    #[serde(default)]
    pub network_id: Option<i64>,
    #[serde(default)]
    pub project_id: Option<i64>,
    /// Words searched in titles, tags and sheets (accents ignored, prefixes).
    #[serde(default)]
    pub q: Option<String>,
}

/// Documents the caller may read, of a scope or everywhere, optionally searched.
#[utoipa::path(
    get, path = "/api/v1/documents", tag = "documents", operation_id = "list_documents",
    params(ListQuery),
    responses((status = 200, description = "Documents lisibles", body = [DocumentOut]))
)]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Vec<DocumentOut>>> {
    let scope = [
        q.group_id.map(Scope::Group),
        q.place_id.map(Scope::Place),
        q.network_id.map(Scope::Network),
        q.project_id.map(Scope::Project),
    ]
    .into_iter()
    .flatten()
    .next();
    let mut out = Vec::new();
    for d in service::readable(
        &state,
        ctx.user.as_ref(),
        scope,
        q.q.as_deref().unwrap_or(""),
    )
    .await?
    {
        out.push(document_out(&state, d).await?);
    }
    Ok(Json(out))
}

/// Uploads a file (multipart: `file`, `title`, `tags`, `visibility`, `folder_id`, and one of
/// `group_id`, `place_id`, `network_id`, `project_id`). At most 10 MiB; PDF, PNG, JPEG, ODT/ODS/ODP,
/// DOCX/XLSX, text, CSV or Markdown, checked by content.
#[utoipa::path(
    post, path = "/api/v1/documents", tag = "documents", operation_id = "upload_document",
    request_body(content_type = "multipart/form-data", description = "Le fichier et ses champs"),
    responses(
        (status = 201, description = "Document créé", body = DocumentOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé aux gestionnaires", body = E),
        (status = 404, description = "Périmètre inconnu", body = E),
        (status = 413, description = "Corps trop grand"),
        (status = 422, description = "Champs invalides (type, taille…)", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    mp: Multipart,
) -> ApiResult<(StatusCode, Json<DocumentOut>)> {
    let p = api_user(&ctx)?;
    let up = read_upload(mp).await?;
    let d = store_upload(&state, p, &up)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::CREATED, Json(document_out(&state, d).await?)))
}

/// Adds a version to a file (multipart `file`); the earlier versions are kept.
#[utoipa::path(
    post, path = "/api/v1/documents/{id}/versions", tag = "documents", operation_id = "add_document_version",
    params(("id" = i64, Path, description = "Identifiant du document")),
    request_body(content_type = "multipart/form-data", description = "Le fichier"),
    responses(
        (status = 201, description = "Version ajoutée", body = Version),
        (status = 403, description = "Réservé aux gestionnaires", body = E),
        (status = 404, description = "Inconnu", body = E),
        (status = 422, description = "Fichier refusé", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn add_version(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    mp: Multipart,
) -> ApiResult<(StatusCode, Json<Version>)> {
    let p = api_user(&ctx)?;
    let d = repo::document_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let up = read_upload(mp).await?;
    let v = store_version(&state, p, &d, &up)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[derive(Deserialize, ToSchema)]
pub struct CreateSheet {
    pub title: String,
    /// Rich text, sanitized.
    pub body: String,
    /// Comma-separated.
    #[serde(default)]
    pub tags: Option<String>,
    /// `public`, `network`, `managers` or `group`.
    pub visibility: String,
    #[serde(default)]
    pub folder_id: Option<i64>,
    #[serde(default)]
    pub group_id: Option<i64>,
    #[serde(default)]
    pub place_id: Option<i64>,
    #[serde(default)]
    pub network_id: Option<i64>,
    #[serde(default)]
    pub project_id: Option<i64>,
}

pub async fn store_sheet(
    state: &AppState,
    who: &crate::auth::Principal,
    b: &CreateSheet,
) -> AppResult<Document> {
    let mut errors = FieldErrors::default();
    let scope = parse_scope(
        b.group_id,
        b.place_id,
        b.network_id,
        b.project_id,
        &mut errors,
    );
    let common = check_common(
        state,
        scope,
        &b.title,
        &b.visibility,
        b.folder_id,
        &mut errors,
    )
    .await?;
    let body = crate::form::parse::parse_rich(&b.body, "body", &mut errors);
    if body.is_empty() && !errors.has("body") {
        errors.add("body", "field-required");
    }
    let scope = scope.ok_or_else(|| AppError::Invalid(errors.clone()))?;
    if !service::may_manage(state, Some(who), scope).await? {
        return Err(service::refusal(state, Some(who), scope).await?);
    }
    errors.clone().into_result()?;
    let Some((title, vis)) = common else {
        return Err(AppError::Invalid(errors));
    };
    let tags = model::parse_tags(b.tags.as_deref().unwrap_or(""));
    repo::insert_document(
        &state.db,
        NewDocument {
            scope,
            folder_id: b.folder_id,
            kind: "sheet",
            title: &title,
            tags: &tags,
            body: &body,
            visibility: vis,
            created_by: who.user.id,
            now: state.clock.now_ms(),
        },
        None,
    )
    .await
}

/// Writes a toolkit sheet ("fiche thématique").
#[utoipa::path(
    post, path = "/api/v1/documents/sheets", tag = "documents",
    request_body = CreateSheet,
    responses(
        (status = 201, description = "Fiche créée", body = DocumentOut),
        (status = 403, description = "Réservé aux gestionnaires", body = E),
        (status = 404, description = "Périmètre inconnu", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn create_sheet(
    State(state): State<AppState>,
    ctx: Ctx,
    JsonIn(b): JsonIn<CreateSheet>,
) -> ApiResult<(StatusCode, Json<DocumentOut>)> {
    let p = api_user(&ctx)?;
    let d = store_sheet(&state, p, &b)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::CREATED, Json(document_out(&state, d).await?)))
}

/// One document (404 when the caller may not read it).
#[utoipa::path(
    get, path = "/api/v1/documents/{id}", tag = "documents", operation_id = "get_document",
    params(("id" = i64, Path, description = "Identifiant du document")),
    responses(
        (status = 200, description = "Le document", body = DocumentOut),
        (status = 404, description = "Inconnu ou non lisible", body = E),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<DocumentOut>> {
    let d = repo::document_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !service::may_read(&state, ctx.user.as_ref(), &d).await? {
        return Err(AppError::NotFound.into());
    }
    Ok(Json(document_out(&state, d).await?))
}

#[derive(Deserialize, IntoParams)]
pub struct VersionQuery {
    /// A version number; the latest by default.
    #[serde(default)]
    pub version: Option<i64>,
}

/// Downloads a file as an attachment (`nosniff`), for a caller allowed to read it.
#[utoipa::path(
    get, path = "/api/v1/documents/{id}/download", tag = "documents", operation_id = "download_document",
    params(("id" = i64, Path, description = "Identifiant du document"), VersionQuery),
    responses(
        (status = 200, description = "Le fichier"),
        (status = 404, description = "Inconnu ou non lisible", body = E),
    )
)]
pub async fn download(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    Query(q): Query<VersionQuery>,
) -> ApiResult<Response> {
    let d = repo::document_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !service::may_read(&state, ctx.user.as_ref(), &d).await? {
        return Err(AppError::NotFound.into());
    }
    let v = service::version_of(&state, &d, q.version).await?;
    Ok(service::serve(&state, &v).await?)
}

#[derive(Deserialize, ToSchema)]
pub struct CreateFolder {
    pub name: String,
    #[serde(default)]
    pub parent_id: Option<i64>,
    #[serde(default)]
    pub group_id: Option<i64>,
    #[serde(default)]
    pub place_id: Option<i64>,
    #[serde(default)]
    pub network_id: Option<i64>,
    #[serde(default)]
    pub project_id: Option<i64>,
}

pub async fn store_folder(
    state: &AppState,
    who: &crate::auth::Principal,
    b: &CreateFolder,
) -> AppResult<Folder> {
    let mut errors = FieldErrors::default();
    let scope = parse_scope(
        b.group_id,
        b.place_id,
        b.network_id,
        b.project_id,
        &mut errors,
    );
    let name = crate::groups::model::parse_line(&b.name, "name", &mut errors)
        .map(|n| n.chars().take(200).collect::<String>());
    let scope = scope.ok_or_else(|| AppError::Invalid(errors.clone()))?;
    if !service::may_manage(state, Some(who), scope).await? {
        return Err(AppError::NotFound);
    }
    if let Some(p) = b.parent_id {
        if repo::folder_in(&state.db, scope, p).await?.is_none() {
            errors.add("parent_id", "groups-unknown-parent");
        }
    }
    errors.clone().into_result()?;
    let name = name.ok_or(AppError::Invalid(errors))?;
    repo::insert_folder(&state.db, scope, b.parent_id, &name, state.clock.now_ms()).await
}

/// Creates a folder in a library (managers of the scope).
#[utoipa::path(
    post, path = "/api/v1/folders", tag = "documents",
    request_body = CreateFolder,
    responses(
        (status = 201, description = "Dossier créé", body = Folder),
        (status = 404, description = "Périmètre inconnu ou hors de votre gestion", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn create_folder(
    State(state): State<AppState>,
    ctx: Ctx,
    JsonIn(b): JsonIn<CreateFolder>,
) -> ApiResult<(StatusCode, Json<Folder>)> {
    let p = api_user(&ctx)?;
    let f = store_folder(&state, p, &b)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::CREATED, Json(f)))
}

pub fn routes() -> axum::Router<AppState> {
    use axum::extract::DefaultBodyLimit;
    use axum::routing::{get as g, post};
    let upload_limit = DefaultBodyLimit::max(model::MAX_UPLOAD_BYTES + 64 * 1024);
    axum::Router::new()
        .route(
            "/api/v1/documents",
            g(list).post(upload).layer(upload_limit),
        )
        .route("/api/v1/documents/sheets", post(create_sheet))
        .route("/api/v1/documents/{id}", g(get))
        .route(
            "/api/v1/documents/{id}/versions",
            post(add_version).layer(upload_limit),
        )
        .route("/api/v1/documents/{id}/download", g(download))
        .route("/api/v1/folders", post(create_folder))
}
