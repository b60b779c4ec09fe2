//! Queries of news posts. Every read joins the post's scope (network, place or project) for
//! its name and slug, so that a list is one statement whatever the scopes of its posts.

use super::model::{ConsentSource, ListScope, NewsList, NewsPost, NewsStatus, Scope, Subscription};
use crate::db::dialect::is_unique_violation;
use crate::db::Db;
use crate::db_run;
use crate::error::{AppError, AppResult};
use crate::ids::{NewsId, NewsListId, UserId};

const SELECT: &str =
    "SELECT n.id, n.network_id, n.place_id, n.project_id, n.title, n.slug, n.body, n.tags, \
     n.status, n.publish_at, n.author_id, n.created_at, n.updated_at, \
     COALESCE(nw.name, pl.name, pr.name, '') AS scope_name, \
     COALESCE(nw.slug, pl.slug, pr.slug, '') AS scope_slug \
     FROM news_posts n \
     LEFT JOIN networks nw ON nw.id = n.network_id \
     LEFT JOIN places pl ON pl.id = n.place_id \
     LEFT JOIN projects pr ON pr.id = n.project_id";

/// What a post holds, as written by the service.
pub struct Fields<'a> {
    pub title: &'a str,
    pub slug: &'a str,
    pub body: &'a str,
    pub tags: &'a str,
    pub status: NewsStatus,
    pub publish_at: i64,
}

/// Inserts with the first free slug among `slug`, `slug-2`…
pub async fn insert(
    db: &Db,
    scope: Scope,
    f: &Fields<'_>,
    author: UserId,
    now: i64,
) -> AppResult<NewsId> {
    let [n, p, pr] = scope.columns();
    let sql = "INSERT INTO news_posts (network_id, place_id, project_id, title, slug, body, tags, status, publish_at, author_id, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id";
    for i in 1..=100 {
        let candidate = if i == 1 {
            f.slug.to_string()
        } else {
            format!("{}-{i}", f.slug)
        };
        let res = db_run!(db, |pool| sqlx::query_scalar::<_, NewsId>(sql)
            .bind(n)
            .bind(p)
            .bind(pr)
            .bind(f.title)
            .bind(&candidate)
            .bind(f.body)
            .bind(f.tags)
            .bind(f.status)
            .bind(f.publish_at)
            .bind(author)
            .bind(now)
            .fetch_one(pool)
            .await);
        match res {
            Ok(id) => return Ok(id),
            Err(e) if is_unique_violation(&e) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Conflict("slug_taken"))
}

/// Rewrites a post (its slug stays: links to it keep working) and its scope.
pub async fn update(db: &Db, id: NewsId, scope: Scope, f: &Fields<'_>, now: i64) -> AppResult<()> {
    let [n, p, pr] = scope.columns();
    db_run!(db, |pool| {
        sqlx::query(
        "UPDATE news_posts SET network_id = $1, place_id = $2, project_id = $3, title = $4, body = $5, \
         tags = $6, status = $7, publish_at = $8, updated_at = $9 WHERE id = $10",
    )
    .bind(n)
    .bind(p)
    .bind(pr)
    .bind(f.title)
    .bind(f.body)
    .bind(f.tags)
    .bind(f.status)
    .bind(f.publish_at)
    .bind(now)
    .bind(id)
    .execute(pool)
    .await
    .map(|_| ())
    })?;
    Ok(())
}

pub async fn delete(db: &Db, id: NewsId) -> AppResult<()> {
    db_run!(db, |pool| sqlx::query(
        "DELETE FROM news_posts WHERE id = $1"
    )
    .bind(id)
    .execute(pool)
    .await
    .map(|_| ()))?;
    Ok(())
}

pub async fn by_id(db: &Db, id: NewsId) -> AppResult<Option<NewsPost>> {
    let sql = format!("{SELECT} WHERE n.id = $1");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, NewsPost>(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?)
}

pub async fn by_slug(db: &Db, slug: &str) -> AppResult<Option<NewsPost>> {
    let sql = format!("{SELECT} WHERE n.slug = $1");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, NewsPost>(&sql)
        .bind(slug)
        .fetch_optional(pool)
        .await)?)
}

/// Which posts a list shows.
pub struct Filter<'a> {
    /// One scope's posts, or every scope's.
    pub scope: Option<Scope>,
    /// Drafts and scheduled posts too (for those who write in the scope).
    pub unpublished: bool,
    /// Leave out the posts of private projects (every list but a project's own).
    pub public_projects_only: bool,
    /// Only the posts with this tag.
    pub tag: Option<&'a str>,
    /// The instant that decides what is published.
    pub now: i64,
}

/// A value bound to a list's query.
enum Arg {
    Int(i64),
    Text(String),
}

