package org.privyrghlsync.sync;

import java.util.Set;
import java.util.stream.IntStream;
import org.privyrghlsync.store.EventPartitions;
import org.privyrghlsync.store.LeaseClaim;

/**
 * Which partitions of the events this runtime applies. Every event belongs to the partition of its location and
 * client ({@link #partitionOf}), so one client's events always share a partition, and only the runtime that holds a
 * partition applies its events. On PostgreSQL the runtimes that share the database hold the partitions under leases
 * ({@link PartitionLeases}); the embedded H2 store is opened by one process, which holds all of them ({@link #ALL}).
 */
public interface PartitionOwnership {

    /** Bits of the partition number; all runtimes must use the same value, so it is fixed. */
    int PARTITION_BITS = EventPartitions.PARTITION_BITS;
    /** Number of partitions, 64. */
    int PARTITIONS = EventPartitions.PARTITIONS;

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
     * Returns the partition of the events with this {@link org.privyrghlsync.store.InboxEntry#orderingKey()}, as the
     * store records it in {@code inbox_state.partition_id} ({@link EventPartitions#partitionOf}).
     */
    static int partitionOf(String orderingKey) {
        return EventPartitions.partitionOf(orderingKey);
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

    /** Returns the partitions this runtime applies events of now, in ascending order. */
    default int[] heldPartitions() {
        return IntStream.range(0, PARTITIONS).filter(this::owns).toArray();
    }

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
