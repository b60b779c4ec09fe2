-- Issue 16: a network's yearly report counts the places of the network created in the period
-- from this index (the places created in the period, each checked against the network),
-- instead of reading every place's row (47 ms on PostgreSQL for 50 000 places).
CREATE INDEX places_created ON places(created_at, id);
