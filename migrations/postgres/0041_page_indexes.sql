-- Issue 16: indexes for the observatory's and the new pages' queries.
-- The observatory's cache version reads the newest answer of each of a network's campaigns
-- (MAX(updated_at) per campaign, from the index's end instead of every answer).
CREATE INDEX census_responses_campaign_updated ON census_responses(campaign_id, updated_at);
-- A network's campaigns, newest period first (the observatory's campaign list).
CREATE INDEX census_campaigns_network_period ON census_campaigns(network_id, period_start, id);
-- The boards' lists, newest first: job offers by publication, posts by creation (a page of
-- the newest read from the index's end, not every listed row sorted), trainings by title.
CREATE INDEX job_offers_listed ON job_offers(status, published_at, id);
CREATE INDEX posts_listed_newest ON posts(status, created_at, id);
CREATE INDEX trainings_title ON trainings(title, id);
