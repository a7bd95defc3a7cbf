-- Reminders to structures (48 h) and escalation to moderators (5 days) are claimed once
-- each, so several instances never send them twice.
ALTER TABLE participations ADD COLUMN reminded_at BIGINT;
ALTER TABLE participations ADD COLUMN escalated_at BIGINT;
CREATE INDEX participations_followup ON participations (status, relayed_at);

-- New-mission alerts: at most one a day per volunteer (Europe/Paris day, 'YYYY-MM-DD').
ALTER TABLE volunteers ADD COLUMN last_alert_day TEXT;
CREATE INDEX volunteers_nearby ON volunteers (status, lat, lon);
