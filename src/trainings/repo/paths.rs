//! Queries of the learning paths and of the completions they are measured by.

use std::collections::HashSet;

use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::ids::{EventId, PathId, TrainingId, UserId};
use crate::trainings::model::paths::{LearningPath, StepRow};
use crate::trainings::model::Provider;
use crate::{db_run, db_tx};

const SELECT: &str = "SELECT p.id, p.network_id, p.place_id, p.title, p.slug, p.description, \
     p.created_at, p.updated_at, COALESCE(nw.name, pl.name, '') AS provider_name, \
     COALESCE(nw.slug, pl.slug, '') AS provider_slug \
     FROM training_paths p \
     LEFT JOIN networks nw ON nw.id = p.network_id \
     LEFT JOIN places pl ON pl.id = p.place_id";

/// A path as the service checked it.
#[derive(Debug, Clone)]
pub struct Fields {
    pub title: String,
    pub slug: String,
    pub description: String,
    /// (position, training, optional).
    pub steps: Vec<(i32, TrainingId, bool)>,
}

macro_rules! save_steps {
    ($tx:ident, $id:expr, $steps:expr) => {{
        sqlx::query("DELETE FROM training_path_steps WHERE path_id = $1")
            .bind($id)
            .execute(&mut *$tx)
            .await?;
        for (position, training, optional) in $steps.iter() {
            sqlx::query(
                "INSERT INTO training_path_steps (path_id, position, training_id, optional) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind($id)
            .bind(*position)
            .bind(*training)
            .bind(*optional)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}

/// A new path and its steps in one transaction, with the first free slug among `slug`,
/// `slug-2`…
pub async fn insert(
    db: &Db,
    provider: Provider,
    f: &Fields,
    by: UserId,
    now: i64,
) -> AppResult<(PathId, String)> {
    let [n, p] = provider.columns();
    db_tx!(db, |tx| async {
        let mut slug = f.slug.clone();
        let mut i = 1;
        while sqlx::query_scalar::<_, PathId>("SELECT id FROM training_paths WHERE slug = $1")
            .bind(&slug)
            .fetch_optional(&mut *tx)
            .await?
            .is_some()
        {
            i += 1;
            slug = format!("{}-{i}", f.slug);
        }
        let id: PathId = sqlx::query_scalar(
            "INSERT INTO training_paths (network_id, place_id, title, slug, description, \
             created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
             RETURNING id",
        )
        .bind(n)
        .bind(p)
        .bind(&f.title)
        .bind(&slug)
        .bind(&f.description)
        .bind(by)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        save_steps!(tx, id, f.steps);
        Ok::<_, AppError>((id, slug))
    })
}

/// Rewrites a path and its steps (its slug stays) in one transaction.
pub async fn update(db: &Db, id: PathId, f: &Fields, now: i64) -> AppResult<()> {
    db_tx!(db, |tx| async {
        sqlx::query(
            "UPDATE training_paths SET title = $1, description = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(&f.title)
        .bind(&f.description)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        save_steps!(tx, id, f.steps);
        Ok::<_, AppError>(())
    })
}

pub async fn by_id(db: &Db, id: PathId) -> AppResult<Option<LearningPath>> {
    let sql = format!("{SELECT} WHERE p.id = $1");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, LearningPath>(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?)
}

pub async fn by_slug(db: &Db, slug: &str) -> AppResult<Option<LearningPath>> {
    let sql = format!("{SELECT} WHERE p.slug = $1");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, LearningPath>(&sql)
        .bind(slug)
        .fetch_optional(pool)
        .await)?)
}

/// The paths of a network (its own and its places') or of every provider, by title, at most
/// `limit`.
pub async fn list(
    db: &Db,
    network: Option<crate::ids::NetworkId>,
    limit: i64,
) -> AppResult<Vec<LearningPath>> {
    Ok(match network {
        Some(n) => {
            let sql = format!(
                "{SELECT} WHERE p.network_id = $1 OR p.place_id IN \
                 (SELECT np.place_id FROM network_places np WHERE np.network_id = $1) \
                 ORDER BY p.title, p.id LIMIT $2"
            );
            db_run!(db, |pool| sqlx::query_as::<_, LearningPath>(&sql)
                .bind(n)
                .bind(limit)
                .fetch_all(pool)
                .await)?
        }
        None => {
            let sql = format!("{SELECT} ORDER BY p.title, p.id LIMIT $1");
            db_run!(db, |pool| sqlx::query_as::<_, LearningPath>(&sql)
                .bind(limit)
                .fetch_all(pool)
                .await)?
        }
    })
}

/// The steps of a path with their trainings, in order.
pub async fn steps_of(db: &Db, id: PathId) -> AppResult<Vec<StepRow>> {
    Ok(db_run!(db, |pool| sqlx::query_as::<_, StepRow>(
        "SELECT s.position, s.training_id, s.optional, t.title, t.slug, t.duration_minutes \
         FROM training_path_steps s JOIN trainings t ON t.id = s.training_id \
         WHERE s.path_id = $1 ORDER BY s.position, t.title, t.id"
    )
    .bind(id)
    .fetch_all(pool)
    .await)?)
}

/// The paths that have `training` among their steps.
pub async fn paths_with(db: &Db, training: TrainingId) -> AppResult<Vec<PathId>> {
    Ok(db_run!(db, |pool| sqlx::query_scalar::<_, PathId>(
        "SELECT DISTINCT path_id FROM training_path_steps WHERE training_id = $1"
    )
    .bind(training)
    .fetch_all(pool)
    .await)?)
}

/// The trainings a path of `provider` may hold, by title (at most `limit`): a network's and
/// its places'; a place's and its networks'.
pub async fn allowed(
    db: &Db,
    provider: Provider,
    limit: i64,
) -> AppResult<Vec<(TrainingId, String)>> {
    let sql = match provider {
        Provider::Network(_) => {
            "SELECT t.id, t.title FROM trainings t WHERE t.network_id = $1 OR t.place_id IN \
             (SELECT np.place_id FROM network_places np WHERE np.network_id = $1) \
             ORDER BY t.title, t.id LIMIT $2"
        }
        Provider::Place(_) => {
            "SELECT t.id, t.title FROM trainings t WHERE t.place_id = $1 OR t.network_id IN \
             (SELECT np.network_id FROM network_places np WHERE np.place_id = $1) \
             ORDER BY t.title, t.id LIMIT $2"
        }
    };
    let id = provider.field().1;
    Ok(db_run!(db, |pool| {
        sqlx::query_as::<_, (TrainingId, String)>(sql)
            .bind(id)
            .bind(limit)
            .fetch_all(pool)
            .await
    })?)
}

/// Of `trainings`, those `user` completed.
pub async fn completed_among(
    db: &Db,
    user: UserId,
    trainings: &[TrainingId],
) -> AppResult<HashSet<TrainingId>> {
    if trainings.is_empty() {
        return Ok(HashSet::new());
    }
    let marks = (0..trainings.len())
        .map(|i| format!("${}", i + 2))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT DISTINCT training_id FROM training_completions WHERE user_id = $1 \
         AND training_id IN ({marks})"
    );
    let rows: Vec<TrainingId> = db_run!(db, |pool| {
        let mut q = sqlx::query_scalar::<_, TrainingId>(&sql).bind(user);
        for t in trainings {
            q = q.bind(*t);
        }
        q.fetch_all(pool).await
    })?;
    Ok(rows.into_iter().collect())
}

/// Records that `user` completed `training` at session `event`; true when it is new.
pub async fn insert_completion(
    db: &Db,
    training: TrainingId,
    user: UserId,
    event: EventId,
    now: i64,
) -> AppResult<bool> {
    let n = db_run!(db, |pool| sqlx::query(
        "INSERT INTO training_completions (training_id, user_id, event_id, completed_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (training_id, user_id, event_id) DO NOTHING"
    )
    .bind(training)
    .bind(user)
    .bind(event)
    .bind(now)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Forgets that `user` completed session `event` (the sheet was corrected).
pub async fn delete_completion(db: &Db, user: UserId, event: EventId) -> AppResult<()> {
    db_run!(db, |pool| sqlx::query(
        "DELETE FROM training_completions WHERE user_id = $1 AND event_id = $2"
    )
    .bind(user)
    .bind(event)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// When the last occurrence of session `event` that is not cancelled ends.
pub async fn session_end(db: &Db, event: EventId) -> AppResult<Option<i64>> {
    Ok(db_run!(db, |pool| sqlx::query_scalar::<_, Option<i64>>(
        "SELECT MAX(ends_at) FROM event_occurrences WHERE event_id = $1 AND NOT cancelled"
    )
    .bind(event)
    .fetch_one(pool)
    .await)?)
}
