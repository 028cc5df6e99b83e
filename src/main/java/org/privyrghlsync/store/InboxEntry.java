package org.privyrghlsync.store;

import java.time.Instant;

/** One inbox row: an accepted event and the keys that route its processing. */
public record InboxEntry(
        long id,
        String eventId,
        String eventType,
        String accountId,
        String locationId,
        String clientId,
        Instant occurredAt,
        Instant receivedAt,
        String payload,
        int attempts) {

    /** Returns the key that orders events of one client: events with the same key are applied one at a time. */
    public String orderingKey() {
        return orderingKey(locationId, clientId);
    }

    /** Returns the ordering key of the events of {@code clientId} in {@code locationId}. */
    public static String orderingKey(String locationId, String clientId) {
        return locationId + '\u0000' + clientId;
    }

    public InboxEntry withId(long newId) {
        return new InboxEntry(newId, eventId, eventType, accountId, locationId, clientId, occurredAt, receivedAt,
                payload, attempts);
    }
}
