-- PostgreSQL only; db/h2 has the H2 form of the same version.

-- The columns that V11 copied to inbox_state leave inbox_event. PostgreSQL only marks them dropped, and the space
-- that existing rows keep for them is reused after the rows are vacuumed.
ALTER TABLE inbox_event
    DROP COLUMN status,
    DROP COLUMN outcome,
    DROP COLUMN attempts,
    DROP COLUMN next_attempt_at,
    DROP COLUMN processed_at,
    DROP COLUMN detail;
