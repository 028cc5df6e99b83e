package org.privyrghlsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.ghl.GhlException;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.store.ItemLink;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

/**
 * A task or note create whose outcome is unknown is matched only with the item that the create made: not with an
 * item of another task, nor with one that a GHL user added before it.
 */
class EarlierCreateMatchTest {

    private static final String UNAVAILABLE = "{\"statusCode\":503,\"message\":\"Service Unavailable\"}";
    private static final String UNPROCESSABLE = "{\"statusCode\":422,\"message\":[\"dueDate must be later\"]}";
    private static final String CLIENT = "70000077";
    private static final String USER_TASK =
            "{\"title\":\"Call back\",\"dueDate\":\"2025-03-18T05:00:00Z\",\"completed\":false}";
    private static final Map<String, Object> CALL_BACK = Map.of("title", "Call back", "due_at",
            "2025-03-18T05:00:00Z");
    private SyncHarness harness;

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    /** Starts a runtime that makes one call per attempt and returns the GHL contact of {@link #CLIENT}. */
    private String start(String maxAttempts) throws Exception {
        harness = SyncHarness.start(SandboxConfig.builder(), Map.of("ghl.retry.max-redeliveries", "0",
                "ghl.retry.initial-delay-ms", "10", "sync.retry.initial-delay-ms", "100",
                "sync.max-attempts", maxAttempts));
        harness.post(Events.created("evt-match-client", CLIENT, "Leela Menon", "leela@example.com",
                "+919855566677"));
        harness.awaitIdle();
        return harness.components().ledger().findLink(location(), CLIENT).orElseThrow().contactId();
    }

    private String location() {
        return harness.sandbox().config().locationId();
    }

    private String linkedId(String kind, String itemId) {
        return harness.components().ledger().findItem(location(), kind, itemId).orElseThrow().ghlId();
    }

    @Test
    void retryAfter503SkipsOlderUserNote() throws Exception {
        String contactId = start("5");
        String userNote = harness.sandbox().addNote(contactId, "Called, no answer",
                Instant.now().minus(Duration.ofMinutes(10)));
        harness.sandbox().injectFault("POST", "/contacts/[^/]+/notes", 503, UNAVAILABLE, 1);

        harness.post(Events.note("note.created", "evt-match-note", "2025-03-14T10:00:00Z", CLIENT, "n-match",
                Map.of("body", "Called, no answer")));
        harness.awaitIdle();

        assertThat(harness.components().inbox().statusOf("evt-match-note")).containsExactly("DONE", "created");
        assertThat(harness.sandbox().notes(contactId)).hasSize(2);
        assertThat(linkedId(ItemLink.NOTE, "n-match")).isNotEqualTo(userNote);
    }

    @Test
    void rejectedCreateLeavesNoRecordToMatch() throws Exception {
        String contactId = start("5");
        String userTask = new ObjectMapper().readTree(harness.callGhlDirectly("POST",
                "/contacts/" + contactId + "/tasks", USER_TASK)).path("task").path("id").asText();
        harness.sandbox().injectFault("POST", "/contacts/[^/]+/tasks", 422, UNPROCESSABLE, 1);
        harness.post(Events.task("task.created", "evt-match-task", "2025-03-14T10:00:00Z", CLIENT, "t-match",
                CALL_BACK));
        harness.awaitIdle();
        assertThat(harness.components().inbox().statusOf("evt-match-task")).containsExactly("DEAD",
                "dead_lettered");
        assertThat(harness.components().ledger().findItem(location(), ItemLink.TASK, "t-match")).isEmpty();

        // GHL stored nothing, so the update creates the task instead of taking the user's task of the same values.
        harness.post(Events.task("task.updated", "evt-match-task-2", "2025-03-14T11:00:00Z", CLIENT, "t-match",
                CALL_BACK));
        harness.awaitIdle();

        assertThat(harness.sandbox().tasks(contactId)).hasSize(2);
        assertThat(linkedId(ItemLink.TASK, "t-match")).isNotEqualTo(userTask);
    }

    @Test
    void deleteAfterRejectedCreateKeepsUserTask() throws Exception {
        String contactId = start("5");
        harness.callGhlDirectly("POST", "/contacts/" + contactId + "/tasks", USER_TASK);
        harness.sandbox().injectFault("POST", "/contacts/[^/]+/tasks", 422, UNPROCESSABLE, 1);
        harness.post(Events.task("task.created", "evt-match-task-3", "2025-03-14T10:00:00Z", CLIENT, "t-gone",
                CALL_BACK));
        harness.awaitIdle();

        harness.post(Events.task("task.deleted", "evt-match-task-4", "2025-03-14T11:00:00Z", CLIENT, "t-gone",
                Map.of()));
        harness.awaitIdle();

        assertThat(harness.components().inbox().statusOf("evt-match-task-4")).containsExactly("DONE",
                "unchanged");
        assertThat(harness.sandbox().tasks(contactId)).hasSize(1);
    }

    @Test
    void uncertainCreateDeleteKeepsLinkedTask() throws Exception {
        String contactId = start("1");
        harness.post(Events.task("task.created", "evt-match-a", "2025-03-14T09:00:00Z", CLIENT, "t-a", CALL_BACK));
        harness.awaitIdle();
        // GHL may or may not have stored task t-b. Its only attempt ends as a dead letter, and its record stays.
        harness.sandbox().injectFault("POST", "/contacts/[^/]+/tasks", 503, UNAVAILABLE, 1);
        harness.post(Events.task("task.created", "evt-match-b", "2025-03-14T10:00:00Z", CLIENT, "t-b", CALL_BACK));
        harness.awaitIdle();

        harness.post(Events.task("task.deleted", "evt-match-b-del", "2025-03-14T11:00:00Z", CLIENT, "t-b",
                Map.of()));
        harness.awaitIdle();

        assertThat(harness.sandbox().tasks(contactId)).extracting(task -> task.path("id").asText())
                .containsExactly(linkedId(ItemLink.TASK, "t-a"));
    }

    @Test
    void neverStoredMeansRejectedOrUnsent() {
        IOException connectFailure = new HttpHostConnectException("Connect to GHL refused");
        assertThat(OnceCreation.neverStored(new GhlException("refused", 0, null, null, connectFailure))).isTrue();
        assertThat(OnceCreation.neverStored(new GhlException("refused", 0, null, null,
                new RuntimeException(new ConnectException("refused"))))).isTrue();
        assertThat(OnceCreation.neverStored(new GhlException("rejected", 422, "dueDate", "{}", null))).isTrue();
        assertThat(OnceCreation.neverStored(new GhlException("limited", 429, null, "{}", null))).isTrue();

        assertThat(OnceCreation.neverStored(new GhlException("no answer", 0, null, null,
                new NoHttpResponseException("GHL failed to respond")))).isFalse();
        assertThat(OnceCreation.neverStored(new GhlException("unavailable", 503, null, "{}", null))).isFalse();
        assertThat(OnceCreation.neverStored(new IllegalStateException("no task.id"))).isFalse();
    }
}
