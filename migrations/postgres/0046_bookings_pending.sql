-- Issue 16: the requests waiting for a place's manager (its calendar lists the nearest 50 and
-- counts them all; the dashboard counts them) were found by reading every booking of the
-- place's spaces (10 000 for the national data set's largest place, 479 of them pending:
-- 8 ms a statement on SQLite, two a page). A partial index holds the pending ones alone,
-- by space and start.
CREATE INDEX bookings_pending ON bookings(space_id, starts_at) WHERE status = 'pending';
