-- Guests of an event (issue 17 point 3): a visitor without an account registers to an
-- occurrence of an event open to the public with a name and an email. The registration waits
-- (`unconfirmed`) until the emailed link confirms it; then it takes one seat of the
-- occurrence under the same lock and the same count as the members' registrations
-- (`confirmed`), or finds it full (`full`). The cancellation link of the email (its hash
-- here) cancels it without an account; signing up from the guest registration turns it into
-- a member's registration (the row moves to `event_registrations`, with its cancellation
-- link). The email is never shown publicly.
CREATE TABLE event_guest_registrations (
    id INTEGER PRIMARY KEY,
    occurrence_id BIGINT NOT NULL REFERENCES event_occurrences(id) ON DELETE CASCADE,
    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    locale TEXT NOT NULL DEFAULT 'fr',
    status TEXT NOT NULL CHECK (status IN ('unconfirmed', 'confirmed', 'full', 'cancelled')),
    confirm_token_hash TEXT NOT NULL UNIQUE,
    cancel_token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- One confirmed guest registration per address and occurrence.
CREATE UNIQUE INDEX event_guest_registrations_one_per_email
    ON event_guest_registrations(occurrence_id, email) WHERE status = 'confirmed';
-- The seats of an occurrence (counted with the members' under the occurrence's lock).
CREATE INDEX event_guest_registrations_occ ON event_guest_registrations(occurrence_id, status);
CREATE INDEX event_guest_registrations_event ON event_guest_registrations(event_id);
