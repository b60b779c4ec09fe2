//! Queries on places: directory filters, search, map points, writes with history.
//!
//! Filters are assembled from fixed SQL fragments; every value is a bound parameter. What
//! differs between the backends (full-text search, index hints, statistics) comes from
//! [`dialect`].

use std::collections::HashMap;

use serde::Serialize;

use super::model::{fold, search_terms, BBox, PlaceInput, Typology, PENDING, PUBLISHED, REFUSED};
use crate::db::{dialect, Backend, Db};
use crate::db_run;
use crate::error::{AppError, AppResult};
use crate::tenancy::model::Place;

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct PlaceRow {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub status: String,
    pub moderation: String,
    pub refusal_reason: String,
    pub created_by: Option<i64>,
    pub organization_id: Option<i64>,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub insee_code: String,
    pub department: String,
    pub region: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub description: String,
    pub opening_hours: String,
    pub email: String,
    pub phone: String,
    pub website: String,
    pub social_links: String,
    pub services: String,
    pub accessibility: String,
    pub siret: String,
    pub charter_adopted_on: String,
    pub source: String,
    pub source_id: String,
    pub created_at: i64,
    pub updated_at: i64,
}

pub const COLS: &str = "p.id, p.name, p.slug, p.status, p.moderation, p.refusal_reason, p.created_by, \
p.organization_id, p.street, p.postal_code, p.city, p.insee_code, p.department, p.region, p.latitude, \
p.longitude, p.description, p.opening_hours, p.email, p.phone, p.website, p.social_links, p.services, \
p.accessibility, p.siret, p.charter_adopted_on, p.source, p.source_id, p.created_at, p.updated_at";

/// A bound value.
#[derive(Debug, Clone)]
pub enum Arg {
    T(String),
    I(i64),
    F(f64),
    OI(Option<i64>),
    OF(Option<f64>),
}

/// Binds every `Arg` of `$args` to the query `$q`, in order.
macro_rules! bind_args {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                Arg::T(s) => q.bind(s.clone()),
                Arg::I(i) => q.bind(*i),
                Arg::F(f) => q.bind(*f),
                Arg::OI(i) => q.bind(*i),
                Arg::OF(f) => q.bind(*f),
            };
        }
        q
    }};
}

/// What the directory, the map and the API filter on.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub q: String,
    pub typology: String,
    pub region: String,
    pub department: String,
    pub city: String,
    pub service: String,
    pub network_id: Option<i64>,
    pub bbox: Option<BBox>,
    pub updated_since: Option<i64>,
    /// Only places with coordinates.
    pub located: bool,
}

impl Filters {
    /// No filter but the search words.
    pub fn only_search(&self) -> bool {
        let Filters {
            q: _,
            typology,
            region,
            department,
            city,
            service,
            network_id,
            bbox,
            updated_since,
            located,
        } = self;
        typology.is_empty()
            && region.is_empty()
            && department.is_empty()
            && city.is_empty()
            && service.is_empty()
            && network_id.is_none()
            && bbox.is_none()
            && updated_since.is_none()
            && !located
    }
}

/// Full-text search of places, each word a prefix: [`dialect::places_search_condition`].
fn search_condition(backend: Backend, terms: &[String], n: usize) -> (String, Arg) {
    let (cond, arg) = dialect::places_search_condition(backend, terms, n);
    (cond, Arg::T(arg))
}

/// `WHERE …` for published places matching `f`, and its arguments.
pub fn where_clause(backend: Backend, f: &Filters) -> (String, Vec<Arg>) {
    let mut conds: Vec<String> = vec![format!("p.moderation = '{PUBLISHED}'")];
    let mut args: Vec<Arg> = Vec::new();
    let terms = search_terms(&f.q);
    if !terms.is_empty() {
        let (c, a) = search_condition(backend, &terms, args.len() + 1);
        conds.push(c);
        args.push(a);
    }
    if !f.typology.is_empty() {
        args.push(Arg::T(f.typology.clone()));
        conds.push(format!(
            "EXISTS (SELECT 1 FROM place_typologies pt JOIN typologies t ON t.id = pt.typology_id \
             WHERE pt.place_id = p.id AND t.slug = ${})",
            args.len()
        ));
    }
    if !f.region.is_empty() {
        args.push(Arg::T(f.region.clone()));
        conds.push(format!("p.region = ${}", args.len()));
    }
    if !f.department.is_empty() {
        args.push(Arg::T(f.department.clone()));
        conds.push(format!("p.department = ${}", args.len()));
    }
    if !f.city.is_empty() {
        args.push(Arg::T(f.city.trim().to_string()));
        conds.push(format!("p.city = ${}", args.len()));
    }
    if !f.service.is_empty() {
        args.push(Arg::T(format!("%{}%", f.service.trim())));
        conds.push(format!("p.services LIKE ${}", args.len()));
    }
    if let Some(n) = f.network_id {
        args.push(Arg::I(n));
        conds.push(format!(
            "EXISTS (SELECT 1 FROM network_places np WHERE np.place_id = p.id AND np.network_id = ${})",
            args.len()
        ));
    }
    if let Some(b) = f.bbox {
        let i = args.len();
        args.extend([
            Arg::F(b.south),
            Arg::F(b.north),
            Arg::F(b.west),
            Arg::F(b.east),
        ]);
        conds.push(format!(
            "p.latitude BETWEEN ${} AND ${} AND p.longitude BETWEEN ${} AND ${}",
            i + 1,
            i + 2,
            i + 3,
            i + 4
        ));
    }
    if f.located {
        conds.push("p.latitude IS NOT NULL AND p.longitude IS NOT NULL".into());
    }
    if let Some(t) = f.updated_since {
        args.push(Arg::I(t));
        conds.push(format!("p.updated_at >= ${}", args.len()));
    }
    (format!("WHERE {}", conds.join(" AND ")), args)
}

