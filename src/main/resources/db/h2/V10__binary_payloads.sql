-- H2 only; db/postgresql has the PostgreSQL form of the same version.

-- H2 writes every value of a store page again whenever any row of that page changes, and it writes a string one
-- character at a time. Event payloads and last-pushed values are the largest strings of the hot tables, so they are
-- kept as their UTF-8 bytes, which H2 copies whole. A VARCHAR value converts to its UTF-8 bytes.
ALTER TABLE inbox_event ALTER COLUMN payload SET DATA TYPE VARBINARY(4000000);
ALTER TABLE contact_link ALTER COLUMN last_pushed SET DATA TYPE VARBINARY(4000000);
ALTER TABLE item_link ALTER COLUMN last_pushed SET DATA TYPE VARBINARY(400000);

-- Each time H2 runs out of cached identity values, it writes the sequence in a commit of its own, which stores every
-- page changed so far. H2 keeps one counter for all sessions, so ids still follow the order in which inserts draw
-- them. An unclean stop may skip ids, but no id is used twice.
ALTER TABLE inbox_event ALTER COLUMN id SET CACHE 1000;
