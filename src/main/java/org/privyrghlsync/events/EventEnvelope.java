package org.privyrghlsync.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A validated Privyr event.
 *
 * <p>{@code task} and {@code note} are the raw JSON objects of {@code data.task} and {@code data.note}, present
 * only for task and note events; {@code rawJson} is the request body exactly as received, which is what the inbox
 * stores.
 */
public record EventEnvelope(
        String schemaVersion,
        String eventId,
        EventType eventType,
        Instant occurredAt,
        String accountId,
        ClientData client,
        JsonNode task,
        JsonNode note,
        String rawJson) {
}
