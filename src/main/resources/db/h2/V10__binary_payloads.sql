-- H2 only; db/postgresql has the PostgreSQL form of the same version.

-- H2 rewrites a page's values at each change and writes strings one character at a time, so the largest strings of
-- the hot tables become UTF-8 bytes, which H2 copies whole. Existing VARCHAR values convert to their UTF-8 bytes.
ALTER TABLE inbox_event ALTER COLUMN payload SET DATA TYPE VARBINARY(4000000);
ALTER TABLE contact_link ALTER COLUMN last_pushed SET DATA TYPE VARBINARY(4000000);
ALTER TABLE item_link ALTER COLUMN last_pushed SET DATA TYPE VARBINARY(400000);

-- H2 commits the identity sequence on its own each time its cached values run out, so a larger cache saves commits.
-- H2 keeps one counter for all sessions, so ids still follow the order in which inserts draw them.
ALTER TABLE inbox_event ALTER COLUMN id SET CACHE 1000;
