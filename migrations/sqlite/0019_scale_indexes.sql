-- Indexes for national scale (issue 16), each serving a query that read a whole table; the
-- test `plans::every_statement_of_the_main_pages_is_served_by_an_index` explains them all.

-- The organizer choices of the event forms (the first places by name), and a place or a
-- structure named in a form (exact name, case aside).
CREATE INDEX places_name ON places(name, id);
CREATE INDEX places_name_lower ON places(LOWER(name));
CREATE INDEX organizations_name_lower ON organizations(LOWER(name));

-- The agendas: occurrences by start (and id, the order of the lists) with their end in the
-- index, so that the ones already over are skipped without reading the table; the upcoming
-- ones by end (the filters offer the places and departments that have something to show).
DROP INDEX event_occurrences_starts;
CREATE INDEX event_occurrences_time ON event_occurrences(starts_at, id, ends_at);
CREATE INDEX event_occurrences_ends ON event_occurrences(ends_at);

-- The events' newest change (the agendas' cached filters are validated against it).
CREATE INDEX events_updated ON events(updated_at);

-- The registrations of an event (its list of participants, its export).
CREATE INDEX event_registrations_event ON event_registrations(event_id);

-- The pending invitations of a network or a place.
CREATE INDEX one_time_tokens_scope ON one_time_tokens(network_id, place_id);

-- A map viewport reads the coordinates and the moderation of every place in the box from the
-- index alone (the whole of France: 50 000 entries, no row read).
DROP INDEX places_geo;
CREATE INDEX places_geo ON places(latitude, longitude, moderation);
