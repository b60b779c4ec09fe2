-- Issue 16: full-text search of events (the agenda's « q »). A `LIKE '%…%'` over every
-- event's title and description read all of them for each search (agenda searches at 114–338
-- ms mean latency under 16 connections with 20 000 events). The title and description,
-- folded as the query's words are (`text::fold_words`: lower case, no accents — « velo »
-- finds « Vélo »), are stored as a `tsvector('simple')` in a generated column, so every way
-- an event is written (imports and the demo's batches included) keeps it right, and a GIN
-- index serves the search. Stored rather than an index expression (as for places, 0012): an
-- agenda read in date order tests each event's vector as it is, where an expression parsed
-- the text again for each candidate (0.04 ms an event, 35 ms for a frequent word).
ALTER TABLE events ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (
    to_tsvector('simple',
        replace(replace(replace(replace(lower(translate(title || ' ' || description,
            'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝŸàáâãäåçèéêëìíîïñòóôõöøùúûüýÿ',
            'AAAAAACEEEEIIIINOOOOOOUUUUYYaaaaaaceeeeiiiinoooooouuuuyy')),
            'œ', 'oe'), 'æ', 'ae'), 'ß', 'ss'), '’', ' '))
) STORED;
CREATE INDEX events_search ON events USING GIN (search_tsv);

-- A place's agenda lists the events it organises or hosts (`place_id = $1 OR
-- location_place_id = $2`): the host had no index, so its agenda read every date to come
-- with each event's row (7.3 ms for the 1 000 events of the national data set's largest
-- place, 3.0 ms through both indexes), and deleting a place (`ON DELETE SET NULL`) read every
-- event.
CREATE INDEX events_location ON events(location_place_id);
