//! Queries of the posts ("annonces"). Every read of posts joins its board (place or network),
//! category, author's name and actor profile, so that a list is one statement whatever its
//! rows; a board page is three statements (its number, its rows, their skills) whatever its
//! filters.

use std::collections::HashMap;

use super::model::{Board, Post, PostKind, PostSkill, PostStatus, ReportReason};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::ids::{ActorId, NetworkId, PlaceId, PostId, UserId};
use crate::{db_run, db_tx};

const SELECT: &str = "SELECT p.id, p.kind, p.title, p.body, p.category_id, p.network_id, \
     p.place_id, p.city, p.latitude, p.longitude, p.author_id, p.actor_id, p.expires_on, \
     p.status, p.created_at, p.updated_at, \
     COALESCE(nw.name, pl.name, '') AS board_name, \
     COALESCE(nw.slug, pl.slug, '') AS board_slug, \
     c.slug AS category_slug, c.name AS category_name, \
     u.display_name AS author_name, a.name AS actor_name, a.slug AS actor_slug \
     FROM posts p \
     LEFT JOIN networks nw ON nw.id = p.network_id \
     LEFT JOIN places pl ON pl.id = p.place_id \
     LEFT JOIN actor_categories c ON c.id = p.category_id \
     JOIN users u ON u.id = p.author_id \
     LEFT JOIN actors a ON a.id = p.actor_id";

/// What a post holds, as checked by the service.
#[derive(Debug, Clone)]
pub struct Fields {
    pub kind: PostKind,
    pub title: String,
    pub body: String,
    pub category_id: Option<i64>,
    pub city: String,
    pub city_key: String,
    pub point: Option<(f64, f64)>,
    pub actor_id: Option<ActorId>,
    pub expires_on: String,
    /// `(canonical skill id, wanted)`.
    pub skills: Vec<(i64, bool)>,
    pub search_text: String,
}

macro_rules! save_skills {
    ($tx:ident, $id:expr, $skills:expr) => {{
        sqlx::query("DELETE FROM post_skills WHERE post_id = $1")
            .bind($id)
            .execute(&mut *$tx)
            .await?;
        for (skill, wanted) in $skills {
            sqlx::query(
                "INSERT INTO post_skills (post_id, skill_id, wanted) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING",
            )
            .bind($id)
            .bind(*skill)
            .bind(*wanted)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}

/// A new published post and its skills, in one transaction.
pub async fn insert(
    db: &Db,
    board: Board,
    f: &Fields,
    author: UserId,
    now: i64,
) -> AppResult<PostId> {
    let [n, p] = board.columns();
    db_tx!(db, |tx| async {
        let id: PostId = sqlx::query_scalar(
            "INSERT INTO posts (kind, title, body, category_id, network_id, place_id, city, \
             city_key, latitude, longitude, author_id, actor_id, expires_on, status, \
             search_text, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
             $10, $11, $12, $13, 'published', $14, $15, $15) RETURNING id",
        )
        .bind(f.kind)
        .bind(&f.title)
        .bind(&f.body)
        .bind(f.category_id)
        .bind(n)
        .bind(p)
        .bind(&f.city)
        .bind(&f.city_key)
        .bind(f.point.map(|x| x.0))
        .bind(f.point.map(|x| x.1))
        .bind(author)
        .bind(f.actor_id)
        .bind(&f.expires_on)
        .bind(&f.search_text)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        save_skills!(tx, id, &f.skills);
        Ok::<_, AppError>(id)
    })
}

/// Rewrites a post and its skills (its board, author and status stay).
pub async fn update(db: &Db, id: PostId, f: &Fields, now: i64) -> AppResult<()> {
    db_tx!(db, |tx| async {
        sqlx::query(
            "UPDATE posts SET kind = $1, title = $2, body = $3, category_id = $4, city = $5, \
             city_key = $6, latitude = $7, longitude = $8, actor_id = $9, expires_on = $10, \
             search_text = $11, updated_at = $12 WHERE id = $13",
        )
        .bind(f.kind)
        .bind(&f.title)
        .bind(&f.body)
        .bind(f.category_id)
        .bind(&f.city)
        .bind(&f.city_key)
        .bind(f.point.map(|x| x.0))
        .bind(f.point.map(|x| x.1))
        .bind(f.actor_id)
        .bind(&f.expires_on)
        .bind(&f.search_text)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        save_skills!(tx, id, &f.skills);
        Ok::<_, AppError>(())
    })
}

pub async fn by_id(db: &Db, id: PostId) -> AppResult<Option<Post>> {
    let sql = format!("{SELECT} WHERE p.id = $1");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Post>(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?)
}

/// These posts, in no order.
pub async fn by_ids(db: &Db, ids: &[PostId]) -> AppResult<Vec<Post>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!("{SELECT} WHERE p.id IN ({})", id_list(ids));
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Post>(&sql)
        .fetch_all(pool)
        .await)?)
}

