package org.privyrghlsync.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.privyrghlsync.store.DeadLetter;
import org.privyrghlsync.store.DeadLetterEntry;

/**
 * Builds the JSON bodies of the admin API, which the {@code dead-letters} command also prints with {@code --json}.
 * Field names are snake_case, times ISO-8601 UTC, and absent values null. Payloads and GHL responses are returned as
 * stored, unmasked, because they are what an operator needs to fix the cause.
 */
public final class DeadLetterJson {

    private final ObjectMapper json;

    public DeadLetterJson(ObjectMapper json) {
        this.json = json;
    }

    /** Returns {@code {"dead_letters": [...], "count": n, "truncated": bool}}. */
    public ObjectNode listing(DeadLetterService.Listing listing) {
        ObjectNode body = json.createObjectNode();
        ArrayNode items = body.putArray("dead_letters");
        for (DeadLetterEntry entry : listing.entries()) {
            ObjectNode item = summary(entry.letter());
            item.put("event_status", entry.eventStatus().name());
            items.add(item);
        }
        body.put("count", listing.entries().size());
        body.put("truncated", listing.truncated());
        return body;
    }

    /** Returns one dead letter with GHL's response and its event, payload included. */
    public ObjectNode detail(DeadLetterEntry entry) {
        ObjectNode body = summary(entry.letter());
        body.put("ghl_response", entry.letter().ghlResponse());
        ObjectNode event = body.putObject("event");
        event.put("status", entry.eventStatus().name());
        event.put("outcome", entry.eventOutcome());
        event.put("attempts", entry.eventAttempts());
        putTime(event, "occurred_at", entry.occurredAt());
        putTime(event, "received_at", entry.receivedAt());
        putTime(event, "processed_at", entry.processedAt());
        event.put("detail", entry.eventDetail());
        putPayload(event, entry.payload());
        return body;
    }

    /** Returns {@code {"replayed": [...], "skipped": [...], "dispatched": bool}}. */
    public ObjectNode replay(DeadLetterService.ReplayResult result) {
        ObjectNode body = json.createObjectNode();
        ArrayNode replayed = body.putArray("replayed");
        for (DeadLetterService.Replayed item : result.replayed()) {
            replayed.addObject().put("id", item.deadLetterId()).put("event_id", item.eventId())
                    .put("event_type", item.eventType());
        }
        ArrayNode skipped = body.putArray("skipped");
        for (DeadLetterService.Skipped item : result.skipped()) {
            skipped.addObject().put("id", item.deadLetterId()).put("event_id", item.eventId())
                    .put("reason", item.reason());
        }
        body.put("dispatched", result.dispatched());
        return body;
    }

    /** Returns {@code {"error": code, "reason": text}}, the form of every error body of the admin API. */
    public ObjectNode error(String error, String reason) {
        ObjectNode body = json.createObjectNode();
        body.put("error", error);
        body.put("reason", reason);
        return body;
    }

    private ObjectNode summary(DeadLetter letter) {
        ObjectNode item = json.createObjectNode();
        item.put("id", letter.id());
        item.put("state", letter.state());
        item.put("event_id", letter.eventId());
        item.put("event_type", letter.eventType());
        item.put("location_id", letter.locationId());
        item.put("client_id", letter.clientId());
        item.put("reason", letter.reason());
        if (letter.ghlStatus() == null) {
            item.putNull("ghl_status");
        } else {
            item.put("ghl_status", letter.ghlStatus());
        }
        item.put("ghl_message", letter.ghlMessage());
        item.put("attempts", letter.attempts());
        putTime(item, "created_at", letter.createdAt());
        putTime(item, "replayed_at", letter.replayedAt());
        item.put("replay_count", letter.replayCount());
        putTime(item, "discarded_at", letter.discardedAt());
        return item;
    }

    private static void putTime(ObjectNode node, String name, Instant time) {
        node.put(name, time == null ? null : time.toString());
    }

    /** Puts the payload as a JSON object; a stored payload that is not JSON is put as text. */
    private void putPayload(ObjectNode event, String payload) {
        if (payload == null) {
            event.putNull("payload");
            return;
        }
        try {
            event.set("payload", json.readTree(payload));
        } catch (JsonProcessingException e) {
            event.put("payload", payload);
        }
    }
}
