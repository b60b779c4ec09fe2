-- Actor imports (issue 18 point 8): where an imported actor comes from, so that importing
-- the same file again updates it instead of adding a second one. The source names the scope
-- and the file (`lieu-1:acteurs`, `reseau-2:gogocarto`); the source id is the row's
-- identifier (its `id` column, or its name, postcode and commune folded). Both empty for an
-- actor typed in a form or sent to the API. The fingerprint (SHA-256 of the validated row)
-- tells an unchanged row: the actor is left as it is, with any edit made since.
ALTER TABLE actors ADD COLUMN import_source TEXT NOT NULL DEFAULT '';
ALTER TABLE actors ADD COLUMN import_source_id TEXT NOT NULL DEFAULT '';
ALTER TABLE actors ADD COLUMN import_fingerprint TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX actors_import_key ON actors(import_source, import_source_id) WHERE import_source <> '';
