-- Photos of spaces (and later places and events): resized copies re-encoded as JPEG (which
-- also drops EXIF metadata such as GPS positions), stored in file_blobs by SHA-256 so every
-- app node serves them.
CREATE TABLE photos (
    id INTEGER PRIMARY KEY,
    owner_kind TEXT NOT NULL,
    owner_id BIGINT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES file_blobs (sha256),
    thumb_sha256 TEXT NOT NULL REFERENCES file_blobs (sha256),
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    thumb_width INTEGER NOT NULL,
    thumb_height INTEGER NOT NULL,
    alt TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX photos_owner ON photos (owner_kind, owner_id, id);
