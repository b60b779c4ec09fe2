-- Place search (issue 3, performance): the search vector is stored once per place instead of
-- being an index expression. A search then reads each candidate's vector as it is instead of
-- parsing `search_text` again, and ANALYZE reads the vectors instead of computing them
-- (0.45 s of a 0.54 s ANALYZE for 50 000 places). The column is generated, so every write of
-- `search_text` keeps it right.
ALTER TABLE places ADD COLUMN search_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
CREATE INDEX places_search_tsv ON places USING GIN (search_tsv);
DROP INDEX places_search;
