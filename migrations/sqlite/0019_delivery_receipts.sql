-- Delivery receipts (issue 22). Twilio reports what became of an SMS after it took it
-- (StatusCallback): `delivery` is the furthest state reported (queued, sent, delivered;
-- undelivered and failed are final), `delivery_at` when it was reported, `delivery_error`
-- Twilio's ErrorCode. A late, repeated or out-of-order report never moves it back.
ALTER TABLE outbox ADD COLUMN delivery TEXT;
ALTER TABLE outbox ADD COLUMN delivery_at BIGINT;
ALTER TABLE outbox ADD COLUMN delivery_error TEXT;
-- What the row is for, so that a failure can act: 'alert' (a referent's alert about
-- participation `purpose_ref`), 'relay' (a referent's MSG n to the volunteer of participation
-- `purpose_ref`, written by `author_channel`/`author_address`), 'resend' (a second try after
-- an unreachable handset, of row `purpose_ref`), 'moderators' (the moderators told of an
-- alert nobody received, participation `purpose_ref`). NULL: nothing to do on failure but
-- the rules about the recipient's number.
ALTER TABLE outbox ADD COLUMN purpose TEXT;
ALTER TABLE outbox ADD COLUMN purpose_ref BIGINT;
ALTER TABLE outbox ADD COLUMN author_channel TEXT;
ALTER TABLE outbox ADD COLUMN author_address TEXT;
-- When the reactions to a failed delivery were queued (at most once per row).
ALTER TABLE outbox ADD COLUMN reacted_at BIGINT;
CREATE INDEX outbox_purpose ON outbox (purpose, purpose_ref) WHERE purpose IS NOT NULL;

-- A report for a message whose row does not know its SID yet (the callback overtook the
-- sender's own answer from Twilio): kept here, applied when the sender records the SID.
CREATE TABLE delivery_receipts (
    provider_id TEXT PRIMARY KEY,
    delivery    TEXT NOT NULL,
    error       TEXT,
    received_at BIGINT NOT NULL
);

-- A number Twilio reported unreachable or not a mobile (30003 twice, 30005, 30006): no more
-- SMS to it until it writes to Renfort again.
ALTER TABLE contacts ADD COLUMN unreachable_at BIGINT;
