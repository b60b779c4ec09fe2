-- Groups, meetings, decisions, action items and documents at national scale (issue 16):
-- 2 000 groups, 20 000 meetings, 10 000 documents. Each list reads its rows through an index
-- that serves its filter and its order instead of every row of the table.
-- The list of groups, by name (one page at a time), and the public groups a visitor sees.
CREATE INDEX groups_name ON groups(name, id);
CREATE INDEX groups_visibility ON groups(visibility, project_id);
-- The register of decisions, newest meetings first, and the decisions and actions of a meeting.
CREATE INDEX meetings_starts ON meetings(starts_at);
CREATE INDEX decisions_meeting ON decisions(meeting_id);
CREATE INDEX action_items_meeting ON action_items(meeting_id);
-- The library of a scope, by title (one page at a time), and its folders by name.
DROP INDEX documents_group;
DROP INDEX documents_place;
DROP INDEX documents_network;
CREATE INDEX documents_group ON documents(group_id, title, id);
CREATE INDEX documents_place ON documents(place_id, title, id);
CREATE INDEX documents_network ON documents(network_id, title, id);
CREATE INDEX documents_project ON documents(project_id, title, id);
CREATE INDEX document_folders_group ON document_folders(group_id, name);
CREATE INDEX document_folders_place ON document_folders(place_id, name);
CREATE INDEX document_folders_network ON document_folders(network_id, name);
CREATE INDEX document_folders_project ON document_folders(project_id, name);
