//! Every place where SQLite and PostgreSQL differ, side by side. Code outside `src/db/` never
//! asks which engine it runs on: it calls one of these functions (`scripts/check-dialect.sh`
//! keeps it so).
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
// Parameters

/// The statement to prepare for `sql` and its arguments in binding order. SQLite: `$N`
/// placeholders become anonymous `?`, and the arguments are listed in the order they appear
/// (repeating those used twice). sqlx's SQLite driver asks SQLite for the name of every
/// numbered parameter, and SQLite finds each name by walking the list of all of them: binding
/// a statement of 6 000 `$N` took a fifth of a 50 000-row import (`perf`). Anonymous
/// parameters have no name to look up. PostgreSQL: the statement and arguments as they are.
/// `$` is only read outside quoted literals.
pub fn positional<A: Clone>(backend: Backend, sql: &str, args: &[A]) -> (String, Vec<A>) {
    if backend != Backend::Sqlite {
        return (sql.to_string(), args.to_vec());
    }
    let mut out = String::with_capacity(sql.len());
    let mut ordered = Vec::with_capacity(args.len());
    let mut quoted = false;
    let mut chars = sql.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c == '\'' {
            quoted = !quoted;
        }
        if c != '$' || quoted {
            out.push(c);
            continue;
        }
        let mut n = 0usize;
        let mut digits = 0;
        while let Some(d) = chars.peek().and_then(|(_, d)| d.to_digit(10)) {
            n = n * 10 + d as usize;
            digits += 1;
            chars.next();
        }
        match args.get(n.wrapping_sub(1)) {
            Some(a) if digits > 0 => {
                out.push('?');
                ordered.push(a.clone());
            }
            _ => {
                out.push('$');
                if digits > 0 {
                    out.push_str(&n.to_string());
                }
            }
        }
    }
    (out, ordered)
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

/// Full-text search of places (`p`) against bind parameter `$n`, and the value to bind; each
/// of `terms` (folded) is a prefix, all must match. SQLite: FTS5 over the folded, stemmed
/// column, `places_fts` (see [`places_fts`]), queried `"t1"* AND "t2"*`. PostgreSQL: the
/// GIN-indexed `tsvector('simple')` of the same column, stored in `search_tsv` (migration
/// 0012) and read as it is, with no parsing per candidate, queried `t1:* & t2:*`.
pub fn places_search_condition(backend: Backend, terms: &[String], n: usize) -> (String, String) {
    stored_search_condition(backend, "places", "p.id", "p", terms, n)
}

/// Full-text search of `table`'s rows against bind parameter `$n`, through an index stored for
/// each row, and the value to bind; each of `terms` (folded) is a prefix, all must match.
/// SQLite: the FTS5 table `{table}_fts` whose rowid is the row's id, tested against `key` (the
/// id's expression: `o.event_id` tests an event before its row is read). PostgreSQL: the
/// GIN-indexed `tsvector('simple')` stored in `{alias}.search_tsv` (a generated column, read as
/// it is, with no text parsed per candidate). Places (migrations 0002, 0012) and events (0045).
pub fn stored_search_condition(
    backend: Backend,
    table: &str,
    key: &str,
    alias: &str,
    terms: &[String],
    n: usize,
) -> (String, String) {
    match backend {
        Backend::Sqlite => (
            format!("{key} IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ${n})"),
            terms
                .iter()
                .map(|t| format!("\"{t}\"*"))
                .collect::<Vec<_>>()
                .join(" AND "),
        ),
        Backend::Postgres => (
            format!("{alias}.search_tsv @@ to_tsquery('simple', ${n})"),
            terms
                .iter()
                .map(|t| format!("{t}:*"))
                .collect::<Vec<_>>()
                .join(" & "),
        ),
    }
}

/// The table that holds the places' full-text index apart from `places`, when there is one.
/// SQLite: `places_fts`, an FTS5 table whose `rowid` is the place's id and `search_text` its
/// folded text (migration 0002). The application writes it itself, next to each write of
/// `places` (no trigger keeps it, unlike the tables of [`search_condition`]); and it can be
/// read and counted alone, far cheaper than probing every place. PostgreSQL: `None`; the index
/// is a GIN index over a column of `places` itself (`search_tsv`, generated from
/// `search_text`), so there is nothing more to write and nothing to read alone.
pub fn places_fts(backend: Backend) -> Option<&'static str> {
    match backend {
        Backend::Sqlite => Some("places_fts"),
        Backend::Postgres => None,
    }
}

