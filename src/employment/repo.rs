//! Queries of the job board. Every read of offers joins the employer (network or place) for
//! its name and slug, so that a list is one statement whatever its employers; a list page is
//! two statements (its rows, their number) whatever its filters.

use super::model::{Application, Employer, JobKind, JobStatus, Offer, PayUnit, SavedSearch};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::ids::{JobApplicationId, JobOfferId, JobSearchId, NetworkId, PlaceId, UserId};
use crate::{db_run, db_tx};

const SELECT: &str = "SELECT o.id, o.network_id, o.place_id, o.title, o.slug, o.kind, \
     o.description, o.postal_code, o.city, o.department, o.starts_on, o.expires_on, \
     o.duration_months, o.hours_per_week, o.pay_min_cents, o.pay_max_cents, o.pay_unit, \
     o.apply_url, o.status, o.published_at, o.created_by, o.created_at, o.updated_at, \
     COALESCE(nw.name, pl.name, '') AS employer_name, \
     COALESCE(nw.slug, pl.slug, '') AS employer_slug \
     FROM job_offers o \
     LEFT JOIN networks nw ON nw.id = o.network_id \
     LEFT JOIN places pl ON pl.id = o.place_id";

/// What an offer holds, as checked by the service.
#[derive(Debug, Clone)]
pub struct Fields {
    pub title: String,
    pub slug: String,
    pub kind: JobKind,
    pub description: String,
    pub postal_code: String,
    pub city: String,
    pub department: String,
    pub city_key: String,
    pub starts_on: String,
    pub expires_on: String,
    pub duration_months: Option<i32>,
    pub hours_per_week: Option<i32>,
    pub pay_min_cents: Option<i64>,
    pub pay_max_cents: Option<i64>,
    pub pay_unit: PayUnit,
    pub apply_url: String,
    pub search_text: String,
}

/// A new offer, with the first free slug among `slug`, `slug-2`…; its id and slug.
pub async fn insert(
    db: &Db,
    employer: Employer,
    f: &Fields,
    status: JobStatus,
    by: UserId,
    now: i64,
) -> AppResult<(JobOfferId, String)> {
    let [n, p] = employer.columns();
    let published_at = (status == JobStatus::Published).then_some(now);
    db_tx!(db, |tx| async {
        let mut slug = f.slug.clone();
        let mut i = 1;
        while sqlx::query_scalar::<_, JobOfferId>("SELECT id FROM job_offers WHERE slug = $1")
            .bind(&slug)
            .fetch_optional(&mut *tx)
            .await?
            .is_some()
        {
            i += 1;
            slug = format!("{}-{i}", f.slug);
        }
        let id: JobOfferId = sqlx::query_scalar(
            "INSERT INTO job_offers (network_id, place_id, title, slug, kind, description, \
             postal_code, city, department, city_key, starts_on, expires_on, duration_months, \
             hours_per_week, pay_min_cents, pay_max_cents, pay_unit, apply_url, status, \
             published_at, search_text, created_by, created_at, updated_at) VALUES ($1, $2, $3, \
             $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, \
             $22, $23, $23) RETURNING id",
        )
        .bind(n)
        .bind(p)
        .bind(&f.title)
        .bind(&slug)
        .bind(f.kind)
        .bind(&f.description)
        .bind(&f.postal_code)
        .bind(&f.city)
        .bind(&f.department)
        .bind(&f.city_key)
        .bind(&f.starts_on)
        .bind(&f.expires_on)
        .bind(f.duration_months)
        .bind(f.hours_per_week)
        .bind(f.pay_min_cents)
        .bind(f.pay_max_cents)
        .bind(f.pay_unit)
        .bind(&f.apply_url)
        .bind(status)
        .bind(published_at)
        .bind(&f.search_text)
        .bind(by)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        Ok::<_, AppError>((id, slug))
    })
}

