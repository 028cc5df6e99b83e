-- Indexes for a store that commits many events a second. An index with a random key, such as a client id, costs a
-- page write for every event that changes it. So the hot path keeps only the indexes and key columns its queries need.

-- The sweep reads pending events in id order, a page at a time: (status, id) lets each page start where the last
-- one ended, instead of reading and sorting every pending event for each page.
CREATE INDEX ix_inbox_event_status_id ON inbox_event (status, id);
DROP INDEX ix_inbox_event_status;

-- One client's pending or waiting events are read by (location_id, client_id), and the status is checked on the
-- client's few rows. Without status in the key, recording an event as done leaves this index unchanged.
DROP INDEX ix_inbox_event_client;
CREATE INDEX ix_inbox_event_client ON inbox_event (location_id, client_id);

-- Every query of contact_link reads its primary key (location_id, client_id). No query looks links up by contact id.
DROP INDEX ix_contact_link_contact;
