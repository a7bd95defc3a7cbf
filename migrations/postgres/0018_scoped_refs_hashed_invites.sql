-- A mission's ref is its structure's own: two départements may both have a mission "M-12",
-- and a referent cannot take a ref that an operator's import of another structure needs.
ALTER TABLE missions DROP CONSTRAINT missions_external_ref_key;
ALTER TABLE missions ADD CONSTRAINT missions_structure_ref UNIQUE (structure_id, external_ref);

-- Invitation codes are stored as their SHA-256 (like API tokens) and expire. Codes issued
-- before this version were stored in clear and never expired: they are void (the operator
-- issues new ones with `renfort moderation invite`).
DROP TABLE invites;
CREATE TABLE invites (
    code_hash  TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    target_id  BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
