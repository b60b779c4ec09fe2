-- The yearly census and the observatory (issue 21): a network's questionnaires (versioned:
-- a questionnaire a campaign already uses is never changed, an edit makes a new version),
-- its campaigns (open for a period to its places, pre-filled from the data of another
-- period), each place's response (a draft, then submitted; reopened by an animator), and the
-- invitations and reminders sent to the places' managers.
-- Instants are BIGINT milliseconds since the Unix epoch (UTC); days are `YYYY-MM-DD` texts.

CREATE TABLE census_questionnaires (
    id INTEGER PRIMARY KEY,
    network_id BIGINT NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    -- The questionnaire this one is a new version of.
    parent_id BIGINT REFERENCES census_questionnaires(id) ON DELETE SET NULL,
    -- JSON array of questions (key, label, type, section, unit, options, bounds, prefill).
    questions TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX census_questionnaires_network ON census_questionnaires(network_id, id);

CREATE TABLE census_campaigns (
    id INTEGER PRIMARY KEY,
    network_id BIGINT NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
    questionnaire_id BIGINT NOT NULL REFERENCES census_questionnaires(id),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    opens_on TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    -- The period whose data pre-fills the answers, [start, end) in milliseconds.
    period_start BIGINT NOT NULL,
    period_end BIGINT NOT NULL,
    -- Comma-separated department codes the campaign is limited to ('' = every place).
    departments TEXT NOT NULL DEFAULT '',
    -- Its aggregates are on the network's public observatory.
    published BOOLEAN NOT NULL DEFAULT FALSE,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    CHECK (opens_on <= closes_on),
    CHECK (period_start < period_end)
);
CREATE INDEX census_campaigns_network ON census_campaigns(network_id, id);

CREATE TABLE census_responses (
    id INTEGER PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES census_campaigns(id) ON DELETE CASCADE,
    place_id BIGINT NOT NULL REFERENCES places(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
    -- JSON object: question key → answer.
    answers TEXT NOT NULL DEFAULT '{}',
    -- JSON object: question key → {value, source} as pre-filled when the draft was started.
    prefill TEXT NOT NULL DEFAULT '{}',
    started_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    submitted_at BIGINT,
    submitted_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    UNIQUE (campaign_id, place_id)
);
CREATE INDEX census_responses_place ON census_responses(place_id);

CREATE TABLE census_mailings (
    id INTEGER PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES census_campaigns(id) ON DELETE CASCADE,
    place_id BIGINT NOT NULL REFERENCES places(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('invitation', 'reminder')),
    recipients INTEGER NOT NULL DEFAULT 0,
    sent_at BIGINT NOT NULL
);
CREATE INDEX census_mailings_campaign ON census_mailings(campaign_id, place_id);
