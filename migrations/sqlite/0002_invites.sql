-- Invitation codes for Telegram deep links: /start ref-CODE links a referent's chat,
-- /start mod-CODE a moderator's. Single use.
CREATE TABLE invites (
    code       TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    target_id  BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at    BIGINT
);

ALTER TABLE referents ADD COLUMN telegram_handle TEXT;