/// The planner setting a search alone of the places runs under (in a transaction of its own,
/// `SET LOCAL`), when the engine's own choice must be corrected. PostgreSQL: no sequential
/// scan. For a frequent word (« coworking »: 14 132 of 50 000 places) it estimates a test of
/// every row cheaper than the GIN index, but a stored `tsvector` costs about a microsecond a
/// row to test: 38–44 ms to count the matches that way against 20 ms through the index, and
/// 24 ms for the page and the count together (`EXPLAIN ANALYZE`). A rare word is read through
/// the index either way. SQLite: none; its search is read from the FTS table ([`places_fts`]).
pub fn places_search_setting(backend: Backend) -> Option<&'static str> {
    match backend {
        Backend::Postgres => Some("SET LOCAL enable_seqscan = off"),
        Backend::Sqlite => None,
    }
}

/// Does a page of search results sort its matches rather than walk the names in order?
/// PostgreSQL: yes. Its planner expects matches spread evenly along the names, but a word
/// like "tiers-lieu" or "coworking" often begins the names it matches, all in one stretch of
/// the name index (37 ms for "tiers lieux" among 50 000 places, against 11 ms through the
/// search index and a sort; EXPLAIN ANALYZE). SQLite: no; a search alone is read from the FTS
/// table ([`places_fts`]), and a search with other filters walks the names in order.
pub fn sorts_search_matches(backend: Backend) -> bool {
    match backend {
        Backend::Postgres => true,
        Backend::Sqlite => false,
    }
}

// ---------------------------------------------------------------------------------------------
// JSON objects stored as text, summed over many rows

/// The `FROM` item, aliased `alias`, of an aggregate over the JSON objects stored as text in
/// `column` of the rows of `table` that match `filter` (a condition on the table's own
/// columns, `keep` the other columns the aggregate reads). SQLite: the table itself (its JSON
/// functions reuse a parse within a statement). PostgreSQL: a subquery that parses each row
/// once into `{column}_json`, fenced with `OFFSET 0` — pulled up into the aggregate,
/// `::jsonb` was parsed again for every reference to it (three per figure: 5.2 s against
/// 0.3 s for the 25 000 census answers of a national network). Read its keys with
/// [`json_number_key`].
pub fn json_rows_from(
    backend: Backend,
    table: &str,
    column: &str,
    alias: &str,
    keep: &[&str],
    filter: &str,
) -> String {
    match backend {
        Backend::Sqlite => format!("{table} {alias}"),
        Backend::Postgres => format!(
            "(SELECT {}, {column}::jsonb AS {column}_json FROM {table} WHERE {filter} OFFSET 0) {alias}",
            keep.join(", ")
        ),
    }
}

/// For `key` of the JSON objects of [`json_rows_from`]: the conditions "the object holds it"
/// and "its value is a number", and that value as a float. `key` must be a plain identifier
/// (`[a-z][a-z0-9_]*`, checked by the caller): it is written into the statement.
pub fn json_number_key(
    backend: Backend,
    alias: &str,
    column: &str,
    key: &str,
) -> (String, String, String) {
    match backend {
        Backend::Sqlite => (
            format!("json_type({alias}.{column}, '$.{key}') IS NOT NULL"),
            format!("json_type({alias}.{column}, '$.{key}') IN ('integer', 'real')"),
            format!("CAST(json_extract({alias}.{column}, '$.{key}') AS REAL)"),
        ),
        Backend::Postgres => (
            format!("({alias}.{column}_json -> '{key}') IS NOT NULL"),
            format!("jsonb_typeof({alias}.{column}_json -> '{key}') = 'number'"),
            format!("({alias}.{column}_json ->> '{key}')::float8"),
        ),
    }
}