/// Rewrites an offer (its slug and employer stay) with its new status: published keeps its
/// first publication instant, anything else clears it.
pub async fn update(
    db: &Db,
    id: JobOfferId,
    f: &Fields,
    status: JobStatus,
    now: i64,
) -> AppResult<()> {
    db_run!(db, |pool| {
        sqlx::query(
        "UPDATE job_offers SET title = $1, kind = $2, description = $3, postal_code = $4, \
         city = $5, department = $6, city_key = $7, starts_on = $8, expires_on = $9, \
         duration_months = $10, hours_per_week = $11, pay_min_cents = $12, pay_max_cents = $13, \
         pay_unit = $14, apply_url = $15, search_text = $16, status = $17, \
         published_at = CASE WHEN $17 = 'published' THEN COALESCE(published_at, $18) ELSE NULL END, \
         updated_at = $18 WHERE id = $19"
    )
    .bind(&f.title)
    .bind(f.kind)
    .bind(&f.description)
    .bind(&f.postal_code)
    .bind(&f.city)
    .bind(&f.department)
    .bind(&f.city_key)
    .bind(&f.starts_on)
    .bind(&f.expires_on)
    .bind(f.duration_months)
    .bind(f.hours_per_week)
    .bind(f.pay_min_cents)
    .bind(f.pay_max_cents)
    .bind(f.pay_unit)
    .bind(&f.apply_url)
    .bind(&f.search_text)
    .bind(status)
    .bind(now)
    .bind(id)
    .execute(pool)
    .await
    .map(|_| ())
    })?;
    Ok(())
}

/// Publishes or rejects a pending offer; false when it was not pending any more (another
/// animator decided first).
pub async fn decide(db: &Db, id: JobOfferId, status: JobStatus, now: i64) -> AppResult<bool> {
    let published_at = (status == JobStatus::Published).then_some(now);
    Ok(db_run!(db, |pool| sqlx::query(
        "UPDATE job_offers SET status = $1, published_at = $2, updated_at = $3 \
         WHERE id = $4 AND status = 'pending'"
    )
    .bind(status)
    .bind(published_at)
    .bind(now)
    .bind(id)
    .execute(pool)
    .await
    .map(|r| r.rows_affected() > 0))?)
}

pub async fn by_id(db: &Db, id: JobOfferId) -> AppResult<Option<Offer>> {
    let sql = format!("{SELECT} WHERE o.id = $1");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Offer>(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?)
}

pub async fn by_slug(db: &Db, slug: &str) -> AppResult<Option<Offer>> {
    let sql = format!("{SELECT} WHERE o.slug = $1");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Offer>(&sql)
        .bind(slug)
        .fetch_optional(pool)
        .await)?)
}

/// Which offers a list shows (every filter optional, all combined).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// The network's own offers and its places'.
    pub network: Option<NetworkId>,
    pub place: Option<PlaceId>,
    pub kind: Option<JobKind>,
    pub department: Option<String>,
    /// A folded city.
    pub city: Option<String>,
    /// Folded words, each found in the search text.
    pub words: Vec<String>,
    /// The Paris day: only published offers not expired on it.
    pub listed_on: String,
    /// Only those published at or after this instant (a digest).
    pub published_since: Option<i64>,
    /// Only those not yet sent to this saved search (a digest).
    pub not_sent_to: Option<JobSearchId>,
}

enum Arg {
    I(i64),
    T(String),
}

macro_rules! bind_args {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                Arg::I(i) => q.bind(*i),
                Arg::T(s) => q.bind(s.clone()),
            };
        }
        q
    }};
}

