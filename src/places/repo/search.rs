//! The directory's reads: filters, full-text search, pages, counts, map points and labels.
//!
//! Filters are assembled from fixed SQL fragments; every value is a bound parameter. What
//! differs between the backends (full-text search, index hints, statistics) comes from
//! [`dialect`].

use std::collections::HashMap;

use super::row::{id_list, Arg, PlaceRow, COLS};
use crate::db::{dialect, Backend, Db};
use crate::db_run;
use crate::error::{AppError, AppResult};
use crate::ids::{NetworkId, PlaceId};
use crate::places::model::{search_terms, BBox};
use crate::places::near::Near;

/// What the directory, the map and the API filter on.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub q: String,
    pub typology: String,
    pub region: String,
    pub department: String,
    pub city: String,
    pub service: String,
    pub network_id: Option<NetworkId>,
    pub bbox: Option<BBox>,
    pub updated_since: Option<i64>,
    /// Only places with coordinates.
    pub located: bool,
    /// Within a radius of a point, nearest first ("près de moi").
    pub near: Option<Near>,
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
            near,
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
            && near.is_none()
    }
}

/// Full-text search of places, each word a prefix: [`dialect::places_search_condition`].
pub(super) fn search_condition(backend: Backend, terms: &[String], n: usize) -> (String, Arg) {
    let (cond, arg) = dialect::places_search_condition(backend, terms, n);
    (cond, Arg::T(arg))
}

