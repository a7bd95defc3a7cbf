-- The web console (issue 21): one-time login links, sessions, and the journal of decisions.
--
-- A login link is asked by SMS or Telegram (CONSOLE) by a referent or a moderator. Only a
-- SHA-256 of its token is kept; it is spent once (used_at) and expires after 15 minutes.
CREATE TABLE console_logins (
    token_hash TEXT PRIMARY KEY,
    staff_kind TEXT NOT NULL,
    staff_id   BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);

-- A session is a staff member's, not a role's: the principal is read from the staff row at
-- each request, so a referent moved or removed loses access at once. The cookie's token is
-- kept hashed; csrf is the form token of the session (not a secret of the cookie's kind: it
-- is written into pages, never into a cookie).
CREATE TABLE console_sessions (
    id          BIGSERIAL PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    csrf        TEXT NOT NULL,
    staff_kind  TEXT NOT NULL,
    staff_id    BIGINT NOT NULL,
    lang        TEXT NOT NULL DEFAULT 'fr',
    created_at  BIGINT NOT NULL,
    last_seen   BIGINT NOT NULL,
    revoked_at  BIGINT
);

-- Who validated, refused, changed or erased what, and when, through any path (console, sms,
-- telegram, cli, api). actor: 'moderator', 'referent', 'token', 'operator' or 'volunteer',
-- with its id when there is one. departement: where the subject is, for moderators' scope.
-- detail never holds a phone number or a message body.
CREATE TABLE journal (
    id           BIGSERIAL PRIMARY KEY,
    at           BIGINT NOT NULL,
    actor_kind   TEXT NOT NULL,
    actor_id     BIGINT,
    path         TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id   BIGINT NOT NULL,
    departement  TEXT,
    structure_id BIGINT,
    detail       TEXT
);
CREATE INDEX journal_departement ON journal (departement, id);
CREATE INDEX journal_subject ON journal (subject_kind, subject_id);