/// One page of published places matching `f`, sorted by name.
pub async fn list(db: &Db, f: &Filters, limit: i64, offset: i64) -> AppResult<Vec<PlaceRow>> {
    let (w, mut args) = where_clause(db.backend(), f);
    let n = args.len();
    args.push(Arg::I(limit));
    args.push(Arg::I(offset));
    let sql = if dialect::sorts_search_matches(db.backend()) && !search_terms(&f.q).is_empty() {
        // A search sorts its matches instead of walking the name index and testing each place
        // (why, on which engine: [`dialect::sorts_search_matches`]). `name || ''` sorts the
        // same and does not match the index. Only names and ids are sorted; the page's rows are
        // read afterwards (9.5 → 7 ms for "tiers lieux" among 50 000 places).
        format!(
            "SELECT {COLS} FROM places p WHERE p.id IN (SELECT p.id FROM places p {w} \
             ORDER BY p.name || '', p.id LIMIT ${} OFFSET ${}) ORDER BY p.name, p.id",
            n + 1,
            n + 2
        )
    } else {
        format!(
            "SELECT {COLS} FROM places p {w} ORDER BY p.name, p.id LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        )
    };
    Ok(db_run!(db, |p| bind_args!(
        sqlx::query_as::<_, PlaceRow>(&sql),
        &args
    )
    .fetch_all(p)
    .await)?)
}

/// One page of matching places and how many match in all: the two queries run at once, on
/// two connections (a broad search spends as long counting as listing).
pub async fn page(
    db: &Db,
    f: &Filters,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<PlaceRow>, i64)> {
    let fts = dialect::places_fts(db.backend());
    if let Some(fts) = fts.filter(|_| f.only_search() && !search_terms(&f.q).is_empty()) {
        // A search alone, where the search index is a table of its own (SQLite,
        // [`dialect::places_fts`]): its count comes from the FTS index (under a millisecond),
        // and tells which way to list. Few matches: read them from the index and sort them
        // (cost grows with the matches). Many: walk the names in order until the page is full
        // (cost grows with how far the first matches are). A word found nowhere took 4.7 ms
        // by the walk, 0.3 ms by the index, among 50 000 places.
        let total = count(db, f).await?;
        let rows = list_sqlite_search(db, f, fts, total <= FEW_MATCHES, limit, offset).await?;
        return Ok((rows, total));
    }
    tokio::try_join!(list(db, f, limit, offset), count(db, f))
}

/// Below this many matches, a SQLite search lists from its FTS index (see [`page`]).
const FEW_MATCHES: i64 = 2_000;

/// One page of a search alone on SQLite, the way [`page`] chose, whatever statistics a
/// `PRAGMA optimize` or `ANALYZE` may leave (with them, SQLite read every match and sorted
/// them even for a broad word: 1.7 → 17 ms for « lavoir »). From the FTS index `fts`:
/// `CROSS JOIN` keeps the matches as the outer loop. Along the names: `INDEXED BY`
/// ([`dialect::index_hint`]) walks the directory index.
async fn list_sqlite_search(
    db: &Db,
    f: &Filters,
    fts: &str,
    from_fts: bool,
    limit: i64,
    offset: i64,
) -> AppResult<Vec<PlaceRow>> {
    let (cond, arg) = search_condition(db.backend(), &search_terms(&f.q), 1);
    let sql = if from_fts {
        format!(
            "SELECT {COLS} FROM (SELECT rowid AS id FROM {fts} WHERE {fts} MATCH $1) m \
             CROSS JOIN places p ON p.id = m.id WHERE p.moderation = '{PUBLISHED}' \
             ORDER BY p.name, p.id LIMIT $2 OFFSET $3"
        )
    } else {
        let hint = dialect::index_hint(db.backend(), "places_directory");
        format!(
            "SELECT {COLS} FROM places p {hint} \
             WHERE p.moderation = '{PUBLISHED}' AND {cond} ORDER BY p.name, p.id LIMIT $2 OFFSET $3"
        )
    };
    let args = [arg, Arg::I(limit), Arg::I(offset)];
    Ok(db_run!(db, |p| bind_args!(
        sqlx::query_as::<_, PlaceRow>(&sql),
        &args
    )
    .fetch_all(p)
    .await)?)
}

pub async fn count(db: &Db, f: &Filters) -> AppResult<i64> {
    let terms = search_terms(&f.q);
    let fts = dialect::places_fts(db.backend());
    if let Some(fts) = fts.filter(|_| !terms.is_empty() && f.only_search()) {
        // A search alone (the common case), with the search index a table of its own
        // ([`dialect::places_fts`]): counting the matches in the FTS index and taking
        // away the few unpublished ones is ~10× faster than probing every published place
        // against the list of matches (measured with 51 512 places: 2 ms instead of 35 ms for
        // "tiers lieux"). A plain JOIN is worse still: SQLite then runs the MATCH per place.
        let (cond, arg) = search_condition(db.backend(), &terms, 1);
        let Arg::T(expr) = arg else {
            unreachable!("the search expression is text")
        };
        let hint = dialect::index_hint(db.backend(), "places_directory");
        let sql = format!(
            "SELECT (SELECT COUNT(*) FROM {fts} WHERE {fts} MATCH $1) - \
             (SELECT COUNT(*) FROM places p {hint} \
              WHERE p.moderation IN ('{PENDING}', '{REFUSED}') AND {cond})"
        );
        return Ok(db_run!(db, |p| sqlx::query_scalar::<_, i64>(&sql)
            .bind(&expr)
            .fetch_one(p)
            .await)?);
    }
    let (w, args) = where_clause(db.backend(), f);
    let sql = format!("SELECT COUNT(*) FROM places p {w}");
    Ok(db_run!(db, |p| bind_args!(
        sqlx::query_scalar::<_, i64>(&sql),
        &args
    )
    .fetch_one(p)
    .await)?)
}

/// Ids and opening hours of matching places that publish hours (the "open now" filter is
/// computed on them).
pub async fn hours_of_matching(db: &Db, f: &Filters) -> AppResult<Vec<(i64, String)>> {
    let (w, args) = where_clause(db.backend(), f);
    let sql = format!(
        "SELECT p.id, p.opening_hours FROM places p {w} AND p.opening_hours <> '' ORDER BY p.name, p.id"
    );
    Ok(db_run!(db, |p| bind_args!(
        sqlx::query_as::<_, (i64, String)>(&sql),
        &args
    )
    .fetch_all(p)
    .await)?)
}

/// Rows of these ids, in the order given.
pub async fn by_ids(db: &Db, ids: &[i64]) -> AppResult<Vec<PlaceRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLS} FROM places p WHERE p.id IN ({})",
        crate::db::id_list(ids)
    );
    let mut rows = db_run!(db, |p| sqlx::query_as::<_, PlaceRow>(&sql)
        .fetch_all(p)
        .await)?;
    rows.sort_by_key(|r| ids.iter().position(|i| *i == r.id));
    Ok(rows)
}

/// Map points: id, latitude, longitude of the matching located places.
pub async fn points(db: &Db, f: &Filters) -> AppResult<Vec<(i64, f64, f64)>> {
    let mut f = f.clone();
    f.located = true;
    let (w, args) = where_clause(db.backend(), &f);
    // SQLite without statistics prefers any equality index: a viewport walked every published
    // place (`moderation = ?`) instead of reading the coordinates index (60 ms against 3 for a
    // city among 51 512 places). [`dialect::index_hint`]: nothing on PostgreSQL.
    let index = if f.bbox.is_some() {
        dialect::index_hint(db.backend(), "places_geo")
    } else {
        String::new()
    };
    let sql = format!("SELECT p.id, p.latitude, p.longitude FROM places p {index} {w}");
    Ok(db_run!(db, |p| bind_args!(
        sqlx::query_as::<_, (i64, f64, f64)>(&sql),
        &args
    )
    .fetch_all(p)
    .await)?)
}

/// What a map marker shows of a place.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Label {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub city: String,
}

