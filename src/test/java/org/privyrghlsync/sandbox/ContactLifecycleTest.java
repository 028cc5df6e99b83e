package org.privyrghlsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deleted and merged contacts, and the appointment list that tests seed through the Java API. */
class ContactLifecycleTest extends DefaultSandboxTest {

    private static final String TASK = "{\"title\":\"Call back\",\"dueDate\":\"2021-07-08T02:30:00Z\","
            + "\"completed\":false}";
    private static final LocalDateTime START = LocalDateTime.of(2021, 7, 16, 11, 0);

    private String annId;
    private String bobId;

    @BeforeEach
    void createContacts() {
        annId = createContact("{\"locationId\":\"sandbox-location\",\"firstName\":\"Ann\",\"email\":\"ann@example.com\","
                + "\"tags\":[\"lead\"]}");
        bobId = createContact("{\"locationId\":\"sandbox-location\",\"firstName\":\"Bob\"}");
    }

    @Test
    void javaDeleteRemovesContactTasksAndNotes() {
        client.post("/contacts/" + annId + "/tasks", TASK);
        client.post("/contacts/" + annId + "/notes", "{\"body\":\"b\"}");
        sandbox.addAppointment(annId, "Site visit", START, START.plusMinutes(30));

        sandbox.deleteContact(annId);

        assertThat(sandbox.contact(annId)).isNull();
        assertThat(sandbox.tasks(annId)).isEmpty();
        assertThat(sandbox.notes(annId)).isEmpty();
        assertUnknownOnEveryRoute(annId);
        assertThat(sandbox.contacts("sandbox-location")).extracting(contact -> contact.path("id").asText())
                .containsExactly(bobId);
    }

