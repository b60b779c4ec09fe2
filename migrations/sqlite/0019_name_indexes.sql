-- Lists and lookups by name at national scale (issue 16): the organizer choices of the event
-- forms (the first places by name), and a place or a structure named in a form (exact name,
-- case aside) found through an index instead of a scan of every row.
CREATE INDEX places_name ON places(name, id);
CREATE INDEX places_name_lower ON places(LOWER(name));
CREATE INDEX organizations_name_lower ON organizations(LOWER(name));
