//! The moderation queue: pending places and their likely duplicates, proposals of edits,
//! claims of management.

use super::row::{id_list, PlaceRow, COLS};
use crate::db::Db;
use crate::db_run;
use crate::error::AppResult;
use crate::ids::{NetworkId, PlaceId, UserId};
use crate::places::model::{fold, ContributionStatus};

/// Pending places in the networks given (all when `None`), for moderators.
pub async fn pending(db: &Db, networks: Option<&[NetworkId]>) -> AppResult<Vec<PlaceRow>> {
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
                id_list(nets)
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

pub async fn pending_proposals(db: &Db, place_ids: Option<&[PlaceId]>) -> AppResult<Vec<Proposal>> {
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
