-- Trainings ("formations", issue 19 points 1 and 2): the offer of a place or a network, its
-- programme (sanitized rich text), duration, modality, prices in cents per funding route (a
-- route may be absent: NULL), accessibility, certification (none, RNCP or RS code), Qualiopi,
-- theme and trainers (accounts). Its sessions are agenda events of kind `formation`, linked
-- here (`training_sessions`), so that registrations, capacity and the iCal feeds are the
-- agenda's. Instants are BIGINT milliseconds since the Unix epoch (UTC).

CREATE TABLE trainings (
    id INTEGER PRIMARY KEY,
    network_id BIGINT REFERENCES networks(id) ON DELETE CASCADE,
    place_id BIGINT REFERENCES places(id) ON DELETE CASCADE,
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    slug TEXT NOT NULL UNIQUE,
    objectives TEXT NOT NULL,
    -- Sanitized rich text.
    programme TEXT NOT NULL DEFAULT '',
    prerequisites TEXT NOT NULL DEFAULT '',
    audience TEXT NOT NULL DEFAULT '',
    -- The duration in minutes (the API and the forms speak in hours).
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 600000),
    modality TEXT NOT NULL CHECK (modality IN ('presentiel', 'distanciel', 'mixte')),
    -- Prices per funding route, in cents; NULL: the route is not offered.
    price_individuel_cents BIGINT CHECK (price_individuel_cents >= 0),
    price_employeur_cents BIGINT CHECK (price_employeur_cents >= 0),
    price_demandeur_cents BIGINT CHECK (price_demandeur_cents >= 0),
    -- Free of charge for whoever asks (the "gratuit" route).
    free_route BOOLEAN NOT NULL DEFAULT FALSE,
    accessibility TEXT NOT NULL DEFAULT '',
    -- The disability referent's contact (name, email or phone), free text.
    disability_referent TEXT NOT NULL DEFAULT '',
    certification TEXT NOT NULL DEFAULT 'none' CHECK (certification IN ('none', 'rncp', 'rs')),
    -- `RNCP` or `RS` followed by digits; empty without a certification.
    certification_code TEXT NOT NULL DEFAULT '',
    qualiopi BOOLEAN NOT NULL DEFAULT FALSE,
    -- The date of the Qualiopi certificate, YYYY-MM-DD; empty when unknown.
    qualiopi_on TEXT NOT NULL DEFAULT '',
    theme TEXT NOT NULL DEFAULT '',
    -- text::fold_words of the theme: the theme filter.
    theme_key TEXT NOT NULL DEFAULT '',
    -- text::fold_words of the title, objectives, theme, audience, programme (without markup).
    search_text TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK ((network_id IS NOT NULL) + (place_id IS NOT NULL) = 1),
    CHECK ((certification = 'none') = (certification_code = ''))
);
CREATE INDEX trainings_network ON trainings(network_id, title);
CREATE INDEX trainings_place ON trainings(place_id, title);
CREATE INDEX trainings_theme ON trainings(theme_key);

CREATE TABLE training_trainers (
    training_id BIGINT NOT NULL REFERENCES trainings(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (training_id, user_id)
);
CREATE INDEX training_trainers_user ON training_trainers(user_id);

-- A session is an agenda event (kind `formation`) of one training.
CREATE TABLE training_sessions (
    event_id BIGINT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    training_id BIGINT NOT NULL REFERENCES trainings(id) ON DELETE CASCADE
);
CREATE INDEX training_sessions_training ON training_sessions(training_id, event_id);
