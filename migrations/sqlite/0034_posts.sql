-- Needs and offers ("annonces", issue 18 points 3 and 4): posts of a place or a network by a
-- signed-in member, of type need, offer, exchange (a knowledge swap, RERS style), loan or
-- gift; a category of the actors' taxonomy and skills of the actors' vocabulary (folded, a
-- synonym stored as its canonical skill); listed until `expires_on` (a Paris day,
-- YYYY-MM-DD), renewable by their author; hidden and restored by the place's managers or the
-- network's animators; reported ("signaler") once per person. Matches are computed when read;
-- `post_match_notices` keeps who was already told of a match (never twice).
-- Instants are BIGINT milliseconds since the Unix epoch (UTC).
CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('need', 'offer', 'exchange', 'loan', 'gift')),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    -- Plain text.
    body TEXT NOT NULL CHECK (length(body) <= 5000),
    category_id BIGINT REFERENCES actor_categories(id) ON DELETE SET NULL,
    network_id BIGINT REFERENCES networks(id) ON DELETE CASCADE,
    place_id BIGINT REFERENCES places(id) ON DELETE CASCADE,
    city TEXT NOT NULL DEFAULT '',
    -- text::fold_words of the city: the commune filter.
    city_key TEXT NOT NULL DEFAULT '',
    -- The post's own point, or the place's when none was given.
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    author_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- The actor profile it is posted for (one its author may edit, or their own).
    actor_id BIGINT REFERENCES actors(id) ON DELETE SET NULL,
    expires_on TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'hidden', 'archived')),
    -- text::fold_words of the title, body, city, category and skills with their synonyms.
    search_text TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK ((network_id IS NOT NULL) + (place_id IS NOT NULL) = 1)
);
CREATE INDEX posts_place ON posts(place_id, status, expires_on);
CREATE INDEX posts_network ON posts(network_id, status, expires_on);
CREATE INDEX posts_author ON posts(author_id, created_at);
CREATE INDEX posts_listed ON posts(status, expires_on, kind);

-- The skills of a post: `wanted` is what an exchange seeks (what it offers otherwise).
CREATE TABLE post_skills (
    post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    skill_id BIGINT NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
    wanted BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (post_id, skill_id, wanted)
);
CREATE INDEX post_skills_skill ON post_skills(skill_id, post_id);

-- "Signaler": once per person and post.
CREATE TABLE post_reports (
    post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    reason TEXT NOT NULL CHECK (reason IN ('spam', 'inappropriate', 'scam', 'personal_data', 'other')),
    comment TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 1000),
    -- Set when a moderator hid or restored the post after it.
    resolved BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (post_id, user_id)
);
CREATE INDEX post_reports_open ON post_reports(resolved, post_id);

-- Who was told of a match: `target` is `post:ID` or `actor:ID`.
CREATE TABLE post_match_notices (
    post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    target TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (post_id, target)
);
