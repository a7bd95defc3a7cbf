-- no-transaction
-- (SQLite ignores PRAGMA foreign_keys inside a transaction, and rebuilding `missions` with
-- foreign keys on would run DROP TABLE's implicit DELETE against `participations`: this
-- migration opens its own transaction once foreign keys are off, as SQLite's ALTER TABLE page
-- prescribes for a table rebuild.)
PRAGMA foreign_keys = OFF;
BEGIN;

-- A mission's ref is its structure's own: two départements may both have a mission "M-12",
-- and a referent cannot take a ref that an operator's import of another structure needs.
-- SQLite cannot drop a column's UNIQUE: the table is rebuilt with the same columns, ids,
-- AUTOINCREMENT counter and indexes.
CREATE TABLE missions_scoped (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    external_ref TEXT,
    structure_id BIGINT NOT NULL REFERENCES structures (id),
    domain       BIGINT NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    remote       BIGINT NOT NULL DEFAULT 0,
    insee        TEXT,
    commune      TEXT,
    departement  TEXT NOT NULL,
    lat          DOUBLE PRECISION,
    lon          DOUBLE PRECISION,
    starts_on    TEXT,
    ends_on      TEXT,
    schedule     TEXT NOT NULL DEFAULT '',
    places       BIGINT NOT NULL,
    places_taken BIGINT NOT NULL DEFAULT 0,
    status       TEXT NOT NULL DEFAULT 'pending',
    created_at   BIGINT NOT NULL,
    UNIQUE (structure_id, external_ref)
);
INSERT INTO missions_scoped (id, external_ref, structure_id, domain, title, description,
    remote, insee, commune, departement, lat, lon, starts_on, ends_on, schedule, places,
    places_taken, status, created_at)
SELECT id, external_ref, structure_id, domain, title, description, remote, insee, commune,
    departement, lat, lon, starts_on, ends_on, schedule, places, places_taken, status,
    created_at
FROM missions;
-- The counter, not only the highest id: an id once given is never given again.
DELETE FROM sqlite_sequence WHERE name = 'missions_scoped';
INSERT INTO sqlite_sequence (name, seq)
SELECT 'missions_scoped', seq FROM sqlite_sequence WHERE name = 'missions';
DROP TABLE missions;
ALTER TABLE missions_scoped RENAME TO missions;
CREATE INDEX missions_open_lat ON missions (status, lat, lon);
CREATE INDEX missions_departement ON missions (departement, status);

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

COMMIT;
PRAGMA foreign_keys = ON;
