-- Local actors (issue 18): the organisations (artisans, producers, businesses, associations,
-- public services, local authorities) and the people (freelancers, specialists, volunteers)
-- around each place and network, shown in the places' and networks' showcases ("vitrine").
-- Categories are a managed taxonomy (seeded below); skills a vocabulary keyed by their folded
-- text (accents and case aside), a synonym pointing to its canonical skill.

CREATE TABLE actor_categories (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE skills (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    -- text::fold_words of the name: one skill per folded text.
    folded TEXT NOT NULL UNIQUE,
    -- A synonym names its canonical skill; a canonical skill has none.
    canonical_id BIGINT REFERENCES skills(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX skills_canonical ON skills(canonical_id);

CREATE TABLE actors (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('organization', 'person')),
    subtype TEXT NOT NULL CHECK (subtype IN ('artisan', 'producteur', 'entreprise', 'association', 'service_public', 'collectivite', 'freelance', 'specialiste', 'benevole')),
    description TEXT NOT NULL DEFAULT '',
    -- ISO 639 codes, comma-separated.
    languages TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    -- text::fold_words of the city: the commune filter.
    city_key TEXT NOT NULL DEFAULT '',
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    opening_hours TEXT NOT NULL DEFAULT '',
    siret TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    -- One link a line.
    links TEXT NOT NULL DEFAULT '',
    email_visibility TEXT NOT NULL DEFAULT 'public' CHECK (email_visibility IN ('public', 'members', 'hidden')),
    phone_visibility TEXT NOT NULL DEFAULT 'public' CHECK (phone_visibility IN ('public', 'members', 'hidden')),
    address_visibility TEXT NOT NULL DEFAULT 'public' CHECK (address_visibility IN ('public', 'members', 'hidden')),
    -- The account of a person's profile (one profile per account); none for an organisation.
    user_id BIGINT UNIQUE REFERENCES users(id) ON DELETE CASCADE,
    network_id BIGINT REFERENCES networks(id) ON DELETE SET NULL,
    -- Folded words of the name, type, categories, skills (and their synonyms), offers, city.
    search_text TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (kind = 'organization' OR user_id IS NOT NULL),
    CHECK (kind = 'person' OR user_id IS NULL)
);
CREATE INDEX actors_network ON actors(network_id, name);
CREATE INDEX actors_name ON actors(name, id);

CREATE TABLE actor_places (
    actor_id BIGINT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    place_id BIGINT NOT NULL REFERENCES places(id) ON DELETE CASCADE,
    PRIMARY KEY (actor_id, place_id)
);
CREATE INDEX actor_places_place ON actor_places(place_id, actor_id);

CREATE TABLE actor_category_links (
    actor_id BIGINT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    category_id BIGINT NOT NULL REFERENCES actor_categories(id) ON DELETE CASCADE,
    PRIMARY KEY (actor_id, category_id)
);
CREATE INDEX actor_category_links_category ON actor_category_links(category_id, actor_id);

CREATE TABLE actor_skills (
    actor_id BIGINT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    skill_id BIGINT NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
    PRIMARY KEY (actor_id, skill_id)
);
CREATE INDEX actor_skills_skill ON actor_skills(skill_id, actor_id);

CREATE TABLE actor_offers (
    id INTEGER PRIMARY KEY,
    actor_id BIGINT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    price_cents BIGINT CHECK (price_cents IS NULL OR price_cents >= 0)
);
CREATE INDEX actor_offers_actor ON actor_offers(actor_id, position);

INSERT INTO actor_categories (slug, name, position) VALUES
  ('artisanat', 'Artisanat', 1),
  ('alimentation-producteurs', 'Alimentation et producteurs', 2),
  ('hebergement', 'Hébergement', 3),
  ('restauration', 'Restauration', 4),
  ('commerces', 'Commerces', 5),
  ('sante', 'Santé', 6),
  ('garde-enfants', 'Garde d''enfants', 7),
  ('mobilite', 'Mobilité', 8),
  ('culture-loisirs', 'Culture et loisirs', 9),
  ('nature', 'Nature', 10),
  ('services-numeriques', 'Services numériques', 11),
  ('conseil', 'Conseil', 12),
  ('batiment', 'Bâtiment et travaux', 13),
  ('bien-etre', 'Bien-être', 14),
  ('formation', 'Formation et transmission', 15),
  ('services-personne', 'Services à la personne', 16);

INSERT INTO skills (name, folded, canonical_id, created_at) VALUES
  ('menuiserie', 'menuiserie', NULL, 0),
  ('ébénisterie', 'ebenisterie', NULL, 0),
  ('charpente', 'charpente', NULL, 0),
  ('maçonnerie', 'maconnerie', NULL, 0),
  ('plomberie', 'plomberie', NULL, 0),
  ('électricité', 'electricite', NULL, 0),
  ('poterie', 'poterie', NULL, 0),
  ('couture', 'couture', NULL, 0),
  ('maraîchage', 'maraichage', NULL, 0),
  ('apiculture', 'apiculture', NULL, 0),
  ('boulangerie', 'boulangerie', NULL, 0),
  ('fromagerie', 'fromagerie', NULL, 0),
  ('cuisine', 'cuisine', NULL, 0),
  ('informatique', 'informatique', NULL, 0),
  ('développement web', 'developpement web', NULL, 0),
  ('graphisme', 'graphisme', NULL, 0),
  ('photographie', 'photographie', NULL, 0),
  ('comptabilité', 'comptabilite', NULL, 0),
  ('traduction', 'traduction', NULL, 0),
  ('garde d''enfants', 'garde d enfants', NULL, 0),
  ('jardinage', 'jardinage', NULL, 0),
  ('réparation de vélos', 'reparation de velos', NULL, 0),
  ('accompagnement de projets', 'accompagnement de projets', NULL, 0),
  ('animation', 'animation', NULL, 0);

INSERT INTO skills (name, folded, canonical_id, created_at)
SELECT 'menuisier', 'menuisier', id, 0 FROM skills WHERE folded = 'menuiserie'
UNION ALL
SELECT 'ébéniste', 'ebeniste', id, 0 FROM skills WHERE folded = 'ebenisterie'
UNION ALL
SELECT 'charpentier', 'charpentier', id, 0 FROM skills WHERE folded = 'charpente'
UNION ALL
SELECT 'maçon', 'macon', id, 0 FROM skills WHERE folded = 'maconnerie'
UNION ALL
SELECT 'plombier', 'plombier', id, 0 FROM skills WHERE folded = 'plomberie'
UNION ALL
SELECT 'électricien', 'electricien', id, 0 FROM skills WHERE folded = 'electricite'
UNION ALL
SELECT 'céramique', 'ceramique', id, 0 FROM skills WHERE folded = 'poterie'
UNION ALL
SELECT 'potier', 'potier', id, 0 FROM skills WHERE folded = 'poterie'
UNION ALL
SELECT 'maraîcher', 'maraicher', id, 0 FROM skills WHERE folded = 'maraichage'
UNION ALL
SELECT 'apiculteur', 'apiculteur', id, 0 FROM skills WHERE folded = 'apiculture'
UNION ALL
SELECT 'boulanger', 'boulanger', id, 0 FROM skills WHERE folded = 'boulangerie'
UNION ALL
SELECT 'site internet', 'site internet', id, 0 FROM skills WHERE folded = 'developpement web'
UNION ALL
SELECT 'site web', 'site web', id, 0 FROM skills WHERE folded = 'developpement web'
UNION ALL
SELECT 'dépannage informatique', 'depannage informatique', id, 0 FROM skills WHERE folded = 'informatique'
UNION ALL
SELECT 'baby-sitting', 'baby sitting', id, 0 FROM skills WHERE folded = 'garde d enfants'
UNION ALL
SELECT 'photographe', 'photographe', id, 0 FROM skills WHERE folded = 'photographie'
UNION ALL
SELECT 'graphiste', 'graphiste', id, 0 FROM skills WHERE folded = 'graphisme';
