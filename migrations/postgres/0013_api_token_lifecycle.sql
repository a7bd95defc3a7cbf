-- API tokens can be listed, revoked by id and expire.
ALTER TABLE api_tokens ADD COLUMN id BIGSERIAL UNIQUE;
-- refused from this time on (unix seconds); NULL: never expires
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
-- last accepted request, at most once a minute (a write per request would be waste)
ALTER TABLE api_tokens ADD COLUMN last_used_at BIGINT;
