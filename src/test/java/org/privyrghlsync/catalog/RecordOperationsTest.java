package org.privyrghlsync.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.ghl.GhlException;
import org.privyrghlsync.sandbox.RecordedRequest;
import org.privyrghlsync.testing.SyncHarness;

/** The task, note and appointment operations of routes/ghl-contacts-api.yaml against the sandbox. */
class RecordOperationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SyncHarness harness;
    private static Operations operations;

    @BeforeAll
    static void start() throws Exception {
        harness = SyncHarness.start();
        operations = new Operations(harness);
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @Test
    void createTaskSendsDueDateInWholeSeconds() throws Exception {
        String contactId = operations.newContact("task-create@example.org");

        Map<String, Object> task = operations.map("direct:ghl-create-task", Map.of("title", "Call back",
                "dueDate", "2025-05-01T10:00:00.250+02:00", "completed", false), Map.of("GhlContactId", contactId));

        JsonNode sent = JSON.readTree(operations.lastRequest("POST", "/contacts/" + contactId + "/tasks").body());
        assertThat(sent.path("dueDate").asText()).isEqualTo("2025-05-01T08:00:00Z");
        List<ObjectNode> stored = harness.sandbox().tasks(contactId);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).path("id").asText()).isEqualTo(task.get("id"));
        assertThat(stored.get(0).path("title").asText()).isEqualTo("Call back");
    }

    @Test
    void listAndGetTasks() {
        String contactId = operations.newContact("task-list@example.org");
        String first = newTask(contactId, "First");
        String second = newTask(contactId, "Second");

        Object tasks = operations.result("direct:ghl-list-tasks", null, Map.of("GhlContactId", contactId));
        Map<String, Object> task = operations.map("direct:ghl-get-task", null,
                Map.of("GhlContactId", contactId, "GhlTaskId", second));

        assertThat(ids(tasks)).containsExactly(first, second);
        assertThat(task.get("title")).isEqualTo("Second");
        assertThat(task.get("contactId")).isEqualTo(contactId);
    }

    @Test
    void updateTaskAcceptsTaskReadBack() throws Exception {
        String contactId = operations.newContact("task-update@example.org");
        String taskId = newTask(contactId, "Draft");
        Map<String, Object> readBack = new LinkedHashMap<>(operations.map("direct:ghl-get-task", null,
                Map.of("GhlContactId", contactId, "GhlTaskId", taskId)));
        assertThat((String) readBack.get("dueDate")).contains(".000Z");
        readBack.put("title", "Final");

        Map<String, Object> updated = operations.map("direct:ghl-update-task", readBack,
                Map.of("GhlContactId", contactId, "GhlTaskId", taskId));

        String path = "/contacts/" + contactId + "/tasks/" + taskId;
        JsonNode sent = JSON.readTree(operations.lastRequest("PUT", path).body());
        assertThat(sent.path("dueDate").asText()).isEqualTo("2025-06-30T09:15:00Z");
        assertThat(sent.has("id")).isFalse();
        assertThat(sent.has("contactId")).isFalse();
        assertThat(updated.get("title")).isEqualTo("Final");
        assertThat(harness.sandbox().tasks(contactId).get(0).path("title").asText()).isEqualTo("Final");
    }

    @Test
    void completeTaskSetsCompleted() throws Exception {
        String contactId = operations.newContact("task-complete@example.org");
        String taskId = newTask(contactId, "Visit");
        Map<String, Object> ids = Map.of("GhlContactId", contactId, "GhlTaskId", taskId);

        Map<String, Object> completed = operations.map("direct:ghl-complete-task", null, ids);

        assertThat(completed.get("completed")).isEqualTo(true);
        assertThat(harness.sandbox().tasks(contactId).get(0).path("completed").asBoolean()).isTrue();
        String path = "/contacts/" + contactId + "/tasks/" + taskId + "/completed";
        assertThat(JSON.readTree(operations.lastRequest("PUT", path).body()))
                .isEqualTo(JSON.readTree("{\"completed\":true}"));
    }

    @Test
    void completeTaskWithFalseReopensTask() {
        String contactId = operations.newContact("task-reopen@example.org");
        String taskId = newTask(contactId, "Visit");
        operations.result("direct:ghl-complete-task", null, Map.of("GhlContactId", contactId, "GhlTaskId", taskId));

        operations.result("direct:ghl-complete-task", null,
                Map.of("GhlContactId", contactId, "GhlTaskId", taskId, "GhlCompleted", false));

        assertThat(harness.sandbox().tasks(contactId).get(0).path("completed").asBoolean()).isFalse();
    }

    @Test
    void deleteTaskRemovesTask() {
        String contactId = operations.newContact("task-delete@example.org");
        String taskId = newTask(contactId, "Obsolete");

        Map<String, Object> response = operations.map("direct:ghl-delete-task", null,
                Map.of("GhlContactId", contactId, "GhlTaskId", taskId));

        assertThat(response.get("succeded")).isEqualTo(true);
        assertThat(harness.sandbox().tasks(contactId)).isEmpty();
    }

    @Test
    void unknownTaskFailsWithGhlException() {
        String contactId = operations.newContact("task-unknown@example.org");

        Exchange result = operations.call("direct:ghl-get-task", null,
                Map.of("GhlContactId", contactId, "GhlTaskId", "no-such-task"));

        assertThat(result.getException()).isInstanceOf(GhlException.class);
        assertThat(((GhlException) result.getException()).status()).isBetween(400, 499);
    }

    @Test
    void noteLifecycle() {
        String contactId = operations.newContact("notes@example.org");

        Map<String, Object> created = operations.map("direct:ghl-create-note",
                Map.of("body", "Prefers WhatsApp", "pinned", true), Map.of("GhlContactId", contactId));
        String noteId = (String) created.get("id");
        Map<String, Object> ids = Map.of("GhlContactId", contactId, "GhlNoteId", noteId);
        Map<String, Object> updated = operations.map("direct:ghl-update-note", "{\"body\": \"Prefers calls\"}", ids);
        Map<String, Object> fetched = operations.map("direct:ghl-get-note", null, ids);
        Object listed = operations.result("direct:ghl-list-notes", null, Map.of("GhlContactId", contactId));

        assertThat(updated.get("body")).isEqualTo("Prefers calls");
        assertThat(fetched.get("body")).isEqualTo("Prefers calls");
        assertThat(ids(listed)).containsExactly(noteId);
        List<ObjectNode> stored = harness.sandbox().notes(contactId);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).path("body").asText()).isEqualTo("Prefers calls");
        assertThat(stored.get(0).path("pinned").asBoolean()).isTrue();
    }

    @Test
    void deleteNoteRemovesNote() {
        String contactId = operations.newContact("note-delete@example.org");
        String noteId = (String) operations.map("direct:ghl-create-note", Map.of("body", "Old"),
                Map.of("GhlContactId", contactId)).get("id");

        operations.result("direct:ghl-delete-note", null, Map.of("GhlContactId", contactId, "GhlNoteId", noteId));

        assertThat(harness.sandbox().notes(contactId)).isEmpty();
    }

    @Test
    void listAppointmentsReturnsEvents() {
        String contactId = operations.newContact("appointments@example.org");
        String first = harness.sandbox().addAppointment(contactId, "Site visit",
                LocalDateTime.of(2025, 7, 1, 11, 0), LocalDateTime.of(2025, 7, 1, 12, 0));
        String second = harness.sandbox().addAppointment(contactId, "Signing",
                LocalDateTime.of(2025, 7, 8, 15, 0), LocalDateTime.of(2025, 7, 8, 15, 30));

        Object events = operations.result("direct:ghl-list-appointments", null, Map.of("GhlContactId", contactId));

        assertThat(ids(events)).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void deletedContactFailsWithGhlException() {
        String contactId = operations.newContact("deleted@example.org");
        harness.sandbox().deleteContact(contactId);

        Exchange result = operations.call("direct:ghl-list-tasks", null, Map.of("GhlContactId", contactId));

        assertThat(result.getException()).isInstanceOf(GhlException.class);
        assertThat(((GhlException) result.getException()).status()).isEqualTo(400);
    }

    private static String newTask(String contactId, String title) {
        return (String) operations.map("direct:ghl-create-task", Map.of("title", title,
                "dueDate", "2025-06-30T09:15:00Z", "completed", false), Map.of("GhlContactId", contactId)).get("id");
    }

    private static List<Object> ids(Object list) {
        assertThat(list).isInstanceOf(List.class);
        return ((List<?>) list).stream().map(item -> ((Map<?, ?>) item).get("id")).map(Object.class::cast).toList();
    }
}