/// One page of posts, newest first, and how many there are: two statements, along the
/// indexes `(scope, status, publish_at)`.
pub async fn page(
    db: &Db,
    f: &Filter<'_>,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<NewsPost>, i64)> {
    let mut conds: Vec<String> = Vec::new();
    let mut args: Vec<Arg> = Vec::new();
    let mut arg = |conds: &mut Vec<String>, cond: &str, a: Arg| {
        args.push(a);
        conds.push(cond.replace('?', &format!("${}", args.len())));
    };
    if let Some(scope) = f.scope {
        let (column, id) = scope.field();
        arg(&mut conds, &format!("n.{column} = ?"), Arg::Int(id));
    }
    if !f.unpublished {
        arg(
            &mut conds,
            "n.status = 'published' AND n.publish_at <= ?",
            Arg::Int(f.now),
        );
    }
    if f.public_projects_only {
        conds.push("(n.project_id IS NULL OR pr.public = TRUE)".into());
    }
    if let Some(tag) = f
        .tag
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
    {
        arg(
            &mut conds,
            "(', ' || n.tags || ',') LIKE ('%, ' || ? || ',%')",
            Arg::Text(tag),
        );
    }
    let wh = if conds.is_empty() {
        "TRUE".to_string()
    } else {
        conds.join(" AND ")
    };
    let k = args.len();
    let sql = format!(
        "{SELECT} WHERE {wh} ORDER BY n.publish_at DESC, n.id DESC LIMIT ${} OFFSET ${}",
        k + 1,
        k + 2
    );
    let count = format!(
        "SELECT COUNT(*) FROM news_posts n LEFT JOIN projects pr ON pr.id = n.project_id WHERE {wh}"
    );
    let rows = db_run!(db, |pool| {
        let mut q = sqlx::query_as::<_, NewsPost>(&sql);
        for a in &args {
            q = match a {
                Arg::Int(i) => q.bind(*i),
                Arg::Text(t) => q.bind(t.as_str()),
            };
        }
        q.bind(limit).bind(offset).fetch_all(pool).await
    })?;
    let total: i64 = db_run!(db, |pool| {
        let mut q = sqlx::query_scalar::<_, i64>(&count);
        for a in &args {
            q = match a {
                Arg::Int(i) => q.bind(*i),
                Arg::Text(t) => q.bind(t.as_str()),
            };
        }
        q.fetch_one(pool).await
    })?;
    Ok((rows, total))
}

// ---- lists and subscriptions ----

const LIST_COLS: &str = "id, network_id, place_id, name, consent_text, created_at";
const SUB_SELECT: &str =
    "SELECT s.id, s.list_id, l.name AS list_name, s.email, s.status, s.consent_source, \
     s.consent_text, s.requested_at, s.confirmed_at, s.expires_at \
     FROM news_subscriptions s JOIN news_lists l ON l.id = s.list_id";

pub async fn insert_list(
    db: &Db,
    scope: ListScope,
    name: &str,
    consent_text: &str,
    by: UserId,
    now: i64,
) -> AppResult<NewsList> {
    let [n, p] = scope.columns();
    let sql = format!(
        "INSERT INTO news_lists (network_id, place_id, name, consent_text, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING {LIST_COLS}"
    );
    Ok(db_run!(db, |pool| sqlx::query_as::<_, NewsList>(&sql)
        .bind(n)
        .bind(p)
        .bind(name)
        .bind(consent_text)
        .bind(by)
        .bind(now)
        .fetch_one(pool)
        .await)?)
}

pub async fn list_by_id(db: &Db, id: NewsListId) -> AppResult<Option<NewsList>> {
    let sql = format!("SELECT {LIST_COLS} FROM news_lists WHERE id = $1");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, NewsList>(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?)
}

/// The lists of a network or a place (a few; at most 20, oldest first).
pub async fn lists_of(db: &Db, scope: ListScope) -> AppResult<Vec<NewsList>> {
    let [n, p] = scope.columns();
    let sql = format!(
        "SELECT {LIST_COLS} FROM news_lists WHERE network_id = $1 OR place_id = $2 ORDER BY id LIMIT 20"
    );
    Ok(db_run!(db, |pool| sqlx::query_as::<_, NewsList>(&sql)
        .bind(n)
        .bind(p)
        .fetch_all(pool)
        .await)?)
}

/// Forgets the subscriptions never confirmed within their delay.
pub async fn purge_expired(db: &Db, now: i64) -> AppResult<u64> {
    Ok(db_run!(db, |pool| sqlx::query(
        "DELETE FROM news_subscriptions WHERE status = 'pending' AND expires_at < $1"
    )
    .bind(now)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?)
}

pub async fn subscription(
    db: &Db,
    list: NewsListId,
    email: &str,
) -> AppResult<Option<Subscription>> {
    let sql = format!("{SUB_SELECT} WHERE s.list_id = $1 AND s.email = $2");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Subscription>(&sql)
        .bind(list)
        .bind(email)
        .fetch_optional(pool)
        .await)?)
}

/// A pending subscription (new, or asked again after leaving or expiring): the hash of its
/// confirmation token, its delay, and the consent as asked now.
pub struct Pending<'a> {
    pub list: NewsListId,
    pub email: &'a str,
    pub token_hash: &'a str,
    pub source: ConsentSource,
    pub consent_text: &'a str,
    pub now: i64,
    pub expires_at: i64,
    /// Who imported the address, for an import.
    pub imported_by: Option<UserId>,
}