/// `WHERE …` for published places matching `f`, and its arguments.
pub fn where_clause(backend: Backend, f: &Filters) -> (String, Vec<Arg>) {
    let mut conds: Vec<String> = vec!["p.moderation = 'published'".to_string()];
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
        args.push(Arg::I(n.get()));
        // `IN`, not a correlated `EXISTS`: SQLite then reads the network's places from the
        // index of `network_places` and each place by its id, instead of testing every place
        // of the table (the count of a 5 000-place network among 50 000: 172 ms).
        conds.push(format!(
            "p.id IN (SELECT np.place_id FROM network_places np WHERE np.network_id = ${})",
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
    if let Some(n) = f.near {
        // The box around the circle, read from the coordinates index; the exact distance is
        // computed on these few rows ([`nearest`], [`points`], [`all_matching`]).
        let (s, no, w, e) = n.bounds();
        let i = args.len();
        args.extend([Arg::F(s), Arg::F(no), Arg::F(w), Arg::F(e)]);
        conds.push(format!(
            "p.latitude BETWEEN ${} AND ${} AND p.longitude BETWEEN ${} AND ${}",
            i + 1,
            i + 2,
            i + 3,
            i + 4
        ));
    }
    if f.located || f.near.is_some() {
        conds.push("p.latitude IS NOT NULL AND p.longitude IS NOT NULL".into());
    }
    if let Some(t) = f.updated_since {
        args.push(Arg::I(t));
        conds.push(format!("p.updated_at >= ${}", args.len()));
    }
    (format!("WHERE {}", conds.join(" AND ")), args)
}

/// One page of the places within `f.near`'s radius, nearest first, and how many they are:
/// the matching places of the circle's box, measured and sorted by [`nearest`].
async fn nearest_page(
    db: &Db,
    f: &Filters,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<PlaceRow>, i64)> {
    let ids = nearest(db, f).await?;
    let slice: Vec<PlaceId> = ids
        .iter()
        .skip(offset.max(0) as usize)
        .take(limit.max(0) as usize)
        .map(|(id, _)| *id)
        .collect();
    Ok((by_ids(db, &slice).await?, ids.len() as i64))
}

/// One page of published places matching `f`, sorted by name (by distance with `near`).
pub async fn list(db: &Db, f: &Filters, limit: i64, offset: i64) -> AppResult<Vec<PlaceRow>> {
    if f.near.is_some() {
        return Ok(nearest_page(db, f, limit, offset).await?.0);
    }
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
    if f.near.is_some() {
        return nearest_page(db, f, limit, offset).await;
    }
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
    let setting = dialect::places_search_setting(db.backend());
    if let Some(setting) = setting.filter(|_| f.only_search() && !search_terms(&f.q).is_empty()) {
        return search_with_total(db, f, setting, limit, offset).await;
    }
    tokio::try_join!(list(db, f, limit, offset), count(db, f))
}

/// One page of a search alone and how many match, from one reading of the search index under
/// `setting` ([`dialect::places_search_setting`]): the page's ids sorted by name with the
/// count of every match beside them (`COUNT(*) OVER ()`), then the page's rows by their key.
/// Listing and counting apart read every match twice.
async fn search_with_total(
    db: &Db,
    f: &Filters,
    setting: &str,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<PlaceRow>, i64)> {
    let (cond, arg) = search_condition(db.backend(), &search_terms(&f.q), 1);
    // `name || ''`: sorted, not walked along the name index ([`dialect::sorts_search_matches`]).
    let sql = format!(
        "SELECT p.id, COUNT(*) OVER () FROM places p WHERE p.moderation = 'published' AND {cond} \
         ORDER BY p.name || '', p.id LIMIT $2 OFFSET $3"
    );
    let args = [arg, Arg::I(limit), Arg::I(offset)];
    let found: Vec<(PlaceId, i64)> = db_run!(db, |p| async {
        let mut tx = p.begin().await?;
        sqlx::query(setting).execute(&mut *tx).await?;
        let found = bind_args!(sqlx::query_as::<_, (PlaceId, i64)>(&sql), &args)
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(found)
    }
    .await)?;
    let total = match found.first() {
        Some((_, total)) => *total,
        None if offset <= 0 => 0,
        // Past the last page: nothing to list, the count asked apart.
        None => count(db, f).await?,
    };
    let ids: Vec<PlaceId> = found.into_iter().map(|(id, _)| id).collect();
    Ok((by_ids(db, &ids).await?, total))
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
             CROSS JOIN places p ON p.id = m.id WHERE p.moderation = 'published' \
             ORDER BY p.name, p.id LIMIT $2 OFFSET $3"
        )
    } else {
        let hint = dialect::index_hint(db.backend(), "places_directory");
        format!(
            "SELECT {COLS} FROM places p {hint} \
             WHERE p.moderation = 'published' AND {cond} ORDER BY p.name, p.id LIMIT $2 OFFSET $3"
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
    if f.near.is_some() {
        return Ok(nearest(db, f).await?.len() as i64);
    }
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
              WHERE p.moderation IN ('pending', 'refused') AND {cond})"
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
pub async fn hours_of_matching(db: &Db, f: &Filters) -> AppResult<Vec<(PlaceId, String)>> {
    let (w, args) = where_clause(db.backend(), f);
    let sql = format!(
        "SELECT p.id, p.opening_hours FROM places p {w} AND p.opening_hours <> '' ORDER BY p.name, p.id"
    );
    Ok(db_run!(db, |p| bind_args!(
        sqlx::query_as::<_, (PlaceId, String)>(&sql),
        &args
    )
    .fetch_all(p)
    .await)?)
}

/// Rows of these ids, in the order given.
pub async fn by_ids(db: &Db, ids: &[PlaceId]) -> AppResult<Vec<PlaceRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLS} FROM places p WHERE p.id IN ({})",
        id_list(ids)
    );
    let mut rows = db_run!(db, |p| sqlx::query_as::<_, PlaceRow>(&sql)
        .fetch_all(p)
        .await)?;
    rows.sort_by_key(|r| ids.iter().position(|i| *i == r.id));
    Ok(rows)
}

/// The statement of [`points`] and its arguments: without a viewport or an origin, every
/// published located place read from the covering index `places_map_points` alone (migration
/// 0042: 6 ms instead of 36 for 50 000 places on SQLite, the map's first uncached request).
pub fn points_sql(backend: Backend, f: &Filters) -> (String, Vec<Arg>) {
    map_sql(backend, f, |_| "p.id, p.latitude, p.longitude".into())
}

