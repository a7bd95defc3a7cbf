-- Where Renfort is open. A département is open when its volunteers are validated
-- automatically or a moderator covers it (a moderator's list may be "*": every département),
-- unless the operator closed it: then nobody there is promised a validation or a call.
ALTER TABLE departement_settings ADD COLUMN closed BIGINT NOT NULL DEFAULT 0;
-- The minimum age to take a mission (NULL: the default, 18).
ALTER TABLE departement_settings ADD COLUMN min_age BIGINT;
