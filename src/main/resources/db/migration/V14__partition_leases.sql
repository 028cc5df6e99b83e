-- Runtimes that apply events from this database. Each renews its row on every lease heartbeat; a row whose
-- expires_at has passed belongs to a runtime that stopped or lost the database. The runtimes divide the partitions
-- of partition_lease evenly among the rows that have not expired.
CREATE TABLE sync_node (
    -- sync.jobs.node-id of the runtime
    node_id     VARCHAR(200)  NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_sync_node PRIMARY KEY (node_id)
);

-- One row per partition of the events. An event belongs to the partition of its location and client, and only the
-- runtime named in node_id applies it, until expires_at unless it renews the lease. epoch grows by one each time a
-- runtime takes the partition, and the record of an event commits only while the row still has the runtime's node_id
-- and the epoch under which the runtime applied the event. The runtime inserts the rows when it first starts on
-- PostgreSQL; the embedded H2 store is opened by one process, which applies every event without leases.
CREATE TABLE partition_lease (
    partition_id  INTEGER       NOT NULL,
    -- null while no runtime holds the partition
    node_id       VARCHAR(200),
    epoch         BIGINT        DEFAULT 0 NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_partition_lease PRIMARY KEY (partition_id)
);
