//! Mappings saved per network and source: the next import of that source starts from them
//! (the command line's `--save-mapping`, the upload page's box).

use super::matcher::Mapping;
use crate::db::Db;
use crate::db_run;
use crate::error::{AppError, AppResult};
use crate::ids::{NetworkId, UserId};

fn key(network: Option<NetworkId>) -> i64 {
    network.map(NetworkId::get).unwrap_or(0)
}

/// The mapping saved for a network (or none) and a source.
pub async fn get(db: &Db, network: Option<NetworkId>, source: &str) -> AppResult<Option<Mapping>> {
    let raw: Option<String> = db_run!(db, |p| sqlx::query_scalar(
        "SELECT mapping FROM place_import_mappings WHERE network_key = $1 AND source = $2"
    )
    .bind(key(network))
    .bind(source)
    .fetch_optional(p)
    .await)?;
    Ok(raw.and_then(|r| serde_json::from_str(&r).ok()))
}

/// Saves (or replaces) the mapping of a network and a source.
pub async fn save(
    db: &Db,
    network: Option<NetworkId>,
    source: &str,
    mapping: &Mapping,
    by: Option<UserId>,
    now: i64,
) -> AppResult<()> {
    let json = serde_json::to_string(mapping).map_err(|e| AppError::Internal(e.into()))?;
    db_run!(db, |p| sqlx::query(
        "INSERT INTO place_import_mappings (network_key, source, mapping, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (network_key, source) DO UPDATE SET \
         mapping = excluded.mapping, updated_by = excluded.updated_by, \
         updated_at = excluded.updated_at"
    )
    .bind(key(network))
    .bind(source)
    .bind(&json)
    .bind(by)
    .bind(now)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
