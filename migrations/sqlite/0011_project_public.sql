-- Public page of a project (issue 7): the team's public contacts and "comment participer"
-- (sanitized rich text), one row per project, kept apart from `projects` so that editing the
-- project and editing its public page stay independent. Events organized by a project use
-- `events.project_id` (present since 0004, without foreign key).

CREATE TABLE project_public_pages (
    project_id BIGINT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    contact_email TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    -- Plain text: names, roles, hours…
    contact_text TEXT NOT NULL DEFAULT '',
    -- Sanitized rich text.
    participate TEXT NOT NULL DEFAULT '',
    updated_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX events_project ON events(project_id);
