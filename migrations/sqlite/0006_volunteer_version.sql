-- Optimistic concurrency: a conversation step saves the volunteer only if nobody changed it
-- since it was read (another message, a moderator); otherwise the step runs again.
ALTER TABLE volunteers ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
