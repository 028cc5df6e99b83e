package org.privyrghlsync.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.privyrghlsync.events.EventJson.bytes;
import static org.privyrghlsync.events.EventJson.client;
import static org.privyrghlsync.events.EventJson.clientCreated;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopeParserTest {

    static final Instant NOW = Instant.parse("2025-03-14T10:00:00Z");

    private final EnvelopeParser parser = new EnvelopeParser(Clock.fixed(NOW, ZoneOffset.UTC));

    static InvalidEventException rejection(EnvelopeParser parser, byte[] body) {
        InvalidEventException e = catchThrowableOfType(InvalidEventException.class, () -> parser.parse(body));
        assertThat(e).as("expected InvalidEventException").isNotNull();
        return e;
    }

    private InvalidEventException reject(ObjectNode event) {
        return rejection(parser, bytes(event));
    }

    private InvalidEventException reject(String body) {
        return rejection(parser, bytes(body));
    }

    @Test
    void validClientCreatedIsParsed() {
        EventEnvelope envelope = parser.parse(bytes(clientCreated()));

        assertThat(envelope.schemaVersion()).isEqualTo("1");
        assertThat(envelope.eventId()).isEqualTo("evt-0001");
        assertThat(envelope.eventType()).isEqualTo(EventType.CLIENT_CREATED);
        assertThat(envelope.occurredAt()).isEqualTo(Instant.parse("2025-03-14T09:26:53Z"));
        assertThat(envelope.accountId()).isEqualTo("privyr-demo-team");
        assertThat(envelope.task()).isNull();
        assertThat(envelope.note()).isNull();
        ClientData client = envelope.client();
        assertThat(client.id()).isEqualTo("10000001");
        assertThat(client.name()).isEqualTo("Asha Rao");
        assertThat(client.displayName()).isEqualTo("Asha");
        assertThat(client.email()).isEqualTo("asha.rao@example.com");
        assertThat(client.phone()).isEqualTo("+91 98765 43210");
        assertThat(client.whatsappNumber()).isEqualTo("+91 98765 43210");
        assertThat(client.source()).isEqualTo("Facebook Lead Ads");
        assertThat(client.groups()).containsExactly("Hot Leads", "Pune");
        assertThat(client.otherFields()).containsExactly(
                java.util.Map.entry("Budget", "85 lakh"),
                java.util.Map.entry("Bedrooms", 2),
                java.util.Map.entry("Loan approved", true),
                java.util.Map.entry("Area", new BigDecimal("1150.50")));
        assertThat(client.notes()).isEqualTo("Interested in: 2BHK\nAd: Spring campaign");
        assertThat(client.createdAt()).isEqualTo(Instant.parse("2025-03-14T09:20:00Z"));
        assertThat(client.updatedAt()).isEqualTo(Instant.parse("2025-03-14T09:26:53Z"));
    }

    @Test
    void rawJsonIsBodyAsReceived() {
        String body = "{ \"schema_version\":\"1\" ,\"event_id\":\"e1\",\"event_type\":\"client.created\","
                + "\"occurred_at\":\"2025-03-14T09:26:53Z\",\"account_id\":\"a\","
                + "\"data\":{\"client\":{\"id\":7,\"name\":\"Мария\"}}}\n";

        EventEnvelope envelope = parser.parse(body.getBytes(StandardCharsets.UTF_8));

        assertThat(envelope.rawJson()).isEqualTo(body);
    }

    @Test
    void integerIdsBecomeStrings() {
        ObjectNode event = clientCreated();
        event.put("account_id", 42);
        client(event).put("id", 10000001L);

        EventEnvelope envelope = parser.parse(bytes(event));

        assertThat(envelope.client().id()).isEqualTo("10000001");
        assertThat(envelope.accountId()).isEqualTo("42");
    }

    @Test
    void occurredAtWithOffsetIsConvertedToInstant() {
        ObjectNode event = clientCreated();
        event.put("occurred_at", "2025-03-14T14:56:53.250+05:30");

        EventEnvelope envelope = parser.parse(bytes(event));

        assertThat(envelope.occurredAt()).isEqualTo(Instant.parse("2025-03-14T09:26:53.250Z"));
    }

    @Test
    void unknownAndOptionalKeysAreAccepted() {
        ObjectNode event = clientCreated();
        event.put("source", "privyr-relay");
        event.putObject("actor").put("id", 77).put("name", "Asha Rao").put("email", "asha@example.com");
        event.putArray("changes").add("phone").add("groups");
        event.putObject("producer").put("version", "0.3.1").putArray("deep").addArray().addObject();
        client(event).put("lead_source", "FACEBOOK");

        EventEnvelope envelope = parser.parse(bytes(event));

        assertThat(envelope.eventId()).isEqualTo("evt-0001");
    }

    @Test
    void invalidJsonNamesLocation() {
        InvalidEventException e = reject("{\"event_id\": \"e1\", \"data\": {\"client\": {\"id\": tru}}}");

        assertThat(e.field()).isEqualTo("data.client.id");
        assertThat(e.reason()).startsWith("is not valid JSON: ");
    }

    @Test
    void truncatedJsonIsRejected() {
        String full = clientCreated().toString();

        InvalidEventException e = reject(full.substring(0, full.length() - 20));

        assertThat(e.reason()).contains("truncated");
        assertThat(e.field()).startsWith("data.client");
    }

    @Test
    void trailingContentIsRejected() {
        InvalidEventException e = reject(clientCreated() + " {}");

        assertThat(e.field()).isEqualTo("body");
        assertThat(e.reason()).contains("exactly one JSON object");
    }

    @Test
    void duplicateKeyNamesField() {
        String body = clientCreated().toString().replace("\"email\":\"asha.rao@example.com\"",
                "\"email\":\"asha.rao@example.com\",\"email\":\"other@example.com\"");

        InvalidEventException e = reject(body);

        assertThat(e.field()).isEqualTo("data.client.email");
        assertThat(e.reason()).contains("duplicated");
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] valid = bytes(clientCreated());
        byte[] body = java.util.Arrays.copyOf(valid, valid.length);
        int nameStart = new String(valid, StandardCharsets.UTF_8).indexOf("Asha Rao");
        body[nameStart] = (byte) 0xC3;
        body[nameStart + 1] = (byte) 0x28;

        InvalidEventException e = rejection(parser, body);

        assertThat(e.field()).isEqualTo("body");
        assertThat(e.reason()).contains("UTF-8").contains("byte offset " + nameStart);
    }

    @Test
    void malformedUtf8SequencesAreRejected() {
        byte[][] sequences = {
            {(byte) 0x80},
            {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0xFF},
        };
        byte[] prefix = "{\"event_id\":\"".getBytes(StandardCharsets.UTF_8);
        for (byte[] sequence : sequences) {
            byte[] body = java.util.Arrays.copyOf(prefix, prefix.length + sequence.length + 2);
            System.arraycopy(sequence, 0, body, prefix.length, sequence.length);
            body[body.length - 2] = '"';
            body[body.length - 1] = '}';

            InvalidEventException e = rejection(parser, body);

            assertThat(e.field()).isEqualTo("body");
            assertThat(e.reason()).isEqualTo("must be encoded as UTF-8, but has an invalid byte sequence at byte"
                    + " offset " + prefix.length);
        }
    }

    @Test
    void sentReplacementCharacterKept() {
        String name = "Asha \uFFFD Rao";
        byte[] body = bytes(clientCreated().toString().replace("Asha Rao", name));

        EventEnvelope envelope = parser.parse(body);

        assertThat(envelope.client().name()).isEqualTo(name);
        assertThat(envelope.rawJson().getBytes(StandardCharsets.UTF_8)).isEqualTo(body);
    }

    @Test
    void bodyCutInsideMultiByteCharacterIsRejected() {
        byte[] full = bytes(clientCreated().toString().replace("Asha Rao", "Ольга"));
        int cyrillic = new String(full, StandardCharsets.UTF_8).indexOf("Ольга");
        byte[] body = java.util.Arrays.copyOf(full, cyrillic + 1);

        InvalidEventException e = rejection(parser, body);

        assertThat(e.field()).isEqualTo("body");
        assertThat(e.reason()).contains("UTF-8");
    }

    @Test
    void nestingDeeperThan32IsRejected() {
        // The envelope is level 1, so "extra" plus 31 arrays reach level 33.
        String tooDeep = "[".repeat(32) + "]".repeat(32);
        String withinLimit = "[".repeat(31) + "]".repeat(31);
        ObjectNode event = clientCreated();
        String template = event.toString();

        InvalidEventException e = reject(template.replaceFirst("\\{", "{\"extra\":" + tooDeep + ","));

        assertThat(e.reason()).isEqualTo("must not nest objects and arrays more than 32 levels deep");
        assertThat(e.field()).startsWith("extra");
        assertThat(parser.parse(bytes(template.replaceFirst("\\{", "{\"extra\":" + withinLimit + ","))))
                .isNotNull();
    }

    @Test
    void emptyBodyIsRejected() {
        InvalidEventException e = rejection(parser, new byte[0]);

        assertThat(e.field()).isEqualTo("body");
        assertThat(e.reason()).contains("empty");
    }

    @Test
    void whitespaceBodyIsRejected() {
        InvalidEventException e = reject("  \n ");

        assertThat(e.field()).isEqualTo("body");
        assertThat(e.reason()).contains("only whitespace");
    }

    @Test
    void arrayBodyIsRejected() {
        InvalidEventException e = reject("[" + clientCreated() + "]");

        assertThat(e.field()).isEqualTo("body");
        assertThat(e.reason()).isEqualTo("must be a JSON object");
    }

    @Test
    void missingEventIdNamesField() {
        ObjectNode event = clientCreated();
        event.remove("event_id");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("event_id");
        assertThat(e.reason()).startsWith("is required").contains("1 to 128 characters");
        assertThat(e.value()).isNull();
    }

    @Test
    void eventIdWithInvalidCharactersIsRejected() {
        for (String badId : List.of("", "evt 1", "evt/1", "évt-1", "x".repeat(129), "evt-\u0001")) {
            ObjectNode event = clientCreated();
            event.put("event_id", badId);

            InvalidEventException e = reject(event);

            assertThat(e.field()).as(badId).isEqualTo("event_id");
            assertThat(e.reason()).as(badId).contains("A-Z, a-z, 0-9 and . _ : -");
        }
    }

    @Test
    void eventIdOf128AllowedCharactersIsAccepted() {
        ObjectNode event = clientCreated();
        String id = "Ab9._:-".repeat(18) + "xy";
        event.put("event_id", id);

        assertThat(parser.parse(bytes(event)).eventId()).isEqualTo(id).hasSize(128);
    }

    @Test
    void eventIdAsNumberIsRejected() {
        ObjectNode event = clientCreated();
        event.put("event_id", 12345);

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("event_id");
        assertThat(e.value()).isEqualTo("12345");
    }

    @Test
    void unknownEventTypeListsAccepted() {
        ObjectNode event = clientCreated();
        event.put("event_type", "client.deleted");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("event_type");
        assertThat(e.reason()).isEqualTo("must be one of client.created, client.updated, task.created,"
                + " task.updated, task.deleted, note.created, note.updated");
        assertThat(e.value()).isEqualTo("client.deleted");
    }

    @Test
    void missingEventTypeIsRejected() {
        ObjectNode event = clientCreated();
        event.remove("event_type");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("event_type");
        assertThat(e.reason()).startsWith("is required");
    }

    @Test
    void unsupportedSchemaVersionNamesSupported() {
        ObjectNode event = clientCreated();
        event.put("schema_version", "2");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("schema_version");
        assertThat(e.reason()).isEqualTo("must be the string \"1\", the only supported schema version");
        assertThat(e.value()).isEqualTo("2");
    }

    @Test
    void schemaVersionAsNumberIsRejected() {
        ObjectNode event = clientCreated();
        event.put("schema_version", 1);

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("schema_version");
        assertThat(e.reason()).contains("the string \"1\"");
    }

    @Test
    void missingSchemaVersionIsRejected() {
        ObjectNode event = clientCreated();
        event.remove("schema_version");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("schema_version");
        assertThat(e.reason()).startsWith("is required");
    }

    @Test
    void occurredAtWithoutOffsetIsRejected() {
        for (String bad : List.of("2025-03-14T09:26:53", "14/03/2025 09:26", "2025-02-30T09:26:53Z", "")) {
            ObjectNode event = clientCreated();
            event.put("occurred_at", bad);

            InvalidEventException e = reject(event);

            assertThat(e.field()).as(bad).isEqualTo("occurred_at");
            assertThat(e.reason()).as(bad).startsWith("must be an ISO-8601 instant such as 2025-03-14T09:26:53Z");
            assertThat(e.value()).as(bad).isEqualTo(bad);
        }
    }

    @Test
    void occurredAtAsEpochSecondsIsRejected() {
        ObjectNode event = clientCreated();
        event.put("occurred_at", 1741944413);

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("occurred_at");
        assertThat(e.reason()).contains("ISO-8601 instant");
    }

    @Test
    void missingOccurredAtIsRejected() {
        ObjectNode event = clientCreated();
        event.putNull("occurred_at");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("occurred_at");
        assertThat(e.reason()).startsWith("is required and must be an ISO-8601 instant");
    }

    @Test
    void occurredAtMoreThanADayAheadIsRejected() {
        ObjectNode event = clientCreated();
        event.put("occurred_at", NOW.plusSeconds(24 * 3600 + 1).toString());
        ObjectNode withinSkew = clientCreated();
        withinSkew.put("occurred_at", NOW.plusSeconds(24 * 3600).toString());

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("occurred_at");
        assertThat(e.reason()).contains("24 hours ahead");
        assertThat(parser.parse(bytes(withinSkew)).occurredAt()).isEqualTo(NOW.plusSeconds(24 * 3600));
    }

    @Test
    void missingAccountIdIsRejected() {
        ObjectNode event = clientCreated();
        event.remove("account_id");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("account_id");
        assertThat(e.reason()).startsWith("is required");
    }

    @Test
    void emptyAccountIdIsRejected() {
        ObjectNode event = clientCreated();
        event.put("account_id", "  ");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("account_id");
        assertThat(e.reason()).isEqualTo("must not be empty or only whitespace");
    }

    @Test
    void missingDataIsRejected() {
        ObjectNode event = clientCreated();
        event.remove("data");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data");
        assertThat(e.reason()).isEqualTo("is required and must be a JSON object");
    }

    @Test
    void dataAsStringIsRejected() {
        ObjectNode event = clientCreated();
        event.put("data", "{}");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data");
        assertThat(e.reason()).isEqualTo("must be a JSON object");
    }

    @Test
    void actorAsStringIsRejected() {
        ObjectNode event = clientCreated();
        event.put("actor", "Asha");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("actor");
        assertThat(e.reason()).isEqualTo("must be a JSON object");
    }

    @Test
    void changesWithNumberIsRejected() {
        ObjectNode event = clientCreated();
        event.putArray("changes").add("phone").add(3);

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("changes[1]");
        assertThat(e.reason()).isEqualTo("must be a string");
    }

    @Test
    void errorBodyNamesFieldReasonAndValue() {
        InvalidEventException e = new InvalidEventException("occurred_at", "must be an instant", "yesterday");

        assertThat(e.toJson()).isEqualTo(
                "{\"error\":\"invalid_event\",\"field\":\"occurred_at\",\"reason\":\"must be an instant\","
                        + "\"value\":\"yesterday\"}");
    }

    @Test
    void errorBodyOmitsNullValue() {
        InvalidEventException e = new InvalidEventException("event_id", "is required", null);

        assertThat(e.toJson()).isEqualTo(
                "{\"error\":\"invalid_event\",\"field\":\"event_id\",\"reason\":\"is required\"}");
    }

    @Test
    void longValueIsTruncated() {
        InvalidEventException e = new InvalidEventException("x", "is wrong", "a".repeat(500));

        assertThat(e.value()).isEqualTo("a".repeat(60) + "...");
    }
}
