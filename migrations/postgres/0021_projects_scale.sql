-- Lists of projects at national scale (issue 16: 2 000 projects): every list of projects is
-- read one page at a time by name, along an index that serves its filter and its order,
-- instead of reading every project and filtering it in the program.
-- Every project (instance admins), and the demonstration's lookup by name.
CREATE INDEX projects_by_name ON projects(name, id);
-- The public projects (what a visitor sees on /projets and in the API).
CREATE INDEX projects_public_by_name ON projects(public, name, id);
-- The projects a network follows (its advisors' dashboard, what its admins see) and the
-- requests waiting for its answer.
CREATE INDEX projects_network_by_name ON projects(network_id, network_status, name, id);
-- An instance admin's dashboard filtered by status, and every waiting request.
CREATE INDEX projects_status_by_name ON projects(status, name, id);
CREATE INDEX projects_requests_by_name ON projects(network_status, name, id);
