-- PostgreSQL only; db/h2 has the H2 form of the same version.

-- Payloads and last-pushed values become UTF-8 bytes as on H2, so one JDBC code path serves both databases.
-- The identity cache stays at 1: PostgreSQL caches per session, and concurrent inserts would then get ids out of order.
-- NOTE: rewriting inbox_event holds its lock until the end, so no event is stored meanwhile, and an older version of
-- the runtime fails on the binary columns. Stop every runtime before the upgrade (docs/operations-guide.md).
ALTER TABLE inbox_event ALTER COLUMN payload TYPE BYTEA USING convert_to(payload, 'UTF8');
ALTER TABLE contact_link ALTER COLUMN last_pushed TYPE BYTEA USING convert_to(last_pushed, 'UTF8');
ALTER TABLE item_link ALTER COLUMN last_pushed TYPE BYTEA USING convert_to(last_pushed, 'UTF8');
