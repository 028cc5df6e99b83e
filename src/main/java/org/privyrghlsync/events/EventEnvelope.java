package org.privyrghlsync.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A validated Privyr event.
 *
 * <p>{@code task} and {@code note} are the JSON objects of {@code data.task} and {@code data.note}, present
 * only for task and note events; {@code rawJson} is the request body exactly as received, which is what the inbox
 * stores. {@link EnvelopeParser} validates both objects and rewrites their {@code id}, {@code client_id} and
 * {@code assigned_to.id} as JSON strings, so integer ids read the same as string ids.
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
