-- Invitations to a group sent to an address no account uses (issue 14): kept, so that the
-- person who later signs up with that address (and confirms it) finds the invitation on their
-- account's invitations page, where it becomes an `invited` membership they accept or
-- decline. `used_at`: when it became that membership. Live for 30 days.
CREATE TABLE group_invitations (
    id INTEGER PRIMARY KEY,
    group_id BIGINT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('president', 'vice_president', 'secretary', 'treasurer', 'animator', 'member')),
    mandate_start BIGINT,
    mandate_end BIGINT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX group_invitations_email ON group_invitations(email);
CREATE INDEX group_invitations_group ON group_invitations(group_id);
