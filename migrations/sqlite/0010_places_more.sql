-- Places: imports run in the background. The uploaded file, the column mapping and the
-- progress live in this table, so any app node can answer the progress page; the content
-- is emptied once the import has finished and the per-row report (JSON) is kept.
CREATE TABLE place_imports (
    id INTEGER PRIMARY KEY,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    network_id BIGINT REFERENCES networks(id) ON DELETE SET NULL,
    file_name TEXT NOT NULL,
    format TEXT NOT NULL,
    source TEXT NOT NULL,
    mapping TEXT NOT NULL,
    content TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
    total BIGINT NOT NULL DEFAULT 0,
    done BIGINT NOT NULL DEFAULT 0,
    imported BIGINT NOT NULL DEFAULT 0,
    updated BIGINT NOT NULL DEFAULT 0,
    unchanged BIGINT NOT NULL DEFAULT 0,
    skipped BIGINT NOT NULL DEFAULT 0,
    report TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    heartbeat_at BIGINT NOT NULL DEFAULT 0,
    finished_at BIGINT
);
CREATE INDEX place_imports_created_by ON place_imports(created_by, id);
