-- Job and civic-service board ("emplois", issue 19 point 6): offers of a place or a network,
-- moderated by the network's animators (an offer written by a place's manager waits as
-- `pending` until an animator publishes it), archived by the date: an offer whose
-- `expires_on` (a Paris day, YYYY-MM-DD) has passed is no longer listed and its page says so.
-- Applications carry a message and a CV whose bytes live in `file_blobs` (never public);
-- saved searches send a daily digest, each offer at most once per search (`job_search_sent`).
-- Instants are BIGINT milliseconds since the Unix epoch (UTC); money is integer cents.

CREATE TABLE job_offers (
    id INTEGER PRIMARY KEY,
    network_id BIGINT REFERENCES networks(id) ON DELETE CASCADE,
    place_id BIGINT REFERENCES places(id) ON DELETE CASCADE,
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    slug TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('cdi', 'cdd', 'freelance', 'stage', 'alternance', 'service_civique', 'benevolat')),
    -- Sanitized rich text: the mission.
    description TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    city TEXT NOT NULL,
    -- The département, from the postal code (`04`, `2A`, `971`).
    department TEXT NOT NULL,
    -- text::fold_words of the city: the commune filter.
    city_key TEXT NOT NULL DEFAULT '',
    starts_on TEXT NOT NULL,
    expires_on TEXT NOT NULL,
    duration_months INTEGER CHECK (duration_months BETWEEN 1 AND 120),
    hours_per_week INTEGER CHECK (hours_per_week BETWEEN 1 AND 48),
    -- Gross pay per `pay_unit`, in cents; NULL: not said.
    pay_min_cents BIGINT CHECK (pay_min_cents >= 0),
    pay_max_cents BIGINT CHECK (pay_max_cents >= 0),
    pay_unit TEXT NOT NULL DEFAULT 'month' CHECK (pay_unit IN ('hour', 'month', 'year')),
    -- Where to apply outside Maillage; empty: in-app applications.
    apply_url TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('pending', 'published', 'rejected')),
    published_at BIGINT,
    -- text::fold_words of the title, city, employer and description (without markup).
    search_text TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK ((network_id IS NOT NULL) + (place_id IS NOT NULL) = 1),
    CHECK (pay_min_cents IS NULL OR pay_max_cents IS NULL OR pay_min_cents <= pay_max_cents)
);
CREATE INDEX job_offers_board ON job_offers(status, expires_on, published_at);
CREATE INDEX job_offers_network ON job_offers(network_id, status);
CREATE INDEX job_offers_place ON job_offers(place_id, status);

CREATE TABLE job_applications (
    id INTEGER PRIMARY KEY,
    offer_id BIGINT NOT NULL REFERENCES job_offers(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    message TEXT NOT NULL,
    cv_filename TEXT NOT NULL,
    cv_content_type TEXT NOT NULL,
    cv_size BIGINT NOT NULL,
    cv_sha256 TEXT NOT NULL REFERENCES file_blobs(sha256),
    created_at BIGINT NOT NULL,
    UNIQUE (offer_id, user_id)
);
CREATE INDEX job_applications_user ON job_applications(user_id, created_at);

CREATE TABLE job_searches (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- The filters, as the board reads them; empty: any.
    kind TEXT NOT NULL DEFAULT '',
    network_id BIGINT REFERENCES networks(id) ON DELETE CASCADE,
    department TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    q TEXT NOT NULL DEFAULT '',
    email_alerts BOOLEAN NOT NULL DEFAULT TRUE,
    -- When the next digest is due; the digest job that moves it forward (a conditional
    -- UPDATE) is the only one to send.
    next_digest_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX job_searches_user ON job_searches(user_id, id);

CREATE TABLE job_search_sent (
    search_id BIGINT NOT NULL REFERENCES job_searches(id) ON DELETE CASCADE,
    offer_id BIGINT NOT NULL REFERENCES job_offers(id) ON DELETE CASCADE,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (search_id, offer_id)
);
CREATE INDEX job_search_sent_offer ON job_search_sent(offer_id);
