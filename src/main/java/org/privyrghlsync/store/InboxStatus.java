package org.privyrghlsync.store;

/** Processing state of an inbox event. */
public enum InboxStatus {
    /** Stored and waiting to be applied. */
    PENDING,
    /** A task or note event whose client has no GHL contact yet; it becomes pending when the contact exists. */
    WAITING,
    /** Applied, skipped as stale, or stored only; {@code outcome} records which. */
    DONE,
    /** Could not be applied; a dead_letter row records why. */
    DEAD
}
