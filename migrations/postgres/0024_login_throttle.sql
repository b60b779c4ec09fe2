-- Failed logins, per account and per client IP (issue 17, point 4): an account is slowed by
-- growing delays after a few failures, an IP only past a much higher number (a tiers-lieu's
-- members share one address). A successful login never counts, and clears its account's row.
-- `key`: `account:<sha256 of the address typed>` or `ip:<address>`.
CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    first_failure_at BIGINT NOT NULL,
    blocked_until BIGINT NOT NULL DEFAULT 0
);
