-- When a pending event that failed for a passing reason (GHL unreachable, 429, 5xx) may be tried again. NULL means
-- now. The attempt count is in attempts, so a restart resumes the schedule where it stopped.
ALTER TABLE inbox_event ADD COLUMN next_attempt_at TIMESTAMP WITH TIME ZONE;

-- Finds the item a GHL task or note id is linked to, when a create whose answer was lost is recovered.
CREATE INDEX ix_item_link_ghl ON item_link (location_id, kind, ghl_id);