/// `SELECT {select}` of the located places matching `f`, from the index that serves the map.
/// `select` is given the number of the filter's arguments (its own placeholders follow them).
fn map_sql(
    backend: Backend,
    f: &Filters,
    select: impl FnOnce(usize) -> String,
) -> (String, Vec<Arg>) {
    let mut f = f.clone();
    f.located = true;
    let (w, args) = where_clause(backend, &f);
    // SQLite without statistics prefers any equality index: a viewport walked every published
    // place (`moderation = ?`) instead of reading the coordinates index (60 ms against 3 for a
    // city among 51 512 places). [`dialect::index_hint`]: nothing on PostgreSQL.
    let index = if f.bbox.is_some() || f.near.is_some() {
        dialect::index_hint(backend, "places_geo")
    } else {
        String::new()
    };
    let select = select(args.len());
    (format!("SELECT {select} FROM places p {index} {w}"), args)
}

/// A grid laid over a map's extent: cell `(x, y)` holds the points whose longitude is in
/// `[west + x·width, west + (x+1)·width)` and latitude likewise from `south`.
#[derive(Debug, Clone, Copy)]
pub struct Grid {
    pub west: f64,
    pub south: f64,
    pub width: f64,
    pub height: f64,
}

/// The matching located places counted per cell of `grid`, with the sums of their latitudes
/// and longitudes (a cluster's centre): `(x, y, count, Σ latitude, Σ longitude)`, grouped by
/// the database from the map's index — a view of France reads 50 000 index entries but
/// returns a few hundred rows (14 ms on SQLite, 10–18 ms on PostgreSQL, instead of 40–80 ms
/// for fetching every point and grouping them here).
pub async fn point_cells(
    db: &Db,
    f: &Filters,
    grid: &Grid,
) -> AppResult<Vec<(i64, i64, i64, f64, f64)>> {
    let backend = db.backend();
    let (sql, args) = cells_sql(backend, f, grid);
    // The grid's placeholders (`$n+1`…`$n+4`, in the SELECT list) stand before the filter's
    // (`$1`…`$n`, in the WHERE clause) in the text; `positional` lists the arguments in the
    // order the text uses them, as SQLite's anonymous `?` are bound.
    let (sql, args) = dialect::positional(backend, &sql, &args);
    Ok(db_run!(db, |p| bind_args!(
        sqlx::query_as::<_, (i64, i64, i64, f64, f64)>(&sql),
        &args
    )
    .fetch_all(p)
    .await)?)
}

/// The statement of [`point_cells`] and its arguments (`$1`, `$2`… in order).
pub fn cells_sql(backend: Backend, f: &Filters, grid: &Grid) -> (String, Vec<Arg>) {
    let (sql, mut args) = map_sql(backend, f, |n| {
        let x = dialect::floor_int(backend, &format!("(p.longitude - ${}) / ${}", n + 1, n + 2));
        let y = dialect::floor_int(backend, &format!("(p.latitude - ${}) / ${}", n + 3, n + 4));
        format!("{x}, {y}, COUNT(*), SUM(p.latitude), SUM(p.longitude)")
    });
    args.extend([
        Arg::F(grid.west),
        Arg::F(grid.width),
        Arg::F(grid.south),
        Arg::F(grid.height),
    ]);
    (format!("{sql} GROUP BY 1, 2"), args)
}

/// How many located places match `f`, and their extent `(west, south, east, north)` when
/// there is one: one reading of the map's index.
pub async fn points_extent(db: &Db, f: &Filters) -> AppResult<(i64, Option<(f64, f64, f64, f64)>)> {
    let (sql, args) = map_sql(db.backend(), f, |_| {
        "COUNT(*), MIN(p.longitude), MIN(p.latitude), MAX(p.longitude), MAX(p.latitude)".into()
    });
    type Extent = (i64, Option<f64>, Option<f64>, Option<f64>, Option<f64>);
    let (n, w, s, e, no): Extent =
        db_run!(db, |p| bind_args!(sqlx::query_as::<_, Extent>(&sql), &args)
            .fetch_one(p)
            .await)?;
    Ok((
        n,
        match (w, s, e, no) {
            (Some(w), Some(s), Some(e), Some(no)) => Some((w, s, e, no)),
            _ => None,
        },
    ))
}

