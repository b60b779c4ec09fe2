-- A personal API token may carry an expiry (UTC milliseconds): after it, the token answers
-- 401 like a revoked one. NULL: no expiry.
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
