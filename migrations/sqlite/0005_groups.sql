-- Groups (clubs, commissions, boards), meetings, decisions, action items, documents library.
-- Instants are BIGINT milliseconds since the Unix epoch (UTC). `project_id` has no foreign
-- key until the projects issue lands.

CREATE TABLE groups (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('board', 'commission', 'working_group', 'club', 'holders', 'focus_group')),
    purpose TEXT NOT NULL DEFAULT '',
    visibility TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'members')),
    joining TEXT NOT NULL DEFAULT 'request' CHECK (joining IN ('open', 'request', 'invitation')),
    autonomous BOOLEAN NOT NULL DEFAULT FALSE,
    network_id BIGINT REFERENCES networks(id) ON DELETE CASCADE,
    place_id BIGINT REFERENCES places(id) ON DELETE CASCADE,
    project_id BIGINT,
    slot_rrule TEXT,
    slot_start TEXT,
    slot_minutes INTEGER,
    slot_room TEXT NOT NULL DEFAULT '',
    -- A space of the place (bookings issue); no foreign key so groups work without bookings.
    slot_space_id BIGINT,
    created_at BIGINT NOT NULL,
    CHECK ((network_id IS NOT NULL) + (place_id IS NOT NULL) + (project_id IS NOT NULL) = 1)
);
CREATE INDEX groups_network ON groups(network_id);
CREATE INDEX groups_place ON groups(place_id);

CREATE TABLE group_members (
    id INTEGER PRIMARY KEY,
    group_id BIGINT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('president', 'vice_president', 'secretary', 'treasurer', 'animator', 'member')),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'pending', 'invited', 'refused', 'left')),
    mandate_start BIGINT,
    mandate_end BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX group_members_group ON group_members(group_id);
CREATE INDEX group_members_user ON group_members(user_id);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    group_id BIGINT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    title TEXT NOT NULL DEFAULT '',
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    room TEXT NOT NULL DEFAULT '',
    space_id BIGINT,
    booking_id BIGINT,
    online_url TEXT NOT NULL DEFAULT '',
    minutes TEXT NOT NULL DEFAULT '',
    minutes_visibility TEXT NOT NULL DEFAULT 'internal' CHECK (minutes_visibility IN ('internal', 'public')),
    minutes_published_at BIGINT,
    from_slot BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX meetings_group ON meetings(group_id, starts_at);
CREATE UNIQUE INDEX meetings_slot ON meetings(group_id, starts_at) WHERE from_slot;

-- Occurrences of a club's slot whose room could not be booked (reported to the president).
CREATE TABLE slot_conflicts (
    id INTEGER PRIMARY KEY,
    group_id BIGINT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    starts_at BIGINT NOT NULL,
    reason TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX slot_conflicts_group ON slot_conflicts(group_id, starts_at);

CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL
);
CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id, position);

CREATE TABLE meeting_attendees (
    meeting_id BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'present', 'excused')),
    PRIMARY KEY (meeting_id, user_id)
);

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    group_id BIGINT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    search_text TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX decisions_group ON decisions(group_id);
CREATE VIRTUAL TABLE decisions_fts USING fts5(search_text, content = 'decisions', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER decisions_ai AFTER INSERT ON decisions BEGIN
    INSERT INTO decisions_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER decisions_ad AFTER DELETE ON decisions BEGIN
    INSERT INTO decisions_fts(decisions_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER decisions_au AFTER UPDATE ON decisions BEGIN
    INSERT INTO decisions_fts(decisions_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO decisions_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TABLE action_items (
    id INTEGER PRIMARY KEY,
    group_id BIGINT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    meeting_id BIGINT REFERENCES meetings(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    owner_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    due_on TEXT,
    status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'doing', 'done')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX action_items_group ON action_items(group_id);
CREATE INDEX action_items_owner ON action_items(owner_id);

-- Documents library: folders, documents (files or toolkit sheets), versions, file contents by hash.
CREATE TABLE document_folders (
    id INTEGER PRIMARY KEY,
    group_id BIGINT REFERENCES groups(id) ON DELETE CASCADE,
    place_id BIGINT REFERENCES places(id) ON DELETE CASCADE,
    network_id BIGINT REFERENCES networks(id) ON DELETE CASCADE,
    project_id BIGINT,
    parent_id BIGINT REFERENCES document_folders(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE file_blobs (
    sha256 TEXT PRIMARY KEY,
    size BIGINT NOT NULL,
    content BLOB NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    group_id BIGINT REFERENCES groups(id) ON DELETE CASCADE,
    place_id BIGINT REFERENCES places(id) ON DELETE CASCADE,
    network_id BIGINT REFERENCES networks(id) ON DELETE CASCADE,
    project_id BIGINT,
    folder_id BIGINT REFERENCES document_folders(id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('file', 'sheet')),
    title TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'network', 'managers', 'group')),
    search_text TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK ((group_id IS NOT NULL) + (place_id IS NOT NULL) + (network_id IS NOT NULL) + (project_id IS NOT NULL) = 1)
);
CREATE INDEX documents_group ON documents(group_id);
CREATE INDEX documents_place ON documents(place_id);
CREATE INDEX documents_network ON documents(network_id);
CREATE VIRTUAL TABLE documents_fts USING fts5(search_text, content = 'documents', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER documents_au AFTER UPDATE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO documents_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TABLE document_versions (
    id INTEGER PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES file_blobs(sha256),
    uploaded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (document_id, version)
);

-- Instance-wide secrets shared by every node (signing keys of expiring download links).
CREATE TABLE instance_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
