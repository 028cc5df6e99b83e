package org.privyrghlsync.store;

/**
 * The lease under which a runtime applies the events of one partition: the partition, the runtime's node id and the
 * lease's epoch when the runtime started to apply the event. A write made under a claim commits only while the
 * {@code partition_lease} row still has that node id and epoch ({@link PartitionLeaseStore#requireHeld}).
 */
public record LeaseClaim(int partition, String node, long epoch) {

    /** The claim of a runtime that is the store's only process (embedded H2): its writes are not checked. */
    public static final LeaseClaim UNCHECKED = new LeaseClaim(-1, "", -1);

    /** Returns whether writes under this claim check the lease in the store. */
    public boolean checked() {
        return this != UNCHECKED;
    }
}
