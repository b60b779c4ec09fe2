-- Local actors, issue 18 points 1 and 5: an organisation's profile claimed by the people who run
-- it ("revendiquer", decided by the managers of its places and the animators of its network, as
-- for places), and contact without exposing addresses ("mettre en relation"): a thread between
-- the person who writes and the person behind a profile, messages, contact details shared only
-- by choice, blocks and reports to the moderators.
-- Instants are BIGINT milliseconds since the Unix epoch (UTC).

-- The accounts that run an organisation's profile (after an accepted claim): they edit it and
-- receive its messages.
CREATE TABLE actor_managers (
    actor_id BIGINT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (actor_id, user_id)
);
CREATE INDEX actor_managers_user ON actor_managers(user_id, actor_id);

-- A person asks to run an organisation's profile.
CREATE TABLE actor_claims (
    id INTEGER PRIMARY KEY,
    actor_id BIGINT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    message TEXT NOT NULL DEFAULT '' CHECK (length(message) <= 2000),
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'refused')),
    decided_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    decided_at BIGINT
);
-- One pending claim per person and profile.
CREATE UNIQUE INDEX actor_claims_pending ON actor_claims(actor_id, user_id) WHERE status = 'pending';
CREATE INDEX actor_claims_status ON actor_claims(status, created_at);

-- A conversation between the person who wrote first (`sender_id`) and the person behind the
-- profile or the post (`recipient_id`). Deleting either account deletes the thread.
CREATE TABLE contact_threads (
    id INTEGER PRIMARY KEY,
    actor_id BIGINT REFERENCES actors(id) ON DELETE SET NULL,
    -- The post (annonce) it answers, if any.
    post_id BIGINT REFERENCES posts(id) ON DELETE SET NULL,
    subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
    sender_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    recipient_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- 1 when that side shows its email address (and phone, if its profile has one) in the thread.
    sender_shares INTEGER NOT NULL DEFAULT 0 CHECK (sender_shares IN (0, 1)),
    recipient_shares INTEGER NOT NULL DEFAULT 0 CHECK (recipient_shares IN (0, 1)),
    sender_read_at BIGINT,
    recipient_read_at BIGINT,
    created_at BIGINT NOT NULL,
    last_message_at BIGINT NOT NULL,
    CHECK (sender_id <> recipient_id)
);
CREATE INDEX contact_threads_sender ON contact_threads(sender_id, last_message_at);
CREATE INDEX contact_threads_recipient ON contact_threads(recipient_id, last_message_at);
CREATE INDEX contact_threads_sent ON contact_threads(sender_id, created_at);

CREATE TABLE contact_messages (
    id INTEGER PRIMARY KEY,
    thread_id BIGINT NOT NULL REFERENCES contact_threads(id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    created_at BIGINT NOT NULL
);
CREATE INDEX contact_messages_thread ON contact_messages(thread_id, id);
CREATE INDEX contact_messages_author ON contact_messages(author_id, created_at);

-- `blocker_id` receives nothing more from `blocked_id`.
CREATE TABLE contact_blocks (
    blocker_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    blocked_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id),
    CHECK (blocker_id <> blocked_id)
);

-- A thread reported to the moderators by one of its two people.
CREATE TABLE contact_reports (
    id INTEGER PRIMARY KEY,
    thread_id BIGINT NOT NULL REFERENCES contact_threads(id) ON DELETE CASCADE,
    reporter_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    created_at BIGINT NOT NULL,
    resolved_at BIGINT,
    resolved_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    UNIQUE (thread_id, reporter_id)
);
CREATE INDEX contact_reports_open ON contact_reports(resolved_at, created_at);
