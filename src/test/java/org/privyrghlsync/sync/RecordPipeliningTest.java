package org.privyrghlsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.FaultSpec;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

/**
 * A lane hands each event's record to the group commit and goes on with its next event, except that an event of a
 * client waits until the record of the client's previous event has committed. One lane applies every event here, and
 * a row lock held by the test keeps the record of one event from committing.
 */
class RecordPipeliningTest {

    private static final String TIME = "2025-03-14T09:";

    private SyncHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = SyncHarness.start(SandboxConfig.builder(), Map.of("sync.workers", "1"));
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void laneContinuesClientWaitsForRecord() throws Exception {
        String location = harness.sandbox().config().locationId();
        assertThat(harness.post(Events.created("evt-pipe-a1", "pipe-a", "Asha Rao", "asha@example.com",
                "+919812345601")).statusCode()).isEqualTo(202);
        harness.awaitIdle();
        String contactA = harness.components().ledger().findLink(location, "pipe-a").orElseThrow().contactId();
        String contactPath = "/contacts/" + contactA;

        try (Connection blocker = DriverManager.getConnection(harness.storeUrl(), "", "")) {
            blocker.setAutoCommit(false);
            // The record of the next event of client pipe-a updates this row, so it waits for this transaction.
            try (PreparedStatement lock = blocker.prepareStatement(
                    "SELECT contact_id FROM contact_link WHERE client_id = 'pipe-a' FOR UPDATE");
                    ResultSet row = lock.executeQuery()) {
                assertThat(row.next()).isTrue();
            }
            // The lane stays in this PUT while the two later events are received, so all three reach the same lane.
            harness.sandbox().injectFault(FaultSpec.of(FaultSpec.Kind.DELAY, "PUT", contactPath).withDelay(1500)
                    .times(1));
            assertThat(harness.post(update("evt-pipe-a2", "10:00Z", "Asha Verma")).statusCode()).isEqualTo(202);
            assertThat(harness.post(Events.created("evt-pipe-b1", "pipe-b", "Bina Shah", "bina@example.com",
                    "+919812345602")).statusCode()).isEqualTo(202);
            assertThat(harness.post(update("evt-pipe-a3", "20:00Z", "Asha Iyer")).statusCode())
                    .isEqualTo(202);

            // The record of evt-pipe-a2 cannot commit, yet the lane creates client pipe-b's contact after it.
            await().atMost(Duration.ofSeconds(15)).until(() -> harness.ghlRequests("POST", "/contacts/").size() == 2);
            assertThat(harness.components().inbox().statusOf("evt-pipe-a2")[0]).isEqualTo("PENDING");
            // evt-pipe-a3 waits for that record: applied now, it would compare with the values of evt-pipe-a1.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> harness.ghlRequests("PUT", contactPath).size() == 1);
            blocker.rollback();
        }

        harness.awaitIdle();
        assertThat(harness.ghlRequests("PUT", contactPath)).hasSize(2);
        assertThat(harness.ghlRequests("PUT", contactPath).get(1).body()).contains("\"lastName\":\"Iyer\"");
        assertThat(harness.sandbox().contacts(location)).hasSize(2);
        assertThat(harness.sandbox().contact(contactA).path("lastName").asText()).isEqualTo("Iyer");
        for (String event : new String[] {"evt-pipe-a2", "evt-pipe-b1", "evt-pipe-a3"}) {
            assertThat(harness.components().inbox().statusOf(event)[0]).as(event).isEqualTo("DONE");
        }
    }

    private static String update(String eventId, String minuteAndSecond, String name) {
        return Events.client("client.updated", eventId, TIME + minuteAndSecond, "pipe-a",
                Map.of("name", name, "email", "asha@example.com", "phone", "+919812345601"));
    }
}
