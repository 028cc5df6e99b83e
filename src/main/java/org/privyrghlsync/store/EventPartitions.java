package org.privyrghlsync.store;

/**
 * The partition of an event, computed from its location and client. The store keeps each event's partition in
 * {@code inbox_state.partition_id}, so that a runtime that holds some partitions reads only their events.
 * {@code org.privyrghlsync.sync.PartitionOwnership} uses the same function.
 */
public final class EventPartitions {

    /** Bits of the partition number. All runtimes must use the same value, so it is fixed. */
    public static final int PARTITION_BITS = 6;
    /** Number of partitions, 64. */
    public static final int PARTITIONS = 1 << PARTITION_BITS;

    private EventPartitions() {
    }

    /**
     * Returns the partition of the events with this {@link InboxEntry#orderingKey()}. The Java SE API specifies
     * {@link String#hashCode}, so every runtime computes the same partition. Multiplying by 2^32 divided by the golden
     * ratio and keeping the top bits spreads the keys evenly over the partitions, and keeps the partition apart from
     * the lane, which takes the hash modulo {@code sync.workers}. SQL cannot compute it, so the migration that added
     * the column computed it in Java ({@code db.migration.V16__inbox_state_partition}).
     */
    public static int partitionOf(String orderingKey) {
        return (orderingKey.hashCode() * 0x9E3779B9) >>> (Integer.SIZE - PARTITION_BITS);
    }
}
