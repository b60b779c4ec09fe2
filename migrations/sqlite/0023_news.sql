-- News ("actualités", issue 20 point 1): posts by a network, a place or a project, in
-- sanitized rich text, with tags, a status (draft or published) and a publication instant
-- (scheduled publication: a published post is shown once `publish_at` has passed).
-- Instants are BIGINT milliseconds since the Unix epoch (UTC).

CREATE TABLE news_posts (
    id INTEGER PRIMARY KEY,
    network_id BIGINT REFERENCES networks(id) ON DELETE CASCADE,
    place_id BIGINT REFERENCES places(id) ON DELETE CASCADE,
    project_id BIGINT REFERENCES projects(id) ON DELETE CASCADE,
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    slug TEXT NOT NULL UNIQUE,
    -- Sanitized rich text.
    body TEXT NOT NULL,
    -- Comma-separated, lower case.
    tags TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    publish_at BIGINT NOT NULL,
    author_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK ((network_id IS NOT NULL) + (place_id IS NOT NULL) + (project_id IS NOT NULL) = 1)
);
-- Every list reads the newest published posts first, one page at a time.
CREATE INDEX news_published ON news_posts(status, publish_at, id);
CREATE INDEX news_network ON news_posts(network_id, status, publish_at, id);
CREATE INDEX news_place ON news_posts(place_id, status, publish_at, id);
CREATE INDEX news_project ON news_posts(project_id, status, publish_at, id);

-- Lists and consent (issue 20 point 2): a network or a place has lists people subscribe to by
-- email, without an account, with double opt-in. The consent is stored with each subscription:
-- when it was asked and confirmed, where from, and the text shown.
CREATE TABLE news_lists (
    id INTEGER PRIMARY KEY,
    network_id BIGINT REFERENCES networks(id) ON DELETE CASCADE,
    place_id BIGINT REFERENCES places(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- What a subscriber reads and accepts, stored again with each subscription.
    consent_text TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    CHECK ((network_id IS NOT NULL) + (place_id IS NOT NULL) = 1)
);
CREATE INDEX news_lists_network ON news_lists(network_id, id);
CREATE INDEX news_lists_place ON news_lists(place_id, id);

CREATE TABLE news_subscriptions (
    id INTEGER PRIMARY KEY,
    list_id BIGINT NOT NULL REFERENCES news_lists(id) ON DELETE CASCADE,
    -- Lower case, trimmed.
    email TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed')),
    -- SHA-256 of the confirmation token (the token itself is only in the email); NULL once
    -- confirmed or left.
    token_hash TEXT UNIQUE,
    -- A pending subscription is void after this instant (7 days after it was asked).
    expires_at BIGINT,
    -- Where the consent was given (`form`, `api`, `import` of a CSV file by the list's
    -- writers) and the text shown (for an import: the basis stated, and whether its author
    -- certified a prior consent).
    consent_source TEXT NOT NULL CHECK (consent_source IN ('form', 'api', 'import')),
    -- Who imported the address, if it was imported.
    imported_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    consent_text TEXT NOT NULL,
    requested_at BIGINT NOT NULL,
    confirmed_at BIGINT,
    unsubscribed_at BIGINT,
    UNIQUE (list_id, email),
    CHECK (status <> 'confirmed' OR confirmed_at IS NOT NULL),
    CHECK (status <> 'pending' OR (token_hash IS NOT NULL AND expires_at IS NOT NULL))
);
CREATE INDEX news_subscriptions_email ON news_subscriptions(email, list_id);
CREATE INDEX news_subscriptions_pending ON news_subscriptions(status, expires_at);
