//! Queries on networks, places and organizations.

use super::model::{Network, Organization, Place};
use crate::db::dialect::is_unique_violation;
use crate::db::Db;
use crate::db_run;
use crate::error::{AppError, AppResult};
use crate::ids::{NetworkId, PlaceId, UserId};
use crate::tenancy::model::OrganizationKind;

const NET_COLS: &str = "id, name, slug, description, created_at";
const PLACE_COLS: &str = "id, name, slug, description, city, organization_id, created_at";

pub async fn networks(db: &Db) -> AppResult<Vec<Network>> {
    let sql = format!("SELECT {NET_COLS} FROM networks ORDER BY name, id");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Network>(&sql)
        .fetch_all(p)
        .await)?)
}

pub async fn network_by_id(db: &Db, id: NetworkId) -> AppResult<Option<Network>> {
    let sql = format!("SELECT {NET_COLS} FROM networks WHERE id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Network>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

pub async fn network_by_slug(db: &Db, slug: &str) -> AppResult<Option<Network>> {
    let sql = format!("SELECT {NET_COLS} FROM networks WHERE slug = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Network>(&sql)
        .bind(slug)
        .fetch_optional(p)
        .await)?)
}

/// Inserts with the first free slug among `slug`, `slug-2`, `slug-3`…
pub async fn insert_network(
    db: &Db,
    name: &str,
    slug: &str,
    description: &str,
    now: i64,
) -> AppResult<Network> {
    for n in 1..=100 {
        let candidate = if n == 1 {
            slug.to_string()
        } else {
            format!("{slug}-{n}")
        };
        let sql = format!(
            "INSERT INTO networks (name, slug, description, created_at) VALUES ($1, $2, $3, $4) RETURNING {NET_COLS}"
        );
        let res = db_run!(db, |p| sqlx::query_as::<_, Network>(&sql)
            .bind(name)
            .bind(&candidate)
            .bind(description)
            .bind(now)
            .fetch_one(p)
            .await);
        match res {
            Ok(net) => return Ok(net),
            Err(e) if is_unique_violation(&e) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Conflict("slug_taken"))
}

pub async fn update_network(
    db: &Db,
    id: NetworkId,
    name: &str,
    description: &str,
) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "UPDATE networks SET name = $1, description = $2 WHERE id = $3"
    )
    .bind(name)
    .bind(description)
    .bind(id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn places(db: &Db) -> AppResult<Vec<Place>> {
    let sql = format!("SELECT {PLACE_COLS} FROM places ORDER BY name, id");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Place>(&sql)
        .fetch_all(p)
        .await)?)
}

/// The newest change of the places (their last update, their last id), both read from an
/// index: what caches of place names are validated against.
pub async fn places_version(db: &Db) -> AppResult<(i64, i64)> {
    let (a, b): (Option<i64>, Option<i64>) = db_run!(db, |p| sqlx::query_as(
        "SELECT (SELECT MAX(updated_at) FROM places), (SELECT MAX(id) FROM places)"
    )
    .fetch_one(p)
    .await)?;
    Ok((a.unwrap_or(0), b.unwrap_or(0)))
}

/// The first `limit` places by name (a form lists these and asks for the others by name).
pub async fn places_first(db: &Db, limit: i64) -> AppResult<Vec<Place>> {
    let sql = format!("SELECT {PLACE_COLS} FROM places ORDER BY name, id LIMIT $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Place>(&sql)
        .bind(limit)
        .fetch_all(p)
        .await)?)
}

/// The slug in what a person typed to name a place: its address (`https://…/lieux/riez/`),
/// its path, or the slug itself.
pub fn slug_in(text: &str) -> String {
    let t = text.trim().trim_end_matches('/');
    let t = t.split(['?', '#']).next().unwrap_or_default();
    match t.rsplit_once("/lieux/") {
        Some((_, rest)) => rest.split('/').next().unwrap_or_default().to_string(),
        None => t.to_string(),
    }
}

/// Places a person named: by address or slug (see [`slug_in`]), or by exact name (case
/// aside); at most three, enough to tell none, one and several apart. Both served by indexes
/// (the unique slug, `places_name_lower`).
pub async fn places_matching(db: &Db, text: &str) -> AppResult<Vec<Place>> {
    let sql = format!(
        "SELECT {PLACE_COLS} FROM places WHERE slug = $1 \
         UNION SELECT {PLACE_COLS} FROM places WHERE LOWER(name) = LOWER($2) ORDER BY id LIMIT 3"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Place>(&sql)
        .bind(slug_in(text))
        .bind(text.trim())
        .fetch_all(p)
        .await)?)
}

