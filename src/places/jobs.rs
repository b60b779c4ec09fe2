//! Imports in the background. The import page stores the file, its column mapping and its
//! options as a row of `place_imports`, answers at once with a progress page, and the import
//! runs in a task of the node that received it. After each batch of rows the task writes the
//! progress (rows done / total, imported, updated, unchanged, skipped) into that row, so any
//! app node answers the progress page and the JSON endpoint; at the end the per-row report
//! (JSON) replaces the file's content. A task that dies with its node stops beating: after
//! [`STALE_MS`] without news the import is shown as interrupted.

use serde::Serialize;
use utoipa::ToSchema;

use super::import::{self, Format, Mapping, Progress, Report};
use super::model::{PlaceImportState, PlaceImportStatus};
use crate::auth::policy::{authorize, Action};
use crate::auth::Principal;
use crate::db::Db;
use crate::db_run;
use crate::error::{AppError, AppResult};
use crate::ids::{NetworkId, UserId};
use crate::state::AppState;
use crate::tenancy::service::network_target;

/// Rows written per batch (and progress written after each).
pub const BATCH: usize = 500;
/// A running import not heard from for this long is considered interrupted.
pub const STALE_MS: i64 = 10 * 60 * 1000;

/// An import as stored (without its content and report).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ImportJob {
    pub id: i64,
    pub created_by: Option<UserId>,
    pub network_id: Option<NetworkId>,
    pub file_name: String,
    pub format: Format,
    pub source: String,
    pub status: PlaceImportStatus,
    pub total: i64,
    pub done: i64,
    pub imported: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub skipped: i64,
    pub error: String,
    pub created_at: i64,
    pub heartbeat_at: i64,
    pub finished_at: Option<i64>,
}

const COLUMNS: &str = "id, created_by, network_id, file_name, format, source, status, total, done, \
                       imported, updated, unchanged, skipped, error, created_at, heartbeat_at, finished_at";

impl ImportJob {
    pub fn finished(&self) -> bool {
        matches!(
            self.status,
            PlaceImportStatus::Done | PlaceImportStatus::Failed
        )
    }
    /// Its stored status, or interrupted for a queued or running import whose node stopped
    /// giving news.
    pub fn state(&self, now: i64) -> PlaceImportState {
        match self.status {
            PlaceImportStatus::Done => PlaceImportState::Done,
            PlaceImportStatus::Failed => PlaceImportState::Failed,
            _ if now - self.heartbeat_at.max(self.created_at) > STALE_MS => {
                PlaceImportState::Interrupted
            }
            PlaceImportStatus::Running => PlaceImportState::Running,
            PlaceImportStatus::Queued => PlaceImportState::Queued,
        }
    }
    /// Percentage of rows processed (0–100).
    pub fn percent(&self) -> i64 {
        if self.total <= 0 {
            if self.status == PlaceImportStatus::Done {
                100
            } else {
                0
            }
        } else {
            (self.done * 100 / self.total).clamp(0, 100)
        }
    }
}

/// May this person follow this import? Its author, the admins of its network, instance admins.
pub fn may_see(who: &Principal, job: &ImportJob) -> bool {
    who.is_instance_admin()
        || job.created_by == Some(who.user.id)
        || job.network_id.is_some_and(|n| {
            authorize(Some(who), Action::ManageNetwork, &network_target(n)).is_ok()
        })
}

/// Which places an upload may update: every place for an instance administrator (or an
/// import without author), else only the places of its network ([`repo::MatchScope`]).
async fn scope_of(
    state: &AppState,
    created_by: Option<UserId>,
    network_id: Option<NetworkId>,
) -> AppResult<crate::places::repo::MatchScope> {
    use crate::places::repo::MatchScope;
    let Some(user) = created_by else {
        return Ok(MatchScope::Any);
    };
    let roles = crate::auth::identity::roles_of(&state.db, user).await?;
    if roles
        .iter()
        .any(|r| r.kind == crate::auth::identity::RoleKind::InstanceAdmin)
    {
        return Ok(MatchScope::Any);
    }
    Ok(network_id.map_or(MatchScope::None, MatchScope::Network))
}

/// What a new import needs.
pub struct NewImport<'a> {
    pub created_by: Option<UserId>,
    pub network_id: Option<NetworkId>,
    pub file_name: &'a str,
    pub format: Format,
    pub source: &'a str,
    pub mapping: &'a Mapping,
    pub content: &'a str,
    pub total: usize,
}

