-- Issue 16: full-text search of events (the agenda's « q »). A `LIKE '%…%'` over every
-- event's title and description read all of them for each search (agenda searches at 114–338
-- ms mean latency under 16 connections with 20 000 events). An FTS5 index over both columns,
-- kept by triggers (so every way an event is written, imports and the demo's batches
-- included, keeps it right), folding case and accents as the query's words are folded
-- (`text::fold_words`): « velo » finds « Vélo ». The tokenizer folds accents, not ligatures:
-- those are written out (« oeuvre » finds « Œuvre »). Contentless: only the rowid, the
-- event's id, is ever read back.
CREATE VIRTUAL TABLE events_fts USING fts5(
    title, description, content = '',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO events_fts (rowid, title, description)
SELECT id, replace(replace(replace(replace(replace(title, 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae'), 'ß', 'ss'), replace(replace(replace(replace(replace(description, 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae'), 'ß', 'ss') FROM events;

CREATE TRIGGER events_fts_i AFTER INSERT ON events BEGIN
    INSERT INTO events_fts (rowid, title, description)
    VALUES (new.id, replace(replace(replace(replace(replace(new.title, 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae'), 'ß', 'ss'), replace(replace(replace(replace(replace(new.description, 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae'), 'ß', 'ss'));
END;
CREATE TRIGGER events_fts_d AFTER DELETE ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, title, description)
    VALUES ('delete', old.id, replace(replace(replace(replace(replace(old.title, 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae'), 'ß', 'ss'), replace(replace(replace(replace(replace(old.description, 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae'), 'ß', 'ss'));
END;
CREATE TRIGGER events_fts_u AFTER UPDATE OF title, description ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, title, description)
    VALUES ('delete', old.id, replace(replace(replace(replace(replace(old.title, 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae'), 'ß', 'ss'), replace(replace(replace(replace(replace(old.description, 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae'), 'ß', 'ss'));
    INSERT INTO events_fts (rowid, title, description)
    VALUES (new.id, replace(replace(replace(replace(replace(new.title, 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae'), 'ß', 'ss'), replace(replace(replace(replace(replace(new.description, 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae'), 'ß', 'ss'));
END;

-- A place's agenda lists the events it organises or hosts (`place_id = $1 OR
-- location_place_id = $2`): the host had no index, so its agenda read every date to come
-- with each event's row (7.3 ms for the 1 000 events of the national data set's largest
-- place, 3.0 ms through both indexes), and deleting a place (`ON DELETE SET NULL`) read every
-- event.
CREATE INDEX events_location ON events(location_place_id);
