-- The processing state of each inbox event moves to a table of its own, so that an event's inbox_event row, with
-- its payload, is written once, when the event is received. Recording the event as processed then changes only its
-- small inbox_state row. H2 updates a row in every index of its table, and each commit rewrites every page it
-- changed. So an update of inbox_event rewrote the payload's page and a random page of the event_id and client
-- indexes, pages that older commits had written already when the sync ran behind the receiver.
CREATE TABLE inbox_state (
    id               BIGINT        NOT NULL PRIMARY KEY,
    status           VARCHAR(16)   NOT NULL,
    outcome          VARCHAR(32),
    attempts         INTEGER       NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMP WITH TIME ZONE,
    processed_at     TIMESTAMP WITH TIME ZONE,
    detail           VARCHAR(2000),
    CONSTRAINT fk_inbox_state_event FOREIGN KEY (id) REFERENCES inbox_event (id)
);

INSERT INTO inbox_state (id, status, outcome, attempts, next_attempt_at, processed_at, detail)
SELECT id, status, outcome, attempts, next_attempt_at, processed_at, detail FROM inbox_event;

-- The sweep reads pending events in id order, a page at a time, as it did from inbox_event's (status, id) index.
CREATE INDEX ix_inbox_state_status_id ON inbox_state (status, id);
DROP INDEX ix_inbox_event_status_id;
