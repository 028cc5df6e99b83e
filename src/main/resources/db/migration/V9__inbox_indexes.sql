-- The sweep reads pending events in id order, a page at a time: (status, id) lets each page start where the last
-- one ended, instead of reading and sorting every pending event for each page.
CREATE INDEX ix_inbox_event_status_id ON inbox_event (status, id);
DROP INDEX ix_inbox_event_status;

-- Without status in the key, recording an event as done leaves this index unchanged. Queries on one client's events
-- by status read that client's few rows and check their status.
DROP INDEX ix_inbox_event_client;
CREATE INDEX ix_inbox_event_client ON inbox_event (location_id, client_id);

-- Every query of contact_link reads its primary key (location_id, client_id); no query looks links up by contact id.
DROP INDEX ix_contact_link_contact;
