-- One calendar per space (issue 17, point 1): an event held in a space takes its seats like a
-- booking. `events.space_seats`: how many seats of its space the event takes (NULL: the whole
-- space). `space_holds`: one row per live occurrence of a non-cancelled event held in a space,
-- written by the bookings' serialized check (src/bookings/repo.rs, `replace_holds_checked`:
-- the space's lock, then the seats of bookings and holds at every instant against the
-- capacity) and counted by every booking's check. `seats` NULL: the whole space, whatever its
-- capacity becomes. `owner` names what holds the seats (`event:<uid>`), `label` is shown on
-- the space's week and the place's calendar (the event's title).
ALTER TABLE events ADD COLUMN space_seats INTEGER CHECK (space_seats IS NULL OR space_seats > 0);

CREATE TABLE space_holds (
    id INTEGER PRIMARY KEY,
    space_id BIGINT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    owner TEXT NOT NULL,
    label TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    seats INTEGER CHECK (seats IS NULL OR seats > 0),
    CHECK (ends_at > starts_at)
);
CREATE INDEX space_holds_space_time ON space_holds(space_id, starts_at);
CREATE INDEX space_holds_owner ON space_holds(owner);

-- The events already held in a space take their seats from now on: one hold per live
-- occurrence of an event not cancelled (written as they stand, like the bookings already made).
INSERT INTO space_holds (space_id, owner, label, starts_at, ends_at, seats)
SELECT e.space_id, 'event:' || e.uid, e.title, o.starts_at, o.ends_at, NULL
FROM event_occurrences o JOIN events e ON e.id = o.event_id
WHERE e.space_id IS NOT NULL AND e.status <> 'cancelled' AND o.cancelled = FALSE
  AND o.ends_at > o.starts_at;
