//! Queries of the documents library. File contents live in `file_blobs`, keyed by SHA-256
//! (shared by every node, deduplicated).

use super::model::{Document, DocumentKind, DocumentVisibility, Folder, Version};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::groups::model::html_text;
use crate::ids::{DocumentId, UserId};
use crate::text::fold_words as fold;
use crate::{db_run, db_tx};

const DOC_COLS: &str = "id, group_id, place_id, network_id, project_id, folder_id, kind, title, tags, body, visibility, created_by, created_at, updated_at";
const VERSION_COLS: &str =
    "id, document_id, version, filename, content_type, size, sha256, created_at";

pub use super::model::Scope;

fn search_text(title: &str, tags: &str, body: &str) -> String {
    fold(&format!("{title} {tags} {}", html_text(body)))
}

pub struct NewDocument<'a> {
    pub scope: Scope,
    pub folder_id: Option<i64>,
    pub kind: DocumentKind,
    pub title: &'a str,
    pub tags: &'a str,
    pub body: &'a str,
    pub visibility: DocumentVisibility,
    pub created_by: UserId,
    pub now: i64,
}

/// A new file: its content, type and name, stored with version 1 in one transaction.
pub struct NewFile<'a> {
    pub filename: &'a str,
    pub content_type: &'a str,
    pub bytes: &'a [u8],
}

