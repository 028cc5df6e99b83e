package org.privyrghlsync.store;

import java.time.Instant;

/**
 * The GHL contact that a Privyr client maps to in one location, with the mapped values last pushed to GHL (as JSON)
 * and the {@code occurred_at} of the last event applied to it. {@code contactMissingAt} is set when the contact
 * reconciliation found the contact gone and left it to a replay ({@code sync.missing-contact=dead-letter}); it is
 * null otherwise.
 */
public record ContactLink(
        String locationId,
        String clientId,
        String contactId,
        String lastPushedJson,
        Instant lastOccurredAt,
        String lastEventId,
        Instant contactMissingAt) {

    /** Creates a link whose contact is not known to be missing. */
    public ContactLink(String locationId, String clientId, String contactId, String lastPushedJson,
            Instant lastOccurredAt, String lastEventId) {
        this(locationId, clientId, contactId, lastPushedJson, lastOccurredAt, lastEventId, null);
    }
}