    @Test
    void httpDeleteDropsTasksAndNotes() {
        client.post("/contacts/" + annId + "/tasks", TASK);
        client.post("/contacts/" + annId + "/notes", "{\"body\":\"b\"}");

        SandboxClient.Reply reply = client.delete("/contacts/" + annId, null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo(SandboxClient.json("{\"succeded\":true}"));
        assertThat(sandbox.tasks(annId)).isEmpty();
        assertThat(sandbox.notes(annId)).isEmpty();
        assertUnknownOnEveryRoute(annId);
    }

    @Test
    void recreatedContactHasNoOldTasks() {
        client.post("/contacts/" + annId + "/tasks", TASK);
        sandbox.deleteContact(annId);

        String newId = createContact("{\"locationId\":\"sandbox-location\",\"email\":\"ann@example.com\"}");

        assertThat(newId).isNotEqualTo(annId);
        assertThat(client.get("/contacts/" + newId + "/tasks").body().path("tasks")).isEmpty();
    }

    @Test
    void mergeRemovesFromContactAndKeepsInto() {
        client.post("/contacts/" + annId + "/tasks", TASK);
        client.post("/contacts/" + bobId + "/notes", "{\"body\":\"Bob's note\"}");
        ObjectNode bobBefore = sandbox.contact(bobId);
        List<ObjectNode> bobNotesBefore = sandbox.notes(bobId);

        sandbox.mergeContact(annId, bobId);

        assertThat(sandbox.contact(annId)).isNull();
        assertThat(sandbox.tasks(annId)).isEmpty();
        assertUnknownOnEveryRoute(annId);
        assertThat(sandbox.contact(bobId)).isEqualTo(bobBefore);
        assertThat(sandbox.notes(bobId)).isEqualTo(bobNotesBefore);
        SandboxClient.Reply bob = client.get("/contacts/" + bobId);
        assertThat(bob.status()).isEqualTo(200);
        assertThat(bob.body().path("contact")).isEqualTo(bobBefore);
    }

    @Test
    void mergeRejectsInvalidPairs() {
        assertThatThrownBy(() -> sandbox.mergeContact(annId, annId))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("into itself");
        assertThatThrownBy(() -> sandbox.mergeContact("missingContact0000000", bobId))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missingContact0000000");
        assertThatThrownBy(() -> sandbox.mergeContact(annId, "missingContact0000000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missingContact0000000");
        assertThatThrownBy(() -> sandbox.deleteContact("missingContact0000000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missingContact0000000");
        assertThat(sandbox.contact(annId)).isNotNull();
        assertThat(sandbox.contact(bobId)).isNotNull();
    }

    @Test
    void appointmentsListSeededEvents() {
        String first = sandbox.addAppointment(annId, "Site visit", START, START.plusMinutes(30));
        String second = sandbox.addAppointment(annId, "Follow-up call", START.plusDays(2), START.plusDays(2).plusHours(1));
        sandbox.addAppointment(bobId, "Bob's visit", START, START.plusMinutes(30));

        SandboxClient.Reply reply = client.get("/contacts/" + annId + "/appointments");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().size()).isEqualTo(1);
        JsonNode events = reply.body().path("events");
        assertThat(events).hasSize(2);
        JsonNode event = events.get(0);
        assertThat(event.path("id").asText()).isEqualTo(first);
        assertThat(event.path("title").asText()).isEqualTo("Site visit");
        assertThat(event.path("startTime").asText()).isEqualTo("2021-07-16 11:00:00");
        assertThat(event.path("endTime").asText()).isEqualTo("2021-07-16 11:30:00");
        assertThat(event.path("contactId").asText()).isEqualTo(annId);
        assertThat(event.path("locationId").asText()).isEqualTo("sandbox-location");
        assertThat(event.path("calendarId").asText()).isEqualTo("sandbox-calendar");
        assertThat(event.path("status").asText()).isEqualTo("booked");
        assertThat(event.path("appointmentStatus").asText()).isEqualTo("booked");
        assertThat(event.path("users").isArray()).isTrue();
        assertThat(event.path("assignedResources").isArray()).isTrue();
        assertThat(event.path("dateAdded").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        for (String field : List.of("assignedUserId", "notes", "address", "groupId", "dateUpdated")) {
            assertThat(event.has(field)).as(field).isTrue();
        }
        assertThat(events.get(1).path("id").asText()).isEqualTo(second);
        assertThat(events.get(1).path("startTime").asText()).isEqualTo("2021-07-18 11:00:00");
    }

    @Test
    void appointmentsOfContactWithoutEventsIsEmpty() {
        SandboxClient.Reply reply = client.get("/contacts/" + bobId + "/appointments");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo(SandboxClient.json("{\"events\":[]}"));
    }

    @Test
    void addAppointmentRejectsInvalidArguments() {
        assertThatThrownBy(() -> sandbox.addAppointment("missingContact0000000", "t", START, START.plusHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missingContact0000000");
        assertThatThrownBy(() -> sandbox.addAppointment(annId, "t", START, START.minusMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before its start");
        assertThat(client.get("/contacts/" + annId + "/appointments").body().path("events")).isEmpty();
    }

    /** Asserts that every route on the contact id returns GHL's 400 for an unknown contact. */
    private void assertUnknownOnEveryRoute(String contactId) {
        JsonNode expected = SandboxClient.contactNotFound(contactId);
        String path = "/contacts/" + contactId;
        List<SandboxClient.Reply> replies = List.of(client.get(path),
                client.put(path, "{\"firstName\":\"X\"}"),
                client.delete(path, null),
                client.post(path + "/tags", "{\"tags\":[\"x\"]}"),
                client.delete(path + "/tags", "{\"tags\":[\"lead\"]}"),
                client.get(path + "/tasks"),
                client.post(path + "/tasks", TASK),
                client.get(path + "/notes"),
                client.post(path + "/notes", "{\"body\":\"b\"}"),
                client.get(path + "/appointments"));
        SandboxClient.assertEachReturns(replies, 400, expected);
    }

    private String createContact(String json) {
        SandboxClient.Reply reply = client.post("/contacts/", json);
        assertThat(reply.status()).isEqualTo(201);
        return reply.body().path("contact").path("id").asText();
    }
}
