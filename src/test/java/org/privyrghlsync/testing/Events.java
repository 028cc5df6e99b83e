package org.privyrghlsync.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Builds event envelopes for tests. */
public final class Events {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {
    }

    /** Returns a client event; {@code client} contains the client's fields besides {@code id}. */
    public static String client(String type, String eventId, String occurredAt, String clientId,
            Map<String, ?> client) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("schema_version", "1");
        envelope.put("event_id", eventId);
        envelope.put("event_type", type);
        envelope.put("occurred_at", occurredAt);
        envelope.put("account_id", "privyr-test-team");
        ObjectNode clientNode = envelope.putObject("data").putObject("client");
        clientNode.put("id", clientId);
        clientNode.setAll((ObjectNode) JSON.valueToTree(client));
        return envelope.toString();
    }

    /** Returns a {@code client.created} event for a client with a name, email and Indian mobile number. */
    public static String created(String eventId, String clientId, String name, String email, String phone) {
        return client("client.created", eventId, "2025-03-14T09:00:00Z", clientId,
                Map.of("name", name, "email", email, "phone", phone));
    }

    /** Returns a task event of a client; {@code task} contains the task's fields besides {@code id}. */
    public static String task(String type, String eventId, String occurredAt, String clientId, String taskId,
            Map<String, ?> task) {
        return item(type, eventId, occurredAt, clientId, "task", taskId, task);
    }

    /** Returns a note event of a client; {@code note} contains the note's fields besides {@code id}. */
    public static String note(String type, String eventId, String occurredAt, String clientId, String noteId,
            Map<String, ?> note) {
        return item(type, eventId, occurredAt, clientId, "note", noteId, note);
    }

    private static String item(String type, String eventId, String occurredAt, String clientId, String kind,
            String itemId, Map<String, ?> fields) {
        ObjectNode envelope = (ObjectNode) readTree(client(type, eventId, occurredAt, clientId, Map.of()));
        ObjectNode item = ((ObjectNode) envelope.path("data")).putObject(kind);
        item.put("id", itemId);
        item.setAll((ObjectNode) JSON.valueToTree(fields));
        return envelope.toString();
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
