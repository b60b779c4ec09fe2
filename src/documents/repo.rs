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

/// What a list of documents reads: one scope's (or every scope's), of some visibilities only,
/// of a folder, matching words. Only the filters given are written into the statement
/// (`column = $n`), so that an index serves each: `documents_{group,place,network,project}`
/// (the scope's documents by title), the search index of `documents_fts` (SQLite) or
/// `documents_search` (PostgreSQL).
#[derive(Debug, Clone, Default)]
pub struct DocFilter<'a> {
    pub scope: Option<Scope>,
    /// Only these visibilities (all when `None`).
    pub visibilities: Option<&'a [DocumentVisibility]>,
    pub folder_id: Option<i64>,
    pub query: &'a str,
}

/// The `WHERE` clause of `f` and its bound values (`$1`…), or `None` when nothing can match
/// (no visibility allowed).
fn doc_where(db: &Db, f: &DocFilter<'_>) -> Option<(String, Vec<DocBind>)> {
    let mut conds = Vec::new();
    let mut binds = Vec::new();
    if let Some(scope) = f.scope {
        let (column, id) = scope.field();
        binds.push(DocBind::I(id));
        conds.push(format!("d.{column} = ${}", binds.len()));
    }
    if let Some(vs) = f.visibilities {
        if vs.is_empty() {
            return None;
        }
        if vs.len() < DocumentVisibility::ALL.len() {
            let list: Vec<String> = vs.iter().map(|v| format!("'{}'", v.as_str())).collect();
            conds.push(format!("d.visibility IN ({})", list.join(", ")));
        }
    }
    if let Some(folder) = f.folder_id {
        binds.push(DocBind::I(folder));
        conds.push(format!("d.folder_id = ${}", binds.len()));
    }
    if let Some((cond, value)) =
        crate::db::search::condition(db, "documents", "d", binds.len() + 1, f.query)
    {
        binds.push(DocBind::T(value));
        conds.push(cond);
    }
    let sql = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    Some((sql, binds))
}

#[derive(Debug, Clone)]
enum DocBind {
    I(i64),
    T(String),
}

macro_rules! bind_docs {
    ($q:expr, $binds:expr) => {{
        let mut q = $q;
        for b in $binds {
            q = match b {
                DocBind::I(i) => q.bind(*i),
                DocBind::T(t) => q.bind(t.as_str()),
            };
        }
        q
    }};
}

/// Documents of a scope (or of every scope), matching `query` when given, by title: the first
/// 500.
pub async fn documents(db: &Db, scope: Option<Scope>, query: &str) -> AppResult<Vec<Document>> {
    let f = DocFilter {
        scope,
        query,
        ..Default::default()
    };
    Ok(documents_page(db, &f, 500, 0, false).await?.0)
}

/// The newest documents of several scopes, each scope with the visibilities its reader may
/// read (`(scope, visibilities)`; a scope with none is left out), at most `limit`, newest
/// first: one statement whatever the number of scopes.
pub async fn newest_in(
    db: &Db,
    readable: &[(Scope, Vec<DocumentVisibility>)],
    limit: i64,
) -> AppResult<Vec<Document>> {
    let conds: Vec<String> = readable
        .iter()
        .filter(|(_, vs)| !vs.is_empty())
        .map(|(scope, vs)| {
            let (column, id) = scope.field();
            let list: Vec<String> = vs.iter().map(|v| format!("'{}'", v.as_str())).collect();
            format!(
                "(d.{column} = {id} AND d.visibility IN ({}))",
                list.join(", ")
            )
        })
        .collect();
    if conds.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {DOC_COLS} FROM documents d WHERE {} ORDER BY d.created_at DESC, d.id DESC LIMIT $1",
        conds.join(" OR ")
    );
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Document>(&sql)
        .bind(limit)
        .fetch_all(pool)
        .await)?)
}

/// One page of the documents of `f`, by title, and (when `count`) how many there are.
pub async fn documents_page(
    db: &Db,
    f: &DocFilter<'_>,
    limit: i64,
    offset: i64,
    count: bool,
) -> AppResult<(Vec<Document>, i64)> {
    let Some((where_sql, binds)) = doc_where(db, f) else {
        return Ok((Vec::new(), 0));
    };
    let n = binds.len();
    let sql = format!(
        "SELECT {DOC_COLS} FROM documents d {where_sql} ORDER BY d.title, d.id LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    let rows: Vec<Document> = db_run!(db, |pool| bind_docs!(
        sqlx::query_as::<_, Document>(&sql),
        &binds
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await)?;
    let total = if count {
        let sql = format!("SELECT COUNT(*) FROM documents d {where_sql}");
        db_run!(db, |pool| bind_docs!(
            sqlx::query_scalar::<_, i64>(&sql),
            &binds
        )
        .fetch_one(pool)
        .await)?
    } else {
        rows.len() as i64
    };
    Ok((rows, total))
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

/// The versions of several documents, newest first for each (one statement).
pub async fn versions_of(
    db: &Db,
    ids: &[DocumentId],
) -> AppResult<std::collections::HashMap<DocumentId, Vec<Version>>> {
    let mut out: std::collections::HashMap<DocumentId, Vec<Version>> = Default::default();
    if ids.is_empty() {
        return Ok(out);
    }
    let raw: Vec<i64> = ids.iter().map(|i| i.get()).collect();
    let sql = format!(
        "SELECT {VERSION_COLS} FROM document_versions WHERE document_id IN ({}) \
         ORDER BY document_id, version DESC",
        crate::db::id_list(&raw)
    );
    let rows: Vec<Version> = db_run!(db, |p| sqlx::query_as::<_, Version>(&sql)
        .fetch_all(p)
        .await)?;
    for v in rows {
        out.entry(v.document_id).or_default().push(v);
    }
    Ok(out)
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

/// The folders of a scope, by name (`document_folders_{group,place,network,project}`).
pub async fn folders(db: &Db, scope: Scope) -> AppResult<Vec<Folder>> {
    let (column, id) = scope.field();
    let sql = format!(
        "SELECT id, parent_id, name FROM document_folders WHERE {column} = $1 ORDER BY name, id"
    );
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Folder>(&sql)
        .bind(id)
        .fetch_all(pool)
        .await)?)
}

/// The folder, if it belongs to `scope`.
pub async fn folder_in(db: &Db, scope: Scope, id: i64) -> AppResult<Option<Folder>> {
    let (column, scope_id) = scope.field();
    let sql =
        format!("SELECT id, parent_id, name FROM document_folders WHERE id = $1 AND {column} = $2");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Folder>(&sql)
        .bind(id)
        .bind(scope_id)
        .fetch_optional(pool)
        .await)?)
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

/// The first `limit` public documents of a network's own library, by title: what its public
/// page shows to everyone. One statement.
pub async fn public_of_network(
    db: &Db,
    network: crate::ids::NetworkId,
    limit: i64,
) -> AppResult<Vec<Document>> {
    let sql = format!(
        "SELECT {DOC_COLS} FROM documents WHERE network_id = $1 AND visibility = 'public' \
         ORDER BY title, id LIMIT $2"
    );
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Document>(&sql)
        .bind(network)
        .bind(limit)
        .fetch_all(pool)
        .await)?)
}
