-- Checks and retries that pace themselves (issue 23).
-- checks: failed or hanging looks in the provider's record since the last attempt; the next
-- one waits longer (5 s, 15 s, 60 s …) instead of coming back every few seconds for ever.
-- requeued_at: when an operator re-queued a failed message (`renfort outbox requeue`); a
-- message is given up by age, counted from here when set, else from created_at.
ALTER TABLE outbox ADD COLUMN checks BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN requeued_at BIGINT;
-- `renfort outbox --failed` lists the newest failed messages first.
CREATE INDEX outbox_failed ON outbox (id) WHERE status = 'failed';
