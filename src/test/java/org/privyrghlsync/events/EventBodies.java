package org.privyrghlsync.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Valid Privyr events of every type with random optional fields, and the contract's rule for each field, for the
 * receiver's fuzz test. The rules restate docs/events.md: which JSON types a field accepts and what its text
 * must look like.
 */
final class EventBodies {

    /** JSON kinds of value, split where the contract treats them differently. */
    enum Kind { STRING, NON_NEGATIVE_INTEGER, NEGATIVE_INTEGER, DECIMAL, BOOLEAN, ARRAY, OBJECT, NULL }

    /** What the text of a string field must look like. */
    enum Text { SINGLE_LINE, MULTI_LINE, ID, EVENT_ID, SCHEMA_VERSION, EVENT_TYPE, INSTANT, DATE_TIME, STATUS,
        NONE }

    /** The JSON kinds a field accepts and the rule for its text; a field that rejects NULL is required. */
    record FieldRule(Set<Kind> accepted, Text text) {
        boolean required() {
            return !accepted.contains(Kind.NULL);
        }
    }

    /** A field present in a body: its dotted path as the receiver names it, and its rule. */
    record Field(String path, FieldRule rule) {
    }

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final Set<Kind> STRING = EnumSet.of(Kind.STRING);
    private static final Set<Kind> OPTIONAL_STRING = EnumSet.of(Kind.STRING, Kind.NULL);
    private static final Set<Kind> ID = EnumSet.of(Kind.STRING, Kind.NON_NEGATIVE_INTEGER);
    private static final Set<Kind> OPTIONAL_ID = EnumSet.of(Kind.STRING, Kind.NON_NEGATIVE_INTEGER, Kind.NULL);
    private static final Set<Kind> OBJECT = EnumSet.of(Kind.OBJECT);
    private static final Set<Kind> OPTIONAL_OBJECT = EnumSet.of(Kind.OBJECT, Kind.NULL);
    private static final Set<Kind> OPTIONAL_ARRAY = EnumSet.of(Kind.ARRAY, Kind.NULL);
    private static final Set<Kind> FLAT_VALUE = EnumSet.of(Kind.STRING, Kind.NON_NEGATIVE_INTEGER,
            Kind.NEGATIVE_INTEGER, Kind.DECIMAL, Kind.BOOLEAN, Kind.NULL);

    private static final String[] TYPES = {"client.created", "client.updated", "task.created", "task.updated",
        "task.deleted", "note.created", "note.updated"};
    private static final String[] NAMES = {"Asha Rao", "Priya Sharma", "प्रिया शर्मा", "Zoë O'Brien",
        "李小龍", "Ahmed Al-Farsi", "Renée 😀 Dubois", "Ng", "José María García-López"};
    private static final String[] GROUPS = {"Hot Leads", "Pune", "Site visit", "गरम", "VIP ⭐"};
    private static final String[] STATUSES = {"PENDING", "COMPLETED", "CANCELLED"};

    private EventBodies() {
    }

    /** Returns a valid event of a random type whose event id is {@code uniqueId}. */
    static ObjectNode validEvent(Random random, String uniqueId) {
        String type = TYPES[random.nextInt(TYPES.length)];
        ObjectNode event = NODES.objectNode();
        event.put("schema_version", "1");
        event.put("event_id", uniqueId);
        event.put("event_type", type);
        event.put("occurred_at", instant(random));

        if (random.nextBoolean()) {
            event.put("account_id", "privyr-fuzz-team");
        } else {
            event.put("account_id", 1_000 + random.nextInt(1_000_000));
        }
        if (random.nextBoolean()) {
            event.put("source", "privyr-relay");
        }
        if (random.nextInt(3) == 0) {
            ObjectNode actor = event.putObject("actor");
            actor.put("id", "u-" + random.nextInt(100));
            actor.put("name", NAMES[random.nextInt(NAMES.length)]);
            actor.put("email", "agent" + random.nextInt(100) + "@example.com");
        }
        if (random.nextInt(3) == 0) {
            event.putArray("changes").add("name").add("phone");
        }

        ObjectNode data = event.putObject("data");
        String clientId = "fzc-" + uniqueId;
        data.set("client", client(random, clientId, type.startsWith("client.") || random.nextBoolean()));
        if (type.startsWith("task.")) {
            data.set("task", task(random, clientId));
        } else if (type.startsWith("note.")) {
            data.set("note", note(random, clientId));
        }
        return event;
    }

