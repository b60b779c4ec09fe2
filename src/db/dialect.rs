//! The places where SQLite and PostgreSQL differ, side by side.
//!
//! Functions that only write SQL text take the engine as a [`Backend`] (`db.backend()`);
//! those that run a statement take the [`Db`].

use super::{Backend, Db};

// ---------------------------------------------------------------------------------------------
// Errors and schema

/// Is this error a violation of a unique constraint? (SQLite code 2067/1555, PostgreSQL 23505.)
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Database(e) => matches!(
            e.code().as_deref(),
            Some("2067") | Some("1555") | Some("23505")
        ),
        _ => false,
    }
}

/// Names of the user tables and their columns, to check that both migration trees agree.
/// Search structures proper to one engine are left out: SQLite's FTS tables and PostgreSQL's
/// generated columns (`places.search_tsv`).
pub async fn schema_columns(db: &Db) -> Result<Vec<(String, String)>, sqlx::Error> {
    let rows: Vec<(String, String)> = match db {
        Db::Sqlite(p) => {
            sqlx::query_as(
                "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%' \
                 AND m.name NOT LIKE '%\\_fts%' ESCAPE '\\' \
                 ORDER BY m.name, p.name",
            )
            .fetch_all(p)
            .await?
        }
        Db::Postgres(p) => {
            sqlx::query_as(
                "SELECT table_name::text, column_name::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name NOT LIKE '_sqlx%' \
                 AND is_generated = 'NEVER' \
                 ORDER BY table_name, column_name",
            )
            .fetch_all(p)
            .await?
        }
    };
    Ok(rows)
}

/// Does a table exist? SQLite lists its tables in `sqlite_master`; PostgreSQL in
/// `information_schema.tables`, where only the current schema (the one unqualified names
/// resolve to) counts.
pub async fn table_exists(db: &Db, name: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = match db {
        Db::Sqlite(p) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1")
                .bind(name)
                .fetch_one(p)
                .await?
        }
        Db::Postgres(p) => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1",
            )
            .bind(name)
            .fetch_one(p)
            .await?
        }
    };
    Ok(n > 0)
}

// ---------------------------------------------------------------------------------------------
// Locks

/// The statement that serializes bookings of one space inside a write transaction and reads
/// its capacity. PostgreSQL: a row lock on the space (`FOR UPDATE`), held until commit, so two
/// transactions booking the same space (from any app node) run one after the other, and the
/// next statement (READ COMMITTED) sees what the previous one committed. SQLite: the
/// transaction already holds the database's single writer lock (`BEGIN IMMEDIATE`).
pub fn lock_space_sql(db: &Db) -> &'static str {
    match db {
        Db::Sqlite(_) => "SELECT capacity FROM spaces WHERE id = $1",
        Db::Postgres(_) => "SELECT capacity FROM spaces WHERE id = $1 FOR UPDATE",
    }
}

/// What ends a `SELECT` that must lock the rows of `alias` until the write transaction ends
/// (before counting seats, say). PostgreSQL: ` FOR UPDATE OF {alias}`, a row lock on that
/// table's rows only (not on the rows joined to them); a second transaction waits for it, then
/// (READ COMMITTED) reads what the first committed. SQLite: nothing; it has no row locks and
/// needs none, as every write transaction opens with `BEGIN IMMEDIATE` and so already holds
/// the database's single writer lock.
pub fn for_update_of(backend: Backend, alias: &str) -> String {
    match backend {
        Backend::Postgres => format!(" FOR UPDATE OF {alias}"),
        Backend::Sqlite => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Full-text search

/// The condition matching the row `alias` of `table` against bind parameter `$n`, and the
/// value to bind, for words already folded (lower case, no accents, letters and digits only).
/// Each word is a prefix; all must match. SQLite: the FTS5 table `{table}_fts`
/// (`unicode61 remove_diacritics 2`, `rowid` = the row's id, kept in step by triggers), with
/// the query `"w1"* "w2"*`. PostgreSQL: `to_tsvector('simple', {alias}.search_text)`,
/// computed per candidate row, with the query `w1:* & w2:*`. For the tables searched that way
/// (decisions, documents).
pub fn search_condition(
    backend: Backend,
    table: &str,
    alias: &str,
    n: usize,
    words: &[String],
) -> (String, String) {
    match backend {
        Backend::Sqlite => (
            format!("{alias}.id IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ${n})"),
            words
                .iter()
                .map(|w| format!("\"{w}\"*"))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Backend::Postgres => (
            format!("to_tsvector('simple', {alias}.search_text) @@ to_tsquery('simple', ${n})"),
            words
                .iter()
                .map(|w| format!("{w}:*"))
                .collect::<Vec<_>>()
                .join(" & "),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_conditions_side_by_side() {
        let w = vec!["tiers".to_string(), "lieu".to_string()];
        assert_eq!(
            search_condition(Backend::Sqlite, "documents", "d", 5, &w),
            (
                "d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH $5)".into(),
                "\"tiers\"* \"lieu\"*".into()
            )
        );
        assert_eq!(
            search_condition(Backend::Postgres, "documents", "d", 5, &w),
            (
                "to_tsvector('simple', d.search_text) @@ to_tsquery('simple', $5)".into(),
                "tiers:* & lieu:*".into()
            )
        );
    }

    #[test]
    fn locks_exist_on_one_engine_only() {
        assert_eq!(for_update_of(Backend::Postgres, "o"), " FOR UPDATE OF o");
        assert_eq!(for_update_of(Backend::Sqlite, "o"), "");
    }
}
