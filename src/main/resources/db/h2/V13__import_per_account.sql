-- H2 only; db/postgresql has the PostgreSQL form of the same version.

-- An import's checkpoint and rejects are kept per file content and account, so that the same file imported for a
-- second account is imported again instead of being taken as done. Imports from before this version keep an empty
-- account_id, which no later import matches.
ALTER TABLE import_file ADD COLUMN account_id VARCHAR(128) DEFAULT '' NOT NULL;
ALTER TABLE import_file DROP PRIMARY KEY;
ALTER TABLE import_file ADD CONSTRAINT pk_import_file PRIMARY KEY (file_sha256, account_id);

ALTER TABLE import_reject ADD COLUMN account_id VARCHAR(128) DEFAULT '' NOT NULL;
ALTER TABLE import_reject DROP CONSTRAINT pk_import_reject;
ALTER TABLE import_reject ADD CONSTRAINT pk_import_reject PRIMARY KEY (file_sha256, account_id, file_row);
