//! Database access: the backend is chosen at run time from the URL.
//!
//! Every repository function writes its SQL once, in the subset SQLite and PostgreSQL share
//! (`$1` placeholders, `RETURNING`, `ON CONFLICT`), and runs it through [`db_run!`] or
//! [`db_tx!`], which expand the same body for each typed pool. The few places where the two
//! engines really differ are written side by side in [`dialect`].

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub mod dialect;
pub mod search;

/// One pool per backend, behind one enum so the types of each driver are kept.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs the same block against whichever pool is in use; `$pool` is bound to it.
#[macro_export]
macro_rules! db_run {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs an `async { … }` block inside a write transaction: `BEGIN IMMEDIATE` on SQLite (the
/// writer lock is taken at once, so two writers never deadlock on an upgrade), the default
/// `BEGIN` on PostgreSQL. `$tx` is the transaction; use `&mut *$tx` as executor. The block is
/// awaited here and its value must be a `Result`: `Ok` commits, `Err` rolls back, and the
/// macro's value is the block's. The body must be an async block so that every way out of it —
/// its end, a `?`, a `return` — leaves the block only and goes through the commit or the
/// rollback (with a plain block, a `return` left the caller's function with the transaction
/// dropped: its writes silently rolled back).
///
/// ```compile_fail
/// # async fn f(db: &maillage::db::Db) -> maillage::error::AppResult<()> {
/// // A plain block is refused: the body must be `async { … }`.
/// maillage::db_tx!(db, |tx| { Ok::<(), maillage::error::AppError>(()) })
/// # }
/// ```
#[macro_export]
macro_rules! db_tx {
    ($db:expr, |$tx:ident| async $body:block) => {
        match $db {
            $crate::db::Db::Sqlite(pool) => {
                let mut $tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                match async $body.await {
                    Ok(v) => {
                        $tx.commit().await?;
                        Ok(v)
                    }
                    Err(e) => {
                        // The block's error is the one to report, not the rollback's.
                        let _ = $tx.rollback().await;
                        Err(e)
                    }
                }
            }
            $crate::db::Db::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                match async $body.await {
                    Ok(v) => {
                        $tx.commit().await?;
                        Ok(v)
                    }
                    Err(e) => {
                        let _ = $tx.rollback().await;
                        Err(e)
                    }
                }
            }
        }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Db {
    /// Connects to `url` (`sqlite://path` or `postgres://…`). A SQLite file and its parent
    /// directory are created when missing.
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            if let Some(parent) = opts.get_filename().parent() {
                if !parent.as_os_str().is_empty() {
                    std::fs::create_dir_all(parent)?;
                }
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(opts)
                .await?;
            Ok(Db::Sqlite(pool))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let mut opts = PgConnectOptions::from_str(url)?;
            // Just-in-time compilation pays for long analytical queries; the application's are
            // short, and PostgreSQL compiled the agenda of a national network for 37–78 ms per
            // request because its estimated cost passed `jit_above_cost` (issue 16). Off unless
            // the URL's `options` says otherwise.
            if !url.contains("jit") {
                opts = opts.options([("jit", "off")]);
            }
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Ok(Db::Postgres(pool))
        } else {
            anyhow::bail!(
                "URL de base de données non reconnue : elle doit commencer par sqlite:// ou postgres://"
            )
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the embedded migrations of the backend in use.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Db::Sqlite(p) => sqlx::migrate!("migrations/sqlite").run(p).await?,
            Db::Postgres(p) => sqlx::migrate!("migrations/postgres").run(p).await?,
        }
        Ok(())
    }

    /// The sum of the change counters `names` (`data_changes`, migration 0044: most count
    /// every insert, update or delete of the table they are named after, cascades included;
    /// their triggers say which changes count). It moves whenever one of them does, so a value
    /// drawn from what they count can be kept until it changes (`cache::Keep::UntilChanged`).
    /// One read of a few rows by key.
    pub async fn changes(&self, names: &[&str]) -> Result<i64, sqlx::Error> {
        let marks = (1..=names.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM data_changes WHERE name IN ({marks})"
        );
        db_run!(self, |p| {
            let mut q = sqlx::query_scalar::<_, i64>(&sql);
            for n in names {
                q = q.bind(*n);
            }
            q.fetch_one(p).await
        })
    }

    /// A cheap round-trip, for `/healthz`.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        db_run!(self, |p| sqlx::query("SELECT 1")
            .execute(p)
            .await
            .map(|_| ()))
    }

    pub async fn close(&self) {
        db_run!(self, |p| p.close().await)
    }
}

/// `1, 2, 3`: integer ids written into a statement's `IN (…)`. Integers cannot carry SQL, and
/// a list needs no placeholder per id (sqlx's SQLite driver looks up every numbered `$N` by
/// name, in time quadratic in their number). Callers skip the query for an empty list.
pub fn id_list(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Hides the password of a database URL, for logs.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_lists_are_plain_integers() {
        assert_eq!(id_list(&[3, -1, 42]), "3, -1, 42");
        assert_eq!(id_list(&[i64::MAX]), "9223372036854775807");
    }

    #[test]
    fn redacts_password() {
        assert_eq!(
            redact_url("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact_url("sqlite://data/m.db"), "sqlite://data/m.db");
    }
}