fn id_list<T: std::fmt::Display>(ids: &[T]) -> String {
    ids.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Which posts a board lists (every filter optional, all combined).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// The network's own posts and its places'.
    pub network: Option<NetworkId>,
    pub place: Option<PlaceId>,
    pub kind: Option<PostKind>,
    /// A category slug.
    pub category: Option<String>,
    /// A folded skill (a synonym finds its canonical skill).
    pub skill: Option<String>,
    /// A folded commune.
    pub city: Option<String>,
    /// Folded words, each found in the search text.
    pub words: Vec<String>,
    /// `(lat, lon, radius_km)`.
    pub near: Option<(f64, f64, f64)>,
    /// The Paris day: only published posts not expired on it.
    pub listed_on: String,
}

enum Arg {
    I(i64),
    T(String),
    F(f64),
}

macro_rules! bind_args {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                Arg::I(i) => q.bind(*i),
                Arg::T(s) => q.bind(s.clone()),
                Arg::F(f) => q.bind(*f),
            };
        }
        q
    }};
}

fn where_clause(f: &Filter) -> (String, Vec<Arg>) {
    let mut args = vec![Arg::T(f.listed_on.clone())];
    let mut conds: Vec<String> = vec!["p.status = 'published' AND p.expires_on >= $1".into()];
    if let Some(n) = f.network {
        args.push(Arg::I(n.get()));
        let i = args.len();
        conds.push(format!(
            "(p.network_id = ${i} OR p.place_id IN \
             (SELECT np.place_id FROM network_places np WHERE np.network_id = ${i}))"
        ));
    }
    if let Some(pl) = f.place {
        args.push(Arg::I(pl.get()));
        conds.push(format!("p.place_id = ${}", args.len()));
    }
    if let Some(k) = f.kind {
        args.push(Arg::T(k.to_string()));
        conds.push(format!("p.kind = ${}", args.len()));
    }
    if let Some(c) = &f.category {
        args.push(Arg::T(c.clone()));
        conds.push(format!(
            "p.category_id IN (SELECT c2.id FROM actor_categories c2 WHERE c2.slug = ${})",
            args.len()
        ));
    }
    if let Some(s) = &f.skill {
        args.push(Arg::T(s.clone()));
        conds.push(format!(
            "p.id IN (SELECT ps.post_id FROM post_skills ps WHERE ps.skill_id IN \
             (SELECT COALESCE(k.canonical_id, k.id) FROM skills k WHERE k.folded = ${}))",
            args.len()
        ));
    }
    if let Some(c) = &f.city {
        args.push(Arg::T(c.clone()));
        conds.push(format!("p.city_key = ${}", args.len()));
    }
    for w in &f.words {
        args.push(Arg::T(format!("%{w}%")));
        conds.push(format!("p.search_text LIKE ${}", args.len()));
    }
    if let Some((lat, lon, r)) = f.near {
        // An equirectangular distance: exact enough at the scale of a territory.
        let k = 111.2 * lat.to_radians().cos();
        args.push(Arg::F(lat));
        args.push(Arg::F(lon));
        args.push(Arg::F(k));
        args.push(Arg::F(r * r));
        let n = args.len();
        conds.push(format!(
            "p.latitude IS NOT NULL AND p.longitude IS NOT NULL AND \
             ((p.latitude - ${a}) * 111.2) * ((p.latitude - ${a}) * 111.2) + \
             ((p.longitude - ${b}) * ${k}) * ((p.longitude - ${b}) * ${k}) <= ${r}",
            a = n - 3,
            b = n - 2,
            k = n - 1,
            r = n
        ));
    }
    (format!("WHERE {}", conds.join(" AND ")), args)
}

