-- API tokens can be listed, revoked by id and expire.
ALTER TABLE api_tokens ADD COLUMN id BIGSERIAL UNIQUE;
-- refused from this time on (unix seconds); NULL: never expires
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
-- last accepted request, at most once a minute (a write per request would be waste)
ALTER TABLE api_tokens ADD COLUMN last_used_at BIGINT;

-- The volunteer whose personal data an outbound message carries (a referent's alert with their
-- name and number, a moderator's queue item, a message to them): SUPPRIMER blanks these rows,
-- at once when final, after sending for the last words still to leave.
ALTER TABLE outbox ADD COLUMN about_volunteer BIGINT;
CREATE INDEX outbox_about_volunteer ON outbox (about_volunteer);
