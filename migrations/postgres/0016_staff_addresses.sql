-- Where each referent and moderator is reached: one row per channel instead of a column per
-- channel, so a new channel needs no new column. The person is named like an invitation
-- names its target: kind ('referent' or 'moderator') and id. `preference` orders a
-- person's addresses, lowest first: alerts go to the first one. Today's rule (a chat linked
-- through an invitation before the phone) becomes 0 for the chat and 1 for the phone.
--
-- The lookup by an inbound message's sender is not unique: a phone may be the referent of
-- two structures (referents were unique per structure only), and one Telegram chat may have
-- redeemed a referent's and a moderator's invitation; the sender is then the first referent,
-- else the first moderator, as before.
CREATE TABLE staff_addresses (
    staff_kind TEXT NOT NULL,
    staff_id   BIGINT NOT NULL,
    channel    TEXT NOT NULL,
    address    TEXT NOT NULL,
    -- Telegram @username given when the chat was linked
    handle     TEXT,
    preference BIGINT NOT NULL,
    PRIMARY KEY (staff_kind, staff_id, channel)
);
CREATE INDEX staff_addresses_sender ON staff_addresses (channel, address);

INSERT INTO staff_addresses (staff_kind, staff_id, channel, address, handle, preference)
SELECT 'referent', id, 'telegram', telegram_chat, telegram_handle, 0
FROM referents WHERE telegram_chat IS NOT NULL;
INSERT INTO staff_addresses (staff_kind, staff_id, channel, address, handle, preference)
SELECT 'referent', id, 'sms', phone, NULL, 1 FROM referents WHERE phone IS NOT NULL;
INSERT INTO staff_addresses (staff_kind, staff_id, channel, address, handle, preference)
SELECT 'moderator', id, 'telegram', telegram_chat, NULL, 0
FROM moderators WHERE telegram_chat IS NOT NULL;
INSERT INTO staff_addresses (staff_kind, staff_id, channel, address, handle, preference)
SELECT 'moderator', id, 'sms', phone, NULL, 1 FROM moderators WHERE phone IS NOT NULL;

ALTER TABLE referents DROP COLUMN phone, DROP COLUMN telegram_chat, DROP COLUMN telegram_handle;
ALTER TABLE moderators DROP COLUMN phone, DROP COLUMN telegram_chat;