/// Writes the pending subscription, unless the address is already confirmed on the list (one
/// statement: the unique `(list_id, email)` decides, whatever runs at the same time).
pub async fn upsert_pending(db: &Db, s: &Pending<'_>) -> AppResult<bool> {
    let n = db_run!(db, |pool| {
        sqlx::query(
        "INSERT INTO news_subscriptions (list_id, email, status, token_hash, expires_at, consent_source, consent_text, requested_at, imported_by) \
         VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (list_id, email) DO UPDATE SET status = 'pending', token_hash = excluded.token_hash, \
         expires_at = excluded.expires_at, consent_source = excluded.consent_source, \
         consent_text = excluded.consent_text, requested_at = excluded.requested_at, \
         imported_by = excluded.imported_by, confirmed_at = NULL, unsubscribed_at = NULL \
         WHERE news_subscriptions.status <> 'confirmed'"
    )
    .bind(s.list)
    .bind(s.email)
    .bind(s.token_hash)
    .bind(s.expires_at)
    .bind(s.source)
    .bind(s.consent_text)
    .bind(s.now)
    .bind(s.imported_by)
    .execute(pool)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(n > 0)
}

/// Subscribes an imported address whose prior consent its importer certified, unless it is
/// already confirmed on the list; true when written.
pub async fn insert_certified(
    db: &Db,
    list: NewsListId,
    email: &str,
    consent_text: &str,
    by: UserId,
    now: i64,
) -> AppResult<bool> {
    let n = db_run!(db, |pool| {
        sqlx::query(
        "INSERT INTO news_subscriptions (list_id, email, status, consent_source, consent_text, imported_by, requested_at, confirmed_at) \
         VALUES ($1, $2, 'confirmed', 'import', $3, $4, $5, $5) \
         ON CONFLICT (list_id, email) DO UPDATE SET status = 'confirmed', token_hash = NULL, expires_at = NULL, \
         consent_source = 'import', consent_text = excluded.consent_text, imported_by = excluded.imported_by, \
         requested_at = excluded.requested_at, confirmed_at = excluded.confirmed_at, unsubscribed_at = NULL \
         WHERE news_subscriptions.status = 'pending'"
    )
    .bind(list)
    .bind(email)
    .bind(consent_text)
    .bind(by)
    .bind(now)
    .execute(pool)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(n > 0)
}

/// Confirms the pending, unexpired subscription whose token hashes to `token_hash`.
pub async fn confirm(db: &Db, token_hash: &str, now: i64) -> AppResult<Option<Subscription>> {
    let id: Option<i64> = db_run!(db, |pool| {
        sqlx::query_scalar::<_, i64>(
        "UPDATE news_subscriptions SET status = 'confirmed', confirmed_at = $2, token_hash = NULL, expires_at = NULL \
         WHERE token_hash = $1 AND status = 'pending' AND expires_at >= $2 RETURNING id"
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(pool)
    .await
    })?;
    let Some(id) = id else { return Ok(None) };
    let sql = format!("{SUB_SELECT} WHERE s.id = $1");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Subscription>(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?)
}

/// Every subscription of an address (its page), by list.
pub async fn subscriptions_of(db: &Db, email: &str) -> AppResult<Vec<Subscription>> {
    let sql = format!("{SUB_SELECT} WHERE s.email = $1 ORDER BY s.list_id LIMIT 200");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Subscription>(&sql)
        .bind(email)
        .fetch_all(pool)
        .await)?)
}

/// Leaves a list at once; false when the address was not on it.
pub async fn unsubscribe(db: &Db, list: NewsListId, email: &str, now: i64) -> AppResult<bool> {
    Ok(db_run!(db, |pool| {
        sqlx::query(
        "UPDATE news_subscriptions SET status = 'unsubscribed', unsubscribed_at = $3, token_hash = NULL, expires_at = NULL \
         WHERE list_id = $1 AND email = $2 AND status <> 'unsubscribed'"
    )
    .bind(list)
    .bind(email)
    .bind(now)
    .execute(pool)
    .await
    .map(|r| r.rows_affected() > 0)
    })?)
}

/// The value of a named instance secret, created at first use (shared by every node).
pub async fn instance_secret(db: &Db, name: &str, now: i64) -> AppResult<String> {
    let fresh = crate::auth::secret::random_token();
    db_run!(db, |pool| {
        sqlx::query(
        "INSERT INTO instance_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING"
    )
    .bind(name)
    .bind(&fresh)
    .bind(now)
    .execute(pool)
    .await
    .map(|_| ())
    })?;
    Ok(db_run!(db, |pool| sqlx::query_scalar::<_, String>(
        "SELECT value FROM instance_secrets WHERE name = $1"
    )
    .bind(name)
    .fetch_one(pool)
    .await)?)
}
