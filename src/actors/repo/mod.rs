//! Queries of the actors: the record and its links (places, categories, skills, offers), the
//! skills vocabulary, and the showcase's filtered, paged lists (a fixed number of statements
//! per page, whatever the number of actors).

use std::collections::HashMap;

use super::model::{Actor, ActorInput, Category, GuidePlace, Offer, Skill};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::ids::{ActorId, NetworkId, PlaceId, UserId};
use crate::{db_run, db_tx};

const COLS: &str = "a.id, a.slug, a.name, a.kind, a.subtype, a.description, a.languages, a.address, \
a.postal_code, a.city, a.latitude, a.longitude, a.opening_hours, a.siret, a.email, a.phone, a.website, \
a.links, a.email_visibility, a.phone_visibility, a.address_visibility, a.user_id, a.network_id, \
a.created_at, a.updated_at, a.service_communes, a.service_radius_km";

/// A bound value of a query built at run time.
#[derive(Debug, Clone)]
enum Arg {
    T(String),
    I(i64),
    F(f64),
}

macro_rules! bind_args {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                Arg::T(s) => q.bind(s.clone()),
                Arg::I(i) => q.bind(*i),
                Arg::F(f) => q.bind(*f),
            };
        }
        q
    }};
}

/// The showcase's filters (all optional, all combined).
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub place: Option<PlaceId>,
    pub network: Option<NetworkId>,
    /// Folded words, each found in the search text.
    pub words: Vec<String>,
    /// A category slug.
    pub category: Option<String>,
    /// A folded skill (a synonym finds its canonical skill).
    pub skill: Option<String>,
    /// A folded commune name.
    pub city: Option<String>,
    /// `(lat, lon, radius_km)`.
    pub near: Option<(f64, f64, f64)>,
    pub has_offers: bool,
}

fn where_clause(f: &Filters) -> (String, Vec<Arg>) {
    let mut conds: Vec<String> = vec!["1 = 1".into()];
    let mut args = Vec::new();
    if let Some(p) = f.place {
        args.push(Arg::I(p.get()));
        conds.push(format!(
            "a.id IN (SELECT ap.actor_id FROM actor_places ap WHERE ap.place_id = ${})",
            args.len()
        ));
    }
    if let Some(n) = f.network {
        args.push(Arg::I(n.get()));
        let i = args.len();
        conds.push(format!(
            "(a.network_id = ${i} OR a.id IN (SELECT ap.actor_id FROM actor_places ap \
             JOIN network_places np ON np.place_id = ap.place_id WHERE np.network_id = ${i}))"
        ));
    }
    for w in &f.words {
        args.push(Arg::T(format!("%{w}%")));
        conds.push(format!("a.search_text LIKE ${}", args.len()));
    }
    if let Some(c) = &f.category {
        args.push(Arg::T(c.clone()));
        conds.push(format!(
            "a.id IN (SELECT l.actor_id FROM actor_category_links l \
             JOIN actor_categories c ON c.id = l.category_id WHERE c.slug = ${})",
            args.len()
        ));
    }
    if let Some(s) = &f.skill {
        args.push(Arg::T(s.clone()));
        conds.push(format!(
            "a.id IN (SELECT s.actor_id FROM actor_skills s WHERE s.skill_id IN \
             (SELECT COALESCE(k.canonical_id, k.id) FROM skills k WHERE k.folded = ${}))",
            args.len()
        ));
    }
    if let Some(c) = &f.city {
        // The commune of its address, or one of its service area's.
        args.push(Arg::T(c.clone()));
        args.push(Arg::T(format!("%|{c}|%")));
        conds.push(format!(
            "(a.city_key = ${} OR a.service_keys LIKE ${})",
            args.len() - 1,
            args.len()
        ));
    }
    if let Some((lat, lon, r)) = f.near {
        // An equirectangular distance: exact enough at the scale of a territory. An actor who
        // travels (a service radius) is found when their area reaches the searched disc.
        let k = 111.2 * lat.to_radians().cos();
        args.push(Arg::F(lat));
        args.push(Arg::F(lon));
        args.push(Arg::F(k));
        args.push(Arg::F(r));
        let n = args.len();
        conds.push(format!(
            "a.address_visibility = 'public' AND a.latitude IS NOT NULL AND a.longitude IS NOT NULL AND \
             ((a.latitude - ${a}) * 111.2) * ((a.latitude - ${a}) * 111.2) + \
             ((a.longitude - ${b}) * ${k}) * ((a.longitude - ${b}) * ${k}) <= \
             (${r} + COALESCE(a.service_radius_km, 0)) * (${r} + COALESCE(a.service_radius_km, 0))",
            a = n - 3,
            b = n - 2,
            k = n - 1,
            r = n
        ));
    }
    if f.has_offers {
        conds.push("EXISTS (SELECT 1 FROM actor_offers o WHERE o.actor_id = a.id)".into());
    }
    (format!("WHERE {}", conds.join(" AND ")), args)
}