/// The places of network `$1`.
const NETWORK_PLACES: &str = "SELECT p.id, p.name, p.slug, p.description, p.city, p.organization_id, \
     p.created_at FROM places p JOIN network_places np ON np.place_id = p.id WHERE np.network_id = $1";

pub async fn places_of_network(db: &Db, network_id: NetworkId) -> AppResult<Vec<Place>> {
    let sql = format!("{NETWORK_PLACES} ORDER BY p.name, p.id");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Place>(&sql)
        .bind(network_id)
        .fetch_all(p)
        .await)?)
}

/// The first places of a network by name (a page shows these and links to the directory for
/// the rest: a national network has thousands), and how many it has.
pub async fn places_of_network_first(
    db: &Db,
    network_id: NetworkId,
    limit: i64,
) -> AppResult<(Vec<Place>, i64)> {
    let sql = format!("{NETWORK_PLACES} ORDER BY p.name, p.id LIMIT $2");
    let rows = db_run!(db, |p| sqlx::query_as::<_, Place>(&sql)
        .bind(network_id)
        .bind(limit)
        .fetch_all(p)
        .await)?;
    let count: i64 = db_run!(db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM network_places WHERE network_id = $1"
    )
    .bind(network_id)
    .fetch_one(p)
    .await)?;
    Ok((rows, count))
}

pub async fn place_by_id(db: &Db, id: PlaceId) -> AppResult<Option<Place>> {
    let sql = format!("SELECT {PLACE_COLS} FROM places WHERE id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Place>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

/// Several places at once, by id (for lists: one statement, whatever their number).
pub async fn places_by_ids(
    db: &Db,
    ids: &[PlaceId],
) -> AppResult<std::collections::HashMap<PlaceId, Place>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let raw: Vec<i64> = ids.iter().map(|i| i.get()).collect();
    let sql = format!(
        "SELECT {PLACE_COLS} FROM places WHERE id IN ({})",
        crate::db::id_list(&raw)
    );
    let rows: Vec<Place> = db_run!(db, |p| sqlx::query_as::<_, Place>(&sql).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|p| (p.id, p)).collect())
}

pub async fn place_by_slug(db: &Db, slug: &str) -> AppResult<Option<Place>> {
    let sql = format!("SELECT {PLACE_COLS} FROM places WHERE slug = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Place>(&sql)
        .bind(slug)
        .fetch_optional(p)
        .await)?)
}

/// Ids of the networks a place belongs to.
pub async fn networks_of_place(db: &Db, place_id: PlaceId) -> AppResult<Vec<NetworkId>> {
    Ok(db_run!(db, |p| sqlx::query_scalar::<_, NetworkId>(
        "SELECT network_id FROM network_places WHERE place_id = $1 ORDER BY network_id"
    )
    .bind(place_id)
    .fetch_all(p)
    .await)?)
}

/// The networks of each of `ids` (places), in one statement (a place of no network is absent).
pub async fn networks_of_places(
    db: &Db,
    ids: &[PlaceId],
) -> AppResult<std::collections::HashMap<PlaceId, Vec<NetworkId>>> {
    let mut out: std::collections::HashMap<PlaceId, Vec<NetworkId>> = Default::default();
    if ids.is_empty() {
        return Ok(out);
    }
    let raw: Vec<i64> = ids.iter().map(|i| i.get()).collect();
    let sql = format!(
        "SELECT place_id, network_id FROM network_places WHERE place_id IN ({}) \
         ORDER BY place_id, network_id",
        crate::db::id_list(&raw)
    );
    let rows: Vec<(PlaceId, NetworkId)> = db_run!(db, |p| sqlx::query_as(&sql).fetch_all(p).await)?;
    for (place, network) in rows {
        out.entry(place).or_default().push(network);
    }
    Ok(out)
}

/// Which of `ids` are networks that exist, in one statement.
pub async fn existing_networks(
    db: &Db,
    ids: &[NetworkId],
) -> AppResult<std::collections::HashSet<NetworkId>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let raw: Vec<i64> = ids.iter().map(|i| i.get()).collect();
    let sql = format!(
        "SELECT id FROM networks WHERE id IN ({})",
        crate::db::id_list(&raw)
    );
    let rows: Vec<NetworkId> = db_run!(db, |p| sqlx::query_scalar(&sql).fetch_all(p).await)?;
    Ok(rows.into_iter().collect())
}

/// The network that follows a project, as a column: only once its admins accepted (a request
/// gives the network's admins no right on the project).
const FOLLOWING: &str =
    "CASE WHEN network_status = 'accepted' THEN network_id ELSE NULL END AS network_id";

