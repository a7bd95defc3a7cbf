-- API bearer tokens, stored as SHA-256 hashes: the token itself is shown once, at creation.
CREATE TABLE api_tokens (
    hash         TEXT PRIMARY KEY,
    role         TEXT NOT NULL,
    -- moderators: space-separated départements
    departements TEXT,
    -- referents: their structure
    structure_id BIGINT,
    label        TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    revoked_at   BIGINT
);