/// The `SELECT` of [`page`]: `f`'s conditions, then `LIMIT` and `OFFSET` as the two
/// parameters after its own (the list's order is served by an index; see tests/it/scale_pages).
pub fn page_sql(f: &Filters) -> String {
    let (w, args) = where_clause(f);
    let n = args.len();
    format!(
        "SELECT {COLS} FROM actors a {w} ORDER BY a.name, a.id LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    )
}

/// One page of the actors matching `f`, by name, and how many match.
pub async fn page(db: &Db, f: &Filters, limit: i64, offset: i64) -> AppResult<(Vec<Actor>, i64)> {
    let (w, mut args) = where_clause(f);
    let count_sql = format!("SELECT COUNT(*) FROM actors a {w}");
    let total: i64 = db_run!(db, |p| bind_args!(
        sqlx::query_scalar::<_, i64>(&count_sql),
        &args
    )
    .fetch_one(p)
    .await)?;
    args.push(Arg::I(limit));
    args.push(Arg::I(offset));
    let sql = page_sql(f);
    let rows = db_run!(db, |p| bind_args!(sqlx::query_as::<_, Actor>(&sql), &args)
        .fetch_all(p)
        .await)?;
    Ok((rows, total))
}

/// Ids and opening hours of the actors matching `f` that publish hours, by name, at most
/// `cap` (the "open now" filter is decided in Rust, by the `hours` module).
pub async fn with_hours(db: &Db, f: &Filters, cap: i64) -> AppResult<Vec<(ActorId, String)>> {
    let (w, mut args) = where_clause(f);
    args.push(Arg::I(cap));
    let sql = format!(
        "SELECT a.id, a.opening_hours FROM actors a {w} AND a.opening_hours <> '' \
         ORDER BY a.name, a.id LIMIT ${}",
        args.len()
    );
    Ok(db_run!(db, |p| bind_args!(
        sqlx::query_as::<_, (ActorId, String)>(&sql),
        &args
    )
    .fetch_all(p)
    .await)?)
}

/// These actors, by name.
pub async fn by_ids(db: &Db, ids: &[ActorId]) -> AppResult<Vec<Actor>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = id_list(ids);
    let sql = format!("SELECT {COLS} FROM actors a WHERE a.id IN ({list}) ORDER BY a.name, a.id");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Actor>(&sql)
        .fetch_all(p)
        .await)?)
}

fn id_list<T: std::fmt::Display>(ids: &[T]) -> String {
    ids.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn by_id(db: &Db, id: ActorId) -> AppResult<Option<Actor>> {
    let sql = format!("SELECT {COLS} FROM actors a WHERE a.id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Actor>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

pub async fn by_slug(db: &Db, slug: &str) -> AppResult<Option<Actor>> {
    let sql = format!("SELECT {COLS} FROM actors a WHERE a.slug = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Actor>(&sql)
        .bind(slug)
        .fetch_optional(p)
        .await)?)
}

/// The profile of this account, if they made one.
pub async fn of_user(db: &Db, user: UserId) -> AppResult<Option<Actor>> {
    let sql = format!("SELECT {COLS} FROM actors a WHERE a.user_id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Actor>(&sql)
        .bind(user)
        .fetch_optional(p)
        .await)?)
}

/// The managed taxonomy, in its order.
pub async fn categories(db: &Db) -> AppResult<Vec<Category>> {
    Ok(db_run!(db, |p| sqlx::query_as::<_, Category>(
        "SELECT id, slug, name FROM actor_categories ORDER BY position, name"
    )
    .fetch_all(p)
    .await)?)
}

/// The categories of each of these actors.
pub async fn categories_of(db: &Db, ids: &[ActorId]) -> AppResult<HashMap<ActorId, Vec<Category>>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT l.actor_id, c.id, c.slug, c.name FROM actor_category_links l \
         JOIN actor_categories c ON c.id = l.category_id WHERE l.actor_id IN ({}) \
         ORDER BY c.position, c.name",
        id_list(ids)
    );
    let rows: Vec<(ActorId, i64, String, String)> =
        db_run!(db, |p| sqlx::query_as(&sql).fetch_all(p).await)?;
    let mut out: HashMap<ActorId, Vec<Category>> = HashMap::new();
    for (a, id, slug, name) in rows {
        out.entry(a).or_default().push(Category { id, slug, name });
    }
    Ok(out)
}

