-- Issue 16: the map and the directory's filters read from indexes alone, uncached.
-- The map's points (every published place with coordinates, clustered by the server) and the
-- bounds the map is fitted to: an index-only scan instead of reading every place's row.
CREATE INDEX places_map_points ON places(moderation, latitude, longitude, id);
-- The départements offered by the directory's and the map's filter (DISTINCT over the index).
CREATE INDEX places_moderation_department ON places(moderation, department);