    private static ObjectNode client(Random random, String id, boolean withName) {
        ObjectNode client = NODES.objectNode();
        client.put("id", id);
        if (withName) {
            client.put("name", NAMES[random.nextInt(NAMES.length)]);
        }
        if (random.nextBoolean()) {
            client.put("email", "lead" + random.nextInt(10_000) + "@example.com");
        }
        if (random.nextBoolean()) {
            client.put("phone", "+91 98" + (10_000_000 + random.nextInt(89_999_999)));
        }
        if (random.nextInt(3) == 0) {
            client.put("display_name", "Lead");
            client.put("whatsapp_number", "98765 43210");
            client.put("source", "Facebook Lead Ads");
        }
        if (random.nextBoolean()) {
            ArrayNode groups = client.putArray("groups");
            for (int i = 0; i <= random.nextInt(3); i++) {
                groups.add(GROUPS[random.nextInt(GROUPS.length)]);
            }
        }
        if (random.nextBoolean()) {
            ObjectNode otherFields = client.putObject("other_fields");
            otherFields.put("Budget", "85 lakh");
            otherFields.put("Bedrooms", random.nextInt(6));
            otherFields.put("Area", new BigDecimal("1150.50"));
            otherFields.put("Loan approved", random.nextBoolean());
            otherFields.putNull("Timeline");
        }
        if (random.nextBoolean()) {
            client.put("notes", "Interested in: 2BHK\nAd: Spring campaign\tweekend");
        }
        if (random.nextBoolean()) {
            client.put("created_at", instant(random));
            client.put("updated_at", "2025-03-14T14:56:53+05:30");
        }
        return client;
    }

    private static ObjectNode task(Random random, String clientId) {
        ObjectNode task = NODES.objectNode();
        task.put("id", "fzt-" + random.nextInt(1_000_000));
        if (random.nextBoolean()) {
            task.put("client_id", clientId);
        }
        task.put("title", "Call back about the " + (1 + random.nextInt(4)) + "BHK");
        switch (random.nextInt(3)) {
            case 0 -> task.put("due_at", "2025-03-15T04:30:00Z");
            case 1 -> task.put("due_at", "2025-03-15T10:30:00");
            default -> task.putNull("due_at");
        }
        task.put("status", STATUSES[random.nextInt(STATUSES.length)]);
        if (random.nextBoolean()) {
            task.put("completed_at", instant(random));
        }
        if (random.nextBoolean()) {
            task.putObject("assigned_to").put("id", "u-" + random.nextInt(100)).put("name", "Agent");
        }
        return task;
    }

    private static ObjectNode note(Random random, String clientId) {
        ObjectNode note = NODES.objectNode();
        note.put("id", random.nextBoolean() ? "fzn-" + random.nextInt(1_000_000) : "" + random.nextInt(1_000));
        if (random.nextBoolean()) {
            note.put("client_id", clientId);
        }
        note.put("body", "Spoke to the lead.\r\nWants a site visit on Sunday.");
        if (random.nextBoolean()) {
            note.put("created_at", instant(random));
        }
        return note;
    }

    /** Returns an instant in 2025, which is never ahead of the receiver clock. */
    private static String instant(Random random) {
        return Instant.parse("2025-01-01T00:00:00Z").plusSeconds(random.nextInt(300 * 86_400)).toString();
    }

    /** Returns every field of {@code event} that the contract has a rule for. */
    static List<Field> fields(ObjectNode event) {
        String type = event.path("event_type").asText();
        List<Field> fields = new ArrayList<>();
        collect(event, "", "", type, fields);
        return fields;
    }

