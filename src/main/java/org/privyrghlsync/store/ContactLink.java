package org.privyrghlsync.store;

import java.time.Instant;

/**
 * The GHL contact that a Privyr client maps to in one location, with the mapped values last pushed to GHL (as JSON)
 * and the {@code occurred_at} of the last event applied to it.
 */
public record ContactLink(
        String locationId,
        String clientId,
        String contactId,
        String lastPushedJson,
        Instant lastOccurredAt,
        String lastEventId) {
}
