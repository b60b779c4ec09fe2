//! The moderation queue: pending places and their likely duplicates, proposals of edits,
//! claims of management.

use super::row::{id_list, PlaceRow, COLS};
use crate::db::Db;
use crate::db_run;
use crate::error::AppResult;
use crate::ids::{NetworkId, PlaceId, UserId};
use crate::places::model::{fold, ContributionStatus};

/// `AND` the place `col` belongs to one of `networks` (`None`: every place, for instance
/// admins).
fn in_networks(networks: Option<&[NetworkId]>, col: &str) -> String {
    match networks {
        None => String::new(),
        Some([]) => " AND 1 = 0".into(),
        Some(nets) => format!(
            " AND EXISTS (SELECT 1 FROM network_places np WHERE np.place_id = {col} \
             AND np.network_id IN ({}))",
            id_list(nets)
        ),
    }
}

/// How many places, proposals and claims wait for moderation in the networks given (all when
/// `None`): the three counts of [`pending_page`], [`pending_proposals_in`] and
/// [`pending_claims_in`] in one statement (a person's space shows them as queues).
pub async fn pending_counts(db: &Db, networks: Option<&[NetworkId]>) -> AppResult<(i64, i64, i64)> {
    let sql = format!(
        "SELECT (SELECT COUNT(*) FROM places p WHERE p.moderation = 'pending'{}), \
         (SELECT COUNT(*) FROM place_proposals pp WHERE pp.status = 'pending'{}), \
         (SELECT COUNT(*) FROM place_claims c WHERE c.status = 'pending'{})",
        in_networks(networks, "p.id"),
        in_networks(networks, "pp.place_id"),
        in_networks(networks, "c.place_id")
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, (i64, i64, i64)>(&sql)
        .fetch_one(p)
        .await)?)
}

/// Pending places in the networks given (all when `None`), oldest first: `limit` from
/// `offset`, and how many there are (an import can leave thousands to moderate).
pub async fn pending_page(
    db: &Db,
    networks: Option<&[NetworkId]>,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<PlaceRow>, i64)> {
    let scope = in_networks(networks, "p.id");
    let sql = format!(
        "SELECT {COLS} FROM places p WHERE p.moderation = 'pending'{scope} \
         ORDER BY p.created_at, p.id LIMIT $1 OFFSET $2"
    );
    let rows = db_run!(db, |p| sqlx::query_as::<_, PlaceRow>(&sql)
        .bind(limit)
        .bind(offset)
        .fetch_all(p)
        .await)?;
    let sql = format!("SELECT COUNT(*) FROM places p WHERE p.moderation = 'pending'{scope}");
    let total: i64 = db_run!(db, |p| sqlx::query_scalar(&sql).fetch_one(p).await)?;
    Ok((rows, total))
}

/// How far (degrees of latitude; 1.5 times that in longitude) a place of the same name counts
/// as a likely duplicate: about 1 km.
const NEAR: f64 = 0.01;

