-- Agenda: events organized by a network or a place, their occurrences (one row per date of a
-- recurring event, generated for a horizon), registrations with waitlist, personal feed tokens.
-- Instants are BIGINT milliseconds since the Unix epoch (UTC); local dates are Europe/Paris.

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    network_id BIGINT REFERENCES networks(id) ON DELETE CASCADE,
    place_id BIGINT REFERENCES places(id) ON DELETE CASCADE,
    group_id BIGINT,
    project_id BIGINT,
    title TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'autre',
    description TEXT NOT NULL DEFAULT '',
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    all_day BOOLEAN NOT NULL DEFAULT FALSE,
    timezone TEXT NOT NULL DEFAULT 'Europe/Paris',
    location_kind TEXT NOT NULL DEFAULT 'place' CHECK (location_kind IN ('place', 'address', 'online', 'hybrid')),
    location_place_id BIGINT REFERENCES places(id) ON DELETE SET NULL,
    address TEXT NOT NULL DEFAULT '',
    online_url TEXT NOT NULL DEFAULT '',
    capacity INTEGER CHECK (capacity IS NULL OR capacity >= 0),
    price_cents BIGINT CHECK (price_cents IS NULL OR price_cents >= 0),
    price_info TEXT NOT NULL DEFAULT '',
    audience TEXT NOT NULL DEFAULT '',
    wheelchair BOOLEAN NOT NULL DEFAULT FALSE,
    sign_language BOOLEAN NOT NULL DEFAULT FALSE,
    subtitles BOOLEAN NOT NULL DEFAULT FALSE,
    status TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'cancelled')),
    cancel_reason TEXT NOT NULL DEFAULT '',
    approval BOOLEAN NOT NULL DEFAULT FALSE,
    questions TEXT NOT NULL DEFAULT '',
    categories TEXT NOT NULL DEFAULT '',
    rrule TEXT,
    exdates TEXT NOT NULL DEFAULT '',
    sequence INTEGER NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (network_id IS NOT NULL OR place_id IS NOT NULL),
    CHECK (ends_at >= starts_at)
);
CREATE INDEX events_network ON events(network_id);
CREATE INDEX events_place ON events(place_id);

CREATE TABLE event_occurrences (
    id INTEGER PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    cancelled BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (event_id, starts_at)
);
CREATE INDEX event_occurrences_starts ON event_occurrences(starts_at);

CREATE TABLE event_registrations (
    id INTEGER PRIMARY KEY,
    occurrence_id BIGINT NOT NULL REFERENCES event_occurrences(id) ON DELETE CASCADE,
    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    guests INTEGER NOT NULL DEFAULT 0 CHECK (guests >= 0),
    status TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'pending', 'cancelled', 'refused')),
    answers TEXT NOT NULL DEFAULT '',
    cancel_token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- One live registration per person per occurrence (a cancelled one may be renewed).
CREATE UNIQUE INDEX event_registrations_one_per_person ON event_registrations(occurrence_id, user_id)
    WHERE status IN ('confirmed', 'waitlisted', 'pending');
CREATE INDEX event_registrations_user ON event_registrations(user_id);
CREATE INDEX event_registrations_occ ON event_registrations(occurrence_id, status);

CREATE TABLE event_feed_tokens (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
