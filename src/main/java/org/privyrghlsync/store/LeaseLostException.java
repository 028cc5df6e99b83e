package org.privyrghlsync.store;

/**
 * A write under a {@link LeaseClaim} that was rolled back because the runtime no longer holds the partition's lease
 * with the claim's epoch. Another runtime took the partition over, and it applies the partition's pending events.
 */
public final class LeaseLostException extends StoreException {

    public LeaseLostException(LeaseClaim claim) {
        super("Node " + claim.node() + " no longer holds partition " + claim.partition() + " with lease epoch "
                + claim.epoch() + ", so the write was rolled back; the node that holds the partition now applies"
                + " its pending events", null);
    }
}