/// The places that look like each of `places`: same SIRET, or same folded name within ~1 km.
/// Two statements for the whole page, whatever its length.
pub async fn duplicates_of_many(
    db: &Db,
    places: &[PlaceRow],
) -> AppResult<std::collections::HashMap<PlaceId, Vec<PlaceRow>>> {
    let mut out: std::collections::HashMap<PlaceId, Vec<PlaceRow>> = Default::default();
    let sirets: Vec<&str> = places
        .iter()
        .map(|p| p.siret.as_str())
        .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let mut candidates: Vec<PlaceRow> = Vec::new();
    if !sirets.is_empty() {
        let list = sirets
            .iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!("SELECT {COLS} FROM places p WHERE p.siret IN ({list}) LIMIT 1000");
        candidates.extend(db_run!(db, |p| sqlx::query_as::<_, PlaceRow>(&sql)
            .fetch_all(p)
            .await)?);
    }
    let boxes: Vec<String> = places
        .iter()
        .filter_map(|p| Some((p.latitude?, p.longitude?)))
        .filter(|(lat, lon)| lat.is_finite() && lon.is_finite())
        .map(|(lat, lon)| {
            format!(
                "(p.latitude BETWEEN {} AND {} AND p.longitude BETWEEN {} AND {})",
                lat - NEAR,
                lat + NEAR,
                lon - NEAR * 1.5,
                lon + NEAR * 1.5
            )
        })
        .collect();
    if !boxes.is_empty() {
        let sql = format!(
            "SELECT {COLS} FROM places p WHERE {} LIMIT 5000",
            boxes.join(" OR ")
        );
        candidates.extend(db_run!(db, |p| sqlx::query_as::<_, PlaceRow>(&sql)
            .fetch_all(p)
            .await)?);
    }
    for place in places {
        let me = fold(&place.name);
        let near = |r: &PlaceRow| match (place.latitude, place.longitude, r.latitude, r.longitude) {
            (Some(a), Some(b), Some(c), Some(d)) => {
                (a - c).abs() <= NEAR && (b - d).abs() <= NEAR * 1.5
            }
            _ => false,
        };
        let mut found: Vec<PlaceRow> = Vec::new();
        // The same SIRET first, then the same name nearby.
        for same_siret in [true, false] {
            for r in &candidates {
                let hit = if same_siret {
                    !place.siret.is_empty() && r.siret == place.siret
                } else {
                    near(r) && fold(&r.name) == me
                };
                if hit && r.id != place.id && !found.iter().any(|o| o.id == r.id) {
                    found.push(r.clone());
                }
            }
        }
        out.insert(place.id, found);
    }
    Ok(out)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Proposal {
    pub id: i64,
    pub place_id: PlaceId,
    pub user_id: Option<UserId>,
    pub payload: String,
    pub status: ContributionStatus,
    pub reason: String,
    pub created_at: i64,
}

pub async fn insert_proposal(
    db: &Db,
    place_id: PlaceId,
    user_id: UserId,
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

/// Pending proposals on places of the networks given (all when `None`), oldest first: at
/// most `limit`, and how many there are.
pub async fn pending_proposals_in(
    db: &Db,
    networks: Option<&[NetworkId]>,
    limit: i64,
) -> AppResult<(Vec<Proposal>, i64)> {
    let scope = in_networks(networks, "pp.place_id");
    let sql = format!(
        "SELECT pp.id, pp.place_id, pp.user_id, pp.payload, pp.status, pp.reason, pp.created_at \
         FROM place_proposals pp WHERE pp.status = 'pending'{scope} ORDER BY pp.created_at, pp.id LIMIT $1"
    );
    let rows = db_run!(db, |p| sqlx::query_as::<_, Proposal>(&sql)
        .bind(limit)
        .fetch_all(p)
        .await)?;
    let sql = format!("SELECT COUNT(*) FROM place_proposals pp WHERE pp.status = 'pending'{scope}");
    let total: i64 = db_run!(db, |p| sqlx::query_scalar(&sql).fetch_one(p).await)?;
    Ok((rows, total))
}

/// Decides a pending proposal; `false` when it was already decided.
pub async fn decide_proposal(
    db: &Db,
    id: i64,
    status: ContributionStatus,
    reason: &str,
    user_id: UserId,
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
    pub place_id: PlaceId,
    pub user_id: UserId,
    pub message: String,
    pub status: ContributionStatus,
    pub created_at: i64,
    pub user_name: String,
    pub user_email: String,
}

pub async fn insert_claim(
    db: &Db,
    place_id: PlaceId,
    user_id: UserId,
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

/// Pending claims on places of the networks given (all when `None`), oldest first: at most
/// `limit`, and how many there are.
pub async fn pending_claims_in(
    db: &Db,
    networks: Option<&[NetworkId]>,
    limit: i64,
) -> AppResult<(Vec<Claim>, i64)> {
    let scope = in_networks(networks, "c.place_id");
    let sql = format!(
        "SELECT c.id, c.place_id, c.user_id, c.message, c.status, c.created_at, u.display_name AS user_name, \
         u.email AS user_email FROM place_claims c JOIN users u ON u.id = c.user_id \
         WHERE c.status = 'pending'{scope} ORDER BY c.created_at, c.id LIMIT $1"
    );
    let rows = db_run!(db, |p| sqlx::query_as::<_, Claim>(&sql)
        .bind(limit)
        .fetch_all(p)
        .await)?;
    let sql = format!("SELECT COUNT(*) FROM place_claims c WHERE c.status = 'pending'{scope}");
    let total: i64 = db_run!(db, |p| sqlx::query_scalar(&sql).fetch_one(p).await)?;
    Ok((rows, total))
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

pub async fn decide_claim(
    db: &Db,
    id: i64,
    status: ContributionStatus,
    now: i64,
) -> AppResult<bool> {
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