/// The `SELECT` of [`page`]: `f`'s conditions, then `LIMIT` and `OFFSET` as the two
/// parameters after its own (the list's order is served by an index; see tests/it/scale_pages).
pub fn page_sql(backend: crate::db::Backend, f: &Filter) -> String {
    let (w, args) = where_clause(f);
    let n = args.len();
    // SQLite, without statistics, would take the board's range index and sort every listed
    // row: the newest are read from the end of `posts_listed_newest` unless a place narrows the list.
    let select = if f.place.is_none() {
        SELECT.replace(
            "FROM posts p ",
            &format!(
                "FROM posts p {} ",
                crate::db::dialect::index_hint(backend, "posts_listed_newest")
            ),
        )
    } else {
        SELECT.to_string()
    };
    format!(
        "{select} {w} ORDER BY p.created_at DESC, p.id DESC LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    )
}

/// One page of the listed posts matching `f`, newest first, and how many match.
pub async fn page(db: &Db, f: &Filter, limit: i64, offset: i64) -> AppResult<(Vec<Post>, i64)> {
    let (w, mut args) = where_clause(f);
    let count_sql = format!("SELECT COUNT(*) FROM posts p {w}");
    let total: i64 = db_run!(db, |pool| bind_args!(
        sqlx::query_scalar::<_, i64>(&count_sql),
        &args
    )
    .fetch_one(pool)
    .await)?;
    args.push(Arg::I(limit));
    args.push(Arg::I(offset));
    let sql = page_sql(db.backend(), f);
    let rows = db_run!(db, |pool| bind_args!(
        sqlx::query_as::<_, Post>(&sql),
        &args
    )
    .fetch_all(pool)
    .await)?;
    Ok((rows, total))
}

/// The skills of each of these posts, by name.
pub async fn skills_of(db: &Db, ids: &[PostId]) -> AppResult<HashMap<PostId, Vec<PostSkill>>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT ps.post_id, ps.skill_id, k.name, ps.wanted FROM post_skills ps \
         JOIN skills k ON k.id = ps.skill_id WHERE ps.post_id IN ({}) ORDER BY k.folded",
        id_list(ids)
    );
    let rows: Vec<PostSkill> = db_run!(db, |pool| sqlx::query_as::<_, PostSkill>(&sql)
        .fetch_all(pool)
        .await)?;
    let mut out: HashMap<PostId, Vec<PostSkill>> = HashMap::new();
    for r in rows {
        out.entry(r.post_id).or_default().push(r);
    }
    Ok(out)
}

/// The listed posts of these kinds sharing one of these skills or this category, not
/// written by `except_author` and not `except`, most recent first, at most `limit`: the
/// candidates of a post's matching.
#[allow(clippy::too_many_arguments)]
pub async fn candidates(
    db: &Db,
    kinds: &[PostKind],
    skill_ids: &[i64],
    category: Option<i64>,
    except: PostId,
    except_author: UserId,
    today: &str,
    limit: i64,
) -> AppResult<Vec<Post>> {
    let mut any = Vec::new();
    if !skill_ids.is_empty() {
        any.push(format!(
            "p.id IN (SELECT ps.post_id FROM post_skills ps WHERE ps.skill_id IN ({}))",
            id_list(skill_ids)
        ));
    }
    if let Some(c) = category {
        any.push(format!("p.category_id = {c}"));
    }
    if any.is_empty() || kinds.is_empty() {
        return Ok(Vec::new());
    }
    let kinds = kinds
        .iter()
        .map(|k| format!("'{}'", k.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "{SELECT} WHERE p.status = 'published' AND p.expires_on >= $1 AND p.kind IN ({kinds}) \
         AND p.id <> $2 AND p.author_id <> $3 AND ({}) \
         ORDER BY p.updated_at DESC, p.id LIMIT $4",
        any.join(" OR ")
    );
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Post>(&sql)
        .bind(today)
        .bind(except)
        .bind(except_author)
        .bind(limit)
        .fetch_all(pool)
        .await)?)
}

/// The posts of an author, whatever their status, newest first.
pub async fn of_author(db: &Db, author: UserId, limit: i64) -> AppResult<Vec<Post>> {
    let sql =
        format!("{SELECT} WHERE p.author_id = $1 ORDER BY p.created_at DESC, p.id DESC LIMIT $2");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Post>(&sql)
        .bind(author)
        .bind(limit)
        .fetch_all(pool)
        .await)?)
}

