package org.privyrghlsync.store;

/**
 * A heartbeat that was rejected because another live process has registered the same node id. Two processes with
 * one node id would both pass the lease checks of each other's records, so the later one holds no partition.
 */
public final class NodeIdInUseException extends StoreException {

    private final int liveNodes;

    /**
     * @param liveNodes number of nodes whose registration had not expired when the heartbeat was rejected, the other
     *     process with this node id included
     */
    public NodeIdInUseException(String node, long leaseMillis, int liveNodes) {
        super("Node id " + node + " is registered by another running process, so this process applies no events."
                + " Give each runtime its own sync.jobs.node-id (SYNC_NODE_ID). If the other process was killed, its"
                + " registration expires within sync.partitions.lease-ms (" + leaseMillis + " ms) and this process"
                + " takes the node id over", null);
        this.liveNodes = liveNodes;
    }

    /** Returns the number of live nodes that the store recorded when it rejected the heartbeat. */
    public int liveNodes() {
        return liveNodes;
    }
}
