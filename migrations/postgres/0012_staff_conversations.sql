-- Staff by SMS: what a referent or moderator was last shown (short numbers), the day a
-- moderator last got the daily digest, and an open relay on a participation (a referent's
-- MSG waiting for the volunteer's answer).
ALTER TABLE referents ADD COLUMN conversation TEXT NOT NULL DEFAULT '{}';
ALTER TABLE moderators ADD COLUMN conversation TEXT NOT NULL DEFAULT '{}';
ALTER TABLE moderators ADD COLUMN digest_day TEXT;
ALTER TABLE participations ADD COLUMN relay_at BIGINT;
