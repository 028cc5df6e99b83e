package org.privyrghlsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.RecordedRequest;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.LogCapture;
import org.privyrghlsync.testing.SyncHarness;

/** Events of several kinds for several clients, delivered interleaved. */
class EventOrderTest {

    private SyncHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = SyncHarness.start();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void interleavedClientsApplyInOrder() throws Exception {
        List<List<String>> perClient = new ArrayList<>();
        for (int c = 1; c <= 5; c++) {
            String client = "6000000" + c;
            String time = "2025-03-14T09:0" + c + ":";
            perClient.add(List.of(
                    Events.created("evt-order-" + c + "-1", client, "Client Number" + c, "order" + c + "@example.com",
                            "+91981234560" + c),
                    Events.task("task.created", "evt-order-" + c + "-2", time + "10Z", client, "task-" + c,
                            Map.of("title", "Call " + c, "due_at", "2025-03-20T05:00:00Z")),
                    Events.task("task.updated", "evt-order-" + c + "-3", time + "20Z", client, "task-" + c,
                            Map.of("title", "Call " + c + " again")),
                    Events.note("note.created", "evt-order-" + c + "-4", time + "30Z", client, "note-" + c,
                            Map.of("body", "Note for client " + c))));
        }
        // Round robin: the first event of every client, then the second of every client, and so on.
        for (int step = 0; step < 4; step++) {
            for (List<String> events : perClient) {
                assertThat(harness.post(events.get(step)).statusCode()).isEqualTo(202);
            }
        }
        harness.awaitIdle();

        String location = harness.sandbox().config().locationId();
        assertThat(harness.sandbox().contacts(location)).hasSize(5);
        for (int c = 1; c <= 5; c++) {
            String contactId = harness.components().ledger().findLink(location, "6000000" + c).orElseThrow()
                    .contactId();
            List<ObjectNode> tasks = harness.sandbox().tasks(contactId);
            assertThat(tasks).singleElement()
                    .satisfies(task -> assertThat(task.path("title").asText()).startsWith("Call ").endsWith(" again"));
            assertThat(harness.sandbox().notes(contactId)).hasSize(1);
            List<String> calls = new ArrayList<>();
            for (RecordedRequest request : harness.sandbox().requests()) {
                if (request.path().startsWith("/contacts/" + contactId)) {
                    calls.add(request.method() + " " + request.path().substring(("/contacts/" + contactId).length())
                            .replaceAll("/tasks/[^/]+", "/tasks/ID"));
                }
            }
            assertThat(calls).as("GHL calls on the contact of client %d", c)
                    .containsExactly("POST /tasks", "PUT /tasks/ID", "POST /notes");
        }
    }

    @Test
    void failedRecordKeepsLaterEventBehind() throws Exception {
        String client = "60000099";
        // The store rejects the client's contact link, as a full disk would reject the record's commit.
        sql("ALTER TABLE contact_link ADD CONSTRAINT link_rejected CHECK (client_id <> '" + client + "')");
        harness.post(Events.client("client.created", "evt-held-1", "2025-03-14T09:00:00Z", client,
                Map.of("name", "Ritu Kapoor", "email", "ritu@example.com")));
        await().atMost(Duration.ofSeconds(30)).until(() -> harness.ghlRequests("POST", "/contacts/").size() == 1
                && harness.components().dispatcher().inFlight() == 0);

        harness.post(Events.client("client.updated", "evt-held-2", "2025-03-14T10:00:00Z", client,
                Map.of("name", "Ritu Sharma", "email", "ritu@example.com")));
        // The later event waits while the earlier one is pending, instead of applying first and making it stale.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
                "PENDING".equals(harness.components().inbox().statusOf("evt-held-2")[0]));

        sql("ALTER TABLE contact_link DROP CONSTRAINT link_rejected");
        harness.components().dispatcher().sweepDue();
        harness.awaitIdle();

        assertThat(harness.components().inbox().statusOf("evt-held-1")[0]).isEqualTo("DONE");
        assertThat(harness.components().inbox().statusOf("evt-held-1")[1]).isNotEqualTo("stale");
        assertThat(harness.components().inbox().statusOf("evt-held-2")).containsExactly("DONE", "updated");
        String location = harness.sandbox().config().locationId();
        assertThat(harness.sandbox().contacts(location)).singleElement()
                .satisfies(contact -> assertThat(contact.path("lastName").asText()).isEqualTo("Sharma"));
    }

    @Test
    void slowRetryScheduleLetsOtherRecordsCommit() throws Exception {
        String client = "60000098";
        StoreFaultTrigger.reset(client);
        for (String table : List.of("contact_link", "inbox_state")) {
            sql("CREATE TRIGGER fault_" + table + " BEFORE INSERT, UPDATE ON " + table + " FOR EACH ROW CALL '"
                    + StoreFaultTrigger.class.getName() + "'");
        }
        try (LogCapture logs = new LogCapture()) {
            harness.post(Events.client("client.created", "evt-slow-1", "2025-03-14T09:00:00Z", client,
                    Map.of("name", "Ritu Kapoor", "email", "ritu@example.com")));
            assertThat(StoreFaultTrigger.linkEntered.await(30, TimeUnit.SECONDS)).isTrue();
            // The lane has handed the record over and logged it, so the commit fails on the group-commit thread.
            await().atMost(Duration.ofSeconds(15)).until(() -> logs.lines().stream().anyMatch(line ->
                    line.startsWith("Event evt-slow-1 (client.created) of client " + client + ": ")));
            StoreFaultTrigger.linkRelease.countDown();
            assertThat(StoreFaultTrigger.retryEntered.await(30, TimeUnit.SECONDS)).isTrue();

            // While the failed record's next attempt is still being stored, other clients' events are stored,
            // applied and recorded.
            harness.post(Events.created("evt-slow-2", "60000097", "Anil Rao", "anil@example.com", "+919812300097"));
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    "DONE".equals(harness.components().inbox().statusOf("evt-slow-2")[0]));
            assertThat(StoreFaultTrigger.retryRelease.getCount()).isEqualTo(1);
        } finally {
            StoreFaultTrigger.releaseAll();
        }
        await().atMost(Duration.ofSeconds(15)).until(() ->
                harness.components().inbox().attemptsOf("evt-slow-1") == 1);
        assertThat(harness.components().inbox().statusOf("evt-slow-1")[0]).isEqualTo("PENDING");
    }

    private void sql(String statement) throws SQLException {
        try (Connection connection = harness.components().dataSource().getConnection();
                Statement update = connection.createStatement()) {
            update.execute(statement);
        }
    }
}
