//! Queries of the badges: achievements (with their issuer's name and slug and their skill),
//! the issuers' keys, the status lists and the credentials. An award is one transaction: the
//! next entry of the issuer's status list, the signed document (signed inside, with that
//! entry), the credential; a person holds an achievement once (a unique index), so two
//! simultaneous awards give one credential and one conflict.

use super::model::{Achievement, Credential, IssuerKey, Provider, LIST_SIZE};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::ids::{AchievementId, CredentialId, PathId, TrainingId, UserId};
use crate::{db_run, db_tx};

const SELECT_ACHIEVEMENT: &str = "SELECT a.id, a.network_id, a.place_id, a.name, \
     a.description, a.criteria, a.image_url, a.tags, a.skill_id, s.name AS skill_name, \
     COALESCE(nw.name, pl.name, '') AS issuer_name, COALESCE(nw.slug, pl.slug, '') AS issuer_slug, \
     a.created_at, a.training_id, a.path_id \
     FROM badge_achievements a \
     LEFT JOIN networks nw ON nw.id = a.network_id \
     LEFT JOIN places pl ON pl.id = a.place_id \
     LEFT JOIN skills s ON s.id = a.skill_id";

const SELECT_CREDENTIAL: &str = "SELECT c.id, c.uid, c.achievement_id, c.user_id, \
     c.status_list_id, c.status_index, c.document, c.issued_at, c.valid_until, c.revoked_at, \
     a.name AS achievement_name, u.display_name AS holder_name \
     FROM badge_credentials c \
     JOIN badge_achievements a ON a.id = c.achievement_id \
     JOIN users u ON u.id = c.user_id";

/// An achievement's fields, as checked by the service.
#[derive(Debug, Clone)]
pub struct Fields {
    pub name: String,
    pub description: String,
    pub criteria: String,
    pub image_url: String,
    /// One a line.
    pub tags: String,
    pub skill_id: Option<i64>,
    /// Awarded automatically on completing this training, or this path.
    pub training_id: Option<TrainingId>,
    pub path_id: Option<PathId>,
}

pub async fn insert_achievement(
    db: &Db,
    issuer: Provider,
    f: &Fields,
    by: UserId,
    now: i64,
) -> AppResult<AchievementId> {
    let [n, p] = issuer.columns();
    Ok(db_run!(db, |pool| sqlx::query_scalar(
        "INSERT INTO badge_achievements (network_id, place_id, name, description, criteria, \
         image_url, tags, skill_id, created_by, created_at, training_id, path_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id"
    )
    .bind(n)
    .bind(p)
    .bind(&f.name)
    .bind(&f.description)
    .bind(&f.criteria)
    .bind(&f.image_url)
    .bind(&f.tags)
    .bind(f.skill_id)
    .bind(by)
    .bind(now)
    .bind(f.training_id)
    .bind(f.path_id)
    .fetch_one(pool)
    .await)?)
}

/// The achievements awarded automatically on completing `training` or one of `paths`.
pub async fn automatic(
    db: &Db,
    training: TrainingId,
    paths: &[PathId],
) -> AppResult<Vec<Achievement>> {
    let marks = (0..paths.len())
        .map(|i| format!("${}", i + 2))
        .collect::<Vec<_>>()
        .join(", ");
    let or_paths = if paths.is_empty() {
        String::new()
    } else {
        format!(" OR a.path_id IN ({marks})")
    };
    let sql = format!("{SELECT_ACHIEVEMENT} WHERE a.training_id = $1{or_paths} ORDER BY a.id");
    Ok(db_run!(db, |pool| {
        let mut q = sqlx::query_as::<_, Achievement>(&sql).bind(training);
        for p in paths {
            q = q.bind(*p);
        }
        q.fetch_all(pool).await
    })?)
}

pub async fn achievement(db: &Db, id: AchievementId) -> AppResult<Option<Achievement>> {
    let sql = format!("{SELECT_ACHIEVEMENT} WHERE a.id = $1");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Achievement>(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?)
}

/// The achievements of an issuer, by name (at most 200).
pub async fn achievements_of(db: &Db, issuer: Provider) -> AppResult<Vec<Achievement>> {
    let sql = match issuer {
        Provider::Network(_) => {
            format!("{SELECT_ACHIEVEMENT} WHERE a.network_id = $1 ORDER BY a.name LIMIT 200")
        }
        Provider::Place(_) => {
            format!("{SELECT_ACHIEVEMENT} WHERE a.place_id = $1 ORDER BY a.name LIMIT 200")
        }
    };
    let id = match issuer {
        Provider::Network(n) => n.get(),
        Provider::Place(p) => p.get(),
    };
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Achievement>(&sql)
        .bind(id)
        .fetch_all(pool)
        .await)?)
}

