package org.privyrghlsync.store;

/** Result of processing an inbox event, as stored in {@code inbox_state.outcome}. */
public enum Outcome {
    /** A new GHL contact, task or note was created. */
    CREATED,
    /** An existing GHL contact, task or note was updated (including a contact found through the duplicate rule). */
    UPDATED,
    /** A GHL task was deleted. */
    DELETED,
    /** The mapped values equal the values last pushed, so no GHL call was made. */
    UNCHANGED,
    /** The event is older than an event already applied to the same client, task or note, so it was skipped. */
    STALE,
    /** No step of the contact-sync route recorded a result, for example because a step added to it stopped the event. */
    STORED,
    /** The event could not be applied and has a dead letter. */
    DEAD_LETTERED;

    public String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
