-- Place search (issue 3, performance): PostgreSQL stores its search vector in a generated
-- column from this migration on. SQLite needs nothing: its full-text table `places_fts`
-- already stores the index of `search_text`. Kept so both engines share migration numbers.
SELECT 1;