/// The canonical skill of the vocabulary whose folded name is `folded`: `(id, name)`.
pub async fn skill_named(db: &Db, folded: &str) -> AppResult<Option<(i64, String)>> {
    Ok(db_run!(db, |pool| sqlx::query_as::<_, (i64, String)>(
        "SELECT COALESCE(c.id, s.id), COALESCE(c.name, s.name) FROM skills s \
         LEFT JOIN skills c ON c.id = s.canonical_id WHERE s.folded = $1"
    )
    .bind(folded)
    .fetch_optional(pool)
    .await)?)
}

fn issuer_where(issuer: Provider) -> (&'static str, i64) {
    match issuer {
        Provider::Network(n) => ("network_id", n.get()),
        Provider::Place(p) => ("place_id", p.get()),
    }
}

/// Every key of an issuer, by position.
pub async fn keys_of(db: &Db, issuer: Provider) -> AppResult<Vec<IssuerKey>> {
    let (col, id) = issuer_where(issuer);
    let sql = format!(
        "SELECT id, position, public_key, secret_key, created_at, retired_at \
         FROM badge_issuer_keys WHERE {col} = $1 ORDER BY position"
    );
    Ok(db_run!(db, |pool| sqlx::query_as::<_, IssuerKey>(&sql)
        .bind(id)
        .fetch_all(pool)
        .await)?)
}

/// Adds a key to an issuer: the current one when `retire` retires the current key first, or
/// when the issuer has none. Returns false when the issuer already had a current key and
/// `retire` was not asked (someone made it first).
pub async fn add_key(
    db: &Db,
    issuer: Provider,
    public_key: &str,
    secret_key: &str,
    retire: bool,
    now: i64,
) -> AppResult<bool> {
    let (col, id) = issuer_where(issuer);
    let [n, p] = issuer.columns();
    let current =
        format!("SELECT COUNT(*) FROM badge_issuer_keys WHERE {col} = $1 AND retired_at IS NULL");
    let retire_sql = format!(
        "UPDATE badge_issuer_keys SET retired_at = $1 WHERE {col} = $2 AND retired_at IS NULL"
    );
    let next =
        format!("SELECT COALESCE(MAX(position), 0) + 1 FROM badge_issuer_keys WHERE {col} = $1");
    let r = db_tx!(db, |tx| async {
        if retire {
            sqlx::query(&retire_sql)
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        } else {
            let n: i64 = sqlx::query_scalar(&current)
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            if n > 0 {
                return Ok::<_, AppError>(false);
            }
        }
        let position: i32 = sqlx::query_scalar(&next)
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO badge_issuer_keys (network_id, place_id, position, public_key, \
             secret_key, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(n)
        .bind(p)
        .bind(position)
        .bind(public_key)
        .bind(secret_key)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        Ok(true)
    });
    match r {
        Err(AppError::Db(e)) if crate::db::dialect::is_unique_violation(&e) => Ok(false),
        r => r,
    }
}

/// What an award writes besides its document.
pub struct NewCredential<'a> {
    pub uid: &'a str,
    pub achievement: AchievementId,
    pub issuer: Provider,
    pub user: UserId,
    /// `None`: awarded automatically.
    pub by: Option<UserId>,
    pub now: i64,
    pub valid_until: Option<i64>,
}

