package org.privyrghlsync.store;

import java.time.Instant;

/**
 * An event that could not be applied, with the reason and, when GHL responded, its status and message. A replay or
 * a discard sets {@code replayedAt} or {@code discardedAt}; the row itself is kept.
 */
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
        Instant createdAt,
        Instant replayedAt,
        int replayCount,
        Instant discardedAt) {

    /** Creates a dead letter for an inbox entry; the store assigns the id. */
    public static DeadLetter of(InboxEntry entry, String reason, Integer ghlStatus, String ghlMessage,
            String ghlResponse, int attempts) {
        return new DeadLetter(0, entry.id(), entry.eventId(), entry.eventType(), entry.locationId(), entry.clientId(),
                reason, ghlStatus, ghlMessage, ghlResponse, attempts, Instant.now(), null, 0, null);
    }

    /** Returns {@code open}, {@code replayed} or {@code discarded}. */
    public String state() {
        if (discardedAt != null) {
            return "discarded";
        }
        return replayedAt != null ? "replayed" : "open";
    }
}