/// The skills of each of these actors, by name.
pub async fn skills_of(db: &Db, ids: &[ActorId]) -> AppResult<HashMap<ActorId, Vec<Skill>>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT s.actor_id, k.id, k.name, k.folded FROM actor_skills s \
         JOIN skills k ON k.id = s.skill_id WHERE s.actor_id IN ({}) ORDER BY k.folded",
        id_list(ids)
    );
    let rows: Vec<(ActorId, i64, String, String)> =
        db_run!(db, |p| sqlx::query_as(&sql).fetch_all(p).await)?;
    let mut out: HashMap<ActorId, Vec<Skill>> = HashMap::new();
    for (a, id, name, folded) in rows {
        out.entry(a).or_default().push(Skill { id, name, folded });
    }
    Ok(out)
}

/// The offers of each of these actors, in their order.
pub async fn offers_of(db: &Db, ids: &[ActorId]) -> AppResult<HashMap<ActorId, Vec<Offer>>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT actor_id, title, description, price_cents FROM actor_offers \
         WHERE actor_id IN ({}) ORDER BY actor_id, position",
        id_list(ids)
    );
    let rows: Vec<(ActorId, String, String, Option<i64>)> =
        db_run!(db, |p| sqlx::query_as(&sql).fetch_all(p).await)?;
    let mut out: HashMap<ActorId, Vec<Offer>> = HashMap::new();
    for (a, title, description, price_cents) in rows {
        out.entry(a).or_default().push(Offer {
            title,
            description,
            price_cents,
        });
    }
    Ok(out)
}

/// The places each of these actors is attached to: `(id, name, slug)`.
pub async fn places_of(
    db: &Db,
    ids: &[ActorId],
) -> AppResult<HashMap<ActorId, Vec<(PlaceId, String, String)>>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT ap.actor_id, p.id, p.name, p.slug FROM actor_places ap \
         JOIN places p ON p.id = ap.place_id WHERE ap.actor_id IN ({}) ORDER BY p.name",
        id_list(ids)
    );
    let rows: Vec<(ActorId, PlaceId, String, String)> =
        db_run!(db, |p| sqlx::query_as(&sql).fetch_all(p).await)?;
    let mut out: HashMap<ActorId, Vec<(PlaceId, String, String)>> = HashMap::new();
    for (a, id, name, slug) in rows {
        out.entry(a).or_default().push((id, name, slug));
    }
    Ok(out)
}

/// What a save writes besides the row.
pub struct Links<'a> {
    pub input: &'a ActorInput,
    pub city_key: String,
    pub user_id: Option<UserId>,
    pub by: Option<UserId>,
    pub now: i64,
    /// Computed inside the transaction once skills are resolved: `(name of subtype,
    /// category names)`.
    pub subtype_label: String,
    pub category_names: Vec<String>,
}

