-- Issue 17 point 8, "près de moi": a commune or a postal code is located offline from the
-- places that have it (the centre of their coordinates), read from these indexes instead of
-- the whole table; and the home page's latest public projects, read in order from an index.
CREATE INDEX places_postal_code ON places(postal_code, moderation);
CREATE INDEX places_city_lower ON places(LOWER(city));
CREATE INDEX projects_public_recent ON projects(public, created_at, id);
