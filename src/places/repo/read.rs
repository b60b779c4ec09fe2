//! Reads of one place or a few: by id or slug, typologies, networks, history, licences, and
//! the administration list.

use std::collections::HashMap;

use serde::Serialize;

use super::row::{id_list, Arg, PlaceRow, COLS};
use super::search::search_condition;
use crate::db::Db;
use crate::db_run;
use crate::error::AppResult;
use crate::ids::{NetworkId, PlaceId};
use crate::places::model::{
    search_terms, DataLicence, PlaceModeration, PlaceStatus, PlaceVia, Typology,
};

pub async fn by_id(db: &Db, id: PlaceId) -> AppResult<Option<PlaceRow>> {
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
pub async fn typologies_of(
    db: &Db,
    ids: Option<&[PlaceId]>,
) -> AppResult<HashMap<PlaceId, Vec<Typology>>> {
    let only = match ids {
        Some([]) => return Ok(HashMap::new()),
        Some(ids) => format!("WHERE pt.place_id IN ({})", id_list(ids)),
        None => String::new(),
    };
    let sql = format!(
        "SELECT pt.place_id, t.id, t.slug, t.name FROM place_typologies pt \
         JOIN typologies t ON t.id = pt.typology_id {only} ORDER BY t.position"
    );
    let rows: Vec<(PlaceId, i64, String, String)> = db_run!(db, |p| sqlx::query_as::<
        _,
        (PlaceId, i64, String, String),
    >(&sql)
    .fetch_all(p)
    .await)?;
    let mut out: HashMap<PlaceId, Vec<Typology>> = HashMap::new();
    for (place, id, slug, name) in rows {
        out.entry(place)
            .or_default()
            .push(Typology { id, slug, name });
    }
    Ok(out)
}

/// Network ids of these places, in one query.
pub async fn networks_of(db: &Db, ids: &[PlaceId]) -> AppResult<HashMap<PlaceId, Vec<NetworkId>>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT place_id, network_id FROM network_places WHERE place_id IN ({}) ORDER BY network_id",
        id_list(ids)
    );
    let rows: Vec<(PlaceId, NetworkId)> =
        db_run!(db, |p| sqlx::query_as::<_, (PlaceId, NetworkId)>(&sql)
            .fetch_all(p)
            .await)?;
    let mut out: HashMap<PlaceId, Vec<NetworkId>> = HashMap::new();
    for (place, net) in rows {
        out.entry(place).or_default().push(net);
    }
    Ok(out)
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct HistoryEntry {
    pub at: i64,
    pub via: PlaceVia,
    pub summary: String,
    pub user_name: Option<String>,
}

pub async fn history(db: &Db, place_id: PlaceId) -> AppResult<Vec<HistoryEntry>> {
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

/// The licence a network publishes its places under (`None`: no such network).
pub async fn network_licence(db: &Db, network_id: NetworkId) -> AppResult<Option<DataLicence>> {
    Ok(db_run!(db, |p| sqlx::query_scalar::<_, DataLicence>(
        "SELECT data_licence FROM networks WHERE id = $1"
    )
    .bind(network_id)
    .fetch_optional(p)
    .await)?)
}

/// The data licence of every network (the moderation page lists those a person runs).
pub async fn network_licences(
    db: &Db,
) -> AppResult<std::collections::HashMap<NetworkId, DataLicence>> {
    let rows: Vec<(NetworkId, DataLicence)> = db_run!(db, |p| sqlx::query_as(
        "SELECT id, data_licence FROM networks"
    )
    .fetch_all(p)
    .await)?;
    Ok(rows.into_iter().collect())
}

/// Which places an administration list covers.
#[derive(Debug, Clone)]
pub enum AdminScope {
    /// Instance admins: every place.
    All,
    /// The places of these networks and these places (network admins, managers).
    Some {
        networks: Vec<NetworkId>,
        places: Vec<PlaceId>,
    },
}

/// A row of the administration list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AdminRow {
    pub id: PlaceId,
    pub name: String,
    pub slug: String,
    pub city: String,
    pub postal_code: String,
    pub status: PlaceStatus,
    pub moderation: PlaceModeration,
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
    /// Only places of this status.
    pub status: Option<PlaceStatus>,
    /// Only places in this moderation state.
    pub moderation: Option<PlaceModeration>,
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
            parts.push(format!("p.id IN ({})", id_list(places)));
        }
        if !networks.is_empty() {
            parts.push(format!(
                "p.id IN (SELECT place_id FROM network_places WHERE network_id IN ({}))",
                id_list(networks)
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
    let status = f.status.map(PlaceStatus::as_str);
    let moderation = f.moderation.map(PlaceModeration::as_str);
    for (col, v) in [("p.status", status), ("p.moderation", moderation)] {
        if let Some(v) = v {
            args.push(Arg::T(v.to_string()));
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