macro_rules! save_links {
    ($tx:ident, $id:expr, $l:expr) => {{
        let input = $l.input;
        for q in [
            "DELETE FROM actor_places WHERE actor_id = $1",
            "DELETE FROM actor_category_links WHERE actor_id = $1",
            "DELETE FROM actor_skills WHERE actor_id = $1",
            "DELETE FROM actor_offers WHERE actor_id = $1",
        ] {
            sqlx::query(q).bind($id).execute(&mut *$tx).await?;
        }
        for p in &input.place_ids {
            sqlx::query("INSERT INTO actor_places (actor_id, place_id) VALUES ($1, $2)")
                .bind($id)
                .bind(*p)
                .execute(&mut *$tx)
                .await?;
        }
        for c in &input.category_ids {
            sqlx::query("INSERT INTO actor_category_links (actor_id, category_id) VALUES ($1, $2)")
                .bind($id)
                .bind(*c)
                .execute(&mut *$tx)
                .await?;
        }
        let mut skill_ids: Vec<i64> = Vec::new();
        for (typed, folded) in &input.skills {
            let found: Option<(i64, Option<i64>)> =
                sqlx::query_as("SELECT id, canonical_id FROM skills WHERE folded = $1")
                    .bind(folded)
                    .fetch_optional(&mut *$tx)
                    .await?;
            let id = match found {
                Some((id, canonical)) => canonical.unwrap_or(id),
                None => {
                    sqlx::query(
                        "INSERT INTO skills (name, folded, created_at) VALUES ($1, $2, $3) \
                         ON CONFLICT (folded) DO NOTHING",
                    )
                    .bind(typed)
                    .bind(folded)
                    .bind($l.now)
                    .execute(&mut *$tx)
                    .await?;
                    let (id, canonical): (i64, Option<i64>) =
                        sqlx::query_as("SELECT id, canonical_id FROM skills WHERE folded = $1")
                            .bind(folded)
                            .fetch_one(&mut *$tx)
                            .await?;
                    canonical.unwrap_or(id)
                }
            };
            if !skill_ids.contains(&id) {
                skill_ids.push(id);
                sqlx::query("INSERT INTO actor_skills (actor_id, skill_id) VALUES ($1, $2)")
                    .bind($id)
                    .bind(id)
                    .execute(&mut *$tx)
                    .await?;
            }
        }
        for (i, o) in input.offers.iter().enumerate() {
            sqlx::query(
                "INSERT INTO actor_offers (actor_id, position, title, description, price_cents) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind($id)
            .bind(i as i32)
            .bind(&o.title)
            .bind(&o.description)
            .bind(o.price_cents)
            .execute(&mut *$tx)
            .await?;
        }
        // The skills and their synonyms, for the search.
        let mut words: Vec<String> = Vec::new();
        if !skill_ids.is_empty() {
            let list = id_list(&skill_ids);
            let sql =
                format!("SELECT name FROM skills WHERE id IN ({list}) OR canonical_id IN ({list})");
            words = sqlx::query_scalar(&sql).fetch_all(&mut *$tx).await?;
        }
        let search =
            super::model::search_text(input, &$l.subtype_label, &$l.category_names, &words);
        sqlx::query("UPDATE actors SET search_text = $1 WHERE id = $2")
            .bind(&search)
            .bind($id)
            .execute(&mut *$tx)
            .await?;
        sqlx::query(
            "UPDATE actors SET service_communes = $1, service_keys = $2, service_radius_km = $3 \
             WHERE id = $4",
        )
        .bind(input.service_communes.join("\n"))
        .bind(super::model::service_keys(&input.service_communes))
        .bind(input.service_radius_km)
        .bind($id)
        .execute(&mut *$tx)
        .await?;
    }};
}

/// A free slug: `slug`, `slug-2`, `slug-3`…
macro_rules! free_slug {
    ($tx:ident, $slug:expr, $except:expr) => {{
        let mut candidate = $slug.to_string();
        let mut n = 1;
        loop {
            let taken: Option<ActorId> =
                sqlx::query_scalar("SELECT id FROM actors WHERE slug = $1")
                    .bind(&candidate)
                    .fetch_optional(&mut *$tx)
                    .await?;
            match taken {
                None => break candidate,
                Some(id) if Some(id) == $except => break candidate,
                Some(_) => {
                    n += 1;
                    candidate = format!("{}-{n}", $slug);
                }
            }
        }
    }};
}

/// A new actor and its links, in one transaction; its id and slug.
pub async fn insert(db: &Db, l: Links<'_>) -> AppResult<(ActorId, String)> {
    let i = l.input;
    db_tx!(db, |tx| async {
        let slug: String = free_slug!(tx, i.slug, None::<ActorId>);
        let id: ActorId = sqlx::query_scalar(
            "INSERT INTO actors (slug, name, kind, subtype, description, languages, address, postal_code, \
             city, city_key, latitude, longitude, opening_hours, siret, email, phone, website, links, \
             email_visibility, phone_visibility, address_visibility, user_id, network_id, created_by, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
             $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $25) RETURNING id",
        )
        .bind(&slug)
        .bind(&i.name)
        .bind(i.kind)
        .bind(i.subtype)
        .bind(&i.description)
        .bind(i.languages.join(","))
        .bind(&i.address)
        .bind(&i.postal_code)
        .bind(&i.city)
        .bind(&l.city_key)
        .bind(i.latitude)
        .bind(i.longitude)
        .bind(&i.opening_hours)
        .bind(&i.siret)
        .bind(&i.email)
        .bind(&i.phone)
        .bind(&i.website)
        .bind(i.links.join("\n"))
        .bind(i.email_visibility)
        .bind(i.phone_visibility)
        .bind(i.address_visibility)
        .bind(l.user_id)
        .bind(i.network_id)
        .bind(l.by)
        .bind(l.now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            if crate::db::dialect::is_unique_violation(&e) {
                AppError::Conflict("actor_exists")
            } else {
                AppError::Db(e)
            }
        })?;
        save_links!(tx, id, l);
        Ok::<_, AppError>((id, slug))
    })
}

