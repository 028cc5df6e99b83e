-- Random id of the process that registered the node id. A process renews only a registration with its own
-- instance_id, so a second live process started with the same sync.jobs.node-id is rejected instead of applying the
-- first one's partitions under the same node id and epochs. Null in rows of earlier releases.
ALTER TABLE sync_node ADD COLUMN instance_id VARCHAR(64);
