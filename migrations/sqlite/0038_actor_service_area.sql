-- Local actors, issue 18 point 1: the service area of an actor — the communes it works in (one
-- a line, as typed; `service_keys` their folded forms framed by `|` for the commune filter)
-- and a radius around its address, in km.
ALTER TABLE actors ADD COLUMN service_communes TEXT NOT NULL DEFAULT '';
ALTER TABLE actors ADD COLUMN service_keys TEXT NOT NULL DEFAULT '';
ALTER TABLE actors ADD COLUMN service_radius_km INTEGER CHECK (service_radius_km BETWEEN 1 AND 200);
