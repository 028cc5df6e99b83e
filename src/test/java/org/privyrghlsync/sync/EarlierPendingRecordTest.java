package org.privyrghlsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

/**
 * An event that a retry hold left behind applies the client's earlier pending events first (applyEarlierPending).
 * It must then read the link that the record of those earlier events stores, as the client's next event does.
 * A row lock held by the test keeps the earlier event's record from committing.
 */
class EarlierPendingRecordTest {

    private static final String SERVICE_UNAVAILABLE = "{\"statusCode\":503,\"message\":\"Service Unavailable\"}";
    private static final String CLIENT = "earlier-c";

    private SyncHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = SyncHarness.start(SandboxConfig.builder(), Map.of(
                "sync.workers", "1",
                "ghl.retry.max-redeliveries", "0",
                "sync.retry.initial-delay-ms", "1500",
                "sync.max-attempts", "5"));
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void laterEventReadsEarlierRecord() throws Exception {
        String location = harness.sandbox().config().locationId();
        // The first attempt of client.created fails, so the client's later events stay behind its retry.
        harness.sandbox().injectFault("POST", "/contacts/", 503, SERVICE_UNAVAILABLE, 1);
        postCreateAndPendingUpdate("Asha Verma");

        try (Connection blocker = holdRecordOf("evt-early-2")) {
            // Held behind evt-early-1 now, applied after its retry, and then it applies evt-early-2 first.
            assertThat(harness.post(update("evt-early-3", "20:00:00Z", "Asha Rao")).statusCode()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> harness.ghlRequests("PUT", "/contacts/.+").size() == 1);
            // Gives evt-early-3 time to run if it does not wait for the record of evt-early-2.
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .until(() -> harness.ghlRequests("PUT", "/contacts/.+").size() == 1);
            blocker.rollback();
        }

        harness.awaitIdle();
        String contactId = harness.components().ledger().findLink(location, CLIENT).orElseThrow().contactId();
        assertThat(harness.components().inbox().statusOf("evt-early-2")).containsExactly("DONE", "updated");
        assertThat(harness.components().inbox().statusOf("evt-early-3")).containsExactly("DONE", "updated");
        assertThat(harness.sandbox().contact(contactId).path("lastName").asText()).isEqualTo("Rao");
    }

    @Test
    void taskAfterEarlierCreateIsNotParked() throws Exception {
        String location = harness.sandbox().config().locationId();
        // client.created fails once for a passing reason, then GHL rejects it, so it links no contact.
        harness.sandbox().injectFault("POST", "/contacts/", 503, SERVICE_UNAVAILABLE, 1);
        harness.sandbox().injectFault("POST", "/contacts/", 422,
                "{\"statusCode\":422,\"message\":\"Unprocessable\"}", 1);
        // evt-early-2 is the client.updated that creates the contact.
        postCreateAndPendingUpdate("Asha Rao");

        try (Connection blocker = holdRecordOf("evt-early-2")) {
            // A task event without the client's name, so it can only attach to a linked contact.
            assertThat(harness.post(Events.task("task.created", "evt-early-3", "2025-03-14T20:00:00Z", CLIENT,
                    "t-early", Map.of("title", "Call back", "due_at", "2025-03-15T16:30:00+05:30",
                            "status", "PENDING"))).statusCode()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> harness.ghlRequests("POST", "/contacts/").size() == 3);
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .until(() -> harness.ghlRequests("POST", "/contacts/").size() == 3);
            blocker.rollback();
        }

        harness.awaitIdle();
        String contactId = harness.components().ledger().findLink(location, CLIENT).orElseThrow().contactId();
        assertThat(harness.components().inbox().statusOf("evt-early-1")[0]).isEqualTo("DEAD");
        assertThat(harness.components().inbox().statusOf("evt-early-3")[0]).isEqualTo("DONE");
        assertThat(harness.sandbox().tasks(contactId)).hasSize(1);
    }

    /**
     * Posts the client's client.created as evt-early-1 and waits for its first attempt, which the test's fault makes
     * fail. Then stores evt-early-2, an update to {@code name}, as a pending event that no sweep reads before the test
     * ends, so only applyEarlierPending applies it.
     */
    private void postCreateAndPendingUpdate(String name) throws Exception {
        assertThat(harness.post(Events.created("evt-early-1", CLIENT, "Asha Rao", "asha@example.com",
                "+919812345601")).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> harness.components().inbox().attemptsOf("evt-early-1") == 1);

        harness.storeScheduledRetry(update("evt-early-2", "10:00:00Z", name), 1,
                Instant.now().plus(Duration.ofHours(1)));
    }

    /**
     * Locks the {@code inbox_state} row of a stored event in a transaction of the returned connection. The event's
     * record marks that row done, so it cannot commit until the transaction ends.
     */
    private Connection holdRecordOf(String eventId) throws Exception {
        long id = harness.components().inbox().findByEventId(eventId).orElseThrow().id();
        Connection blocker = DriverManager.getConnection(harness.storeUrl(), "", "");
        blocker.setAutoCommit(false);
        try (PreparedStatement lock = blocker.prepareStatement(
                "SELECT status FROM inbox_state WHERE id = ? FOR UPDATE")) {
            lock.setLong(1, id);
            try (ResultSet row = lock.executeQuery()) {
                assertThat(row.next()).isTrue();
            }
        }
        return blocker;
    }

    private static String update(String eventId, String time, String name) {
        return Events.client("client.updated", eventId, "2025-03-14T" + time, CLIENT,
                Map.of("name", name, "email", "asha@example.com", "phone", "+919812345601"));
    }
}
