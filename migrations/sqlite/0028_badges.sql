-- Open Badges 3.0 (issue 19, point 5): achievements of a network or a place, the Ed25519 keys
-- of each issuer (network or place), the issued credentials (the signed JSON as sent), and
-- the status lists that revoke them (Bitstring Status List: a credential is an index of a list
-- of its issuer; revoked_at set means the bit is 1). Instants are BIGINT milliseconds (UTC).

CREATE TABLE badge_achievements (
    id INTEGER PRIMARY KEY,
    network_id BIGINT REFERENCES networks(id) ON DELETE CASCADE,
    place_id BIGINT REFERENCES places(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
    -- The criteria, in words (Open Badges `criteria.narrative`).
    criteria TEXT NOT NULL CHECK (length(criteria) BETWEEN 1 AND 5000),
    -- An https address of the badge's image; empty: none.
    image_url TEXT NOT NULL DEFAULT '',
    -- The tags, one a line.
    tags TEXT NOT NULL DEFAULT '',
    -- The skill of the actors' vocabulary it is aligned to (Open Badges `alignment`), if any.
    skill_id BIGINT REFERENCES skills(id) ON DELETE SET NULL,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    CHECK ((network_id IS NOT NULL) + (place_id IS NOT NULL) = 1)
);
CREATE INDEX badge_achievements_network ON badge_achievements(network_id, name);
CREATE INDEX badge_achievements_place ON badge_achievements(place_id, name);

-- The keys of an issuer: `position` n is the verification method `#key-n` of its profile.
-- One key is current (retired_at NULL); retired keys stay published so that the credentials
-- they signed still verify. The secret is the 32-byte Ed25519 seed, base64 (see docs/badges.md).
CREATE TABLE badge_issuer_keys (
    id INTEGER PRIMARY KEY,
    network_id BIGINT REFERENCES networks(id) ON DELETE CASCADE,
    place_id BIGINT REFERENCES places(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 1),
    public_key TEXT NOT NULL,
    secret_key TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    retired_at BIGINT,
    CHECK ((network_id IS NOT NULL) + (place_id IS NOT NULL) = 1)
);
CREATE UNIQUE INDEX badge_issuer_keys_network ON badge_issuer_keys(network_id, position) WHERE network_id IS NOT NULL;
CREATE UNIQUE INDEX badge_issuer_keys_place ON badge_issuer_keys(place_id, position) WHERE place_id IS NOT NULL;
CREATE UNIQUE INDEX badge_issuer_keys_network_current ON badge_issuer_keys(network_id) WHERE network_id IS NOT NULL AND retired_at IS NULL;
CREATE UNIQUE INDEX badge_issuer_keys_place_current ON badge_issuer_keys(place_id) WHERE place_id IS NOT NULL AND retired_at IS NULL;

-- A status list of an issuer (131 072 entries); `used` entries are taken, in order.
CREATE TABLE badge_status_lists (
    id INTEGER PRIMARY KEY,
    network_id BIGINT REFERENCES networks(id) ON DELETE CASCADE,
    place_id BIGINT REFERENCES places(id) ON DELETE CASCADE,
    used INTEGER NOT NULL DEFAULT 0 CHECK (used BETWEEN 0 AND 131072),
    created_at BIGINT NOT NULL,
    CHECK ((network_id IS NOT NULL) + (place_id IS NOT NULL) = 1)
);
CREATE INDEX badge_status_lists_network ON badge_status_lists(network_id, id);
CREATE INDEX badge_status_lists_place ON badge_status_lists(place_id, id);

CREATE TABLE badge_credentials (
    id INTEGER PRIMARY KEY,
    -- The random part of the credential's URLs (`/badges/{uid}`): not guessable.
    uid TEXT NOT NULL UNIQUE,
    achievement_id BIGINT NOT NULL REFERENCES badge_achievements(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status_list_id BIGINT NOT NULL REFERENCES badge_status_lists(id) ON DELETE CASCADE,
    status_index INTEGER NOT NULL CHECK (status_index BETWEEN 0 AND 131071),
    -- The signed credential, as issued.
    document TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    valid_until BIGINT,
    awarded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    revoked_at BIGINT,
    revoked_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    UNIQUE (status_list_id, status_index)
);
-- A person holds an achievement once (until it is revoked).
CREATE UNIQUE INDEX badge_credentials_held ON badge_credentials(achievement_id, user_id) WHERE revoked_at IS NULL;
CREATE INDEX badge_credentials_user ON badge_credentials(user_id, issued_at);
CREATE INDEX badge_credentials_revoked ON badge_credentials(status_list_id, revoked_at);
