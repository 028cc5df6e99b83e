package org.privyrghlsync.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Selection of dead letters to list or replay. Null fields match everything. {@code since} is inclusive and {@code until}
 * exclusive, both on the dead letter's creation time.
 *
 * @param withoutGhlStatus matches only dead letters without a GHL status (GHL never responded); {@code ghlStatus}
 *     is then null
 * @param limit maximum number of dead letters, or null for no limit
 * @param includeDiscarded also matches discarded dead letters, which are hidden by default
 */
public record DeadLetterFilter(
        String locationId,
        String eventType,
        Integer ghlStatus,
        boolean withoutGhlStatus,
        Instant since,
        Instant until,
        Integer limit,
        boolean includeDiscarded) {

    /** The filter that matches every dead letter that is not discarded. */
    public static final DeadLetterFilter NONE = new DeadLetterFilter(null, null, null, false, null, null, null,
            false);

    /** Returns true when a location, type, status or time bound narrows the match. */
    public boolean narrows() {
        return locationId != null || eventType != null || ghlStatus != null || withoutGhlStatus || since != null
                || until != null;
    }

    /** Returns the narrowing fields as {@code name=value} pairs, or "no filter", for messages. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (locationId != null) {
            parts.add("location=" + locationId);
        }
        if (eventType != null) {
            parts.add("type=" + eventType);
        }
        if (withoutGhlStatus) {
            parts.add("status=none");
        } else if (ghlStatus != null) {
            parts.add("status=" + ghlStatus);
        }
        if (since != null) {
            parts.add("since=" + since);
        }
        if (until != null) {
            parts.add("until=" + until);
        }
        return parts.isEmpty() ? "no filter" : String.join(", ", parts);
    }

    /** Returns a copy with another limit. */
    public DeadLetterFilter withLimit(Integer newLimit) {
        return new DeadLetterFilter(locationId, eventType, ghlStatus, withoutGhlStatus, since, until, newLimit,
                includeDiscarded);
    }
}
