-- Notification preferences (issue 20 point 5): each account chooses, per kind of notification,
-- immediate email, a daily or weekly digest, or nothing. Security and transactional emails are
-- not a kind: they always go. See docs/notifications.md.
-- Instants are BIGINT milliseconds since the Unix epoch (UTC).

-- One row per account and kind the person changed; no row means `immediate`.
CREATE TABLE notification_preferences (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('registrations', 'groups', 'projects', 'matches', 'newsletters')),
    cadence TEXT NOT NULL CHECK (cadence IN ('immediate', 'daily', 'weekly', 'never')),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- A notification waiting for its digest: the digest job deletes the rows of an account in the
-- same transaction as it queues their single email (sent once, never lost).
CREATE TABLE notification_pending (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    cadence TEXT NOT NULL CHECK (cadence IN ('daily', 'weekly')),
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX notification_pending_due ON notification_pending (cadence, created_at);
CREATE INDEX notification_pending_user ON notification_pending (user_id, id);

-- The digest runs scheduled: one row per cadence and due instant, inserted by whichever node
-- first stores a pending item for that period; only that insert queues the digest job, so
-- several nodes never queue the same period twice.
CREATE TABLE notification_digests (
    cadence TEXT NOT NULL CHECK (cadence IN ('daily', 'weekly')),
    due_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (cadence, due_at)
);