    private static void collect(JsonNode node, String path, String pattern, String type, List<Field> fields) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String childPath = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
                String childPattern = pattern.endsWith("other_fields") ? pattern + ".*"
                        : pattern.isEmpty() ? entry.getKey() : pattern + "." + entry.getKey();
                visit(entry.getValue(), childPath, childPattern, type, fields);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                visit(node.get(i), path + "[" + i + "]", pattern + "[]", type, fields);
            }
        }
    }

    private static void visit(JsonNode node, String path, String pattern, String type, List<Field> fields) {
        FieldRule rule = rule(pattern, type);
        if (rule != null) {
            fields.add(new Field(path, rule));
        }
        collect(node, path, pattern, type, fields);
    }

    /** Returns the contract's rule for a field pattern ({@code []} for array items, {@code *} for any key). */
    static FieldRule rule(String pattern, String type) {
        boolean clientEvent = type.startsWith("client.");
        switch (pattern) {
            case "schema_version":
                return new FieldRule(STRING, Text.SCHEMA_VERSION);
            case "event_id":
                return new FieldRule(STRING, Text.EVENT_ID);
            case "event_type":
                return new FieldRule(STRING, Text.EVENT_TYPE);
            case "occurred_at":
                return new FieldRule(STRING, Text.INSTANT);
            case "account_id", "data.client.id", "data.task.id", "data.note.id", "data.task.assigned_to.id":
                return new FieldRule(ID, Text.ID);
            case "actor.id", "data.task.client_id", "data.note.client_id":
                return new FieldRule(OPTIONAL_ID, Text.ID);
            case "source", "actor.name", "actor.email", "data.client.display_name", "data.client.email",
                    "data.client.phone", "data.client.whatsapp_number", "data.client.source",
                    "data.task.assigned_to.name":
                return new FieldRule(OPTIONAL_STRING, Text.SINGLE_LINE);
            case "actor", "data.client.other_fields", "data.task.assigned_to":
                return new FieldRule(OPTIONAL_OBJECT, Text.NONE);
            case "changes", "data.client.groups":
                return new FieldRule(OPTIONAL_ARRAY, Text.NONE);
            case "changes[]", "data.client.groups[]":
                return new FieldRule(STRING, Text.SINGLE_LINE);
            case "data", "data.client", "data.task", "data.note":
                return new FieldRule(OBJECT, Text.NONE);
            case "data.client.name":
                return new FieldRule(clientEvent ? STRING : OPTIONAL_STRING, Text.SINGLE_LINE);
            case "data.client.notes":
                return new FieldRule(OPTIONAL_STRING, Text.MULTI_LINE);
            case "data.client.other_fields.*":
                return new FieldRule(FLAT_VALUE, Text.MULTI_LINE);
            case "data.client.created_at", "data.client.updated_at", "data.task.completed_at",
                    "data.note.created_at", "data.note.updated_at":
                return new FieldRule(OPTIONAL_STRING, Text.INSTANT);
            case "data.task.title":
                return new FieldRule(type.equals("task.created") ? STRING : OPTIONAL_STRING, Text.SINGLE_LINE);
            case "data.task.due_at":
                return new FieldRule(OPTIONAL_STRING, Text.DATE_TIME);
            case "data.task.status":
                return new FieldRule(OPTIONAL_STRING, Text.STATUS);
            case "data.note.body":
                return new FieldRule(type.equals("note.created") ? STRING : OPTIONAL_STRING, Text.MULTI_LINE);
            default:
                return null;
        }
    }

    /** Returns a value of the given kind. */
    static JsonNode sample(Kind kind, Random random) {
        return switch (kind) {
            case STRING -> NODES.textNode("fuzz");
            case NON_NEGATIVE_INTEGER -> NODES.numberNode(random.nextInt(1_000_000));
            case NEGATIVE_INTEGER -> NODES.numberNode(-1 - random.nextInt(1_000_000));
            case DECIMAL -> NODES.numberNode(new BigDecimal(random.nextBoolean() ? "2.5" : "7.0"));
            case BOOLEAN -> NODES.booleanNode(random.nextBoolean());
            case ARRAY -> random.nextBoolean() ? NODES.arrayNode() : NODES.arrayNode().add("x").add(1);
            case OBJECT -> random.nextBoolean() ? NODES.objectNode() : NODES.objectNode().put("a", 1);
            case NULL -> NODES.nullNode();
        };
    }

    /** Replaces the value at a dotted path with array indices, such as {@code data.client.groups[1]}. */
    static void set(ObjectNode event, String path, JsonNode value) {
        Parent parent = parent(event, path);
        if (parent.index >= 0) {
            ((ArrayNode) parent.node).set(parent.index, value);
        } else {
            ((ObjectNode) parent.node).set(parent.key, value);
        }
    }

    /** Removes the value at a dotted path. */
    static void remove(ObjectNode event, String path) {
        Parent parent = parent(event, path);
        if (parent.index >= 0) {
            ((ArrayNode) parent.node).remove(parent.index);
        } else {
            ((ObjectNode) parent.node).remove(parent.key);
        }
    }

    private record Parent(JsonNode node, String key, int index) {
    }

    /**
     * Finds the container of the last step of a path. Keys of other_fields may contain dots, so the walk stops
     * descending at other_fields and takes the rest of the path as one key.
     */
    private static Parent parent(ObjectNode event, String path) {
        JsonNode node = event;
        String rest = path;
        while (true) {
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                int index = Integer.parseInt(rest.substring(1, close));
                if (close == rest.length() - 1) {
                    return new Parent(node, null, index);
                }
                node = node.get(index);
                rest = rest.substring(close + 2);
                continue;
            }
            int dot = node.isObject() && isOtherFields(node, event) ? -1 : nextSeparator(rest);
            if (dot < 0) {
                return new Parent(node, rest, -1);
            }
            node = node.get(rest.substring(0, dot));
            rest = rest.charAt(dot) == '.' ? rest.substring(dot + 1) : rest.substring(dot);
        }
    }

    private static boolean isOtherFields(JsonNode node, ObjectNode event) {
        return node == event.path("data").path("client").get("other_fields");
    }

    private static int nextSeparator(String rest) {
        int dot = rest.indexOf('.');
        int bracket = rest.indexOf('[');
        if (dot < 0) {
            return bracket;
        }
        return bracket < 0 ? dot : Math.min(dot, bracket);
    }
}
