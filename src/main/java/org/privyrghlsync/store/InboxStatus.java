package org.privyrghlsync.store;

/** Processing state of an inbox event. */
public enum InboxStatus {
    /** Stored and waiting to be applied. */
    PENDING,
    /** Applied, skipped as stale, or stored only; {@code outcome} records which. */
    DONE,
    /** Could not be applied; a dead_letter row records why. */
    DEAD
}
