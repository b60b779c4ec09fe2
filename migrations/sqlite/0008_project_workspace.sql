-- Project workspace (issue 7, second part): stakeholders directory (contact details only with
-- a consent date, enforced here), the timeline of what happened, invitations of new holders,
-- each network's phase template, and documents attached to funding applications.
-- Instants are BIGINT milliseconds (UTC); dates are TEXT YYYY-MM-DD.

CREATE TABLE project_stakeholders (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('person', 'organization')),
    name TEXT NOT NULL,
    organization TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    -- RGPD: the day the person agreed to be listed with their contact details.
    consent_on TEXT,
    notes TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (consent_on IS NOT NULL OR (email = '' AND phone = '' AND address = ''))
);
CREATE INDEX project_stakeholders_project ON project_stakeholders(project_id);

-- What happened in a project, written in the same transaction as the change.
CREATE TABLE project_events (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    actor_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    at BIGINT NOT NULL
);
CREATE INDEX project_events_project ON project_events(project_id, at);

-- A holder invited by email: single-use signed link (hash stored), expiring.
CREATE TABLE project_invitations (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    invited_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX project_invitations_project ON project_invitations(project_id);

-- The phases a network's new projects start with (the seeds' four phases when empty).
CREATE TABLE network_phase_templates (
    id INTEGER PRIMARY KEY,
    network_id BIGINT NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    objectives TEXT NOT NULL DEFAULT ''
);
CREATE INDEX network_phase_templates_network ON network_phase_templates(network_id, position);

-- Documents of the project's library attached to a funding application.
CREATE TABLE funding_documents (
    funding_id BIGINT NOT NULL REFERENCES funding_applications(id) ON DELETE CASCADE,
    document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (funding_id, document_id)
);
CREATE INDEX funding_documents_document ON funding_documents(document_id);
