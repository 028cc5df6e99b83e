-- H2 only; db/postgresql has the PostgreSQL form of the same version.

-- An import's checkpoint and rejects are kept per file content, account and import mapping (the SHA-256 of what
-- the mapping does). So the same file imported for a second account, or again after a fix of the mapping, is imported
-- again instead of being taken as done. Imports from before this version keep an empty account_id and
-- mapping_sha256, which no later import matches.
ALTER TABLE import_file ADD COLUMN account_id VARCHAR(128) DEFAULT '' NOT NULL;
ALTER TABLE import_file ADD COLUMN mapping_sha256 VARCHAR(64) DEFAULT '' NOT NULL;
ALTER TABLE import_file DROP PRIMARY KEY;
ALTER TABLE import_file ADD CONSTRAINT pk_import_file PRIMARY KEY (file_sha256, account_id, mapping_sha256);

ALTER TABLE import_reject ADD COLUMN account_id VARCHAR(128) DEFAULT '' NOT NULL;
ALTER TABLE import_reject ADD COLUMN mapping_sha256 VARCHAR(64) DEFAULT '' NOT NULL;
ALTER TABLE import_reject DROP CONSTRAINT pk_import_reject;
ALTER TABLE import_reject ADD CONSTRAINT pk_import_reject PRIMARY KEY (file_sha256, account_id, mapping_sha256,
    file_row);