fn where_clause(f: &Filter) -> (String, Vec<Arg>) {
    let mut args = vec![Arg::T(f.listed_on.clone())];
    let mut conds: Vec<String> = vec!["o.status = 'published' AND o.expires_on >= $1".into()];
    if let Some(n) = f.network {
        args.push(Arg::I(n.get()));
        let i = args.len();
        conds.push(format!(
            "(o.network_id = ${i} OR o.place_id IN \
             (SELECT np.place_id FROM network_places np WHERE np.network_id = ${i}))"
        ));
    }
    if let Some(p) = f.place {
        args.push(Arg::I(p.get()));
        conds.push(format!("o.place_id = ${}", args.len()));
    }
    if let Some(k) = f.kind {
        args.push(Arg::T(k.to_string()));
        conds.push(format!("o.kind = ${}", args.len()));
    }
    if let Some(d) = &f.department {
        args.push(Arg::T(d.clone()));
        conds.push(format!("o.department = ${}", args.len()));
    }
    if let Some(c) = &f.city {
        args.push(Arg::T(c.clone()));
        conds.push(format!("o.city_key = ${}", args.len()));
    }
    if let Some(t) = f.published_since {
        args.push(Arg::I(t));
        conds.push(format!("o.published_at >= ${}", args.len()));
    }
    if let Some(s) = f.not_sent_to {
        args.push(Arg::I(s.get()));
        conds.push(format!(
            "NOT EXISTS (SELECT 1 FROM job_search_sent ss WHERE ss.search_id = ${} \
             AND ss.offer_id = o.id)",
            args.len()
        ));
    }
    for w in &f.words {
        args.push(Arg::T(format!("%{w}%")));
        conds.push(format!("o.search_text LIKE ${}", args.len()));
    }
    (format!("WHERE {}", conds.join(" AND ")), args)
}

/// The `SELECT` of [`page`]: `f`'s conditions, then `LIMIT` and `OFFSET` as the two
/// parameters after its own (the list's order is served by an index; see tests/it/scale_pages).
pub fn page_sql(backend: crate::db::Backend, f: &Filter) -> String {
    let (w, args) = where_clause(f);
    let n = args.len();
    // SQLite, without statistics, would take the board's range index and sort every listed
    // row: the newest are read from the end of `job_offers_listed` unless a place narrows the list.
    let select = if f.place.is_none() {
        SELECT.replace(
            "FROM job_offers o ",
            &format!(
                "FROM job_offers o {} ",
                crate::db::dialect::index_hint(backend, "job_offers_listed")
            ),
        )
    } else {
        SELECT.to_string()
    };
    format!(
        "{select} {w} ORDER BY o.published_at DESC, o.id DESC LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    )
}

/// One page of the listed offers matching `f`, newest first, and how many match.
pub async fn page(db: &Db, f: &Filter, limit: i64, offset: i64) -> AppResult<(Vec<Offer>, i64)> {
    let (w, mut args) = where_clause(f);
    let count_sql = format!("SELECT COUNT(*) FROM job_offers o {w}");
    let total: i64 = db_run!(db, |p| bind_args!(
        sqlx::query_scalar::<_, i64>(&count_sql),
        &args
    )
    .fetch_one(p)
    .await)?;
    args.push(Arg::I(limit));
    args.push(Arg::I(offset));
    let sql = page_sql(db.backend(), f);
    let rows = db_run!(db, |p| bind_args!(sqlx::query_as::<_, Offer>(&sql), &args)
        .fetch_all(p)
        .await)?;
    Ok((rows, total))
}

/// The départements of the listed offers (of a network when given), for the filter.
pub async fn departments(
    db: &Db,
    network: Option<NetworkId>,
    today: &str,
) -> AppResult<Vec<String>> {
    let f = Filter {
        network,
        listed_on: today.to_string(),
        ..Default::default()
    };
    let (w, args) = where_clause(&f);
    let sql = format!("SELECT DISTINCT o.department FROM job_offers o {w} ORDER BY o.department");
    Ok(db_run!(db, |p| bind_args!(
        sqlx::query_scalar::<_, String>(&sql),
        &args
    )
    .fetch_all(p)
    .await)?)
}

/// The pending offers, oldest first (the moderation queue), at most `limit`.
pub async fn pending(db: &Db, limit: i64) -> AppResult<Vec<Offer>> {
    let sql = format!("{SELECT} WHERE o.status = 'pending' ORDER BY o.created_at, o.id LIMIT $1");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Offer>(&sql)
        .bind(limit)
        .fetch_all(pool)
        .await)?)
}

