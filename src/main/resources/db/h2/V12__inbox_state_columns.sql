-- H2 only; db/postgresql has the PostgreSQL form of the same version.

-- The columns that V11 copied to inbox_state leave inbox_event, in one rewrite of the table.
ALTER TABLE inbox_event DROP COLUMN (status, outcome, attempts, next_attempt_at, processed_at, detail);
