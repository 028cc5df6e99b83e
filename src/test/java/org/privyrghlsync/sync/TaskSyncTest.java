package org.privyrghlsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privyrghlsync.sandbox.RecordedRequest;
import org.privyrghlsync.store.InboxStatus;
import org.privyrghlsync.store.ItemLink;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

class TaskSyncTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT = "30000001";
    private SyncHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = SyncHarness.start();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    private String contactOfClient() throws Exception {
        harness.post(Events.created("evt-client-1", CLIENT, "Meera Nair", "meera@example.com", "+919811122233"));
        harness.awaitIdle();
        return harness.components().ledger().findLink(location(), CLIENT).orElseThrow().contactId();
    }

    private String location() {
        return harness.sandbox().config().locationId();
    }

    private static String taskCreated(String eventId, String taskId, Map<String, ?> task) {
        return Events.task("task.created", eventId, "2025-03-14T10:00:00Z", CLIENT, taskId, task);
    }

    @Test
    void createdTaskHasUtcDueDate() throws Exception {
        String contactId = contactOfClient();

        harness.post(taskCreated("evt-task-1", "t-1", Map.of("title", "Call about the site visit",
                "due_at", "2025-03-15T16:30:00+05:30", "status", "PENDING")));
        harness.awaitIdle();

        List<ObjectNode> tasks = harness.sandbox().tasks(contactId);
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).path("title").asText()).isEqualTo("Call about the site visit");
        assertThat(tasks.get(0).path("completed").asBoolean()).isFalse();
        RecordedRequest create = harness.ghlRequests("POST", "/contacts/" + contactId + "/tasks").get(0);
        assertThat(JSON.readTree(create.body()).path("dueDate").asText()).isEqualTo("2025-03-15T11:00:00Z");
        ItemLink link = harness.components().ledger().findItem(location(), ItemLink.TASK, "t-1").orElseThrow();
        assertThat(link.ghlId()).isEqualTo(tasks.get(0).path("id").asText());
    }

    @Test
    void redeliveredTaskMakesOneTask() throws Exception {
        String contactId = contactOfClient();
        String event = taskCreated("evt-task-2", "t-2", Map.of("title", "Send brochure"));

        harness.post(event);
        harness.post(event);
        // The same task again under a new event id, as a producer that regenerates ids would send it.
        harness.post(taskCreated("evt-task-2-again", "t-2", Map.of("title", "Send brochure")));
        harness.awaitIdle();

        assertThat(harness.sandbox().tasks(contactId)).hasSize(1);
        assertThat(harness.ghlRequests("POST", "/contacts/[^/]+/tasks")).hasSize(1);
        assertThat(harness.ghlRequests("PUT", "/contacts/[^/]+/tasks/.*")).isEmpty();
    }

    @Test
    void completionAloneUsesCompletedEndpoint() throws Exception {
        String contactId = contactOfClient();
        harness.post(taskCreated("evt-task-3", "t-3", Map.of("title", "Share floor plan",
                "due_at", "2025-03-16T05:00:00Z")));
        harness.awaitIdle();

        harness.post(Events.task("task.updated", "evt-task-3-done", "2025-03-14T11:00:00Z", CLIENT, "t-3",
                Map.of("status", "COMPLETED", "completed_at", "2025-03-14T11:00:00Z")));
        harness.awaitIdle();

        String taskId = harness.sandbox().tasks(contactId).get(0).path("id").asText();
        List<RecordedRequest> completed = harness.ghlRequests("PUT",
                "/contacts/" + contactId + "/tasks/" + taskId + "/completed");
        assertThat(completed).hasSize(1);
        assertThat(JSON.readTree(completed.get(0).body())).isEqualTo(JSON.readTree("{\"completed\":true}"));
        assertThat(harness.ghlRequests("PUT", "/contacts/[^/]+/tasks/[^/]+")).isEmpty();
        assertThat(harness.sandbox().tasks(contactId).get(0).path("completed").asBoolean()).isTrue();
    }

    @Test
    void updateSendsOnlyChangedFields() throws Exception {
        String contactId = contactOfClient();
        harness.post(taskCreated("evt-task-4", "t-4", Map.of("title", "Visit", "due_at", "2025-03-16T05:00:00Z")));
        harness.awaitIdle();
        // GHL reads the due date back with milliseconds; the sandbox rejects an update that echoes them.
        assertThat(harness.sandbox().tasks(contactId).get(0).path("dueDate").asText())
                .isEqualTo("2025-03-16T05:00:00.000Z");

        harness.post(Events.task("task.updated", "evt-task-4-move", "2025-03-14T12:00:00Z", CLIENT, "t-4",
                Map.of("title", "Visit", "due_at", "2025-03-17T05:00:00.250Z")));
        harness.awaitIdle();

        List<RecordedRequest> updates = harness.ghlRequests("PUT", "/contacts/[^/]+/tasks/[^/]+");
        assertThat(updates).hasSize(1);
        assertThat(JSON.readTree(updates.get(0).body()))
                .isEqualTo(JSON.readTree("{\"dueDate\":\"2025-03-17T05:00:00Z\"}"));
        assertThat(harness.sandbox().tasks(contactId).get(0).path("dueDate").asText())
                .isEqualTo("2025-03-17T05:00:00.000Z");
        assertThat(harness.components().inbox().statusOf("evt-task-4-move")).containsExactly("DONE", "updated");
    }

    @Test
    void undatedTaskGetsDefaultDue() throws Exception {
        String contactId = contactOfClient();

        // 2025-03-14T10:00:00Z is a Friday afternoon in Asia/Kolkata, the shipped time zone.
        harness.post(taskCreated("evt-task-5", "t-5", Map.of("title", "Follow up")));
        harness.awaitIdle();

        assertThat(harness.sandbox().tasks(contactId).get(0).path("dueDate").asText())
                .isEqualTo("2025-03-17T03:30:00.000Z");
    }

    @Test
    void deletedTaskIgnoresLateUpdate() throws Exception {
        String contactId = contactOfClient();
        harness.post(taskCreated("evt-task-6", "t-6", Map.of("title", "Call")));
        harness.awaitIdle();

        harness.post(Events.task("task.deleted", "evt-task-6-del", "2025-03-14T12:00:00Z", CLIENT, "t-6", Map.of()));
        harness.post(Events.task("task.updated", "evt-task-6-late", "2025-03-14T12:30:00Z", CLIENT, "t-6",
                Map.of("title", "Call again")));
        harness.awaitIdle();

        assertThat(harness.sandbox().tasks(contactId)).isEmpty();
        assertThat(harness.ghlRequests("DELETE", "/contacts/[^/]+/tasks/[^/]+")).hasSize(1);
        assertThat(harness.ghlRequests("POST", "/contacts/[^/]+/tasks")).hasSize(1);
        assertThat(harness.components().inbox().statusOf("evt-task-6-del")).containsExactly("DONE", "deleted");
        assertThat(harness.components().inbox().statusOf("evt-task-6-late")).containsExactly("DONE", "unchanged");
    }

    @Test
    void olderTaskUpdateIsSkipped() throws Exception {
        String contactId = contactOfClient();
        harness.post(Events.task("task.created", "evt-task-7", "2025-03-14T12:00:00Z", CLIENT, "t-7",
                Map.of("title", "Newest title")));
        harness.awaitIdle();

        harness.post(Events.task("task.updated", "evt-task-7-old", "2025-03-14T11:00:00Z", CLIENT, "t-7",
                Map.of("title", "Older title")));
        harness.awaitIdle();

        assertThat(harness.sandbox().tasks(contactId).get(0).path("title").asText()).isEqualTo("Newest title");
        assertThat(harness.components().inbox().statusOf("evt-task-7-old")).containsExactly("DONE", "stale");
    }

    @Test
    void taskBeforeClientWaitsForContact() throws Exception {
        harness.post(taskCreated("evt-task-8", "t-8", Map.of("title", "Welcome call")));
        harness.awaitIdle();
        assertThat(harness.components().inbox().statusOf("evt-task-8")[0]).isEqualTo(InboxStatus.WAITING.name());
        assertThat(harness.ghlRequests("POST", "/contacts/[^/]+/tasks")).isEmpty();

        String contactId = contactOfClient();
        harness.awaitIdle();

        assertThat(harness.sandbox().tasks(contactId)).singleElement()
                .satisfies(task -> assertThat(task.path("title").asText()).isEqualTo("Welcome call"));
        assertThat(harness.components().inbox().statusOf("evt-task-8")).containsExactly("DONE", "created");
    }

    @Test
    void waitingTaskSurvivesRestart() throws Exception {
        harness.post(taskCreated("evt-task-9", "t-9", Map.of("title", "Check budget")));
        harness.awaitIdle();
        harness.restart();

        String contactId = contactOfClient();
        harness.awaitIdle();

        assertThat(harness.sandbox().tasks(contactId)).hasSize(1);
    }

    @Test
    void taskWithClientNameCreatesContact() throws Exception {
        String event = Events.task("task.created", "evt-task-10", "2025-03-14T10:00:00Z", CLIENT, "t-10",
                Map.of("title", "Intro call"));
        ObjectNode envelope = (ObjectNode) JSON.readTree(event);
        ((ObjectNode) envelope.path("data").path("client")).put("name", "Kabir Shah");

        harness.post(envelope.toString());
        harness.awaitIdle();
        // The client's own, older client.created still applies its email over the contact made from the task.
        harness.post(Events.created("evt-client-10", CLIENT, "Kabir Shah", "kabir@example.com", "+919822233344"));
        harness.awaitIdle();

        List<ObjectNode> contacts = harness.sandbox().contacts(location());
        assertThat(contacts).hasSize(1);
        assertThat(contacts.get(0).path("email").asText()).isEqualTo("kabir@example.com");
        assertThat(harness.sandbox().tasks(contacts.get(0).path("id").asText())).hasSize(1);
    }

    @Test
    void unknownAssigneeIsLeftUnassigned() throws Exception {
        String contactId = contactOfClient();

        harness.post(taskCreated("evt-task-11", "t-11", Map.of("title", "Call",
                "assigned_to", Map.of("id", "member-77", "name", "Ravi"))));
        harness.awaitIdle();

        assertThat(harness.sandbox().tasks(contactId).get(0).path("assignedTo").isMissingNode()
                || harness.sandbox().tasks(contactId).get(0).path("assignedTo").isNull()).isTrue();
        RecordedRequest create = harness.ghlRequests("POST", "/contacts/[^/]+/tasks").get(0);
        assertThat(JSON.readTree(create.body()).has("assignedTo")).isFalse();
    }

    @Test
    void localDueDateUsesConfiguredZone(@TempDir Path mappings) throws Exception {
        Files.writeString(mappings.resolve("task.yaml"), "version: 1\ntime-zone: Asia/Singapore\n"
                + "assignees:\n  member-1: ghl-user-1\n");
        harness.setOverride("sync.mappings-dir", mappings.toString());
        harness.restart();
        String contactId = contactOfClient();

        // Due "tomorrow" at 10:00 in Singapore (UTC+8), written without an offset.
        harness.post(taskCreated("evt-task-12", "t-12", Map.of("title", "Site visit",
                "due_at", "2025-03-15T10:00:00", "assigned_to", Map.of("id", "member-1"))));
        harness.awaitIdle();

        ObjectNode task = harness.sandbox().tasks(contactId).get(0);
        assertThat(task.path("dueDate").asText()).isEqualTo("2025-03-15T02:00:00.000Z");
        assertThat(task.path("assignedTo").asText()).isEqualTo("ghl-user-1");
    }
}