/// The offers of an employer, whatever their status, newest first (its writers' list).
pub async fn of_employer(db: &Db, employer: Employer, limit: i64) -> AppResult<Vec<Offer>> {
    let (col, id) = match employer {
        Employer::Network(n) => ("o.network_id", n.get()),
        Employer::Place(p) => ("o.place_id", p.get()),
    };
    let sql = format!("{SELECT} WHERE {col} = $1 ORDER BY o.created_at DESC, o.id DESC LIMIT $2");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Offer>(&sql)
        .bind(id)
        .bind(limit)
        .fetch_all(pool)
        .await)?)
}

const APPLICATION: &str = "SELECT a.id, a.offer_id, a.user_id, a.message, a.cv_filename, \
     a.cv_content_type, a.cv_size, a.cv_sha256, a.created_at, \
     u.display_name AS applicant_name, u.email AS applicant_email, \
     o.title AS offer_title, o.slug AS offer_slug \
     FROM job_applications a JOIN users u ON u.id = a.user_id \
     JOIN job_offers o ON o.id = a.offer_id";

/// A CV as checked by the service.
pub struct Cv<'a> {
    pub filename: &'a str,
    pub content_type: &'a str,
    pub bytes: &'a [u8],
}

/// A new application and its CV's bytes, in one transaction; `None` when this person already
/// applied to this offer.
pub async fn insert_application(
    db: &Db,
    offer: JobOfferId,
    user: UserId,
    message: &str,
    cv: Cv<'_>,
    now: i64,
) -> AppResult<Option<JobApplicationId>> {
    let sha = crate::media::sha256_hex(cv.bytes);
    db_tx!(db, |tx| async {
        sqlx::query(
            "INSERT INTO file_blobs (sha256, size, content, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(&sha)
        .bind(cv.bytes.len() as i64)
        .bind(cv.bytes)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let id: Option<JobApplicationId> = sqlx::query_scalar(
            "INSERT INTO job_applications (offer_id, user_id, message, cv_filename, \
             cv_content_type, cv_size, cv_sha256, created_at) VALUES ($1, $2, $3, $4, $5, $6, \
             $7, $8) ON CONFLICT (offer_id, user_id) DO NOTHING RETURNING id",
        )
        .bind(offer)
        .bind(user)
        .bind(message)
        .bind(cv.filename)
        .bind(cv.content_type)
        .bind(cv.bytes.len() as i64)
        .bind(&sha)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        Ok::<_, AppError>(id)
    })
}

pub async fn application_by_id(db: &Db, id: JobApplicationId) -> AppResult<Option<Application>> {
    let sql = format!("{APPLICATION} WHERE a.id = $1");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Application>(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?)
}

/// The applications to an offer, oldest first.
pub async fn applications_of_offer(db: &Db, offer: JobOfferId) -> AppResult<Vec<Application>> {
    let sql = format!("{APPLICATION} WHERE a.offer_id = $1 ORDER BY a.created_at, a.id");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Application>(&sql)
        .bind(offer)
        .fetch_all(pool)
        .await)?)
}

/// A person's applications, newest first.
pub async fn applications_of_user(db: &Db, user: UserId) -> AppResult<Vec<Application>> {
    let sql = format!(
        "{APPLICATION} WHERE a.user_id = $1 ORDER BY a.created_at DESC, a.id DESC LIMIT 200"
    );
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Application>(&sql)
        .bind(user)
        .fetch_all(pool)
        .await)?)
}

/// Has this person applied to this offer?
pub async fn has_applied(db: &Db, offer: JobOfferId, user: UserId) -> AppResult<bool> {
    Ok(db_run!(db, |pool| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM job_applications WHERE offer_id = $1 AND user_id = $2"
    )
    .bind(offer)
    .bind(user)
    .fetch_one(pool)
    .await)?
        > 0)
}

const SEARCH: &str = "SELECT id, user_id, kind, network_id, department, city, q, email_alerts, \
     next_digest_at, created_at FROM job_searches";

