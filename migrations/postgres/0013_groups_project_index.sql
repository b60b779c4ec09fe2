-- The groups of a project are read by project (the project's workspace and public page),
-- not by scanning every group.
CREATE INDEX groups_project ON groups(project_id);
