//! Writes of one place: its basic record (network admin pages), moderation, deletion, a
//! change recorded in its history, its search text.

use super::read::{by_id, typologies_of};
use crate::db::{dialect, Db};
use crate::db_run;
use crate::error::{AppError, AppResult};
use crate::ids::{NetworkId, PlaceId, UserId};
use crate::places::model::{DataLicence, PlaceInput, PlaceModeration, PlaceVia};
use crate::tenancy::model::Place;

/// Recomputes the search text of a place written elsewhere (the tenancy admin pages).
pub async fn reindex(db: &Db, id: PlaceId) -> AppResult<()> {
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
    crate::db_tx!(db, |tx| async {
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
    })
}

pub async fn set_moderation(
    db: &Db,
    id: PlaceId,
    moderation: PlaceModeration,
    reason: &str,
    user_id: UserId,
    now: i64,
) -> AppResult<()> {
    crate::db_tx!(db, |tx| async {
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
                "INSERT INTO place_history (place_id, user_id, at, via, summary) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(user_id)
            .bind(now)
            .bind(PlaceVia::Moderation)
            .bind(moderation)
            .execute(&mut *tx)
            .await?;
        Ok::<(), AppError>(())
    })
}

pub async fn delete(db: &Db, id: PlaceId) -> AppResult<()> {
    // The search index's row, where it is a table of its own ([`dialect::places_fts`]).
    let fts_delete =
        dialect::places_fts(db.backend()).map(|t| format!("DELETE FROM {t} WHERE rowid = $1"));
    crate::db_tx!(db, |tx| async {
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
    })
}

/// Records a change made outside the record itself (a photo added or removed): the place's
/// `updated_at` moves (exports' `updated_since`, cached pages) and the history says who.
pub async fn touch(
    db: &Db,
    place_id: PlaceId,
    user_id: Option<UserId>,
    via: PlaceVia,
    summary: &str,
    now: i64,
) -> AppResult<()> {
    let summary = summary.to_string();
    crate::db_tx!(db, |tx| async {
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
            .bind(via)
            .bind(&summary)
            .execute(&mut *tx)
            .await?;
        Ok::<(), AppError>(())
    })
}

pub async fn set_network_licence(
    db: &Db,
    network_id: NetworkId,
    licence: DataLicence,
) -> AppResult<()> {
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

const TENANT_COLS: &str = "id, name, slug, description, city, organization_id, created_at";

pub struct NewPlace<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub description: &'a str,
    pub city: &'a str,
    pub organization_id: Option<i64>,
    pub network_id: Option<NetworkId>,
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
        let res: Result<Place, AppError> = crate::db_tx!(db, |tx| async {
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
    id: PlaceId,
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