/// Rewrites an actor and its links, in one transaction; its (possibly new) slug.
pub async fn update(db: &Db, id: ActorId, l: Links<'_>) -> AppResult<String> {
    let i = l.input;
    db_tx!(db, |tx| async {
        let slug: String = free_slug!(tx, i.slug, Some(id));
        sqlx::query(
            "UPDATE actors SET slug = $1, name = $2, subtype = $3, description = $4, languages = $5, \
             address = $6, postal_code = $7, city = $8, city_key = $9, latitude = $10, longitude = $11, \
             opening_hours = $12, siret = $13, email = $14, phone = $15, website = $16, links = $17, \
             email_visibility = $18, phone_visibility = $19, address_visibility = $20, network_id = $21, \
             updated_at = $22 WHERE id = $23",
        )
        .bind(&slug)
        .bind(&i.name)
        .bind(i.subtype)
        .bind(&i.description)
        .bind(i.languages.join(","))
        .bind(&i.address)
        .bind(&i.postal_code)
        .bind(&i.city)
        .bind(&l.city_key)
        .bind(i.latitude)
        .bind(i.longitude)
        .bind(&i.opening_hours)
        .bind(&i.siret)
        .bind(&i.email)
        .bind(&i.phone)
        .bind(&i.website)
        .bind(i.links.join("\n"))
        .bind(i.email_visibility)
        .bind(i.phone_visibility)
        .bind(i.address_visibility)
        .bind(i.network_id)
        .bind(l.now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        save_links!(tx, id, l);
        Ok::<_, AppError>(slug)
    })
}

/// Deletes a profile and its photos' rows (their blobs may be shared, as `media` keeps them).
pub async fn delete(db: &Db, id: ActorId) -> AppResult<()> {
    db_tx!(db, |tx| async {
        sqlx::query("DELETE FROM photos WHERE owner_kind = 'actor' AND owner_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM actors WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        Ok::<(), AppError>(())
    })
}

/// The names of these categories.
pub fn names_of(categories: &[Category], ids: &[i64]) -> Vec<String> {
    categories
        .iter()
        .filter(|c| ids.contains(&c.id))
        .map(|c| c.name.clone())
        .collect()
}

/// A place as its showcase needs it: `(id, name, slug, point)`.
pub type ShowcasePlace = (PlaceId, String, String, Option<(f64, f64)>);
type PlaceRow = (PlaceId, String, String, Option<f64>, Option<f64>);

/// A published place by slug, for its showcase.
pub async fn published_place(db: &Db, slug: &str) -> AppResult<Option<ShowcasePlace>> {
    let row: Option<PlaceRow> = db_run!(db, |p| {
        sqlx::query_as(
            "SELECT id, name, slug, latitude, longitude FROM places \
             WHERE slug = $1 AND moderation = 'published'",
        )
        .bind(slug)
        .fetch_optional(p)
        .await
    })?;
    Ok(row.map(|(id, name, slug, la, lo)| {
        let point = la.zip(lo);
        (id, name, slug, point)
    }))
}

/// The actors matching `f` that belong to one of these categories (slugs), by name, at most
/// `cap`: the visitor guide's rows, in one statement.
pub async fn in_categories(
    db: &Db,
    f: &Filters,
    slugs: &[&str],
    cap: i64,
) -> AppResult<Vec<Actor>> {
    let (w, mut args) = where_clause(f);
    let mut marks = Vec::new();
    for c in slugs {
        args.push(Arg::T(c.to_string()));
        marks.push(format!("${}", args.len()));
    }
    args.push(Arg::I(cap));
    let sql = format!(
        "SELECT {COLS} FROM actors a {w} AND a.id IN (SELECT l.actor_id FROM actor_category_links l \
         JOIN actor_categories c ON c.id = l.category_id WHERE c.slug IN ({})) \
         ORDER BY a.name, a.id LIMIT ${}",
        marks.join(", "),
        args.len()
    );
    Ok(db_run!(db, |p| bind_args!(
        sqlx::query_as::<_, Actor>(&sql),
        &args
    )
    .fetch_all(p)
    .await)?)
}

/// Where a guide looks for coworkings: around a point, or among a network's places.
#[derive(Debug, Clone, Copy)]
pub enum CoworkingScope {
    /// Within `radius_km` of the point (and the place itself).
    Near(PlaceId, f64, f64, f64),
    /// The place alone (it has no coordinates).
    Place(PlaceId),
    Network(NetworkId),
}

/// The published places with the `coworking` typology in `scope`, by name (at most 100).
pub async fn coworkings(db: &Db, scope: CoworkingScope) -> AppResult<Vec<GuidePlace>> {
    let base = "SELECT p.id, p.name, p.slug, p.city, p.phone, p.latitude, p.longitude, \
                p.opening_hours FROM places p WHERE p.moderation = 'published' AND p.id IN \
                (SELECT pt.place_id FROM place_typologies pt JOIN typologies t \
                ON t.id = pt.typology_id WHERE t.slug = 'coworking')";
    let (cond, args) = match scope {
        CoworkingScope::Near(id, lat, lon, r) => (
            "AND (p.id = $1 OR (p.latitude IS NOT NULL AND p.longitude IS NOT NULL AND \
             ((p.latitude - $2) * 111.2) * ((p.latitude - $2) * 111.2) + \
             ((p.longitude - $3) * $4) * ((p.longitude - $3) * $4) <= $5))",
            vec![
                Arg::I(id.get()),
                Arg::F(lat),
                Arg::F(lon),
                Arg::F(111.2 * lat.to_radians().cos()),
                Arg::F(r * r),
            ],
        ),
        CoworkingScope::Place(id) => ("AND p.id = $1", vec![Arg::I(id.get())]),
        CoworkingScope::Network(n) => (
            "AND p.id IN (SELECT np.place_id FROM network_places np WHERE np.network_id = $1)",
            vec![Arg::I(n.get())],
        ),
    };
    let sql = format!("{base} {cond} ORDER BY p.name, p.id LIMIT 100");
    Ok(db_run!(db, |p| bind_args!(
        sqlx::query_as::<_, GuidePlace>(&sql),
        &args
    )
    .fetch_all(p)
    .await)?)
}

/// The centre of a network's located, published places (its guide measures from there).
pub async fn network_centre(db: &Db, n: NetworkId) -> AppResult<Option<(f64, f64)>> {
    let row: (Option<f64>, Option<f64>) = db_run!(db, |p| sqlx::query_as(
        "SELECT AVG(p.latitude), AVG(p.longitude) FROM places p \
         JOIN network_places np ON np.place_id = p.id WHERE np.network_id = $1 \
         AND p.moderation = 'published' AND p.latitude IS NOT NULL AND p.longitude IS NOT NULL"
    )
    .bind(n)
    .fetch_one(p)
    .await)?;
    Ok(row.0.zip(row.1))
}

/// The actor an import wrote from this source and row identifier, with the fingerprint of
/// the row it was written from.
pub async fn by_import_key(
    db: &Db,
    source: &str,
    source_id: &str,
) -> AppResult<Option<(ActorId, String)>> {
    Ok(db_run!(db, |p| {
        sqlx::query_as(
        "SELECT id, import_fingerprint FROM actors WHERE import_source = $1 AND import_source_id = $2"
    )
    .bind(source)
    .bind(source_id)
    .fetch_optional(p)
    .await
    })?)
}

/// Marks an actor as written by an import from this source, row identifier and row.
pub async fn set_import_key(
    db: &Db,
    id: ActorId,
    (source, source_id, fingerprint): (&str, &str, &str),
) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "UPDATE actors SET import_source = $1, import_source_id = $2, import_fingerprint = $3 \
         WHERE id = $4"
    )
    .bind(source)
    .bind(source_id)
    .bind(fingerprint)
    .bind(id)
    .execute(p)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// The canonical skills of these `(as typed, folded)` skills, in their order, once each: a
/// synonym gives its canonical skill, an unknown word becomes a new skill (the vocabulary
/// the profiles use, shared with the posts).
pub async fn resolve_skills(
    db: &Db,
    skills: &[(String, String)],
    now: i64,
) -> AppResult<Vec<Skill>> {
    let mut ids: Vec<i64> = Vec::new();
    for (typed, folded) in skills {
        let found: Option<(i64, Option<i64>)> = db_run!(db, |p| sqlx::query_as(
            "SELECT id, canonical_id FROM skills WHERE folded = $1"
        )
        .bind(folded)
        .fetch_optional(p)
        .await)?;
        let (id, canonical) = match found {
            Some(f) => f,
            None => {
                db_run!(db, |p| sqlx::query(
                    "INSERT INTO skills (name, folded, created_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (folded) DO NOTHING"
                )
                .bind(typed)
                .bind(folded)
                .bind(now)
                .execute(p)
                .await
                .map(|_| ()))?;
                db_run!(db, |p| sqlx::query_as::<_, (i64, Option<i64>)>(
                    "SELECT id, canonical_id FROM skills WHERE folded = $1"
                )
                .bind(folded)
                .fetch_one(p)
                .await)?
            }
        };
        let id = canonical.unwrap_or(id);
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let mut all = skills_by_ids(db, &ids).await?;
    all.sort_by_key(|s| ids.iter().position(|i| *i == s.id));
    Ok(all)
}

/// These skills (by id), in no order.
pub async fn skills_by_ids(db: &Db, ids: &[i64]) -> AppResult<Vec<Skill>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, name, folded FROM skills WHERE id IN ({})",
        id_list(ids)
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Skill>(&sql)
        .fetch_all(p)
        .await)?)
}