/// The integer part, rounded down, of the numeric SQL expression `expr` (a map cell's
/// column): `CAST` truncates on SQLite (the same for the non-negative values it is given),
/// rounds on PostgreSQL, which has `FLOOR` for it.
pub fn floor_int(backend: Backend, expr: &str) -> String {
    match backend {
        Backend::Sqlite => format!("CAST(({expr}) AS INTEGER)"),
        Backend::Postgres => format!("CAST(FLOOR({expr}) AS BIGINT)"),
    }
}

// ---------------------------------------------------------------------------------------------
// Plans and statistics

/// What follows `FROM table alias` to pin a statement on `index`. SQLite: `INDEXED BY
/// {index}`; it runs without statistics (see [`analyze_places`]) and, without them, prefers
/// any equality index, so the plans that matter are pinned. PostgreSQL: nothing (it has no
/// such hint); its plans follow the statistics [`analyze_places`] refreshes.
pub fn index_hint(backend: Backend, index: &str) -> String {
    match backend {
        Backend::Sqlite => format!("INDEXED BY {index}"),
        Backend::Postgres => String::new(),
    }
}

/// Refreshes the planner's statistics on places after many writes. PostgreSQL: without
/// them, right after 50 000 new rows, it believes the table is tiny and never uses the
/// full-text index (a search took 0.86 s instead of 25 ms). `lookup`: only the columns an
/// import looks rows up by (cheap, during an import); otherwise those the directory filters,
/// sorts and searches on (at the end), then a `VACUUM` merges the search index's pending
/// entries. The column lists leave out long texts (`description`, `search_text`): a
/// whole-table ANALYZE of 50 000 places took 0.42 s, these 0.08 s (`\timing` in psql).
/// SQLite: nothing. It runs without statistics, its plans pinned where that matters
/// ([`index_hint`], `CROSS JOIN`): with those of `ANALYZE`, its searches read every match and
/// sorted them (1.7 → 17 ms for « lavoir »).
pub async fn analyze_places(db: &Db, lookup: bool) -> Result<(), sqlx::Error> {
    match db {
        Db::Sqlite(_) => {}
        Db::Postgres(pool) => {
            if lookup {
                sqlx::query("ANALYZE places (source, source_id, slug)")
                    .execute(pool)
                    .await?;
                return Ok(());
            }
            sqlx::query(
                "ANALYZE places (source, source_id, slug, moderation, name, department, region, city, \
                 latitude, longitude, updated_at, siret, search_tsv), place_typologies, network_places",
            )
            .execute(pool)
            .await?;
            // New index entries wait in the search index's pending list, which every search
            // reads through until a vacuum merges it: 16 000 entries after a 50 000-row import
            // made a search for a word found nowhere take 2.5 ms instead of 0.4. VACUUM merges
            // them (as `gin_clean_pending_list` would) and marks the new rows visible to all, so
            // that autovacuum does not start the same work under the first searches (24 ms for
            // 50 000 places). Maintenance only: a database user that does not own the table is
            // warned and skipped by PostgreSQL, and the import is done anyway.
            if let Err(e) = sqlx::query("VACUUM places").execute(pool).await {
                tracing::warn!(error = %e, "places not vacuumed after the import");
            }
        }
    }
    Ok(())
}

/// After rows were written with their ids given (generated data, `maillage demo --scale`),
/// makes the next id the database hands out follow the largest of `tables`' ids.
/// PostgreSQL: the identity columns draw from a sequence that explicit ids do not move;
/// `setval` moves it (nothing for an empty table). SQLite: nothing; an `INTEGER PRIMARY KEY`
/// always takes the largest id plus one.
pub async fn follow_explicit_ids(db: &Db, tables: &[&str]) -> Result<(), sqlx::Error> {
    if let Db::Postgres(pool) = db {
        for t in tables {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{t}', 'id'), m) FROM (SELECT MAX(id) AS m FROM {t}) s WHERE m IS NOT NULL"
            ))
            .execute(pool)
            .await?;
        }
    }
    Ok(())
}

