//! Full-text search of decisions and documents: the words of a query, folded by [`fold_words`](crate::text::fold_words), and
//! the condition matching them, which [`dialect::search_condition`] writes for each engine
//! (SQLite FTS5, PostgreSQL `to_tsvector('simple')`). Each word of the query is a prefix; all
//! words must match.

use super::{dialect, Db};
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
/// value to bind, or `None` when the query has no word. Each engine's way:
/// [`dialect::search_condition`].
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
    Some(dialect::search_condition(db.backend(), table, alias, n, &w))
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
