package org.privyrghlsync.sync;

import java.util.Set;
import org.privyrghlsync.store.LeaseClaim;

/**
 * Which partitions of the events this runtime applies. Every event belongs to the partition of its location and
 * client ({@link #partitionOf}), so one client's events always share a partition, and only the runtime that holds a
 * partition applies its events. On PostgreSQL the runtimes that share the database hold the partitions under leases
 * ({@link PartitionLeases}); the embedded H2 store is opened by one process, which holds all of them ({@link #ALL}).
 */
public interface PartitionOwnership {

    /** Bits of the partition number; all runtimes must use the same value, so it is fixed. */
    int PARTITION_BITS = 6;
    /** Number of partitions, 64. */
    int PARTITIONS = 1 << PARTITION_BITS;

    /** Every partition, without leases or checks in the store. */
    PartitionOwnership ALL = new PartitionOwnership() {
        @Override
        public boolean ownsAll() {
            return true;
        }

        @Override
        public boolean owns(int partition) {
            return true;
        }

        @Override
        public LeaseClaim claim(int partition) {
            return LeaseClaim.UNCHECKED;
        }

        @Override
        public int heldCount() {
            return PARTITIONS;
        }

        @Override
        public void addListener(Listener listener) {
        }
    };

    /**
     * Returns the partition of the events with this {@link org.privyrghlsync.store.InboxEntry#orderingKey()}. The Java
     * SE API specifies {@link String#hashCode}, so every runtime computes the same partition. Multiplying by 2^32
     * divided by the golden ratio and keeping the top bits spreads the keys evenly over the partitions, and keeps the
     * partition apart from the lane, which takes the hash modulo {@code sync.workers}.
     */
    static int partitionOf(String orderingKey) {
        return (orderingKey.hashCode() * 0x9E3779B9) >>> (Integer.SIZE - PARTITION_BITS);
    }

    /** Returns true when this runtime holds every partition without leases, as with the embedded H2 store. */
    boolean ownsAll();

    /** Returns whether this runtime may apply the events of the partition now. */
    boolean owns(int partition);

    /**
     * Returns the lease under which this runtime applies the partition's events now, or null when it does not hold the
     * partition. Records written under the claim commit only while the lease has not moved on.
     */
    LeaseClaim claim(int partition);

    /** Returns the number of partitions this runtime applies events of now. */
    int heldCount();

    /** Registers a listener, which runs on the thread that renews the leases. */
    void addListener(Listener listener);

    /**
     * Tells the runtime that holds the partition, without waiting, that an event of it is pending in the store, so
     * that it reads the event before its next heartbeat. Does nothing where this runtime holds every partition.
     */
    default void announcePending(int partition) {
    }

    /** Changes of the partitions that this runtime holds. */
    interface Listener {

        /** Runs after this runtime took partitions, whose pending events it now applies. */
        default void acquired(Set<Integer> partitions) {
        }

        /**
         * Runs after this runtime stopped applying the events of partitions: another runtime took them over, its
         * leases expired without renewal, or it hands them to another runtime.
         */
        default void lost(Set<Integer> partitions) {
        }

        /** Runs after each renewal of the leases, whose heartbeat also paces the poll of the partitions' events. */
        default void renewed() {
        }

        /** Runs when another runtime announced pending events of partitions that this runtime holds. */
        default void announced(Set<Integer> partitions) {
        }
    }
}
