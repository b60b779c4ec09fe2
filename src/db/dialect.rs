//! The few places where SQLite and PostgreSQL differ, side by side.

use super::Db;

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
