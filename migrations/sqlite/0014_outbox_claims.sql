-- Fenced claims and reconciliation (issue 9). A claim records when it was taken; while a row is
-- `sending`, next_attempt_at is the end of the claim's lease (a sender that died is noticed
-- when the lease ends). `checking`: the outcome of the last attempt is unknown and is checked
-- against the provider's own record before the message is closed or sent again. provider_id is
-- the provider's id of the message (Twilio's SID), so one provider message is never matched to
-- two rows.
ALTER TABLE outbox ADD COLUMN claimed_at BIGINT;
ALTER TABLE outbox ADD COLUMN provider_id TEXT;
CREATE UNIQUE INDEX outbox_provider_id ON outbox (provider_id);
-- Order is kept per recipient: a row waits while an earlier one to the same address is open.
CREATE INDEX outbox_recipient ON outbox (address, channel, priority, id);

-- Loop and flood protection: when a contact was last told it writes too much (one notice per
-- flood, not one per message).
CREATE TABLE flood_notices (
    channel     TEXT NOT NULL,
    address     TEXT NOT NULL,
    notified_at BIGINT NOT NULL,
    PRIMARY KEY (channel, address)
);
-- Counting a contact's recent messages.
CREATE INDEX inbound_address ON inbound (address, received_at);
