//! The documents library in the API.

use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::model::{
    self, CreateFolder, CreateSheet, Document, DocumentKind, DocumentVisibility, Folder, Version,
};
use super::repo::{self, Scope};
use super::service::{self, store_folder, store_sheet, store_upload, store_version};
use crate::auth::api_user;
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult, AppError, AppResult};
use crate::form::{read_upload, ApiPath, Json as JsonIn};
use crate::ids::{DocumentId, GroupId, NetworkId, PlaceId, ProjectId};
use crate::state::AppState;

type E = crate::error::ApiErrorBody;

#[derive(Serialize, ToSchema)]
pub struct DocumentOut {
    pub id: DocumentId,
    /// `file` or `sheet` (fiche thématique).
    pub kind: DocumentKind,
    pub title: String,
    pub tags: Vec<String>,
    /// `public`, `network` (network members), `managers`, `group` (group members).
    pub visibility: DocumentVisibility,
    pub group_id: Option<GroupId>,
    pub place_id: Option<PlaceId>,
    pub network_id: Option<NetworkId>,
    pub project_id: Option<ProjectId>,
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
    Ok(out_of(d, versions, download_url))
}

/// Several documents as the API shows them: their versions in one statement, their links
/// with each scope read once ([`service::download_urls`]).
async fn documents_out(
    state: &AppState,
    docs: Vec<Document>,
    targets: Option<&service::Targets>,
) -> AppResult<Vec<DocumentOut>> {
    let ids: Vec<DocumentId> = docs.iter().map(|d| d.id).collect();
    let mut versions = repo::versions_of(&state.db, &ids).await?;
    let latest: Vec<(&Document, &Version)> = docs
        .iter()
        .filter_map(|d| Some((d, versions.get(&d.id)?.first()?)))
        .collect();
    let urls = service::download_urls_in(state, &latest, targets).await?;
    let mut urls: std::collections::HashMap<DocumentId, String> =
        latest.iter().map(|(d, _)| d.id).zip(urls).collect();
    Ok(docs
        .into_iter()
        .map(|d| {
            let v = versions.remove(&d.id).unwrap_or_default();
            let url = urls.remove(&d.id);
            out_of(d, v, url)
        })
        .collect())
}

fn out_of(d: Document, versions: Vec<Version>, download_url: Option<String>) -> DocumentOut {
    DocumentOut {
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
    }
}

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    #[serde(default)]
    pub group_id: Option<GroupId>,
    #[serde(default)]
    pub place_id: Option<PlaceId>,
    #[serde(default)]
    pub network_id: Option<NetworkId>,
    #[serde(default)]
    pub project_id: Option<ProjectId>,
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
    let scope = Scope::first(q.group_id, q.place_id, q.network_id, q.project_id);
    let (docs, targets) = service::readable_with_targets(
        &state,
        ctx.user.as_ref(),
        scope,
        q.q.as_deref().unwrap_or(""),
    )
    .await?;
    Ok(Json(documents_out(&state, docs, targets.as_ref()).await?))
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
    ApiPath(id): ApiPath<DocumentId>,
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
    let d = store_sheet(&state, p, (&b).into())
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
    ApiPath(id): ApiPath<DocumentId>,
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
    ApiPath(id): ApiPath<DocumentId>,
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
