package org.privyrghlsync.store;

/**
 * A heartbeat that was rejected because another live process has registered the same node id. Two processes with
 * one node id would both pass the lease checks of each other's records, so the later one holds no partition.
 */
public final class NodeIdInUseException extends StoreException {

    public NodeIdInUseException(String node, long leaseMillis) {
        super("Node id " + node + " is registered by another running process, so this process applies no events."
                + " Give each runtime its own sync.jobs.node-id (SYNC_NODE_ID). If the other process was killed, its"
                + " registration expires within sync.partitions.lease-ms (" + leaseMillis + " ms) and this process"
                + " takes the node id over", null);
    }
}