/// Labels of these places, by id.
pub async fn labels(db: &Db, ids: &[i64]) -> AppResult<HashMap<i64, Label>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT p.id, p.name, p.slug, p.city FROM places p WHERE p.id IN ({})",
        crate::db::id_list(ids)
    );
    let rows: Vec<Label> = db_run!(db, |p| sqlx::query_as::<_, Label>(&sql).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|l| (l.id, l)).collect())
}

/// Every matching place (exports), sorted by id.
pub async fn all_matching(db: &Db, f: &Filters) -> AppResult<Vec<PlaceRow>> {
    let (w, args) = where_clause(db.backend(), f);
    let sql = format!("SELECT {COLS} FROM places p {w} ORDER BY p.id");
    Ok(db_run!(db, |p| bind_args!(
        sqlx::query_as::<_, PlaceRow>(&sql),
        &args
    )
    .fetch_all(p)
    .await)?)
}

pub async fn by_id(db: &Db, id: i64) -> AppResult<Option<PlaceRow>> {
    let sql = format!("SELECT {COLS} FROM places p WHERE p.id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, PlaceRow>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

pub async fn by_slug(db: &Db, slug: &str) -> AppResult<Option<PlaceRow>> {
    let sql = format!("SELECT {COLS} FROM places p WHERE p.slug = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, PlaceRow>(&sql)
        .bind(slug)
        .fetch_optional(p)
        .await)?)
}

pub async fn typologies(db: &Db) -> AppResult<Vec<Typology>> {
    Ok(db_run!(db, |p| sqlx::query_as::<_, Typology>(
        "SELECT id, slug, name FROM typologies ORDER BY position, name"
    )
    .fetch_all(p)
    .await)?)
}

/// The typologies of these places (all places when `ids` is `None`).
pub async fn typologies_of(db: &Db, ids: Option<&[i64]>) -> AppResult<HashMap<i64, Vec<Typology>>> {
    let only = match ids {
        Some([]) => return Ok(HashMap::new()),
        Some(ids) => format!("WHERE pt.place_id IN ({})", crate::db::id_list(ids)),
        None => String::new(),
    };
    let sql = format!(
        "SELECT pt.place_id, t.id, t.slug, t.name FROM place_typologies pt \
         JOIN typologies t ON t.id = pt.typology_id {only} ORDER BY t.position"
    );
    let rows: Vec<(i64, i64, String, String)> = db_run!(db, |p| sqlx::query_as::<
        _,
        (i64, i64, String, String),
    >(&sql)
    .fetch_all(p)
    .await)?;
    let mut out: HashMap<i64, Vec<Typology>> = HashMap::new();
    for (place, id, slug, name) in rows {
        out.entry(place)
            .or_default()
            .push(Typology { id, slug, name });
    }
    Ok(out)
}

/// Network ids of every place (exports).
pub async fn networks_of_all(db: &Db) -> AppResult<HashMap<i64, Vec<i64>>> {
    let rows: Vec<(i64, i64)> = db_run!(db, |p| sqlx::query_as::<_, (i64, i64)>(
        "SELECT place_id, network_id FROM network_places ORDER BY network_id"
    )
    .fetch_all(p)
    .await)?;
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for (place, net) in rows {
        out.entry(place).or_default().push(net);
    }
    Ok(out)
}

/// Distinct communes of published places, for the filter's suggestions.
pub async fn departments_in_use(db: &Db) -> AppResult<Vec<String>> {
    Ok(db_run!(db, |p| {
        sqlx::query_scalar::<_, String>(
        "SELECT DISTINCT department FROM places WHERE moderation = 'published' AND department <> '' ORDER BY department"
    )
    .fetch_all(p)
    .await
    })?)
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct HistoryEntry {
    pub at: i64,
    pub via: String,
    pub summary: String,
    pub user_name: Option<String>,
}

pub async fn history(db: &Db, place_id: i64) -> AppResult<Vec<HistoryEntry>> {
    Ok(db_run!(db, |p| {
        sqlx::query_as::<_, HistoryEntry>(
        "SELECT h.at, h.via, h.summary, u.display_name AS user_name FROM place_history h \
         LEFT JOIN users u ON u.id = h.user_id WHERE h.place_id = $1 ORDER BY h.at DESC, h.id DESC LIMIT 50"
    )
    .bind(place_id)
    .fetch_all(p)
    .await
    })?)
}

/// One write: a new place, or new values for an existing one.
#[derive(Debug, Clone)]
pub struct SaveItem {
    /// Update this place; `None` looks it up by `source`/`source_id`, else creates.
    pub id: Option<i64>,
    pub source: String,
    pub source_id: String,
    pub input: PlaceInput,
    /// Moderation state for a new place (`published` or `pending`); updates keep theirs.
    pub moderation: &'static str,
    pub network_id: Option<i64>,
    pub user_id: Option<i64>,
    /// `ui`, `api`, `import`, `moderation`.
    pub via: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub id: i64,
    pub slug: String,
    pub created: bool,
    /// Names of the fields that changed (empty for a create or an identical update).
    pub changed: Vec<&'static str>,
}

/// Which fields differ between a stored row and new values.
pub fn changed_fields(old: &PlaceRow, new: &PlaceInput) -> Vec<&'static str> {
    let mut c = Vec::new();
    let pairs: [(&'static str, bool); 20] = [
        ("name", old.name != new.name),
        ("status", old.status != new.status),
        ("address", old.street != new.street),
        ("postal_code", old.postal_code != new.postal_code),
        ("city", old.city != new.city),
        ("insee_code", old.insee_code != new.insee_code),
        (
            "coordinates",
            old.latitude != new.latitude || old.longitude != new.longitude,
        ),
        ("description", old.description != new.description),
        ("opening_hours", old.opening_hours != new.opening_hours),
        ("email", old.email != new.email),
        ("phone", old.phone != new.phone),
        ("website", old.website != new.website),
        ("social_links", old.social_links != new.social_links),
        ("services", old.services != new.services),
        ("accessibility", old.accessibility != new.accessibility),
        ("siret", old.siret != new.siret),
        (
            "charter_adopted_on",
            old.charter_adopted_on != new.charter_adopted_on,
        ),
        ("department", false),
        ("region", false),
        ("slug", false),
    ];
    for (name, differs) in pairs {
        if differs {
            c.push(name);
        }
    }
    c
}

/// Writes a batch: new places with few multi-row statements (imports of 50 000 rows), the
/// others (updates, slug collisions, repeated source ids) one by one with [`save_each`].
pub async fn save_batch(
    db: &Db,
    items: &[SaveItem],
    typologies: &[Typology],
    now: i64,
) -> AppResult<Vec<Saved>> {
    if items.len() < 8 {
        return save_each(db, items, typologies, now).await;
    }
    // Which source ids exist already?
    let mut existing: std::collections::HashSet<(String, String)> = Default::default();
    let mut by_source: HashMap<&str, Vec<&str>> = HashMap::new();
    for it in items
        .iter()
        .filter(|i| i.id.is_none() && !i.source.is_empty())
    {
        by_source.entry(&it.source).or_default().push(&it.source_id);
    }
    for (source, ids) in by_source {
        for chunk in ids.chunks(500) {
            let ph: Vec<String> = (2..chunk.len() + 2).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT source_id FROM places WHERE source = $1 AND source <> '' AND source_id IN ({})",
                ph.join(", ")
            );
            let mut args = vec![Arg::T(source.to_string())];
            args.extend(chunk.iter().map(|s| Arg::T(s.to_string())));
            let (sql, args) = dialect::positional(db.backend(), &sql, &args);
            let found: Vec<String> = db_run!(db, |p| bind_args!(
                sqlx::query_scalar::<_, String>(&sql),
                &args
            )
            .fetch_all(p)
            .await)?;
            existing.extend(found.into_iter().map(|f| (source.to_string(), f)));
        }
    }
    // New places, each with a slug and a source id not repeated in the batch.
    let mut seen_slugs: std::collections::HashSet<&str> = Default::default();
    let mut seen_sources: std::collections::HashSet<(&str, &str)> = Default::default();
    let mut fast: Vec<usize> = Vec::new();
    for (n, it) in items.iter().enumerate() {
        let key = (it.source.as_str(), it.source_id.as_str());
        let new_source = it.source.is_empty()
            || (!existing.contains(&(it.source.clone(), it.source_id.clone()))
                && seen_sources.insert(key));
        if it.id.is_none() && new_source && seen_slugs.insert(&it.input.slug) {
            fast.push(n);
        }
    }
    let names: HashMap<i64, String> = typologies.iter().map(|t| (t.id, t.name.clone())).collect();
    let search: Vec<String> = fast
        .iter()
        .map(|n| {
            let i = &items[*n].input;
            let tn: Vec<String> = i
                .typology_ids
                .iter()
                .filter_map(|t| names.get(t).cloned())
                .collect();
            i.search_text(&tn)
        })
        .collect();
    let fts = dialect::places_fts(db.backend());
    // Rows per INSERT (28 values each; SQLite statements are made positional, see
    // [`dialect::positional`]).
    let per_stmt = 400;
    let mut results: Vec<Option<Saved>> = vec![None; items.len()];
    let inserted: Vec<(usize, i64, String)> = crate::db_tx!(db, |tx| {
        async {
            let mut done: Vec<(usize, i64, String)> = Vec::new();
            for (chunk_no, chunk) in fast.chunks(per_stmt).enumerate() {
                let mut args: Vec<Arg> = vec![Arg::I(now)];
                let mut rows = Vec::with_capacity(chunk.len());
                for (k, n) in chunk.iter().enumerate() {
                    let it = &items[*n];
                    let i = &it.input;
                    let b = args.len() + 1;
                    rows.push(format!(
                        "({})",
                        (0..26)
                            .map(|j| format!("${}", b + j))
                            .chain(["$1".to_string(), "$1".to_string()])
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                    args.extend([
                        Arg::T(i.name.clone()),
                        Arg::T(i.slug.clone()),
                        Arg::T(i.status.clone()),
                        Arg::T(it.moderation.to_string()),
                        Arg::OI(it.user_id),
                        Arg::T(i.street.clone()),
                        Arg::T(i.postal_code.clone()),
                        Arg::T(i.city.clone()),
                        Arg::T(i.insee_code.clone()),
                        Arg::T(i.department.clone()),
                        Arg::T(i.region.clone()),
                        Arg::OF(i.latitude),
                        Arg::OF(i.longitude),
                        Arg::T(i.description.clone()),
                        Arg::T(i.opening_hours.clone()),
                        Arg::T(i.email.clone()),
                        Arg::T(i.phone.clone()),
                        Arg::T(i.website.clone()),
                        Arg::T(i.social_links.clone()),
                        Arg::T(i.services.clone()),
                        Arg::T(i.accessibility.clone()),
                        Arg::T(i.siret.clone()),
                        Arg::T(i.charter_adopted_on.clone()),
                        Arg::T(it.source.clone()),
                        Arg::T(it.source_id.clone()),
                        Arg::T(search[chunk_no * per_stmt + k].clone()),
                    ]);
                }
                let sql = format!(
                    "INSERT INTO places (name, slug, status, moderation, created_by, street, postal_code, \
                     city, insee_code, department, region, latitude, longitude, description, opening_hours, \
                     email, phone, website, social_links, services, accessibility, siret, charter_adopted_on, \
                     source, source_id, search_text, created_at, updated_at) VALUES {} \
                     ON CONFLICT (slug) DO NOTHING RETURNING id, slug",
                    rows.join(", ")
                );
                let (sql, args) = dialect::positional(db.backend(), &sql, &args);
                let returned: Vec<(i64, String)> = bind_args!(
                    sqlx::query_as::<_, (i64, String)>(&sql),
                    &args
                )
                .fetch_all(&mut *tx)
                .await?;
                let by_slug: HashMap<String, i64> = returned.into_iter().map(|(i, s)| (s, i)).collect();
                let mut typ_args: Vec<Arg> = Vec::new();
                let mut net_args: Vec<Arg> = vec![Arg::I(now)];
                let mut hist_args: Vec<Arg> = vec![Arg::I(now)];
                let mut fts_args: Vec<Arg> = Vec::new();
                for (k, n) in chunk.iter().enumerate() {
                    let it = &items[*n];
                    let Some(id) = by_slug.get(&it.input.slug) else {
                        continue;
                    };
                    done.push((*n, *id, it.input.slug.clone()));
                    for t in &it.input.typology_ids {
                        typ_args.extend([Arg::I(*id), Arg::I(*t)]);
                    }
                    if let Some(net) = it.network_id {
                        net_args.extend([Arg::I(net), Arg::I(*id)]);
                    }
                    hist_args.extend([
                        Arg::I(*id),
                        Arg::OI(it.user_id),
                        Arg::T(it.via.to_string()),
                    ]);
                    fts_args.extend([Arg::I(*id), Arg::T(search[chunk_no * per_stmt + k].clone())]);
                }
                let values = |args: &[Arg], width: usize, offset: usize, tail: &str| -> String {
                    (0..(args.len() - offset) / width)
                        .map(|r| {
                            let cols: Vec<String> = (0..width)
                                .map(|j| format!("${}", offset + r * width + j + 1))
                                .collect();
                            format!("({}{tail})", cols.join(", "))
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                if !typ_args.is_empty() {
                    let sql = format!(
                        "INSERT INTO place_typologies (place_id, typology_id) VALUES {} ON CONFLICT DO NOTHING",
                        values(&typ_args, 2, 0, "")
                    );
                    let (sql, a) = dialect::positional(db.backend(), &sql, &typ_args);
                    bind_args!(sqlx::query(&sql), &a).execute(&mut *tx).await?;
                }
                if net_args.len() > 1 {
                    let sql = format!(
                        "INSERT INTO network_places (network_id, place_id, joined_at) VALUES {} ON CONFLICT DO NOTHING",
                        values(&net_args, 2, 1, ", $1")
                    );
                    let (sql, a) = dialect::positional(db.backend(), &sql, &net_args);
                    bind_args!(sqlx::query(&sql), &a).execute(&mut *tx).await?;
                }
                if hist_args.len() > 1 {
                    let sql = format!(
                        "INSERT INTO place_history (place_id, user_id, via, at, summary) VALUES {}",
                        values(&hist_args, 3, 1, ", $1, 'created'")
                    );
                    let (sql, a) = dialect::positional(db.backend(), &sql, &hist_args);
                    bind_args!(sqlx::query(&sql), &a).execute(&mut *tx).await?;
                }
                if let Some(fts) = fts.filter(|_| !fts_args.is_empty()) {
                    let sql = format!(
                        "INSERT INTO {fts} (rowid, search_text) VALUES {}",
                        values(&fts_args, 2, 0, "")
                    );
                    let (sql, a) = dialect::positional(db.backend(), &sql, &fts_args);
                    bind_args!(sqlx::query(&sql), &a).execute(&mut *tx).await?;
                }
            }
            Ok::<Vec<(usize, i64, String)>, AppError>(done)
        }
        .await
    })?;
    for (n, id, slug) in inserted {
        results[n] = Some(Saved {
            id,
            slug,
            created: true,
            changed: Vec::new(),
        });
    }
    // Everything else, in order.
    let rest: Vec<usize> = (0..items.len()).filter(|n| results[*n].is_none()).collect();
    let rest_items: Vec<SaveItem> = rest.iter().map(|n| items[*n].clone()).collect();
    let saved = save_each(db, &rest_items, typologies, now).await?;
    for (n, s) in rest.into_iter().zip(saved) {
        results[n] = Some(s);
    }
    Ok(results.into_iter().flatten().collect())
}

/// Writes items one by one in one transaction: inserts or updates, typologies, network
/// membership, search index and history. A place's slug is the first free one among `slug`,
/// `slug-2`…
async fn save_each(
    db: &Db,
    items: &[SaveItem],
    typologies: &[Typology],
    now: i64,
) -> AppResult<Vec<Saved>> {
    // The search index's rows, where it is a table of its own ([`dialect::places_fts`]).
    let fts = dialect::places_fts(db.backend()).map(|t| {
        (
            format!("DELETE FROM {t} WHERE rowid = $1"),
            format!("INSERT INTO {t} (rowid, search_text) VALUES ($1, $2)"),
        )
    });
    let names: HashMap<i64, String> = typologies.iter().map(|t| (t.id, t.name.clone())).collect();
    let select_sql = format!("SELECT {COLS} FROM places p WHERE p.id = $1");
    // `source <> ''` lets both engines use the partial unique index on (source, source_id).
    let by_source_sql = format!(
        "SELECT {COLS} FROM places p WHERE p.source = $1 AND p.source_id = $2 AND p.source <> ''"
    );
    crate::db_tx!(db, |tx| {
        async {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                let i = &item.input;
                let tnames: Vec<String> = i
                    .typology_ids
                    .iter()
                    .filter_map(|t| names.get(t).cloned())
                    .collect();
                let search = i.search_text(&tnames);
                let existing: Option<PlaceRow> = match item.id {
                    Some(id) => {
                        sqlx::query_as::<_, PlaceRow>(&select_sql)
                            .bind(id)
                            .fetch_optional(&mut *tx)
                            .await?
                    }
                    None if !item.source.is_empty() && !item.source_id.is_empty() => {
                        sqlx::query_as::<_, PlaceRow>(&by_source_sql)
                            .bind(&item.source)
                            .bind(&item.source_id)
                            .fetch_optional(&mut *tx)
                            .await?
                    }
                    None => None,
                };
                if item.id.is_some() && existing.is_none() {
                    return Err(AppError::NotFound);
                }
                let (id, slug, created, changed) = match existing {
                    Some(old) => {
                        let mut changed = changed_fields(&old, i);
                        let old_t: Vec<i64> = sqlx::query_scalar::<_, i64>(
                            "SELECT typology_id FROM place_typologies WHERE place_id = $1 ORDER BY typology_id",
                        )
                        .bind(old.id)
                        .fetch_all(&mut *tx)
                        .await?;
                        let mut new_t = i.typology_ids.clone();
                        new_t.sort();
                        if old_t != new_t {
                            changed.push("typologies");
                        }
                        if !changed.is_empty() {
                            sqlx::query(
                                "UPDATE places SET name = $1, status = $2, street = $3, postal_code = $4, city = $5, \
                                 insee_code = $6, department = $7, region = $8, latitude = $9, longitude = $10, \
                                 description = $11, opening_hours = $12, email = $13, phone = $14, website = $15, \
                                 social_links = $16, services = $17, accessibility = $18, siret = $19, \
                                 charter_adopted_on = $20, search_text = $21, updated_at = $22 WHERE id = $23",
                            )
                            .bind(&i.name)
                            .bind(&i.status)
                            .bind(&i.street)
                            .bind(&i.postal_code)
                            .bind(&i.city)
                            .bind(&i.insee_code)
                            .bind(&i.department)
                            .bind(&i.region)
                            .bind(i.latitude)
                            .bind(i.longitude)
                            .bind(&i.description)
                            .bind(&i.opening_hours)
                            .bind(&i.email)
                            .bind(&i.phone)
                            .bind(&i.website)
                            .bind(&i.social_links)
                            .bind(&i.services)
                            .bind(&i.accessibility)
                            .bind(&i.siret)
                            .bind(&i.charter_adopted_on)
                            .bind(&search)
                            .bind(now)
                            .bind(old.id)
                            .execute(&mut *tx)
                            .await?;
                        }
                        (old.id, old.slug, false, changed)
                    }
                    None => {
                        let mut inserted = None;
                        for n in 1..=1000 {
                            let candidate = if n == 1 {
                                i.slug.clone()
                            } else {
                                format!("{}-{n}", i.slug)
                            };
                            let id: Option<i64> = sqlx::query_scalar::<_, i64>(
                                "INSERT INTO places (name, slug, status, moderation, created_by, street, postal_code, \
                                 city, insee_code, department, region, latitude, longitude, description, opening_hours, \
                                 email, phone, website, social_links, services, accessibility, siret, charter_adopted_on, \
                                 source, source_id, search_text, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, \
                                 $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, \
                                 $25, $26, $27, $27) ON CONFLICT (slug) DO NOTHING RETURNING id",
                            )
                            .bind(&i.name)
                            .bind(&candidate)
                            .bind(&i.status)
                            .bind(item.moderation)
                            .bind(item.user_id)
                            .bind(&i.street)
                            .bind(&i.postal_code)
                            .bind(&i.city)
                            .bind(&i.insee_code)
                            .bind(&i.department)
                            .bind(&i.region)
                            .bind(i.latitude)
                            .bind(i.longitude)
                            .bind(&i.description)
                            .bind(&i.opening_hours)
                            .bind(&i.email)
                            .bind(&i.phone)
                            .bind(&i.website)
                            .bind(&i.social_links)
                            .bind(&i.services)
                            .bind(&i.accessibility)
                            .bind(&i.siret)
                            .bind(&i.charter_adopted_on)
                            .bind(&item.source)
                            .bind(&item.source_id)
                            .bind(&search)
                            .bind(now)
                            .fetch_optional(&mut *tx)
                            .await?;
                            if let Some(id) = id {
                                inserted = Some((id, candidate));
                                break;
                            }
                        }
                        let (id, slug) = inserted.ok_or(AppError::Conflict("slug_taken"))?;
                        (id, slug, true, Vec::new())
                    }
                };
                let typologies_changed = created || changed.contains(&"typologies");
                if typologies_changed {
                    if !created {
                        sqlx::query("DELETE FROM place_typologies WHERE place_id = $1")
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    for t in &i.typology_ids {
                        sqlx::query(
                            "INSERT INTO place_typologies (place_id, typology_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                        )
                        .bind(id)
                        .bind(*t)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
                if let Some(net) = item.network_id {
                    sqlx::query(
                        "INSERT INTO network_places (network_id, place_id, joined_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                    )
                    .bind(net)
                    .bind(id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
                if let Some((fts_delete, fts_insert)) =
                    fts.as_ref().filter(|_| created || !changed.is_empty())
                {
                    if !created {
                        sqlx::query(fts_delete)
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    sqlx::query(fts_insert)
                        .bind(id)
                        .bind(&search)
                        .execute(&mut *tx)
                        .await?;
                }
                if created || !changed.is_empty() {
                    let summary = if created {
                        "created".to_string()
                    } else {
                        changed.join(",")
                    };
                    sqlx::query(
                        "INSERT INTO place_history (place_id, user_id, at, via, summary) VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(id)
                    .bind(item.user_id)
                    .bind(now)
                    .bind(item.via)
                    .bind(&summary)
                    .execute(&mut *tx)
                    .await?;
                }
                out.push(Saved {
                    id,
                    slug,
                    created,
                    changed,
                });
            }
            Ok::<Vec<Saved>, AppError>(out)
        }
        .await
    })
}

/// Recomputes the search text of a place written elsewhere (the tenancy admin pages).
pub async fn reindex(db: &Db, id: i64) -> AppResult<()> {
    let now = crate::clock::Clock::default().now_ms();
    let Some(row) = by_id(db, id).await? else {
        return Ok(());
    };
    let tnames: Vec<String> = typologies_of(db, Some(&[id]))
        .await?
        .remove(&id)
        .unwrap_or_default()
        .into_iter()
        .map(|t| t.name)
        .collect();
    let input = PlaceInput {
        name: row.name,
        city: row.city,
        street: row.street,
        postal_code: row.postal_code,
        services: row.services,
        description: row.description,
        ..Default::default()
    };
    let search = input.search_text(&tnames);
    // The search index's rows, where it is a table of its own ([`dialect::places_fts`]).
    let fts = dialect::places_fts(db.backend()).map(|t| {
        (
            format!("DELETE FROM {t} WHERE rowid = $1"),
            format!("INSERT INTO {t} (rowid, search_text) VALUES ($1, $2)"),
        )
    });
    crate::db_tx!(db, |tx| {
        async {
            sqlx::query("UPDATE places SET search_text = $1, updated_at = $2 WHERE id = $3")
                .bind(&search)
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            if let Some((fts_delete, fts_insert)) = &fts {
                sqlx::query(fts_delete).bind(id).execute(&mut *tx).await?;
                sqlx::query(fts_insert)
                    .bind(id)
                    .bind(&search)
                    .execute(&mut *tx)
                    .await?;
            }
            Ok::<(), AppError>(())
        }
        .await
    })
}

pub async fn set_moderation(
    db: &Db,
    id: i64,
    moderation: &str,
    reason: &str,
    user_id: i64,
    now: i64,
) -> AppResult<()> {
    crate::db_tx!(db, |tx| {
        async {
            sqlx::query(
                "UPDATE places SET moderation = $1, refusal_reason = $2, updated_at = $3 WHERE id = $4",
            )
            .bind(moderation)
            .bind(reason)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO place_history (place_id, user_id, at, via, summary) VALUES ($1, $2, $3, 'moderation', $4)",
            )
            .bind(id)
            .bind(user_id)
            .bind(now)
            .bind(moderation)
            .execute(&mut *tx)
            .await?;
            Ok::<(), AppError>(())
        }
        .await
    })
}

pub async fn delete(db: &Db, id: i64) -> AppResult<()> {
    // The search index's row, where it is a table of its own ([`dialect::places_fts`]).
    let fts_delete =
        dialect::places_fts(db.backend()).map(|t| format!("DELETE FROM {t} WHERE rowid = $1"));
    crate::db_tx!(db, |tx| {
        async {
            if let Some(fts_delete) = &fts_delete {
                sqlx::query(fts_delete).bind(id).execute(&mut *tx).await?;
            }
            sqlx::query("DELETE FROM photos WHERE owner_kind = 'place' AND owner_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM places WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            Ok::<(), AppError>(())
        }
        .await
    })
}

/// Pending places in the networks given (all when `None`), for moderators.
pub async fn pending(db: &Db, networks: Option<&[i64]>) -> AppResult<Vec<PlaceRow>> {
    let rows = match networks {
        None => {
            let sql = format!(
                "SELECT {COLS} FROM places p WHERE p.moderation = 'pending' ORDER BY p.created_at"
            );
            db_run!(db, |p| sqlx::query_as::<_, PlaceRow>(&sql)
                .fetch_all(p)
                .await)?
        }
        Some([]) => Vec::new(),
        Some(nets) => {
            let sql = format!(
                "SELECT {COLS} FROM places p WHERE p.moderation = 'pending' AND EXISTS (SELECT 1 FROM network_places np \
                 WHERE np.place_id = p.id AND np.network_id IN ({})) ORDER BY p.created_at",
                crate::db::id_list(nets)
            );
            db_run!(db, |p| sqlx::query_as::<_, PlaceRow>(&sql)
                .fetch_all(p)
                .await)?
        }
    };
    Ok(rows)
}

/// Places that look like this one: same SIRET, or same folded name within ~1 km.
pub async fn likely_duplicates(db: &Db, place: &PlaceRow) -> AppResult<Vec<PlaceRow>> {
    let mut out = Vec::new();
    if !place.siret.is_empty() {
        let sql = format!("SELECT {COLS} FROM places p WHERE p.siret = $1 AND p.id <> $2 LIMIT 10");
        out.extend(db_run!(db, |p| sqlx::query_as::<_, PlaceRow>(&sql)
            .bind(&place.siret)
            .bind(place.id)
            .fetch_all(p)
            .await)?);
    }
    if let (Some(lat), Some(lon)) = (place.latitude, place.longitude) {
        let d = 0.01;
        let sql = format!(
            "SELECT {COLS} FROM places p WHERE p.latitude BETWEEN $1 AND $2 AND p.longitude BETWEEN $3 AND $4 AND p.id <> $5 LIMIT 200"
        );
        let near = db_run!(db, |p| sqlx::query_as::<_, PlaceRow>(&sql)
            .bind(lat - d)
            .bind(lat + d)
            .bind(lon - d * 1.5)
            .bind(lon + d * 1.5)
            .bind(place.id)
            .fetch_all(p)
            .await)?;
        let me = fold(&place.name);
        for r in near {
            if fold(&r.name) == me && !out.iter().any(|o: &PlaceRow| o.id == r.id) {
                out.push(r);
            }
        }
    }
    Ok(out)
}

// ---- proposals and claims ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Proposal {
    pub id: i64,
    pub place_id: i64,
    pub user_id: Option<i64>,
    pub payload: String,
    pub status: String,
    pub reason: String,
    pub created_at: i64,
}

pub async fn insert_proposal(
    db: &Db,
    place_id: i64,
    user_id: i64,
    payload: &str,
    now: i64,
) -> AppResult<i64> {
    Ok(db_run!(db, |p| {
        sqlx::query_scalar::<_, i64>(
        "INSERT INTO place_proposals (place_id, user_id, payload, created_at) VALUES ($1, $2, $3, $4) RETURNING id"
    )
    .bind(place_id)
    .bind(user_id)
    .bind(payload)
    .bind(now)
    .fetch_one(p)
    .await
    })?)
}

pub async fn proposal(db: &Db, id: i64) -> AppResult<Option<Proposal>> {
    Ok(db_run!(db, |p| {
        sqlx::query_as::<_, Proposal>(
        "SELECT id, place_id, user_id, payload, status, reason, created_at FROM place_proposals WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(p)
    .await
    })?)
}

pub async fn pending_proposals(db: &Db, place_ids: Option<&[i64]>) -> AppResult<Vec<Proposal>> {
    let all: Vec<Proposal> = db_run!(db, |p| {
        sqlx::query_as::<_, Proposal>(
        "SELECT id, place_id, user_id, payload, status, reason, created_at FROM place_proposals \
         WHERE status = 'pending' ORDER BY created_at"
    )
    .fetch_all(p)
    .await
    })?;
    Ok(match place_ids {
        None => all,
        Some(ids) => all
            .into_iter()
            .filter(|p| ids.contains(&p.place_id))
            .collect(),
    })
}

/// Decides a pending proposal; `false` when it was already decided.
pub async fn decide_proposal(
    db: &Db,
    id: i64,
    status: &str,
    reason: &str,
    user_id: i64,
    now: i64,
) -> AppResult<bool> {
    let n = db_run!(db, |p| {
        sqlx::query(
        "UPDATE place_proposals SET status = $1, reason = $2, decided_by = $3, decided_at = $4 \
         WHERE id = $5 AND status = 'pending'"
    )
    .bind(status)
    .bind(reason)
    .bind(user_id)
    .bind(now)
    .bind(id)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Claim {
    pub id: i64,
    pub place_id: i64,
    pub user_id: i64,
    pub message: String,
    pub status: String,
    pub created_at: i64,
    pub user_name: String,
    pub user_email: String,
}

pub async fn insert_claim(
    db: &Db,
    place_id: i64,
    user_id: i64,
    message: &str,
    now: i64,
) -> AppResult<i64> {
    Ok(db_run!(db, |p| {
        sqlx::query_scalar::<_, i64>(
        "INSERT INTO place_claims (place_id, user_id, message, created_at) VALUES ($1, $2, $3, $4) RETURNING id"
    )
    .bind(place_id)
    .bind(user_id)
    .bind(message)
    .bind(now)
    .fetch_one(p)
    .await
    })?)
}

pub async fn pending_claims(db: &Db) -> AppResult<Vec<Claim>> {
    Ok(db_run!(db, |p| {
        sqlx::query_as::<_, Claim>(
        "SELECT c.id, c.place_id, c.user_id, c.message, c.status, c.created_at, u.display_name AS user_name, \
         u.email AS user_email FROM place_claims c JOIN users u ON u.id = c.user_id \
         WHERE c.status = 'pending' ORDER BY c.created_at"
    )
    .fetch_all(p)
    .await
    })?)
}

pub async fn claim(db: &Db, id: i64) -> AppResult<Option<Claim>> {
    Ok(db_run!(db, |p| {
        sqlx::query_as::<_, Claim>(
        "SELECT c.id, c.place_id, c.user_id, c.message, c.status, c.created_at, u.display_name AS user_name, \
         u.email AS user_email FROM place_claims c JOIN users u ON u.id = c.user_id WHERE c.id = $1"
    )
    .bind(id)
    .fetch_optional(p)
    .await
    })?)
}

pub async fn decide_claim(db: &Db, id: i64, status: &str, now: i64) -> AppResult<bool> {
    let n = db_run!(db, |p| {
        sqlx::query(
        "UPDATE place_claims SET status = $1, decided_at = $2 WHERE id = $3 AND status = 'pending'"
    )
    .bind(status)
    .bind(now)
    .bind(id)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// Slugs of networks and their licences.
pub async fn network_licence(db: &Db, network_id: i64) -> AppResult<Option<String>> {
    Ok(db_run!(db, |p| sqlx::query_scalar::<_, String>(
        "SELECT data_licence FROM networks WHERE id = $1"
    )
    .bind(network_id)
    .fetch_optional(p)
    .await)?)
}

/// The most recently updated published places (the home page shows a few, never all).
pub async fn recent(db: &Db, limit: i64) -> AppResult<Vec<PlaceRow>> {
    let sql = format!(
        "SELECT {COLS} FROM places p WHERE p.moderation = 'published' ORDER BY p.updated_at DESC, p.id DESC LIMIT $1"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, PlaceRow>(&sql)
        .bind(limit)
        .fetch_all(p)
        .await)?)
}

pub async fn set_network_licence(db: &Db, network_id: i64, licence: &str) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "UPDATE networks SET data_licence = $1 WHERE id = $2"
    )
    .bind(licence)
    .bind(network_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A cheap version of the places' data for validating cached pages: the newest change and
/// the highest id (two index lookups).
pub async fn data_version(db: &Db) -> AppResult<(i64, i64)> {
    let (a, b): (Option<i64>, Option<i64>) = db_run!(db, |p| sqlx::query_as(
        "SELECT (SELECT MAX(updated_at) FROM places), (SELECT MAX(id) FROM places)"
    )
    .fetch_one(p)
    .await)?;
    Ok((a.unwrap_or(0), b.unwrap_or(0)))
}

/// Network ids of these places, in one query.
pub async fn networks_of(db: &Db, ids: &[i64]) -> AppResult<HashMap<i64, Vec<i64>>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT place_id, network_id FROM network_places WHERE place_id IN ({}) ORDER BY network_id",
        crate::db::id_list(ids)
    );
    let rows: Vec<(i64, i64)> = db_run!(db, |p| sqlx::query_as::<_, (i64, i64)>(&sql)
        .fetch_all(p)
        .await)?;
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for (place, net) in rows {
        out.entry(place).or_default().push(net);
    }
    Ok(out)
}

/// Records a change made outside the record itself (a photo added or removed): the place's
/// `updated_at` moves (exports' `updated_since`, cached pages) and the history says who.
pub async fn touch(
    db: &Db,
    place_id: i64,
    user_id: Option<i64>,
    via: &str,
    summary: &str,
    now: i64,
) -> AppResult<()> {
    let (via, summary) = (via.to_string(), summary.to_string());
    crate::db_tx!(db, |tx| {
        async {
            sqlx::query("UPDATE places SET updated_at = $1 WHERE id = $2")
                .bind(now)
                .bind(place_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO place_history (place_id, user_id, at, via, summary) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(place_id)
            .bind(user_id)
            .bind(now)
            .bind(&via)
            .bind(&summary)
            .execute(&mut *tx)
            .await?;
            Ok::<(), AppError>(())
        }
        .await
    })
}

/// Which places an administration list covers.
#[derive(Debug, Clone)]
pub enum AdminScope {
    /// Instance admins: every place.
    All,
    /// The places of these networks and these places (network admins, managers).
    Some {
        networks: Vec<i64>,
        places: Vec<i64>,
    },
}

/// A row of the administration list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AdminRow {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub city: String,
    pub postal_code: String,
    pub status: String,
    pub moderation: String,
    pub updated_at: i64,
    pub created_at: i64,
    pub photos: i64,
}

impl AdminRow {
    /// The last change (creation when never updated).
    pub fn updated(&self) -> i64 {
        self.updated_at.max(self.created_at)
    }
}

/// Filters of the administration list.
#[derive(Debug, Clone, Default)]
pub struct AdminFilters {
    pub q: String,
    /// `project`, `open`, `closed` or empty.
    pub status: String,
    /// `published`, `pending`, `refused` or empty.
    pub moderation: String,
}

/// Places an administrator may manage, whatever their moderation state: filtered, sorted by
/// name, one page, and the number matching.
pub async fn admin_list(
    db: &Db,
    scope: &AdminScope,
    f: &AdminFilters,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<AdminRow>, i64)> {
    let mut conds: Vec<String> = Vec::new();
    let mut args: Vec<Arg> = Vec::new();
    if let AdminScope::Some { networks, places } = scope {
        let mut parts = Vec::new();
        if !places.is_empty() {
            parts.push(format!("p.id IN ({})", crate::db::id_list(places)));
        }
        if !networks.is_empty() {
            parts.push(format!(
                "p.id IN (SELECT place_id FROM network_places WHERE network_id IN ({}))",
                crate::db::id_list(networks)
            ));
        }
        if parts.is_empty() {
            return Ok((Vec::new(), 0));
        }
        conds.push(format!("({})", parts.join(" OR ")));
    }
    let terms = search_terms(&f.q);
    if !terms.is_empty() {
        let (cond, arg) = search_condition(db.backend(), &terms, args.len() + 1);
        args.push(arg);
        conds.push(cond);
    }
    for (col, v) in [("p.status", &f.status), ("p.moderation", &f.moderation)] {
        if !v.is_empty() {
            args.push(Arg::T(v.clone()));
            conds.push(format!("{col} = ${}", args.len()));
        }
    }
    let where_sql = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    let count_sql = format!("SELECT COUNT(*) FROM places p {where_sql}");
    let total: i64 = db_run!(db, |p| bind_args!(
        sqlx::query_scalar::<_, i64>(&count_sql),
        &args
    )
    .fetch_one(p)
    .await)?;
    let mut page_args = args.clone();
    page_args.push(Arg::I(limit));
    page_args.push(Arg::I(offset));
    let sql = format!(
        "SELECT p.id, p.name, p.slug, p.city, p.postal_code, p.status, p.moderation, p.updated_at, \
         p.created_at, (SELECT COUNT(*) FROM photos ph WHERE ph.owner_kind = 'place' AND ph.owner_id = p.id) AS photos \
         FROM places p {where_sql} ORDER BY p.name, p.id LIMIT ${} OFFSET ${}",
        page_args.len() - 1,
        page_args.len()
    );
    let rows: Vec<AdminRow> = db_run!(db, |p| bind_args!(
        sqlx::query_as::<_, AdminRow>(&sql),
        &page_args
    )
    .fetch_all(p)
    .await)?;
    Ok((rows, total))
}

/// Refreshes the planner's statistics after many writes, where the engine keeps any:
/// [`dialect::analyze_places`]. `lookup`: only the columns an import looks rows up by (cheap,
/// during an import); otherwise those the directory filters, sorts and searches on (at the end).
pub async fn analyze(db: &Db, lookup: bool) -> AppResult<()> {
    Ok(dialect::analyze_places(db, lookup).await?)
}

// ---- the basic record, as the network admin pages create and rename a place ----

const TENANT_COLS: &str = "id, name, slug, description, city, organization_id, created_at";

pub struct NewPlace<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub description: &'a str,
    pub city: &'a str,
    pub organization_id: Option<i64>,
    pub network_id: Option<i64>,
    pub now: i64,
}

/// Inserts a place (first free slug) and its network membership in one transaction.
pub async fn insert_place(db: &Db, np: NewPlace<'_>) -> AppResult<Place> {
    for n in 1..=100 {
        let candidate = if n == 1 {
            np.slug.to_string()
        } else {
            format!("{}-{n}", np.slug)
        };
        let sql = format!(
            "INSERT INTO places (name, slug, description, city, organization_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING {TENANT_COLS}"
        );
        let res: Result<Place, AppError> = crate::db_tx!(db, |tx| {
            async {
            let place = sqlx::query_as::<_, Place>(&sql)
                .bind(np.name)
                .bind(&candidate)
                .bind(np.description)
                .bind(np.city)
                .bind(np.organization_id)
                .bind(np.now)
                .fetch_one(&mut *tx)
                .await?;
            if let Some(net) = np.network_id {
                sqlx::query("INSERT INTO network_places (network_id, place_id, joined_at) VALUES ($1, $2, $3)")
                    .bind(net)
                    .bind(place.id)
                    .bind(np.now)
                    .execute(&mut *tx)
                    .await?;
            }
            Ok::<Place, AppError>(place)
        }
        .await
        });
        match res {
            Ok(place) => {
                // Keep the directory's search index and last-update date in step.
                reindex(db, place.id).await?;
                return Ok(place);
            }
            Err(AppError::Db(e)) if crate::db::dialect::is_unique_violation(&e) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(AppError::Conflict("slug_taken"))
}

pub async fn update_place(
    db: &Db,
    id: i64,
    name: &str,
    description: &str,
    city: &str,
    organization_id: Option<i64>,
) -> AppResult<()> {
    db_run!(db, |p| {
        sqlx::query(
        "UPDATE places SET name = $1, description = $2, city = $3, organization_id = $4 WHERE id = $5"
    )
    .bind(name)
    .bind(description)
    .bind(city)
    .bind(organization_id)
    .bind(id)
    .execute(p).await.map(|r| r.rows_affected())
    })?;
    reindex(db, id).await
}
