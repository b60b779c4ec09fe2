-- Project support (issue 7): projects, holders, phases, Social Business Canvas versions,
-- funding applications and budget lines. Instants are BIGINT milliseconds (UTC); dates are
-- TEXT YYYY-MM-DD; money is BIGINT cents.

CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    communes TEXT NOT NULL DEFAULT '',
    epci TEXT NOT NULL DEFAULT '',
    departement TEXT NOT NULL DEFAULT '',
    -- One holder organization per line (commune, EPCI, association, SCIC…).
    holders TEXT NOT NULL DEFAULT '',
    -- Sanitized rich text.
    intent TEXT NOT NULL DEFAULT '',
    -- Planned uses, one per line (coworking, fablab, café…).
    uses TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'idea' CHECK (status IN ('idea', 'in_progress', 'opened', 'abandoned')),
    public BOOLEAN NOT NULL DEFAULT FALSE,
    network_id BIGINT REFERENCES networks(id) ON DELETE SET NULL,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX projects_network ON projects(network_id);

CREATE TABLE project_members (
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_members_user ON project_members(user_id);

-- Phases, copied from the default template into each new project.
CREATE TABLE project_phases (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    -- One objective per line.
    objectives TEXT NOT NULL DEFAULT '',
    starts_on TEXT,
    ends_on TEXT,
    completion BIGINT NOT NULL DEFAULT 0 CHECK (completion BETWEEN 0 AND 100),
    support_level TEXT NOT NULL DEFAULT ''
);
CREATE INDEX project_phases_project ON project_phases(project_id, position);

-- Every save of the Social Business Canvas is a new version; `blocks` is a JSON object.
CREATE TABLE canvas_versions (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    blocks TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX canvas_versions_project ON canvas_versions(project_id, id);

CREATE TABLE funding_applications (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    funder TEXT NOT NULL,
    programme TEXT NOT NULL CHECK (programme IN ('leader_feader', 'region', 'departement', 'fondation_de_france', 'anct_fabriques', 'other')),
    amount_requested_cents BIGINT NOT NULL DEFAULT 0 CHECK (amount_requested_cents >= 0),
    amount_granted_cents BIGINT NOT NULL DEFAULT 0 CHECK (amount_granted_cents >= 0),
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'granted', 'refused', 'paid')),
    deadline TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX funding_applications_project ON funding_applications(project_id);

CREATE TABLE budget_lines (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('investment', 'operation')),
    label TEXT NOT NULL,
    amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0),
    created_at BIGINT NOT NULL
);
CREATE INDEX budget_lines_project ON budget_lines(project_id);
