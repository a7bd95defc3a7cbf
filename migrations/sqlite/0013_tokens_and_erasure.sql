-- API tokens can be listed, revoked by id and expire. SQLite cannot add an id primary key to
-- an existing table: the table is rebuilt with the rows it had (hashes only, as before).
CREATE TABLE api_tokens_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    hash         TEXT NOT NULL UNIQUE,
    role         TEXT NOT NULL,
    departements TEXT,
    structure_id BIGINT,
    label        TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    revoked_at   BIGINT,
    -- refused from this time on (unix seconds); NULL: never expires
    expires_at   BIGINT,
    -- last accepted request, at most once a minute (a write per request would be waste)
    last_used_at BIGINT
);
INSERT INTO api_tokens_new (hash, role, departements, structure_id, label, created_at, revoked_at)
    SELECT hash, role, departements, structure_id, label, created_at, revoked_at
    FROM api_tokens ORDER BY created_at;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_new RENAME TO api_tokens;

-- The volunteer whose personal data an outbound message carries (a referent's alert with their
-- name and number, a moderator's queue item, a message to them): SUPPRIMER blanks these rows,
-- at once when final, after sending for the last words still to leave.
ALTER TABLE outbox ADD COLUMN about_volunteer BIGINT;
CREATE INDEX outbox_about_volunteer ON outbox (about_volunteer);
