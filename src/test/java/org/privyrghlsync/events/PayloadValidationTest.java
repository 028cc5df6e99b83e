package org.privyrghlsync.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.privyrghlsync.events.EventJson.bytes;
import static org.privyrghlsync.events.EventJson.client;
import static org.privyrghlsync.events.EventJson.clientCreated;
import static org.privyrghlsync.events.EventJson.note;
import static org.privyrghlsync.events.EventJson.noteCreated;
import static org.privyrghlsync.events.EventJson.task;
import static org.privyrghlsync.events.EventJson.taskCreated;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PayloadValidationTest {

    private final EnvelopeParser parser = new EnvelopeParser(Clock.fixed(EnvelopeParserTest.NOW, ZoneOffset.UTC));

    private InvalidEventException reject(ObjectNode event) {
        return EnvelopeParserTest.rejection(parser, bytes(event));
    }

    @Test
    void missingClientIsRejected() {
        ObjectNode event = clientCreated();
        ((ObjectNode) event.get("data")).remove("client");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.client");
        assertThat(e.reason()).isEqualTo("is required and must be a JSON object");
    }

    @Test
    void missingClientIdIsRejectedForEveryType() {
        for (ObjectNode event : new ObjectNode[] {clientCreated(), taskCreated(), noteCreated()}) {
            client(event).remove("id");

            InvalidEventException e = reject(event);

            assertThat(e.field()).isEqualTo("data.client.id");
            assertThat(e.reason()).startsWith("is required");
        }
    }

    @Test
    void clientIdAsDecimalIsRejected() {
        ObjectNode event = clientCreated();
        client(event).put("id", 12.5);

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.client.id");
        assertThat(e.reason()).isEqualTo("must be a string or a non-negative integer id");
        assertThat(e.value()).isEqualTo("12.5");
    }

    @Test
    void negativeClientIdIsRejected() {
        ObjectNode event = clientCreated();
        client(event).put("id", -5);

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.client.id");
        assertThat(e.reason()).contains("non-negative");
    }

    @Test
    void clientIdWithControlCharacterIsRejected() {
        ObjectNode event = clientCreated();
        client(event).put("id", "1000\u00000001");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.client.id");
        assertThat(e.reason()).isEqualTo("must not contain control characters, but contains U+0000");
    }

    @Test
    void clientIdLongerThan128IsRejected() {
        ObjectNode event = clientCreated();
        client(event).put("id", "9".repeat(129));

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.client.id");
        assertThat(e.reason()).isEqualTo("must be at most 128 characters long, but has 129");
    }

    @Test
    void clientCreatedWithoutNameIsRejected() {
        ObjectNode event = clientCreated();
        client(event).remove("name");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.client.name");
        assertThat(e.reason()).isEqualTo("is required and must be a non-empty string");
    }

    @Test
    void clientUpdatedWithEmptyNameIsRejected() {
        ObjectNode event = clientCreated();
        event.put("event_type", "client.updated");
        client(event).put("name", " ");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.client.name");
        assertThat(e.reason()).isEqualTo("must not be empty or only whitespace");
    }

    @Test
    void taskEventNeedsOnlyClientId() {
        ObjectNode event = taskCreated();
        ((ObjectNode) event.get("data")).putObject("client").put("id", 10000001);

        EventEnvelope envelope = parser.parse(bytes(event));

        assertThat(envelope.client().id()).isEqualTo("10000001");
        assertThat(envelope.client().name()).isNull();
    }

    @Test
    void emailAsNumberIsRejected() {
        ObjectNode event = clientCreated();
        client(event).put("email", 42);

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.client.email");
        assertThat(e.reason()).isEqualTo("must be a string");
        assertThat(e.value()).isEqualTo("42");
    }

    @Test
    void emptyOptionalStringIsKept() {
        ObjectNode event = clientCreated();
        client(event).put("email", "");

        assertThat(parser.parse(bytes(event)).client().email()).isEmpty();
    }

    @Test
    void nameWithLineBreakIsRejected() {
        ObjectNode event = clientCreated();
        client(event).put("name", "Asha\nRao");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.client.name");
        assertThat(e.reason()).isEqualTo("must not contain control characters, but contains U+000A");
    }

    @Test
    void notesAllowLineBreaksButNotOtherControls() {
        ObjectNode event = clientCreated();
        client(event).put("notes", "line 1\r\n\tline 2\u0007");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.client.notes");
        assertThat(e.reason()).isEqualTo("must not contain control characters other than tab, line feed"
                + " and carriage return, but contains U+0007");
    }

    @Test
    void unpairedSurrogateEscapeIsRejected() {
        String json = bytesAsText(clientCreated()).replace("\"Asha Rao\"", "\"Asha\\ud800 Rao\"");

        InvalidEventException e = EnvelopeParserTest.rejection(parser, json.getBytes(StandardCharsets.UTF_8));

        assertThat(e.field()).isEqualTo("data.client.name");
        assertThat(e.reason()).startsWith("must be valid Unicode, but contains the unpaired surrogate U+D800");
        assertThat(e.value()).isEqualTo("Asha\uFFFD Rao");
    }

    @Test
    void surrogatePairEscapeIsAccepted() {
        String json = bytesAsText(clientCreated()).replace("\"Asha Rao\"", "\"Asha \\ud83d\\ude00\"");

        ClientData client = parser.parse(json.getBytes(StandardCharsets.UTF_8)).client();

        assertThat(client.name()).isEqualTo("Asha \ud83d\ude00");
    }

    @Test
    void lowSurrogateAloneIsRejected() {
        String json = bytesAsText(clientCreated()).replace("\"Asha\"", "\"Asha \\udc00\"");

        InvalidEventException e = EnvelopeParserTest.rejection(parser, json.getBytes(StandardCharsets.UTF_8));

        assertThat(e.field()).isEqualTo("data.client.display_name");
        assertThat(e.reason()).contains("unpaired surrogate U+DC00");
    }

    @Test
    void stringLongerThan10000IsRejected() {
        ObjectNode event = clientCreated();
        client(event).put("notes", "n".repeat(10_001));
        ObjectNode atLimit = clientCreated();
        client(atLimit).put("notes", "n".repeat(10_000));

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.client.notes");
        assertThat(e.reason()).isEqualTo("must be at most 10000 characters long, but has 10001");
        assertThat(e.value()).hasSize(63);
        assertThat(parser.parse(bytes(atLimit)).client().notes()).hasSize(10_000);
    }

    @Test
    void moreThan100GroupsIsRejected() {
        ObjectNode event = clientCreated();
        ArrayNode groups = client(event).putArray("groups");
        for (int i = 0; i <= 100; i++) {
            groups.add("group " + i);
        }

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.client.groups");
        assertThat(e.reason()).isEqualTo("must have at most 100 entries, but has 101");
    }

    @Test
    void groupThatIsNotAStringIsRejected() {
        ObjectNode event = clientCreated();
        client(event).putArray("groups").add("Hot Leads").addObject();

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.client.groups[1]");
        assertThat(e.reason()).isEqualTo("must be a string");
    }

    @Test
    void groupsAsStringIsRejected() {
        ObjectNode event = clientCreated();
        client(event).put("groups", "Hot Leads");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.client.groups");
        assertThat(e.reason()).isEqualTo("must be an array of strings");
    }

    @Test
    void moreThan200OtherFieldsIsRejected() {
        ObjectNode event = clientCreated();
        ObjectNode otherFields = client(event).putObject("other_fields");
        for (int i = 0; i <= 200; i++) {
            otherFields.put("Field " + i, i);
        }

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.client.other_fields");
        assertThat(e.reason()).isEqualTo("must have at most 200 entries, but has 201");
    }

    @Test
    void nestedOtherFieldIsRejected() {
        ObjectNode event = clientCreated();
        client(event).putObject("other_fields").putObject("Address").put("city", "Pune");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.client.other_fields.Address");
        assertThat(e.reason()).startsWith("must be a string, number, boolean or null");
    }

    @Test
    void otherFieldWithHugeExponentIsRejected() {
        for (String number : new String[] {"1e1000000000", "1e-1000000000", "-1.5e300"}) {
            String json = bytesAsText(clientCreated()).replace("\"Bedrooms\":2", "\"Bedrooms\":" + number);

            InvalidEventException e = EnvelopeParserTest.rejection(parser, json.getBytes(StandardCharsets.UTF_8));

            assertThat(e.field()).isEqualTo("data.client.other_fields.Bedrooms");
            assertThat(e.reason()).isEqualTo("must be a number of at most 200 characters when written without an"
                    + " exponent");
        }
    }

    @Test
    void otherFieldNumberOf200PlainCharactersIsAccepted() {
        String longest = "9".repeat(100) + "." + "9".repeat(99);
        String json = bytesAsText(clientCreated()).replace("\"Bedrooms\":2", "\"Bedrooms\":" + longest)
                .replace("\"Area\":1150.50", "\"Area\":1e190");

        ClientData client = parser.parse(json.getBytes(StandardCharsets.UTF_8)).client();

        assertThat(client.otherFields().get("Bedrooms")).hasToString(longest);
        assertThat(client.otherFields()).containsKey("Area");
    }

    @Test
    void nullOtherFieldIsDropped() {
        ObjectNode event = clientCreated();
        client(event).putObject("other_fields").put("Budget", "90 lakh").putNull("Timeline");

        assertThat(parser.parse(bytes(event)).client().otherFields()).containsOnlyKeys("Budget");
    }

    @Test
    void createdAtWithoutOffsetIsRejected() {
        ObjectNode event = clientCreated();
        client(event).put("created_at", "2025-03-14 09:20");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.client.created_at");
        assertThat(e.reason()).startsWith("must be an ISO-8601 instant");
    }

    @Test
    void taskCreatedIsParsedWithStringIds() {
        ObjectNode event = taskCreated();
        task(event).put("id", 5531).put("client_id", 10000001);
        ((ObjectNode) task(event).get("assigned_to")).put("id", 77);
        client(event).put("id", 10000001);

        EventEnvelope envelope = parser.parse(bytes(event));

        assertThat(envelope.eventType()).isEqualTo(EventType.TASK_CREATED);
        assertThat(envelope.task().get("id").isTextual()).isTrue();
        assertThat(envelope.task().get("id").textValue()).isEqualTo("5531");
        assertThat(envelope.task().get("client_id").textValue()).isEqualTo("10000001");
        assertThat(envelope.task().get("assigned_to").get("id").textValue()).isEqualTo("77");
        assertThat(envelope.task().get("title").textValue()).isEqualTo("Call back about site visit");
        assertThat(envelope.note()).isNull();
    }

    @Test
    void missingTaskIsRejected() {
        ObjectNode event = taskCreated();
        ((ObjectNode) event.get("data")).remove("task");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.task");
        assertThat(e.reason()).isEqualTo("is required and must be a JSON object");
    }

    @Test
    void missingTaskIdIsRejected() {
        ObjectNode event = taskCreated();
        task(event).remove("id");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.task.id");
        assertThat(e.reason()).startsWith("is required");
    }

    @Test
    void taskCreatedWithoutTitleIsRejected() {
        ObjectNode event = taskCreated();
        task(event).remove("title");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.task.title");
        assertThat(e.reason()).isEqualTo("is required and must be a non-empty string");
    }

    @Test
    void taskUpdatedWithoutTitleIsAccepted() {
        ObjectNode event = taskCreated();
        event.put("event_type", "task.updated");
        task(event).remove("title");

        assertThat(parser.parse(bytes(event)).eventType()).isEqualTo(EventType.TASK_UPDATED);
    }

    @Test
    void taskDeletedNeedsOnlyTaskId() {
        ObjectNode event = taskCreated();
        event.put("event_type", "task.deleted");
        ((ObjectNode) event.get("data")).putObject("task").put("id", "fu-5531");

        assertThat(parser.parse(bytes(event)).task().get("id").textValue()).isEqualTo("fu-5531");
    }

    @Test
    void unknownTaskStatusIsRejected() {
        ObjectNode event = taskCreated();
        task(event).put("status", "done");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.task.status");
        assertThat(e.reason()).isEqualTo("must be one of PENDING, COMPLETED, CANCELLED");
        assertThat(e.value()).isEqualTo("done");
    }

    @Test
    void dueAtAcceptsInstantLocalDateTimeAndNull() {
        for (String dueAt : new String[] {"2025-03-15T04:30:00Z", "2025-03-15T10:00:00", null}) {
            ObjectNode event = taskCreated();
            task(event).put("due_at", dueAt);

            assertThat(parser.parse(bytes(event)).task().get("due_at").textValue()).isEqualTo(dueAt);
        }
    }

    @Test
    void dueAtAsDateOnlyIsRejected() {
        ObjectNode event = taskCreated();
        task(event).put("due_at", "2025-03-15");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.task.due_at");
        assertThat(e.reason()).contains("local date-time such as 2025-03-15T10:30:00");
    }

    @Test
    void taskClientIdMustMatchClient() {
        ObjectNode event = taskCreated();
        task(event).put("client_id", "10000002");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.task.client_id");
        assertThat(e.reason()).isEqualTo("must equal data.client.id (10000001) or be left out");
    }

    @Test
    void assigneeWithoutIdIsRejected() {
        ObjectNode event = taskCreated();
        ((ObjectNode) task(event).get("assigned_to")).remove("id");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.task.assigned_to.id");
        assertThat(e.reason()).startsWith("is required");
    }

    @Test
    void noteCreatedIsParsed() {
        EventEnvelope envelope = parser.parse(bytes(noteCreated()));

        assertThat(envelope.eventType()).isEqualTo(EventType.NOTE_CREATED);
        assertThat(envelope.note().get("body").textValue()).isEqualTo("Prefers WhatsApp after 6pm.");
        assertThat(envelope.task()).isNull();
    }

    @Test
    void missingNoteIdIsRejected() {
        ObjectNode event = noteCreated();
        note(event).remove("id");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.note.id");
        assertThat(e.reason()).startsWith("is required");
    }

    @Test
    void noteCreatedWithEmptyBodyIsRejected() {
        ObjectNode event = noteCreated();
        note(event).put("body", "");

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.note.body");
        assertThat(e.reason()).isEqualTo("must not be empty or only whitespace");
    }

    @Test
    void noteUpdatedWithoutBodyIsAccepted() {
        ObjectNode event = noteCreated();
        event.put("event_type", "note.updated");
        note(event).remove("body");

        assertThat(parser.parse(bytes(event)).eventType()).isEqualTo(EventType.NOTE_UPDATED);
    }

    @Test
    void noteClientIdMustMatchClient() {
        ObjectNode event = noteCreated();
        note(event).put("client_id", 99);

        InvalidEventException e = reject(event);

        assertThat(e.field()).isEqualTo("data.note.client_id");
        assertThat(e.reason()).startsWith("must equal data.client.id");
    }

    private static String bytesAsText(ObjectNode event) {
        return new String(bytes(event), StandardCharsets.UTF_8);
    }
}
