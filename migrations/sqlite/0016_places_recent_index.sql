-- The home page's "recent places" (published, newest change first) read from an index in
-- order, a few rows, instead of sorting every published place (issue 16).
CREATE INDEX places_recent ON places(moderation, updated_at, id);
