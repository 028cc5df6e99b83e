package org.privyrghlsync.sync;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Reports how many of the event partitions this runtime applies, and DOWN while it cannot renew its partition
 * leases and holds no partition any more, or while the store rejects it because another live process has its node
 * id. It then applies no event until a renewal succeeds again.
 */
public final class PartitionsHealthCheck extends AbstractHealthCheck {

    private final PartitionOwnership partitions;

    public PartitionsHealthCheck(PartitionOwnership partitions) {
        super("privyr-ghl-sync", "event-partitions");
        this.partitions = partitions;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("partitions.held", partitions.heldCount());
        builder.detail("partitions.total", PartitionOwnership.PARTITIONS);
        if (!(partitions instanceof PartitionLeases leases)) {
            builder.up();
            return;
        }
        builder.detail("node", leases.node());
        builder.detail("nodes.live", leases.liveNodes());
        String failure = leases.renewalFailure();
        if (failure == null) {
            builder.up();
            return;
        }
        builder.detail("lease.renewal-failure", failure);
        if (leases.nodeIdInUse()) {
            builder.detail("node.rejected", true);
            builder.message("The store rejected this process because node id " + leases.node() + " is in use by"
                    + " another live process. It takes no partition while that process is live. Give each runtime its"
                    + " own sync.jobs.node-id (SYNC_NODE_ID)");
            builder.down();
            return;
        }
        builder.message("The partition leases cannot be renewed; this node applies events of "
                + partitions.heldCount() + " partitions until a renewal succeeds: " + failure);
        if (partitions.heldCount() == 0) {
            builder.down();
        } else {
            builder.up();
        }
    }
}
