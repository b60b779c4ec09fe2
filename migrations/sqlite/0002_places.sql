-- Places: the full record, typologies, history, contributions, claims and search.
-- The search column holds the text already folded (lower case, no accents) and stemmed
-- (Snowball French) by the application, so both backends match the same words.

ALTER TABLE places ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
ALTER TABLE places ADD COLUMN moderation TEXT NOT NULL DEFAULT 'published';
ALTER TABLE places ADD COLUMN refusal_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE places ADD COLUMN created_by BIGINT REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE places ADD COLUMN street TEXT NOT NULL DEFAULT '';
ALTER TABLE places ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE places ADD COLUMN insee_code TEXT NOT NULL DEFAULT '';
ALTER TABLE places ADD COLUMN department TEXT NOT NULL DEFAULT '';
ALTER TABLE places ADD COLUMN region TEXT NOT NULL DEFAULT '';
ALTER TABLE places ADD COLUMN latitude DOUBLE PRECISION;
ALTER TABLE places ADD COLUMN longitude DOUBLE PRECISION;
ALTER TABLE places ADD COLUMN opening_hours TEXT NOT NULL DEFAULT '';
ALTER TABLE places ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE places ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE places ADD COLUMN website TEXT NOT NULL DEFAULT '';
ALTER TABLE places ADD COLUMN social_links TEXT NOT NULL DEFAULT '';
ALTER TABLE places ADD COLUMN services TEXT NOT NULL DEFAULT '';
ALTER TABLE places ADD COLUMN accessibility TEXT NOT NULL DEFAULT '';
ALTER TABLE places ADD COLUMN siret TEXT NOT NULL DEFAULT '';
ALTER TABLE places ADD COLUMN charter_adopted_on TEXT NOT NULL DEFAULT '';
ALTER TABLE places ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE places ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE places ADD COLUMN source_id TEXT NOT NULL DEFAULT '';
ALTER TABLE places ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

CREATE UNIQUE INDEX places_source ON places(source, source_id) WHERE source <> '';
CREATE INDEX places_directory ON places(moderation, name, id);
CREATE INDEX places_department ON places(department, moderation);
CREATE INDEX places_region ON places(region, moderation);
CREATE INDEX places_city ON places(city);
CREATE INDEX places_updated ON places(updated_at);
CREATE INDEX places_geo ON places(latitude, longitude);
CREATE INDEX places_siret ON places(siret) WHERE siret <> '';

ALTER TABLE networks ADD COLUMN data_licence TEXT NOT NULL DEFAULT 'etalab-2.0';

CREATE TABLE typologies (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    position BIGINT NOT NULL DEFAULT 0
);
INSERT INTO typologies (slug, name, position) VALUES
  ('coworking', 'Coworking', 1),
  ('fablab', 'Fablab / makerspace', 2),
  ('atelier-partage', 'Atelier partagé', 3),
  ('tiers-lieu-nourricier', 'Tiers-lieu nourricier', 4),
  ('tiers-lieu-culturel', 'Tiers-lieu culturel', 5),
  ('mediation-numerique', 'Médiation numérique', 6),
  ('teletravail', 'Centre de télétravail', 7),
  ('cafe-associatif', 'Café / restaurant associatif', 8),
  ('boutique-partagee', 'Boutique partagée', 9),
  ('jardin-partage', 'Jardin partagé', 10),
  ('ressourcerie', 'Ressourcerie / recyclerie', 11),
  ('living-lab', 'Living lab', 12),
  ('espace-de-vie-sociale', 'Espace de vie sociale', 13);

CREATE TABLE place_typologies (
    place_id BIGINT NOT NULL REFERENCES places(id) ON DELETE CASCADE,
    typology_id BIGINT NOT NULL REFERENCES typologies(id) ON DELETE CASCADE,
    PRIMARY KEY (place_id, typology_id)
);
CREATE INDEX place_typologies_typology ON place_typologies(typology_id, place_id);

-- Who changed what, when.
CREATE TABLE place_history (
    id INTEGER PRIMARY KEY,
    place_id BIGINT NOT NULL REFERENCES places(id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    at BIGINT NOT NULL,
    via TEXT NOT NULL,
    summary TEXT NOT NULL
);
CREATE INDEX place_history_place ON place_history(place_id, at);

-- An edit proposed by someone who may not edit directly: the new values as JSON.
CREATE TABLE place_proposals (
    id INTEGER PRIMARY KEY,
    place_id BIGINT NOT NULL REFERENCES places(id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'refused')),
    reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    decided_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    decided_at BIGINT
);
CREATE INDEX place_proposals_status ON place_proposals(status, place_id);

-- A person asks to manage a place.
CREATE TABLE place_claims (
    id INTEGER PRIMARY KEY,
    place_id BIGINT NOT NULL REFERENCES places(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    message TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'refused')),
    created_at BIGINT NOT NULL,
    decided_at BIGINT
);
CREATE INDEX place_claims_status ON place_claims(status, place_id);

-- SQLite: an FTS5 index over the folded, stemmed text; rowid = place id (kept by the app).
CREATE VIRTUAL TABLE places_fts USING fts5(search_text, tokenize = 'unicode61 remove_diacritics 2');
