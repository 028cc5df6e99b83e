package org.privyrghlsync.store;

/** Result of processing an inbox event, as stored in {@code inbox_event.outcome}. */
public enum Outcome {
    /** A new GHL contact was created. */
    CREATED,
    /** An existing GHL contact was updated (including one found through the location's duplicate rule). */
    UPDATED,
    /** The mapped values equal the values last pushed, so no GHL call was made. */
    UNCHANGED,
    /** The event is older than an event already applied for the same client, so it was skipped. */
    STALE,
    /** The event type is stored but not synced to GHL by this version. */
    STORED,
    /** The event could not be applied and has a dead letter. */
    DEAD_LETTERED;

    public String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
