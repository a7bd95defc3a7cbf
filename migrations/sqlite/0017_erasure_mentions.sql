-- What SUPPRIMER must find besides the rows about one volunteer (`outbox.about_volunteer`).
--
-- A moderator's FILE page by SMS names up to five volunteers in one message: each of them is
-- a mention of that row, and the row is blanked when any of them erases their data.
CREATE TABLE outbox_mentions (
    outbox_id    BIGINT NOT NULL,
    volunteer_id BIGINT NOT NULL,
    PRIMARY KEY (volunteer_id, outbox_id)
);

-- A staff member's message about a volunteer (a referent's MSG n, which often greets them by
-- name) is blanked with that volunteer's own messages.
ALTER TABLE inbound ADD COLUMN about_volunteer BIGINT;
CREATE INDEX inbound_about ON inbound (about_volunteer) WHERE about_volunteer IS NOT NULL;
