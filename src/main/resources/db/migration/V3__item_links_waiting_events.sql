-- Privyr task and note ids to GHL task and note ids, per location, with the values last pushed to GHL.
-- kind is 'task', 'note', or 'client-note' (the note made from a client's notes on its first sync, keyed by the
-- client id). A deleted item keeps its row with deleted = TRUE, so that a late event for it is recognised.
CREATE TABLE item_link (
    location_id       VARCHAR(128)     NOT NULL,
    kind              VARCHAR(16)      NOT NULL,
    item_id           VARCHAR(128)     NOT NULL,
    client_id         VARCHAR(128)     NOT NULL,
    contact_id        VARCHAR(64)      NOT NULL,
    ghl_id            VARCHAR(64)      NOT NULL,
    deleted           BOOLEAN          NOT NULL,
    last_pushed       VARCHAR(100000)  NOT NULL,
    last_occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_event_id     VARCHAR(128)     NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_item_link PRIMARY KEY (location_id, kind, item_id)
);

CREATE INDEX ix_item_link_client ON item_link (location_id, client_id);

-- Task and note events whose client has no GHL contact yet have status WAITING; they are looked up by client when
-- the contact appears.
CREATE INDEX ix_inbox_event_client ON inbox_event (location_id, client_id, status);
