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

-- SQLite cannot drop a column that is part of a UNIQUE constraint (referents' (structure_id,
-- phone), moderators' phone): the two tables are rebuilt without the old columns, so that no
-- query can read them again by mistake. Nothing references them by foreign key. The
-- AUTOINCREMENT counter moves with each table, so no id is given twice.
CREATE TABLE referents_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    structure_id BIGINT NOT NULL REFERENCES structures (id),
    name         TEXT NOT NULL,
    lang         TEXT NOT NULL DEFAULT 'fr',
    conversation TEXT NOT NULL DEFAULT '{}'
);
INSERT INTO referents_new (id, structure_id, name, lang, conversation)
SELECT id, structure_id, name, lang, conversation FROM referents;
DELETE FROM sqlite_sequence WHERE name = 'referents_new';
UPDATE sqlite_sequence SET name = 'referents_new' WHERE name = 'referents';
DROP TABLE referents;
ALTER TABLE referents_new RENAME TO referents;

CREATE TABLE moderators_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL,
    lang         TEXT NOT NULL DEFAULT 'fr',
    -- space-separated list of départements, e.g. '62' or '59 62'
    departements TEXT NOT NULL,
    conversation TEXT NOT NULL DEFAULT '{}',
    digest_day   TEXT
);
INSERT INTO moderators_new (id, name, lang, departements, conversation, digest_day)
SELECT id, name, lang, departements, conversation, digest_day FROM moderators;
DELETE FROM sqlite_sequence WHERE name = 'moderators_new';
UPDATE sqlite_sequence SET name = 'moderators_new' WHERE name = 'moderators';
DROP TABLE moderators;
ALTER TABLE moderators_new RENAME TO moderators;
