-- Newsletter issues (« lettres », issue 20 points 3 and 4): an issue of a list is composed of
-- blocks (free text, and blocks filled from the agenda, the news, the places, the projects and
-- the trainings when the issue is built), sent through the job queue to the list's confirmed
-- subscribers, one delivery row per recipient, and archived as a public page once sent.
-- Instants are BIGINT milliseconds since the Unix epoch (UTC).

-- A subscription whose address hard-bounced (SMTP 5xx at send time) is suspended: no issue is
-- sent to it any more, and its editors see it.
ALTER TABLE news_subscriptions ADD COLUMN suspended_at BIGINT;
ALTER TABLE news_subscriptions ADD COLUMN suspended_reason TEXT;

CREATE TABLE letter_issues (
    id INTEGER PRIMARY KEY,
    list_id BIGINT NOT NULL REFERENCES news_lists(id) ON DELETE CASCADE,
    subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    -- The blocks as composed (JSON array of `{ "type": … }` objects).
    blocks TEXT NOT NULL,
    -- draft → scheduled (a send date is set) → sending (built, deliveries written) → sent.
    status TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'sending', 'sent')),
    send_at BIGINT,
    -- The content as built for sending (JSON of its sections): what every recipient and the
    -- public archive read, frozen once the sending starts.
    content TEXT,
    built_at BIGINT,
    sent_at BIGINT,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (status <> 'scheduled' OR send_at IS NOT NULL),
    CHECK (status NOT IN ('sending', 'sent') OR (content IS NOT NULL AND built_at IS NOT NULL))
);
CREATE INDEX letter_issues_list ON letter_issues(list_id, id);

-- One row per (issue, recipient): a recipient is claimed like a job (pending → sending with a
-- lease → sent or failed; skipped when the address left the list or was suspended before its
-- turn), so that any node resumes a sending cut short and nobody is sent an issue twice.
CREATE TABLE letter_deliveries (
    id INTEGER PRIMARY KEY,
    issue_id BIGINT NOT NULL REFERENCES letter_issues(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    claimed_at BIGINT,
    lease_until BIGINT,
    sent_at BIGINT,
    error TEXT,
    UNIQUE (issue_id, email),
    CHECK (status <> 'sending' OR lease_until IS NOT NULL)
);
CREATE INDEX letter_deliveries_claim ON letter_deliveries(issue_id, status, id);
CREATE INDEX letter_deliveries_email ON letter_deliveries(email, status);