/// Statistics after a bulk load of every table (`maillage demo --scale`). PostgreSQL: a
/// whole-database `ANALYZE`, then [`analyze_places`] (its `VACUUM` merges the pending entries
/// of the places' search index). SQLite: nothing, for the reason [`analyze_places`] gives:
/// the application runs it without statistics, its plans pinned where that matters, and
/// `ANALYZE` would leave a `sqlite_stat1` that changes those plans for good — a generated
/// database would no longer behave like a real instance. A checkpoint folds the write-ahead
/// log back into the database file instead.
pub async fn analyze_all(db: &Db) -> Result<(), sqlx::Error> {
    match db {
        Db::Sqlite(pool) => {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(pool)
                .await?;
        }
        Db::Postgres(pool) => {
            sqlx::query("ANALYZE").execute(pool).await?;
            analyze_places(db, false).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positional_placeholders_for_sqlite() {
        let args = ["7", "a", "b"];
        let sql = "INSERT INTO t VALUES ($2, $1, '$1 stays', $3, $1), ($10, $)";
        let (s, a) = positional(Backend::Sqlite, sql, &args);
        assert_eq!(s, "INSERT INTO t VALUES (?, ?, '$1 stays', ?, ?), ($10, $)");
        assert_eq!(a, ["a", "7", "b", "7"]);
        // PostgreSQL keeps its numbered parameters.
        let (s, a) = positional(Backend::Postgres, sql, &args);
        assert_eq!(s, sql);
        assert_eq!(a, ["7", "a", "b"]);
        // Multi-byte text around placeholders is kept whole.
        let (s, a) = positional(Backend::Sqlite, "SELECT 'é$1' || $1 || 'ü'", &args[..1]);
        assert_eq!(s, "SELECT 'é$1' || ? || 'ü'");
        assert_eq!(a, ["7"]);
    }

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
        assert_eq!(
            places_search_condition(Backend::Sqlite, &w, 1),
            (
                "p.id IN (SELECT rowid FROM places_fts WHERE places_fts MATCH $1)".into(),
                "\"tiers\"* AND \"lieu\"*".into()
            )
        );
        assert_eq!(
            places_search_condition(Backend::Postgres, &w, 1),
            (
                "p.search_tsv @@ to_tsquery('simple', $1)".into(),
                "tiers:* & lieu:*".into()
            )
        );
        assert_eq!(
            stored_search_condition(Backend::Sqlite, "events", "o.event_id", "e", &w, 3).0,
            "o.event_id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH $3)"
        );
        assert_eq!(
            stored_search_condition(Backend::Postgres, "events", "o.event_id", "e", &w, 3).0,
            "e.search_tsv @@ to_tsquery('simple', $3)"
        );
    }

    #[test]
    fn json_rows_are_parsed_once_on_postgres() {
        let from = json_rows_from(Backend::Postgres, "t", "doc", "r", &["id"], "id > 0");
        assert_eq!(
            from,
            "(SELECT id, doc::jsonb AS doc_json FROM t WHERE id > 0 OFFSET 0) r"
        );
        assert_eq!(
            json_rows_from(Backend::Sqlite, "t", "doc", "r", &["id"], "id > 0"),
            "t r"
        );
        let (held, num, value) = json_number_key(Backend::Postgres, "r", "doc", "n");
        assert_eq!(held, "(r.doc_json -> 'n') IS NOT NULL");
        assert_eq!(num, "jsonb_typeof(r.doc_json -> 'n') = 'number'");
        assert_eq!(value, "(r.doc_json ->> 'n')::float8");
        let (held, _, value) = json_number_key(Backend::Sqlite, "r", "doc", "n");
        assert_eq!(held, "json_type(r.doc, '$.n') IS NOT NULL");
        assert_eq!(value, "CAST(json_extract(r.doc, '$.n') AS REAL)");
    }

    #[test]
    fn hints_and_locks_exist_on_one_engine_only() {
        assert_eq!(
            index_hint(Backend::Sqlite, "places_geo"),
            "INDEXED BY places_geo"
        );
        assert_eq!(index_hint(Backend::Postgres, "places_geo"), "");
        assert_eq!(for_update_of(Backend::Postgres, "o"), " FOR UPDATE OF o");
        assert_eq!(for_update_of(Backend::Sqlite, "o"), "");
        assert_eq!(places_fts(Backend::Sqlite), Some("places_fts"));
        assert_eq!(places_fts(Backend::Postgres), None);
    }
}
