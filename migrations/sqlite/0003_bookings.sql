-- Bookings: spaces and equipment of a place, their closures, the qualified users of a machine,
-- bookings (never more seats than capacity at any instant: checked inside a serialized write
-- transaction, see src/bookings/service.rs), and the priced services (prestations) of a place.
-- Instants are BIGINT milliseconds (UTC); money integer cents; VAT in basis points (2000 = 20 %).

CREATE TABLE spaces (
    id INTEGER PRIMARY KEY,
    place_id BIGINT NOT NULL REFERENCES places(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    is_equipment BOOLEAN NOT NULL DEFAULT FALSE,
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    mode TEXT NOT NULL CHECK (mode IN ('seat', 'room')),
    unit TEXT NOT NULL CHECK (unit IN ('hour', 'half_day', 'day')),
    min_units INTEGER NOT NULL DEFAULT 1,
    max_units INTEGER NOT NULL DEFAULT 8,
    opening_hours TEXT NOT NULL DEFAULT '',
    lead_time_minutes INTEGER NOT NULL DEFAULT 0,
    cancel_deadline_hours INTEGER NOT NULL DEFAULT 0,
    access TEXT NOT NULL CHECK (access IN ('signed_in', 'members', 'approval')),
    requires_qualification BOOLEAN NOT NULL DEFAULT FALSE,
    price_member_cents BIGINT NOT NULL DEFAULT 0,
    price_public_cents BIGINT NOT NULL DEFAULT 0,
    description TEXT NOT NULL DEFAULT '',
    equipment TEXT NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL
);
CREATE INDEX spaces_place ON spaces(place_id);

CREATE TABLE space_closures (
    id INTEGER PRIMARY KEY,
    space_id BIGINT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX space_closures_space ON space_closures(space_id);

CREATE TABLE space_qualifications (
    space_id BIGINT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    granted_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (space_id, user_id)
);

CREATE TABLE booking_series (
    id INTEGER PRIMARY KEY,
    space_id BIGINT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    rrule TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE bookings (
    id INTEGER PRIMARY KEY,
    space_id BIGINT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    booked_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    series_id BIGINT REFERENCES booking_series(id) ON DELETE SET NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    seats INTEGER NOT NULL CHECK (seats > 0),
    status TEXT NOT NULL CHECK (status IN ('confirmed', 'pending', 'cancelled', 'refused')),
    price_cents BIGINT NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    sequence INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX bookings_space_time ON bookings(space_id, starts_at, ends_at);
CREATE INDEX bookings_user ON bookings(user_id, starts_at);

CREATE TABLE services (
    id INTEGER PRIMARY KEY,
    place_id BIGINT NOT NULL REFERENCES places(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL,
    price_cents BIGINT NOT NULL DEFAULT 0,
    price_unit TEXT NOT NULL,
    vat_rate_bp INTEGER NOT NULL DEFAULT 2000,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL
);
CREATE INDEX services_place ON services(place_id);

CREATE TABLE service_requests (
    id INTEGER PRIMARY KEY,
    service_id BIGINT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX service_requests_service ON service_requests(service_id);