pub async fn create(db: &Db, n: NewImport<'_>, now: i64) -> AppResult<i64> {
    let mapping = serde_json::to_string(n.mapping).map_err(|e| AppError::Internal(e.into()))?;
    let id: i64 = db_run!(db, |p| {
        sqlx::query_scalar(
        "INSERT INTO place_imports (created_by, network_id, file_name, format, source, mapping, \
         content, total, created_at, heartbeat_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) \
         RETURNING id"
    )
    .bind(n.created_by)
    .bind(n.network_id)
    .bind(n.file_name)
    .bind(n.format)
    .bind(n.source)
    .bind(&mapping)
    .bind(n.content)
    .bind(n.total as i64)
    .bind(now)
    .fetch_one(p)
    .await
    })?;
    Ok(id)
}

pub async fn get(db: &Db, id: i64) -> AppResult<Option<ImportJob>> {
    let sql = format!("SELECT {COLUMNS} FROM place_imports WHERE id = $1");
    Ok(db_run!(db, |p| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

/// The per-row report of a finished import.
pub async fn report(db: &Db, id: i64) -> AppResult<Option<Report>> {
    let raw: Option<String> = db_run!(db, |p| sqlx::query_scalar(
        "SELECT report FROM place_imports WHERE id = $1 AND status = 'done'"
    )
    .bind(id)
    .fetch_optional(p)
    .await)?;
    Ok(raw.and_then(|r| serde_json::from_str(&r).ok()))
}

async fn write_progress(db: &Db, id: i64, p: &Progress, now: i64) -> AppResult<()> {
    db_run!(db, |pool| sqlx::query(
        "UPDATE place_imports SET total = $1, done = $2, imported = $3, updated = $4, \
         unchanged = $5, skipped = $6, heartbeat_at = $7 WHERE id = $8 AND status = 'running'"
    )
    .bind(p.total as i64)
    .bind(p.done as i64)
    .bind(p.imported as i64)
    .bind(p.updated as i64)
    .bind(p.unchanged as i64)
    .bind(p.skipped as i64)
    .bind(now)
    .bind(id)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

async fn fail(db: &Db, id: i64, error: &str, now: i64) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "UPDATE place_imports SET status = 'failed', error = $1, content = '', finished_at = $2, \
         heartbeat_at = $2 WHERE id = $3"
    )
    .bind(error)
    .bind(now)
    .bind(id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Starts the import in a task of this node.
pub fn spawn(state: AppState, id: i64) {
    tokio::spawn(async move {
        if let Err(e) = run(&state, id).await {
            tracing::warn!(import = id, error = %e, "place import failed");
            let _ = fail(
                &state.db,
                id,
                "erreur interne pendant l'import",
                state.clock.now_ms(),
            )
            .await;
        }
    });
}

/// Runs a queued import to its end (claimed by a conditional update: it runs once).
pub async fn run(state: &AppState, id: i64) -> AppResult<()> {
    let db = &state.db;
    let now = state.clock.now_ms();
    type Claimed = (
        Option<UserId>,
        Option<NetworkId>,
        String,
        Format,
        String,
        String,
        String,
    );
    let claimed: Option<Claimed> = db_run!(db, |p| sqlx::query_as(
        "UPDATE place_imports SET status = 'running', heartbeat_at = $1 \
         WHERE id = $2 AND status = 'queued' \
         RETURNING created_by, network_id, file_name, format, source, mapping, content"
    )
    .bind(now)
    .bind(id)
    .fetch_optional(p)
    .await)?;
    let Some((created_by, network_id, _file_name, format, source, mapping, content)) = claimed
    else {
        return Ok(());
    };
    let mapping: Mapping = serde_json::from_str(&mapping).unwrap_or_default();
    let table = match import::read(format, content.as_bytes()) {
        Ok(t) => t,
        Err(e) => return fail(db, id, &e, state.clock.now_ms()).await,
    };
    drop(content);
    let opts = import::Options {
        source,
        network_id,
        scope: scope_of(state, created_by, network_id).await?,
        user_id: created_by,
        batch: BATCH,
    };
    // The import calls back synchronously after each batch; a companion task writes the
    // newest progress into the row (progress not yet written is simply replaced).
    let (tx, mut rx) = tokio::sync::watch::channel(Progress::default());
    let writer = {
        let state = state.clone();
        tokio::spawn(async move {
            while rx.changed().await.is_ok() {
                let p = *rx.borrow_and_update();
                let _ = write_progress(&state.db, id, &p, state.clock.now_ms()).await;
            }
        })
    };
    let result = import::run(db, &table, &mapping, &opts, now, |p| {
        let _ = tx.send(*p);
        // A batch was written through no request: the directory's cached pages on this node
        // are checked again.
        state.pages.written();
    })
    .await;
    drop(tx);
    let _ = writer.await;
    let report = match result {
        Ok(r) => r,
        Err(AppError::BadRequest(m)) => return fail(db, id, &m, state.clock.now_ms()).await,
        Err(e) => return Err(e),
    };
    let json = serde_json::to_string(&report).map_err(|e| AppError::Internal(e.into()))?;
    let count = |o| report.count(o) as i64;
    let end = state.clock.now_ms();
    db_run!(db, |p| sqlx::query(
        "UPDATE place_imports SET status = 'done', total = $1, done = $1, imported = $2, \
         updated = $3, unchanged = $4, skipped = $5, report = $6, content = '', \
         finished_at = $7, heartbeat_at = $7 WHERE id = $8"
    )
    .bind(report.rows.len() as i64)
    .bind(count(import::Outcome::Imported))
    .bind(count(import::Outcome::Updated))
    .bind(count(import::Outcome::Unchanged))
    .bind(
        count(import::Outcome::Skipped)
            + count(import::Outcome::Duplicate)
            + count(import::Outcome::Repeated),
    )
    .bind(&json)
    .bind(end)
    .bind(id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// An import's progress in the API.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportProgressOut {
    pub id: i64,
    /// `interrupted`: the node running it stopped giving news.
    pub status: PlaceImportState,
    pub finished: bool,
    pub file_name: String,
    pub format: Format,
    /// Rows in the file.
    pub total: i64,
    /// Rows processed so far.
    pub done: i64,
    pub percent: i64,
    pub imported: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub skipped: i64,
    /// Why a failed import stopped.
    pub error: String,
    /// The per-row report (CSV), once done.
    pub report_url: Option<String>,
    /// The progress page.
    pub page_url: String,
    /// Once done: the summary, as the page shows it, and its counts (repairs by kind, rows
    /// without coordinates, values not stored by field).
    pub summary: Option<String>,
    pub counts: Option<import::Counts>,
}

impl ImportProgressOut {
    pub fn of(job: &ImportJob, now: i64) -> ImportProgressOut {
        let state = job.state(now);
        ImportProgressOut {
            id: job.id,
            status: state,
            finished: state.finished(),
            file_name: job.file_name.clone(),
            format: job.format,
            total: job.total,
            done: job.done,
            percent: job.percent(),
            imported: job.imported,
            updated: job.updated,
            unchanged: job.unchanged,
            skipped: job.skipped,
            error: job.error.clone(),
            report_url: (state == PlaceImportState::Done)
                .then(|| format!("/admin/lieux/import/{}/rapport.csv", job.id)),
            page_url: format!("/admin/lieux/import/{}", job.id),
            summary: None,
            counts: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(status: PlaceImportStatus, heartbeat_at: i64) -> ImportJob {
        ImportJob {
            id: 1,
            created_by: None,
            network_id: Some(NetworkId(2)),
            file_name: "lieux.csv".into(),
            format: Format::Csv,
            source: "upload:lieux".into(),
            status,
            total: 10,
            done: 5,
            imported: 5,
            updated: 0,
            unchanged: 0,
            skipped: 0,
            error: String::new(),
            created_at: 0,
            heartbeat_at,
            finished_at: None,
        }
    }

    #[test]
    fn a_silent_import_is_interrupted() {
        let now = STALE_MS + 1_000;
        assert_eq!(
            job(PlaceImportStatus::Running, now).state(now),
            PlaceImportState::Running
        );
        assert_eq!(
            job(PlaceImportStatus::Queued, now).state(now),
            PlaceImportState::Queued
        );
        let silent = job(PlaceImportStatus::Running, 0);
        assert_eq!(silent.state(now), PlaceImportState::Interrupted);
        assert!(silent.state(now).finished() && !silent.finished());
        assert_eq!(
            job(PlaceImportStatus::Done, 0).state(now),
            PlaceImportState::Done
        );
        let out = ImportProgressOut::of(&silent, now);
        let v = serde_json::to_value(&out).unwrap();
        assert_eq!(v["status"], "interrupted");
        assert_eq!(v["format"], "csv");
        assert_eq!(v["finished"], true);
        assert_eq!(v["report_url"], serde_json::Value::Null);
    }
}
