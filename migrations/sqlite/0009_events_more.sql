-- Agenda, more: an event organized by a place may take place in one of its spaces (checked by
-- the application: the space must belong to the organizing place). An event's image is a row
-- of `photos` with owner_kind 'event' (no column needed).
ALTER TABLE events ADD COLUMN space_id BIGINT REFERENCES spaces(id) ON DELETE SET NULL;
CREATE INDEX events_space ON events(space_id);