/// A new saved search with its first digest due at `first_digest`.
#[allow(clippy::too_many_arguments)]
pub async fn insert_search(
    db: &Db,
    user: UserId,
    kind: &str,
    network: Option<NetworkId>,
    department: &str,
    city: &str,
    q: &str,
    first_digest: i64,
    now: i64,
) -> AppResult<JobSearchId> {
    Ok(db_run!(db, |pool| sqlx::query_scalar::<_, JobSearchId>(
        "INSERT INTO job_searches (user_id, kind, network_id, department, city, q, \
         email_alerts, next_digest_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7, $8) \
         RETURNING id"
    )
    .bind(user)
    .bind(kind)
    .bind(network)
    .bind(department)
    .bind(city)
    .bind(q)
    .bind(first_digest)
    .bind(now)
    .fetch_one(pool)
    .await)?)
}

pub async fn search_by_id(db: &Db, id: JobSearchId) -> AppResult<Option<SavedSearch>> {
    let sql = format!("{SEARCH} WHERE id = $1");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, SavedSearch>(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?)
}

pub async fn searches_of(db: &Db, user: UserId) -> AppResult<Vec<SavedSearch>> {
    let sql = format!("{SEARCH} WHERE user_id = $1 ORDER BY id LIMIT 100");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, SavedSearch>(&sql)
        .bind(user)
        .fetch_all(pool)
        .await)?)
}

pub async fn delete_search(db: &Db, id: JobSearchId) -> AppResult<()> {
    db_run!(db, |pool| sqlx::query(
        "DELETE FROM job_searches WHERE id = $1"
    )
    .bind(id)
    .execute(pool)
    .await
    .map(|_| ()))?;
    Ok(())
}

pub async fn set_alerts(db: &Db, id: JobSearchId, on: bool) -> AppResult<()> {
    db_run!(db, |pool| sqlx::query(
        "UPDATE job_searches SET email_alerts = $1 WHERE id = $2"
    )
    .bind(on)
    .bind(id)
    .execute(pool)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// Moves a search's next digest from `from` to `to`; true for the one caller that moved it
/// (the digest job of any node, run any number of times, sends only then).
pub async fn advance_digest(db: &Db, id: JobSearchId, from: i64, to: i64) -> AppResult<bool> {
    Ok(db_run!(db, |pool| sqlx::query(
        "UPDATE job_searches SET next_digest_at = $1 WHERE id = $2 AND next_digest_at = $3"
    )
    .bind(to)
    .bind(id)
    .bind(from)
    .execute(pool)
    .await
    .map(|r| r.rows_affected() > 0))?)
}

/// Records the offers a digest lists; answers those not recorded before (never sent twice,
/// whatever runs at the same time).
pub async fn mark_sent(
    db: &Db,
    search: JobSearchId,
    offers: &[JobOfferId],
    now: i64,
) -> AppResult<Vec<JobOfferId>> {
    let mut fresh = Vec::new();
    for o in offers {
        let done = db_run!(db, |pool| sqlx::query(
            "INSERT INTO job_search_sent (search_id, offer_id, sent_at) VALUES ($1, $2, $3) \
             ON CONFLICT (search_id, offer_id) DO NOTHING"
        )
        .bind(search)
        .bind(*o)
        .bind(now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected() > 0))?;
        if done {
            fresh.push(*o);
        }
    }
    Ok(fresh)
}

/// The value of a named instance secret, created at first use (shared by every node).
pub async fn instance_secret(db: &Db, name: &str, now: i64) -> AppResult<String> {
    let fresh = crate::auth::secret::random_token();
    db_run!(db, |pool| sqlx::query(
        "INSERT INTO instance_secrets (name, value, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO NOTHING"
    )
    .bind(name)
    .bind(&fresh)
    .bind(now)
    .execute(pool)
    .await
    .map(|_| ()))?;
    Ok(db_run!(db, |pool| sqlx::query_scalar::<_, String>(
        "SELECT value FROM instance_secrets WHERE name = $1"
    )
    .bind(name)
    .fetch_one(pool)
    .await)?)
}