/// The columns of a project that make it a scope (see `service::ProjectScope`).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProjectRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub public: bool,
    pub network_id: Option<NetworkId>,
}

pub async fn project_row(db: &Db, id: i64) -> AppResult<Option<ProjectRow>> {
    let sql = format!("SELECT id, slug, name, public, {FOLLOWING} FROM projects WHERE id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, ProjectRow>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

pub async fn project_row_by_slug(db: &Db, slug: &str) -> AppResult<Option<ProjectRow>> {
    let sql = format!("SELECT id, slug, name, public, {FOLLOWING} FROM projects WHERE slug = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, ProjectRow>(&sql)
        .bind(slug)
        .fetch_optional(p)
        .await)?)
}

/// The holders and advisors of a project.
pub async fn project_member_ids(db: &Db, project_id: i64) -> AppResult<Vec<UserId>> {
    let rows: Vec<(UserId,)> = db_run!(db, |p| sqlx::query_as(
        "SELECT user_id FROM project_members WHERE project_id = $1 ORDER BY user_id"
    )
    .bind(project_id)
    .fetch_all(p)
    .await)?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// The projects among `ids` as scopes' rows, in one statement.
pub async fn project_rows(db: &Db, ids: &[i64]) -> AppResult<Vec<ProjectRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, slug, name, public, {FOLLOWING} FROM projects WHERE id IN ({})",
        crate::db::id_list(ids)
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, ProjectRow>(&sql)
        .fetch_all(p)
        .await)?)
}

/// The holders and advisors of each of the projects `ids`, in one statement.
pub async fn project_member_ids_of(
    db: &Db,
    ids: &[i64],
) -> AppResult<std::collections::HashMap<i64, Vec<UserId>>> {
    let mut out: std::collections::HashMap<i64, Vec<UserId>> = Default::default();
    if ids.is_empty() {
        return Ok(out);
    }
    let sql = format!(
        "SELECT project_id, user_id FROM project_members WHERE project_id IN ({}) \
         ORDER BY project_id, user_id",
        crate::db::id_list(ids)
    );
    let rows: Vec<(i64, UserId)> = db_run!(db, |p| sqlx::query_as(&sql).fetch_all(p).await)?;
    for (project, user) in rows {
        out.entry(project).or_default().push(user);
    }
    Ok(out)
}

pub async fn organizations(db: &Db) -> AppResult<Vec<Organization>> {
    Ok(db_run!(db, |p| sqlx::query_as::<_, Organization>(
        "SELECT id, name, kind, siret FROM organizations ORDER BY name, id"
    )
    .fetch_all(p)
    .await)?)
}

/// The newest organizations (the admin page lists these, not all of them).
pub async fn organizations_recent(db: &Db, limit: i64) -> AppResult<Vec<Organization>> {
    Ok(db_run!(db, |p| sqlx::query_as::<_, Organization>(
        "SELECT id, name, kind, siret FROM organizations ORDER BY id DESC LIMIT $1"
    )
    .bind(limit)
    .fetch_all(p)
    .await)?)
}

pub async fn organizations_count(db: &Db) -> AppResult<i64> {
    Ok(db_run!(db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM organizations"
    )
    .fetch_one(p)
    .await)?)
}

/// Organizations named exactly `text` (case aside) or with that SIRET (spaces aside); at most
/// three, enough to tell none, one and several apart.
pub async fn organizations_matching(db: &Db, text: &str) -> AppResult<Vec<Organization>> {
    let siret: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    Ok(db_run!(db, |p| sqlx::query_as::<_, Organization>(
        "SELECT id, name, kind, siret FROM organizations \
         WHERE LOWER(name) = LOWER($1) OR siret = $2 ORDER BY id LIMIT 3"
    )
    .bind(text.trim())
    .bind(siret)
    .fetch_all(p)
    .await)?)
}

pub async fn organization_by_id(db: &Db, id: i64) -> AppResult<Option<Organization>> {
    Ok(db_run!(db, |p| sqlx::query_as::<_, Organization>(
        "SELECT id, name, kind, siret FROM organizations WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(p)
    .await)?)
}

pub async fn insert_organization(
    db: &Db,
    name: &str,
    kind: OrganizationKind,
    siret: Option<&str>,
    now: i64,
) -> AppResult<i64> {
    Ok(db_run!(db, |p| {
        sqlx::query_scalar::<_, i64>(
        "INSERT INTO organizations (name, kind, siret, created_at) VALUES ($1, $2, $3, $4) RETURNING id"
    )
    .bind(name)
    .bind(kind)
    .bind(siret)
    .bind(now)
    .fetch_one(p)
    .await
    })?)
}
