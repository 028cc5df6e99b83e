-- CSV imports of leads, one row per file content, keyed by the SHA-256 of the file's bytes. rows_done counts the
-- data rows already handled (stored as an event, found stored before, or rejected), in file order. It is updated in
-- the same transaction as the events and rejects of those rows, so an interrupted import resumes after the last
-- committed row. header is the file's header row as a JSON array of strings.
CREATE TABLE import_file (
    file_sha256  VARCHAR(64)      NOT NULL PRIMARY KEY,
    file_name    VARCHAR(1000)    NOT NULL,
    header       VARCHAR(100000)  NOT NULL,
    total_rows   INTEGER          NOT NULL,
    rows_done    INTEGER          NOT NULL,
    stored       INTEGER          NOT NULL,
    duplicates   INTEGER          NOT NULL,
    rejected     INTEGER          NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at  TIMESTAMP WITH TIME ZONE
);

-- Rows that an import rejected: the spreadsheet row number (the header is row 1), the column at fault (NULL when
-- the row as a whole is), the reason, and the row's values as a JSON array of strings in header order, from which
-- the rejects file is written.
CREATE TABLE import_reject (
    file_sha256  VARCHAR(64)       NOT NULL,
    file_row     INTEGER           NOT NULL,
    column_name  VARCHAR(1000),
    reason       VARCHAR(4000)     NOT NULL,
    row_values   VARCHAR(1000000)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_import_reject PRIMARY KEY (file_sha256, file_row)
);
