-- The inbound message itself, kept with its id for support and audits; erased with the
-- volunteer's data and after 30 days.
ALTER TABLE inbound ADD COLUMN address TEXT;
ALTER TABLE inbound ADD COLUMN body TEXT;
