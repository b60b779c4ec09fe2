//! Full-text search, the one place where SQLite (FTS5, `unicode61 remove_diacritics 2`) and
//! PostgreSQL (`to_tsvector('simple')` over a text already folded by [`fold_words`](crate::text::fold_words)) differ. Each
//! word of the query is a prefix; all words must match.

use crate::db::Db;
use crate::text::fold_words;

/// The words of a query, folded (lower case, no accents, letters and digits only).
pub fn words(query: &str) -> Vec<String> {
    fold_words(query)
        .split_whitespace()
        .take(8)
        .map(str::to_string)
        .collect()
}

/// The condition matching `table`'s row aliased `alias` against bind parameter `$n`, and the
/// value to bind, or `None` when the query has no word. On SQLite the FTS table is
/// `{table}_fts` with `rowid` = the row's id.
pub fn condition(
    db: &Db,
    table: &str,
    alias: &str,
    n: usize,
    query: &str,
) -> Option<(String, String)> {
    let w = words(query);
    if w.is_empty() {
        return None;
    }
    Some(match db {
        Db::Sqlite(_) => (
            format!("{alias}.id IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ${n})"),
            w.iter()
                .map(|w| format!("\"{w}\"*"))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Db::Postgres(_) => (
            format!("to_tsvector('simple', {alias}.search_text) @@ to_tsquery('simple', ${n})"),
            w.iter()
                .map(|w| format!("{w}:*"))
                .collect::<Vec<_>>()
                .join(" & "),
        ),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn words_are_folded_and_safe() {
        assert_eq!(
            super::words("Trésorier \"OR\" *x"),
            vec!["tresorier", "or", "x"]
        );
        assert!(super::words(" ' ").is_empty());
    }
}