pub async fn insert_document(
    db: &Db,
    d: NewDocument<'_>,
    file: Option<NewFile<'_>>,
) -> AppResult<Document> {
    let [g, p, n, pr] = d.scope.columns();
    let sql = format!(
        "INSERT INTO documents (group_id, place_id, network_id, project_id, folder_id, kind, title, tags, body, visibility, search_text, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING {DOC_COLS}"
    );
    let search = search_text(d.title, d.tags, d.body);
    db_tx!(db, |tx| async {
        let doc: Document = sqlx::query_as(&sql)
            .bind(g)
            .bind(p)
            .bind(n)
            .bind(pr)
            .bind(d.folder_id)
            .bind(d.kind)
            .bind(d.title)
            .bind(d.tags)
            .bind(d.body)
            .bind(d.visibility)
            .bind(&search)
            .bind(d.created_by)
            .bind(d.now)
            .fetch_one(&mut *tx)
            .await?;
        if let Some(f) = &file {
            let sha = crate::media::sha256_hex(f.bytes);
            sqlx::query(
                "INSERT INTO file_blobs (sha256, size, content, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING",
            )
            .bind(&sha)
            .bind(f.bytes.len() as i64)
            .bind(f.bytes)
            .bind(d.now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO document_versions (document_id, version, filename, content_type, size, sha256, uploaded_by, created_at) \
                 VALUES ($1, 1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(doc.id)
            .bind(f.filename)
            .bind(f.content_type)
            .bind(f.bytes.len() as i64)
            .bind(&sha)
            .bind(d.created_by)
            .bind(d.now)
            .execute(&mut *tx)
            .await?;
        }
        Ok::<_, AppError>(doc)
    })
}

/// Adds a version (the next number); earlier versions stay downloadable.
pub async fn add_version(
    db: &Db,
    document_id: DocumentId,
    f: NewFile<'_>,
    by: UserId,
    now: i64,
) -> AppResult<Version> {
    let sha = crate::media::sha256_hex(f.bytes);
    let sql = format!(
        "INSERT INTO document_versions (document_id, version, filename, content_type, size, sha256, uploaded_by, created_at) \
         VALUES ($1, (SELECT COALESCE(MAX(version), 0) + 1 FROM document_versions WHERE document_id = $1), $2, $3, $4, $5, $6, $7) \
         RETURNING {VERSION_COLS}"
    );
    db_tx!(db, |tx| async {
        sqlx::query(
            "INSERT INTO file_blobs (sha256, size, content, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(&sha)
        .bind(f.bytes.len() as i64)
        .bind(f.bytes)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let v: Version = sqlx::query_as(&sql)
            .bind(document_id)
            .bind(f.filename)
            .bind(f.content_type)
            .bind(f.bytes.len() as i64)
            .bind(&sha)
            .bind(by)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query("UPDATE documents SET updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(document_id)
            .execute(&mut *tx)
            .await?;
        Ok::<_, AppError>(v)
    })
}

pub async fn document_by_id(db: &Db, id: DocumentId) -> AppResult<Option<Document>> {
    let sql = format!("SELECT {DOC_COLS} FROM documents WHERE id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Document>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

/// Documents of a scope (or of every scope), matching `query` when given.
pub async fn documents(db: &Db, scope: Option<Scope>, query: &str) -> AppResult<Vec<Document>> {
    let [g, p, n, pr] = scope.map(Scope::columns).unwrap_or([None; 4]);
    let mut sql = format!(
        "SELECT {DOC_COLS} FROM documents d WHERE ($1 IS NULL OR d.group_id = $1) AND ($2 IS NULL OR d.place_id = $2) \
         AND ($3 IS NULL OR d.network_id = $3) AND ($4 IS NULL OR d.project_id = $4)"
    );
    let cond = crate::db::search::condition(db, "documents", "d", 5, query);
    if let Some((c, _)) = &cond {
        sql.push_str(" AND ");
        sql.push_str(c);
    }
    sql.push_str(" ORDER BY d.title, d.id LIMIT 500");
    let bound = cond.map(|(_, v)| v);
    Ok(db_run!(db, |pool| {
        let mut q = sqlx::query_as::<_, Document>(&sql)
            .bind(g)
            .bind(p)
            .bind(n)
            .bind(pr);
        if let Some(v) = &bound {
            q = q.bind(v);
        }
        q.fetch_all(pool).await
    })?)
}

pub async fn versions(db: &Db, document_id: DocumentId) -> AppResult<Vec<Version>> {
    let sql = format!(
        "SELECT {VERSION_COLS} FROM document_versions WHERE document_id = $1 ORDER BY version DESC"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Version>(&sql)
        .bind(document_id)
        .fetch_all(p)
        .await)?)
}

pub async fn insert_folder(
    db: &Db,
    scope: Scope,
    parent_id: Option<i64>,
    name: &str,
    now: i64,
) -> AppResult<Folder> {
    let [g, p, n, pr] = scope.columns();
    Ok(db_run!(db, |pool| {
        sqlx::query_as::<_, Folder>(
        "INSERT INTO document_folders (group_id, place_id, network_id, project_id, parent_id, name, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, parent_id, name"
    )
    .bind(g)
    .bind(p)
    .bind(n)
    .bind(pr)
    .bind(parent_id)
    .bind(name)
    .bind(now)
    .fetch_one(pool)
    .await
    })?)
}

pub async fn folders(db: &Db, scope: Scope) -> AppResult<Vec<Folder>> {
    let [g, p, n, pr] = scope.columns();
    Ok(db_run!(db, |pool| {
        sqlx::query_as::<_, Folder>(
        "SELECT id, parent_id, name FROM document_folders WHERE ($1 IS NULL OR group_id = $1) AND ($2 IS NULL OR place_id = $2) \
         AND ($3 IS NULL OR network_id = $3) AND ($4 IS NULL OR project_id = $4) ORDER BY name, id"
    )
    .bind(g)
    .bind(p)
    .bind(n)
    .bind(pr)
    .fetch_all(pool)
    .await
    })?)
}

/// The folder, if it belongs to `scope`.
pub async fn folder_in(db: &Db, scope: Scope, id: i64) -> AppResult<Option<Folder>> {
    Ok(folders(db, scope).await?.into_iter().find(|f| f.id == id))
}

/// The instance secret `name`, created at first use (random, shared by every node).
pub async fn instance_secret(db: &Db, name: &str, now: i64) -> AppResult<String> {
    let fresh = crate::auth::secret::random_token();
    db_run!(db, |p| {
        sqlx::query(
        "INSERT INTO instance_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING"
    )
    .bind(name)
    .bind(&fresh)
    .bind(now)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(db_run!(db, |p| sqlx::query_scalar::<_, String>(
        "SELECT value FROM instance_secrets WHERE name = $1"
    )
    .bind(name)
    .fetch_one(p)
    .await)?)
}