/// The names of these skills and of their synonyms (the words a search finds them by).
pub async fn skill_words(db: &Db, ids: &[i64]) -> AppResult<Vec<String>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = id_list(ids);
    let sql = format!("SELECT name FROM skills WHERE id IN ({list}) OR canonical_id IN ({list})");
    Ok(db_run!(db, |p| sqlx::query_scalar::<_, String>(&sql)
        .fetch_all(p)
        .await)?)
}

/// The actors holding one of these skills or categories, most recently updated first, at
/// most `limit` (the candidates of a post's matching).
pub async fn with_any(
    db: &Db,
    skill_ids: &[i64],
    category_ids: &[i64],
    limit: i64,
) -> AppResult<Vec<Actor>> {
    let mut conds = Vec::new();
    if !skill_ids.is_empty() {
        conds.push(format!(
            "a.id IN (SELECT s.actor_id FROM actor_skills s WHERE s.skill_id IN ({}))",
            id_list(skill_ids)
        ));
    }
    if !category_ids.is_empty() {
        conds.push(format!(
            "a.id IN (SELECT l.actor_id FROM actor_category_links l WHERE l.category_id IN ({}))",
            id_list(category_ids)
        ));
    }
    if conds.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLS} FROM actors a WHERE {} ORDER BY a.updated_at DESC, a.id LIMIT $1",
        conds.join(" OR ")
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Actor>(&sql)
        .bind(limit)
        .fetch_all(p)
        .await)?)
}

/// The canonical skill of a folded word, if the vocabulary knows it (nothing is added).
pub async fn resolve_known(db: &Db, folded: &str) -> AppResult<Option<Skill>> {
    Ok(db_run!(db, |p| sqlx::query_as::<_, Skill>(
        "SELECT c.id, c.name, c.folded FROM skills k \
         JOIN skills c ON c.id = COALESCE(k.canonical_id, k.id) WHERE k.folded = $1"
    )
    .bind(folded)
    .fetch_optional(p)
    .await)?)
}

// After the macro above, which it uses.
mod claims;
pub use claims::*;