/// Sets the status (hide, restore, archive).
pub async fn set_status(db: &Db, id: PostId, status: PostStatus, now: i64) -> AppResult<()> {
    db_run!(db, |pool| sqlx::query(
        "UPDATE posts SET status = $1, updated_at = $2 WHERE id = $3"
    )
    .bind(status)
    .bind(now)
    .bind(id)
    .execute(pool)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// Lists a post again until `expires_on` (an archived one is published again; a hidden one
/// stays hidden).
pub async fn renew(db: &Db, id: PostId, expires_on: &str, now: i64) -> AppResult<()> {
    db_run!(db, |pool| sqlx::query(
        "UPDATE posts SET expires_on = $1, updated_at = $2, \
         status = CASE WHEN status = 'archived' THEN 'published' ELSE status END WHERE id = $3"
    )
    .bind(expires_on)
    .bind(now)
    .bind(id)
    .execute(pool)
    .await
    .map(|_| ()))?;
    Ok(())
}

pub async fn delete(db: &Db, id: PostId) -> AppResult<()> {
    db_run!(db, |pool| sqlx::query("DELETE FROM posts WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// A report; false when this person already reported this post.
pub async fn insert_report(
    db: &Db,
    id: PostId,
    user: UserId,
    reason: ReportReason,
    comment: &str,
    now: i64,
) -> AppResult<bool> {
    Ok(db_run!(db, |pool| sqlx::query(
        "INSERT INTO post_reports (post_id, user_id, reason, comment, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (post_id, user_id) DO NOTHING"
    )
    .bind(id)
    .bind(user)
    .bind(reason)
    .bind(comment)
    .bind(now)
    .execute(pool)
    .await
    .map(|r| r.rows_affected() > 0))?)
}

/// Marks the reports of a post as dealt with (a moderator hid or restored it).
pub async fn resolve_reports(db: &Db, id: PostId) -> AppResult<()> {
    db_run!(db, |pool| sqlx::query(
        "UPDATE post_reports SET resolved = TRUE WHERE post_id = $1"
    )
    .bind(id)
    .execute(pool)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// A report as moderators read it (the reporter's name, never their address).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Report {
    pub post_id: PostId,
    pub reason: ReportReason,
    pub comment: String,
    pub reporter: String,
    pub created_at: i64,
}

/// The open reports of these posts, oldest first.
pub async fn open_reports(db: &Db, ids: &[PostId]) -> AppResult<Vec<Report>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT r.post_id, r.reason, r.comment, u.display_name AS reporter, r.created_at \
         FROM post_reports r JOIN users u ON u.id = r.user_id \
         WHERE r.resolved = FALSE AND r.post_id IN ({}) ORDER BY r.created_at, r.user_id",
        id_list(ids)
    );
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Report>(&sql)
        .fetch_all(pool)
        .await)?)
}

/// The posts with an open report, and the hidden ones, oldest change first, at most `limit`
/// (the moderation queue before it is cut to a moderator's boards).
pub async fn flagged(db: &Db, limit: i64) -> AppResult<Vec<Post>> {
    let sql = format!(
        "{SELECT} WHERE p.status = 'hidden' OR p.id IN \
         (SELECT r.post_id FROM post_reports r WHERE r.resolved = FALSE) \
         ORDER BY p.updated_at, p.id LIMIT $1"
    );
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Post>(&sql)
        .bind(limit)
        .fetch_all(pool)
        .await)?)
}

/// Records that `target` (`post:ID`, `actor:ID`) was told of a match with `post`; true the
/// first time only.
pub async fn notice(db: &Db, post: PostId, target: &str, now: i64) -> AppResult<bool> {
    Ok(db_run!(db, |pool| sqlx::query(
        "INSERT INTO post_match_notices (post_id, target, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (post_id, target) DO NOTHING"
    )
    .bind(post)
    .bind(target)
    .bind(now)
    .execute(pool)
    .await
    .map(|r| r.rows_affected() > 0))?)
}

/// A place's point, when it has one.
pub async fn place_point(db: &Db, place: PlaceId) -> AppResult<Option<(f64, f64)>> {
    let row: Option<(Option<f64>, Option<f64>)> = db_run!(db, |pool| sqlx::query_as(
        "SELECT latitude, longitude FROM places WHERE id = $1"
    )
    .bind(place)
    .fetch_optional(pool)
    .await)?;
    Ok(row.and_then(|(a, b)| a.zip(b)))
}

/// The addresses of a board's moderators: a place's managers and its networks' animators, a
/// network's animators.
pub async fn moderator_emails(db: &Db, board: Board) -> AppResult<Vec<String>> {
    let (sql, id) = match board {
        Board::Place(p) => (
            "SELECT DISTINCT u.email FROM roles r JOIN users u ON u.id = r.user_id \
             WHERE (r.role = 'place_manager' AND r.place_id = $1) OR (r.role = 'network_admin' \
             AND r.network_id IN (SELECT np.network_id FROM network_places np \
             WHERE np.place_id = $1)) ORDER BY u.email",
            p.get(),
        ),
        Board::Network(n) => (
            "SELECT DISTINCT u.email FROM roles r JOIN users u ON u.id = r.user_id \
             WHERE r.role = 'network_admin' AND r.network_id = $1 ORDER BY u.email",
            n.get(),
        ),
    };
    Ok(db_run!(db, |pool| sqlx::query_scalar::<_, String>(sql)
        .bind(id)
        .fetch_all(pool)
        .await)?)
}

/// The reports this person made: post title, reason, comment, when (their data export).
pub async fn reports_by(db: &Db, user: UserId) -> AppResult<Vec<(String, String, String, i64)>> {
    Ok(db_run!(db, |p| sqlx::query_as(
        "SELECT p.title, r.reason, r.comment, r.created_at FROM post_reports r \
         JOIN posts p ON p.id = r.post_id WHERE r.user_id = $1 ORDER BY r.created_at"
    )
    .bind(user)
    .fetch_all(p)
    .await)?)
}