/// Map points: id, latitude, longitude of the matching located places.
pub async fn points(db: &Db, f: &Filters) -> AppResult<Vec<(PlaceId, f64, f64)>> {
    points_upto(db, f, None).await
}

/// [`points`], at most `limit` of them when given (in no particular order: a viewport's first
/// read, that tells whether it shows points or clusters).
pub async fn points_upto(
    db: &Db,
    f: &Filters,
    limit: Option<usize>,
) -> AppResult<Vec<(PlaceId, f64, f64)>> {
    let (mut sql, args) = points_sql(db.backend(), f);
    if let Some(n) = limit {
        sql.push_str(&format!(" LIMIT {n}"));
    }
    let mut rows = db_run!(db, |p| bind_args!(
        sqlx::query_as::<_, (PlaceId, f64, f64)>(&sql),
        &args
    )
    .fetch_all(p)
    .await)?;
    if let Some(n) = f.near {
        rows.retain(|(_, lat, lon)| n.distance_to(*lat, *lon) <= n.radius_km);
    }
    Ok(rows)
}

/// The matching places within the radius of `f.near`, nearest first (then by id), with their
/// distance in kilometres: the circle's box read through the coordinates index, the exact
/// distance computed here, the same on both engines. Nothing without `near`.
pub async fn nearest(db: &Db, f: &Filters) -> AppResult<Vec<(PlaceId, f64)>> {
    let Some(n) = f.near else {
        return Ok(Vec::new());
    };
    let mut out: Vec<(PlaceId, f64)> = points(db, f)
        .await?
        .into_iter()
        .map(|(id, lat, lon)| (id, n.distance_to(lat, lon)))
        .collect();
    out.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    Ok(out)
}

/// Where a commune or a postal code is, offline: the centre of the published places that have
/// it (no geocoding service is called). A postal code is compared as written, a commune's
/// name without regard to case (both read from an index: migration 0040).
pub async fn locate(db: &Db, commune_or_postcode: &str) -> AppResult<Option<(f64, f64)>> {
    let t = commune_or_postcode.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let cond = if crate::places::near::is_postal_code(t) {
        "p.postal_code = $1"
    } else {
        "LOWER(p.city) = LOWER($1)"
    };
    let sql = format!(
        "SELECT AVG(p.latitude), AVG(p.longitude) FROM places p WHERE {cond} \
         AND p.moderation = 'published' AND p.latitude IS NOT NULL AND p.longitude IS NOT NULL"
    );
    let row: (Option<f64>, Option<f64>) =
        db_run!(db, |p| sqlx::query_as(&sql).bind(t).fetch_one(p).await)?;
    Ok(row.0.zip(row.1))
}

/// The statement of [`located_bounds`]: every published located place's coordinates, read
/// from the covering index `places_map_points` (not the places' rows).
pub const BOUNDS_SQL: &str = "SELECT MIN(longitude), MIN(latitude), MAX(longitude), MAX(latitude) \
     FROM places WHERE moderation = 'published' AND latitude IS NOT NULL AND longitude IS NOT NULL";

/// The box `(west, south, east, north)` of every published, located place: what the map
/// shows first when nothing is filtered. It reads every published place's entry of an index:
/// callers keep it in the page cache, once per version of the places' data.
pub async fn located_bounds(db: &Db) -> AppResult<Option<BBox>> {
    let row: (Option<f64>, Option<f64>, Option<f64>, Option<f64>) =
        db_run!(db, |p| sqlx::query_as(BOUNDS_SQL).fetch_one(p).await)?;
    Ok(match row {
        (Some(west), Some(south), Some(east), Some(north)) => Some(BBox {
            west,
            south,
            east,
            north,
        }),
        _ => None,
    })
}

