package org.privyrghlsync.store;

import java.time.Instant;

/** An event that could not be applied, with the reason and, when GHL responded, its status and message. */
public record DeadLetter(
        long id,
        long inboxId,
        String eventId,
        String eventType,
        String locationId,
        String clientId,
        String reason,
        Integer ghlStatus,
        String ghlMessage,
        String ghlResponse,
        int attempts,
        Instant createdAt) {

    /** Creates a dead letter for an inbox entry; the store assigns the id. */
    public static DeadLetter of(InboxEntry entry, String reason, Integer ghlStatus, String ghlMessage,
            String ghlResponse, int attempts) {
        return new DeadLetter(0, entry.id(), entry.eventId(), entry.eventType(), entry.locationId(), entry.clientId(),
                reason, ghlStatus, ghlMessage, ghlResponse, attempts, Instant.now());
    }
}
