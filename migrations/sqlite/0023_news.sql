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
