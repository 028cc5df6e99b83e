package org.privyrghlsync.store;

import java.time.Instant;

/**
 * A dead letter with the current state of its inbox event. In list results {@code payload} and the letter's
 * {@code ghlResponse} are null, because they can be large; {@link DeadLetterStore#find} reads them.
 *
 * @param eventOutcome the stored outcome, or null while the event is pending again after a replay
 * @param processedAt when the event was last processed, or null while it is pending
 */
public record DeadLetterEntry(
        DeadLetter letter,
        InboxStatus eventStatus,
        String eventOutcome,
        int eventAttempts,
        Instant occurredAt,
        Instant receivedAt,
        Instant processedAt,
        String eventDetail,
        String payload) {
}