/// What a map marker shows of a place.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Label {
    pub id: PlaceId,
    pub name: String,
    pub slug: String,
    pub city: String,
    /// The slug of its first typology (by the typologies' order), or empty: its pin's colour
    /// and icon.
    #[sqlx(skip)]
    pub typology: String,
}

/// Labels of these places, by id: their names and their first typologies read at once, on two
/// connections (a city's 989 markers: 13 → 7 ms on PostgreSQL; the typologies were a
/// subquery per place).
pub async fn labels(db: &Db, ids: &[PlaceId]) -> AppResult<HashMap<PlaceId, Label>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let list = id_list(ids);
    let names = format!("SELECT p.id, p.name, p.slug, p.city FROM places p WHERE p.id IN ({list})");
    let typologies = format!(
        "SELECT pt.place_id, t.slug FROM place_typologies pt JOIN typologies t \
         ON t.id = pt.typology_id WHERE pt.place_id IN ({list}) ORDER BY t.position, t.id"
    );
    let (rows, typologies) = tokio::try_join!(
        async {
            Ok::<_, AppError>(db_run!(db, |p| sqlx::query_as::<_, Label>(&names)
                .fetch_all(p)
                .await)?)
        },
        async {
            Ok::<_, AppError>(db_run!(db, |p| sqlx::query_as::<_, (PlaceId, String)>(
                &typologies
            )
            .fetch_all(p)
            .await)?)
        },
    )?;
    let mut first: HashMap<PlaceId, String> = HashMap::new();
    for (id, slug) in typologies {
        first.entry(id).or_insert(slug);
    }
    Ok(rows
        .into_iter()
        .map(|mut l| {
            l.typology = first.remove(&l.id).unwrap_or_default();
            (l.id, l)
        })
        .collect())
}

/// Every matching place (exports), sorted by id.
pub async fn all_matching(db: &Db, f: &Filters) -> AppResult<Vec<PlaceRow>> {
    let (w, args) = where_clause(db.backend(), f);
    let sql = format!("SELECT {COLS} FROM places p {w} ORDER BY p.id");
    let mut rows = db_run!(db, |p| bind_args!(
        sqlx::query_as::<_, PlaceRow>(&sql),
        &args
    )
    .fetch_all(p)
    .await)?;
    if let Some(n) = f.near {
        rows.retain(|r| match (r.latitude, r.longitude) {
            (Some(lat), Some(lon)) => n.distance_to(lat, lon) <= n.radius_km,
            _ => false,
        });
    }
    Ok(rows)
}

/// The statement of [`departments_in_use`], read from the index `places_moderation_department`
/// alone (migration 0042).
pub const DEPARTMENTS_SQL: &str = "SELECT DISTINCT department FROM places \
     WHERE moderation = 'published' AND department <> '' ORDER BY department";

/// Distinct départements of published places, for the directory's and the map's filter.
pub async fn departments_in_use(db: &Db) -> AppResult<Vec<String>> {
    Ok(db_run!(db, |p| sqlx::query_scalar::<_, String>(
        DEPARTMENTS_SQL
    )
    .fetch_all(p)
    .await)?)
}

/// The most recently updated published places (the home page shows a few, never all).
/// The condition and order of the recently changed published places, served in order by the
/// index `places_recent` (moderation, updated_at, id): a few rows read, no sort of the table.
pub const RECENT: &str =
    "WHERE p.moderation = 'published' ORDER BY p.updated_at DESC, p.id DESC LIMIT $1";

pub async fn recent(db: &Db, limit: i64) -> AppResult<Vec<PlaceRow>> {
    let sql = format!("SELECT {COLS} FROM places p {RECENT}");
    Ok(db_run!(db, |p| sqlx::query_as::<_, PlaceRow>(&sql)
        .bind(limit)
        .fetch_all(p)
        .await)?)
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
