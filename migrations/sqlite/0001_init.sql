-- Renfort schema, SQLite flavour. Through sqlx::Any: flags are integers, timestamps are unix
-- seconds (BIGINT), ids come back with RETURNING.

CREATE TABLE departement_settings (
    departement TEXT PRIMARY KEY,
    validation  TEXT NOT NULL DEFAULT 'required'
);

CREATE TABLE structures (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    external_ref TEXT UNIQUE,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    departement  TEXT NOT NULL,
    insee        TEXT,
    status       TEXT NOT NULL DEFAULT 'pending',
    created_at   BIGINT NOT NULL
);
CREATE INDEX structures_departement ON structures (departement, status);

CREATE TABLE referents (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    structure_id  BIGINT NOT NULL REFERENCES structures (id),
    name          TEXT NOT NULL,
    phone         TEXT,
    telegram_chat TEXT,
    lang          TEXT NOT NULL DEFAULT 'fr',
    UNIQUE (structure_id, phone)
);

CREATE TABLE moderators (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL,
    phone         TEXT UNIQUE,
    telegram_chat TEXT,
    lang          TEXT NOT NULL DEFAULT 'fr',
    -- space-separated list of départements, e.g. '62' or '59 62'
    departements  TEXT NOT NULL
);

CREATE TABLE missions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    external_ref TEXT UNIQUE,
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
    created_at   BIGINT NOT NULL
);
-- Nearby search: an indexed bounding-box prefilter on open missions, exact distance in Rust.
CREATE INDEX missions_open_lat ON missions (status, lat, lon);
CREATE INDEX missions_departement ON missions (departement, status);

CREATE TABLE volunteers (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    status        TEXT NOT NULL DEFAULT 'registering',
    first_name    TEXT,
    lang          TEXT NOT NULL DEFAULT 'fr',
    insee         TEXT,
    commune       TEXT,
    departement   TEXT,
    lat           DOUBLE PRECISION,
    lon           DOUBLE PRECISION,
    on_site       BIGINT,
    domains       BIGINT NOT NULL DEFAULT 0,
    availability  TEXT,
    radius_km     BIGINT NOT NULL DEFAULT 10,
    consent_at    BIGINT,
    terms_version TEXT,
    conversation  TEXT NOT NULL DEFAULT '{}',
    created_at    BIGINT NOT NULL,
    registered_at BIGINT,
    validated_at  BIGINT,
    erased_at     BIGINT
);
CREATE INDEX volunteers_moderation ON volunteers (status, departement);

-- Every address Renfort talks to (volunteers, referents, moderators), with its opt-out.
CREATE TABLE contacts (
    channel      TEXT NOT NULL,
    address      TEXT NOT NULL,
    volunteer_id BIGINT REFERENCES volunteers (id),
    -- Telegram @username, shown to a structure instead of a phone number
    handle       TEXT,
    stopped_at   BIGINT,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (channel, address)
);
CREATE INDEX contacts_volunteer ON contacts (volunteer_id);

CREATE TABLE participations (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    volunteer_id BIGINT NOT NULL REFERENCES volunteers (id),
    mission_id   BIGINT NOT NULL REFERENCES missions (id),
    status       TEXT NOT NULL,
    -- the channel the volunteer used, so the structure gets a reachable contact
    channel      TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    relayed_at   BIGINT,
    answered_at  BIGINT,
    UNIQUE (volunteer_id, mission_id)
);
CREATE INDEX participations_mission ON participations (mission_id, status);

-- Inbound dedupe log: a replayed MessageSid or update_id is processed once.
CREATE TABLE inbound (
    channel     TEXT NOT NULL,
    external_id TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (channel, external_id)
);

-- Durable outbox: every message leaves through here; senders drain it.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    channel         TEXT NOT NULL,
    address         TEXT NOT NULL,
    text            TEXT NOT NULL,
    segments        BIGINT,
    encoding        TEXT,
    choices         TEXT,
    -- 0: conversational reply, 1: alert to a structure or moderator, 2: bulk
    priority        BIGINT NOT NULL DEFAULT 0,
    -- a STOP confirmation must still leave after the contact is stopped
    ignores_stop    BIGINT NOT NULL DEFAULT 0,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT,
    error           TEXT
);
CREATE INDEX outbox_pending ON outbox (status, priority, next_attempt_at);
