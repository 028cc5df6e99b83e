package org.privyrghlsync.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** Valid test envelopes as mutable JSON trees, so each test can break exactly one field. */
final class EventJson {

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private EventJson() {
    }

    static ObjectNode clientCreated() {
        return parseTree("""
                {
                  "schema_version": "1",
                  "event_id": "evt-0001",
                  "event_type": "client.created",
                  "occurred_at": "2025-03-14T09:26:53Z",
                  "account_id": "privyr-demo-team",
                  "data": {
                    "client": {
                      "id": "10000001",
                      "name": "Asha Rao",
                      "display_name": "Asha",
                      "email": "asha.rao@example.com",
                      "phone": "+91 98765 43210",
                      "whatsapp_number": "+91 98765 43210",
                      "source": "Facebook Lead Ads",
                      "groups": ["Hot Leads", "Pune"],
                      "other_fields": {"Budget": "85 lakh", "Bedrooms": 2, "Loan approved": true, "Area": 1150.50},
                      "notes": "Interested in: 2BHK\\nAd: Spring campaign",
                      "created_at": "2025-03-14T09:20:00Z",
                      "updated_at": "2025-03-14T09:26:53Z"
                    }
                  }
                }
                """);
    }

    static ObjectNode taskCreated() {
        ObjectNode event = clientCreated();
        event.put("event_type", "task.created");
        ((ObjectNode) event.get("data")).set("task", parseTree("""
                {
                  "id": "fu-5531",
                  "client_id": "10000001",
                  "title": "Call back about site visit",
                  "due_at": "2025-03-15T04:30:00Z",
                  "status": "PENDING",
                  "completed_at": null,
                  "assigned_to": {"id": "u-77", "name": "Asha Rao"}
                }
                """));
        return event;
    }

    static ObjectNode noteCreated() {
        ObjectNode event = clientCreated();
        event.put("event_type", "note.created");
        ((ObjectNode) event.get("data")).set("note", parseTree("""
                {
                  "id": "nt-9910",
                  "client_id": "10000001",
                  "body": "Prefers WhatsApp after 6pm.",
                  "created_at": "2025-03-14T09:26:53Z",
                  "updated_at": "2025-03-14T09:26:53Z"
                }
                """));
        return event;
    }

    static ObjectNode client(ObjectNode event) {
        return (ObjectNode) event.get("data").get("client");
    }

    static ObjectNode task(ObjectNode event) {
        return (ObjectNode) event.get("data").get("task");
    }

    static ObjectNode note(ObjectNode event) {
        return (ObjectNode) event.get("data").get("note");
    }

    static byte[] bytes(ObjectNode event) {
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static ObjectNode parseTree(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("test JSON is invalid: " + json, e);
        }
    }
}