/// Issues a credential in one transaction: takes the next entry of the issuer's open status
/// list (a new list when every one is full), has `sign(list, index)` write the signed
/// document, and stores it. A person already holding the achievement: `Conflict`.
pub async fn award(
    db: &Db,
    c: &NewCredential<'_>,
    sign: impl FnOnce(i64, i64) -> AppResult<String>,
) -> AppResult<CredentialId> {
    let (col, id) = issuer_where(c.issuer);
    let [n, p] = c.issuer.columns();
    let take = format!(
        "UPDATE badge_status_lists SET used = used + 1 WHERE id = (SELECT id FROM \
         badge_status_lists WHERE {col} = $1 AND used < $2 ORDER BY id LIMIT 1) AND used < $2 \
         RETURNING id, CAST(used - 1 AS BIGINT)"
    );
    let r = db_tx!(db, |tx| async {
        let held: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM badge_credentials WHERE achievement_id = $1 AND user_id = $2 \
             AND revoked_at IS NULL",
        )
        .bind(c.achievement)
        .bind(c.user)
        .fetch_optional(&mut *tx)
        .await?;
        if held.is_some() {
            return Err(AppError::Conflict("already_awarded"));
        }
        let entry: Option<(i64, i64)> = sqlx::query_as(&take)
            .bind(id)
            .bind(LIST_SIZE)
            .fetch_optional(&mut *tx)
            .await?;
        let (list, index) = match entry {
            Some(e) => e,
            None => {
                let list: i64 = sqlx::query_scalar(
                    "INSERT INTO badge_status_lists (network_id, place_id, used, created_at) \
                     VALUES ($1, $2, 1, $3) RETURNING id",
                )
                .bind(n)
                .bind(p)
                .bind(c.now)
                .fetch_one(&mut *tx)
                .await?;
                (list, 0)
            }
        };
        let document = sign(list, index)?;
        let cid: CredentialId = sqlx::query_scalar(
            "INSERT INTO badge_credentials (uid, achievement_id, user_id, status_list_id, \
             status_index, document, issued_at, valid_until, awarded_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(c.uid)
        .bind(c.achievement)
        .bind(c.user)
        .bind(list)
        .bind(index as i32)
        .bind(&document)
        .bind(c.now)
        .bind(c.valid_until)
        .bind(c.by)
        .fetch_one(&mut *tx)
        .await?;
        Ok(cid)
    });
    match r {
        Err(AppError::Db(e)) if crate::db::dialect::is_unique_violation(&e) => {
            Err(AppError::Conflict("already_awarded"))
        }
        r => r,
    }
}

pub async fn credential(db: &Db, id: CredentialId) -> AppResult<Option<Credential>> {
    let sql = format!("{SELECT_CREDENTIAL} WHERE c.id = $1");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Credential>(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?)
}

pub async fn credential_by_uid(db: &Db, uid: &str) -> AppResult<Option<Credential>> {
    let sql = format!("{SELECT_CREDENTIAL} WHERE c.uid = $1");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Credential>(&sql)
        .bind(uid)
        .fetch_optional(pool)
        .await)?)
}

/// A person's credentials, newest first (at most 500).
pub async fn credentials_of_user(db: &Db, user: UserId) -> AppResult<Vec<Credential>> {
    let sql =
        format!("{SELECT_CREDENTIAL} WHERE c.user_id = $1 ORDER BY c.issued_at DESC LIMIT 500");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Credential>(&sql)
        .bind(user)
        .fetch_all(pool)
        .await)?)
}

/// The credentials of an achievement, newest first (at most 200).
pub async fn credentials_of_achievement(db: &Db, id: AchievementId) -> AppResult<Vec<Credential>> {
    let sql = format!(
        "{SELECT_CREDENTIAL} WHERE c.achievement_id = $1 ORDER BY c.issued_at DESC LIMIT 200"
    );
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Credential>(&sql)
        .bind(id)
        .fetch_all(pool)
        .await)?)
}

/// Revokes a credential; false when it was already revoked.
pub async fn revoke(db: &Db, id: CredentialId, by: UserId, now: i64) -> AppResult<bool> {
    let n = db_run!(db, |pool| sqlx::query(
        "UPDATE badge_credentials SET revoked_at = $1, revoked_by = $2 \
         WHERE id = $3 AND revoked_at IS NULL"
    )
    .bind(now)
    .bind(by)
    .bind(id)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// A status list's issuer.
pub async fn status_list_issuer(db: &Db, list: i64) -> AppResult<Option<Provider>> {
    let row: Option<(Option<i64>, Option<i64>)> = db_run!(db, |pool| sqlx::query_as(
        "SELECT network_id, place_id FROM badge_status_lists WHERE id = $1"
    )
    .bind(list)
    .fetch_optional(pool)
    .await)?;
    Ok(row
        .and_then(|(n, p)| Provider::one(n.map(crate::ids::NetworkId), p.map(crate::ids::PlaceId))))
}

/// The revoked entries of a list.
pub async fn revoked_entries(db: &Db, list: i64) -> AppResult<Vec<i64>> {
    let rows: Vec<i32> = db_run!(db, |pool| sqlx::query_scalar(
        "SELECT status_index FROM badge_credentials WHERE status_list_id = $1 \
         AND revoked_at IS NOT NULL"
    )
    .bind(list)
    .fetch_all(pool)
    .await)?;
    Ok(rows.into_iter().map(i64::from).collect())
}
