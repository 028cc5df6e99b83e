-- Replay and discard state of dead letters. A replayed or discarded dead letter keeps its row, for audit.
-- replayed_at is the time of the latest replay and replay_count the number of replays. discarded_at is set once,
-- and a discarded dead letter is never replayed.
ALTER TABLE dead_letter ADD COLUMN replayed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE dead_letter ADD COLUMN replay_count INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE dead_letter ADD COLUMN discarded_at TIMESTAMP WITH TIME ZONE;

-- The admin API lists dead letters by creation time, and a replay marks every dead letter of one inbox event.
CREATE INDEX ix_dead_letter_created ON dead_letter (created_at);
CREATE INDEX ix_dead_letter_inbox ON dead_letter (inbox_id);
