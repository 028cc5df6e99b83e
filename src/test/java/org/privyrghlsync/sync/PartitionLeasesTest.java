package org.privyrghlsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.runtime.Components;
import org.privyrghlsync.sandbox.RecordedRequest;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.store.ClusterNode;
import org.privyrghlsync.store.DeadLetter;
import org.privyrghlsync.store.InboxStatus;
import org.privyrghlsync.store.InboxStore;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.PostgresDatabases;
import org.privyrghlsync.testing.SyncHarness;

/**
 * Runtimes that share one PostgreSQL database divide the events by partition leases: each event is applied by one
 * runtime, one client's events in order, and the partitions of a runtime that stops or stops renewing move to another.
 */
class PartitionLeasesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN_KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Test
    void twoRuntimesApplyEachEventOnce() throws Exception {
        Map<String, String> settings = settings("node-a");
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder(), settings);
                SyncHarness.ExtraRuntime second = harness.startExtraRuntime(Map.of("sync.jobs.node-id", "node-b"))) {
            Components nodeA = harness.components();
            Components nodeB = second.runtime().components();
            await().atMost(WAIT).until(() -> nodeA.partitions().heldCount() == 32
                    && nodeB.partitions().heldCount() == 32);

            List<String> clients = clients("two", 40);
            List<String> events = eventsInRounds(clients, "two");
            for (int i = 0; i < events.size(); i++) {
                int port = i % 2 == 0 ? harness.port() : second.port();
                assertThat(harness.postTo(port, events.get(i)).statusCode()).isEqualTo(202);
            }
            awaitAllDone(nodeA, nodeB);

            assertThat(nodeA.partitions().heldCount()).isEqualTo(32);
            assertThat(nodeB.partitions().heldCount()).isEqualTo(32);
            assertAppliedOnceInOrder(harness, clients);
            assertThat(nodeA.ghlCalls()).isPositive();
            assertThat(nodeB.ghlCalls()).isPositive();
        }
    }

    @Test
    void twoRuntimesShareLocationBudget() throws Exception {
        // 8 calls per second for the location, so each runtime may send 4 for its 32 partitions.
        int max = 8;
        Map<String, String> settings = settings("node-a");
        settings.put("ghl.rate-limit.max-requests", Integer.toString(max));
        settings.put("ghl.rate-limit.period-ms", "1000");
        // Responses 100 ms late, so that neither runtime learns of the other's calls from GHL's headers in time.
        SandboxConfig.Builder sandbox = SandboxConfig.builder().rateLimitMax(max)
                .rateLimitWindow(Duration.ofSeconds(1)).latency(Duration.ofMillis(100));
        try (SyncHarness harness = SyncHarness.start(sandbox, settings);
                SyncHarness.ExtraRuntime second = harness.startExtraRuntime(Map.of("sync.jobs.node-id", "node-b"))) {
            Components nodeA = harness.components();
            Components nodeB = second.runtime().components();
            await().atMost(WAIT).until(() -> nodeA.partitions().heldCount() == 32
                    && nodeB.partitions().heldCount() == 32);

            // Each event is one create, so both runtimes have a backlog of about 12 calls at once.
            int clients = 24;
            for (int i = 0; i < clients; i++) {
                String client = "budget-" + i;
                int port = i % 2 == 0 ? harness.port() : second.port();
                assertThat(harness.postTo(port, Events.created("evt-" + client, client, "Lead " + client,
                        client + "@example.com", String.format("+91983002%04d", i))).statusCode()).isEqualTo(202);
            }
            awaitAllDone(nodeA, nodeB);

            String location = harness.sandbox().config().locationId();
            assertThat(harness.sandbox().contacts(location)).hasSize(clients);
            List<String> tooMany = harness.sandbox().requests().stream().filter(request -> request.status() == 429)
                    .map(request -> request.method() + " " + request.path() + " at " + request.time()).toList();
            assertThat(tooMany).as("requests answered with 429").isEmpty();
            assertThat(nodeA.ghlCalls()).as("calls of node A").isPositive();
            assertThat(nodeB.ghlCalls()).as("calls of node B").isPositive();
        }
    }

    /**
     * Checks that a runtime that takes its partitions at start-up keeps to what is left of the location's budget. The
     * stopped process released them at once, and GHL still counts its calls of the last window.
     */
    @Test
    void restartedRuntimeCountsPreviousCalls() throws Exception {
        int max = 8;
        Map<String, String> settings = settings("node-a");
        settings.put("ghl.rate-limit.max-requests", Integer.toString(max));
        settings.put("ghl.rate-limit.period-ms", "10000");
        // Responses 100 ms late, so that the new process sends its first calls before any response arrives.
        SandboxConfig.Builder sandbox = SandboxConfig.builder().rateLimitMax(max)
                .rateLimitWindow(Duration.ofSeconds(10)).latency(Duration.ofMillis(100));
        try (SyncHarness harness = SyncHarness.start(sandbox, settings)) {
            await().atMost(WAIT).until(() -> harness.components().partitions().heldCount() == 64);
            postCreates(harness, "before", 5);
            awaitAllDone(harness.components());

            // The new process finds every partition free, because the stopped one released them.
            harness.restart();
            Components restarted = harness.components();
            await().atMost(WAIT).until(() -> restarted.partitions().heldCount() == 64);
            postCreates(harness, "after", 4);
            awaitAllDone(restarted);

            String location = harness.sandbox().config().locationId();
            assertThat(harness.sandbox().contacts(location)).hasSize(9);
            List<String> tooMany = harness.sandbox().requests().stream().filter(request -> request.status() == 429)
                    .map(request -> request.method() + " " + request.path() + " at " + request.time()).toList();
            assertThat(tooMany).as("requests answered with 429").isEmpty();
        }
    }

    /** Posts one created event for each of {@code count} new clients, whose contacts GHL creates with one call. */
    private static void postCreates(SyncHarness harness, String prefix, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            String client = prefix + "-" + i;
            String phone = String.format("+9198301%05d", Math.abs(prefix.hashCode() % 1000) * 10 + i);
            assertThat(harness.post(Events.created("evt-" + client, client, "Lead " + client,
                    client + "@example.com", phone)).statusCode()).isEqualTo(202);
        }
    }

    @Test
    void otherNodeAppliesEventBeforeHeartbeat() throws Exception {
        Map<String, String> settings = settings("node-a");
        // The shipped heartbeat of 2 seconds, so that only the announcement can explain a shorter delay.
        settings.remove("sync.partitions.heartbeat-ms");
        settings.remove("sync.partitions.lease-ms");
        settings.put("sync.jobs.retry-sweep.cron", "0 0 0 1 1 ? 2099");
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder(), settings);
                SyncHarness.ExtraRuntime second = harness.startExtraRuntime(Map.of("sync.jobs.node-id", "node-b"))) {
            Components nodeA = harness.components();
            Components nodeB = second.runtime().components();
            await().atMost(WAIT).until(() -> nodeA.partitions().heldCount() == 32
                    && nodeB.partitions().heldCount() == 32);
            String location = harness.sandbox().config().locationId();
            List<Long> delays = new ArrayList<>();
            for (int i = 0; delays.size() < 10; i++) {
                String client = "other-" + i;
                if (nodeA.partitions().owns(PartitionOwnership.partitionOf(location + '\u0000' + client))) {
                    continue;
                }
                long start = System.nanoTime();
                assertThat(harness.post(Events.created("evt-" + client, client, "Lead " + client,
                        client + "@example.com", String.format("+91983001%04d", i))).statusCode()).isEqualTo(202);
                await().atMost(WAIT).pollInterval(Duration.ofMillis(5))
                        .until(() -> InboxStatus.DONE.name().equals(nodeA.inbox().statusOf("evt-" + client)[0]));
                delays.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
            }
            // 8 to 29 ms each on a shared 2-core machine. A node that waited for its heartbeat took about 2,000 ms.
            assertThat(delays).allSatisfy(delay -> assertThat(delay).isLessThan(1000));
        }
    }

    @Test
    void stoppedRuntimeHandsOverPendingEvents() throws Exception {
        Map<String, String> settings = settings("node-a");
        // Long enough to distinguish a takeover after expiry from one after the stopped node released.
        settings.put("sync.partitions.lease-ms", "4000");
        // Slow GHL responses keep events pending on node B when it stops.
        SandboxConfig.Builder sandbox = SandboxConfig.builder().latency(Duration.ofMillis(100));
        try (SyncHarness harness = SyncHarness.start(sandbox, settings)) {
            SyncHarness.ExtraRuntime second = harness.startExtraRuntime(Map.of("sync.jobs.node-id", "node-b"));
            Components nodeA = harness.components();
            Components nodeB = second.runtime().components();
            await().atMost(WAIT).until(() -> nodeA.partitions().heldCount() == 32
                    && nodeB.partitions().heldCount() == 32);

            List<String> clients = clients("stop", 30);
            for (String event : eventsInRounds(clients, "stop")) {
                assertThat(harness.postTo(second.port(), event).statusCode()).isEqualTo(202);
            }
            long pendingAtStop = nodeB.inbox().countByStatus().get(InboxStatus.PENDING);
            // The first step of a stop, and on SIGTERM possibly the last one before the JVM exits.
            nodeB.stopWorkers();
            // Node B released its partitions, so node A takes them at its next heartbeat, 300 ms later at most.
            await().atMost(Duration.ofMillis(2000)).until(() -> nodeA.partitions().heldCount() == 64);
            second.close();

            awaitAllDone(nodeA);
            assertThat(pendingAtStop).isPositive();
            assertAppliedOnceInOrder(harness, clients);
        }
    }

    @Test
    void expiredLeasesMoveToLiveRuntime() throws Exception {
        Map<String, String> settings = settings("node-a");
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder(), settings)) {
            Components nodeA = harness.components();
            await().atMost(WAIT).until(() -> nodeA.partitions().heldCount() == 64);

            // A node that took every partition and then stopped renewing, as a killed process does.
            long leaseMillis = 8000;
            execute(nodeA.dataSource(), "INSERT INTO sync_node (node_id, expires_at) VALUES ('node-killed', now() + "
                    + leaseMillis + " * INTERVAL '1 millisecond')");
            execute(nodeA.dataSource(), "UPDATE partition_lease SET node_id = 'node-killed', epoch = epoch + 1,"
                    + " expires_at = now() + " + leaseMillis + " * INTERVAL '1 millisecond'");
            await().atMost(WAIT).until(() -> nodeA.partitions().heldCount() == 0);

            List<String> clients = clients("expiry", 10);
            for (String event : eventsInRounds(clients, "expiry")) {
                assertThat(harness.post(event).statusCode()).isEqualTo(202);
            }
            long pendingWhileHeld = nodeA.inbox().countByStatus().get(InboxStatus.PENDING);
            List<RecordedRequest> callsWhileHeld = harness.ghlRequests("POST", "/contacts/");

            awaitAllDone(nodeA);
            assertThat(pendingWhileHeld).isEqualTo(clients.size() * 3L);
            assertThat(callsWhileHeld).isEmpty();
            assertThat(nodeA.partitions().heldCount()).isEqualTo(64);
            assertThat(epochs(nodeA.dataSource())).allSatisfy(epoch -> assertThat(epoch).isGreaterThanOrEqualTo(3));
            assertAppliedOnceInOrder(harness, clients);
        }
    }

    @Test
    void recordRolledBackAfterTakeover() throws Exception {
        Map<String, String> settings = settings("node-a");
        SandboxConfig.Builder sandbox = SandboxConfig.builder().latency(Duration.ofMillis(1500));
        try (SyncHarness harness = SyncHarness.start(sandbox, settings)) {
            Components nodeA = harness.components();
            await().atMost(WAIT).until(() -> nodeA.partitions().heldCount() == 64);
            String client = "fence-1";
            int partition = PartitionOwnership.partitionOf(harness.sandbox().config().locationId() + '\u0000'
                    + client);

            assertThat(harness.post(Events.created("evt-fence-1", client, "Farah Khan", "farah@example.com",
                    "+919830070001")).statusCode()).isEqualTo(202);
            // The create, which follows the read of the location's custom fields, is on its way to GHL when another
            // node takes the partition over.
            await().atMost(WAIT).until(() -> nodeA.ghlCalls() >= 2);
            execute(nodeA.dataSource(), "UPDATE partition_lease SET node_id = 'node-other', epoch = epoch + 1,"
                    + " expires_at = now() + INTERVAL '10 minutes' WHERE partition_id = " + partition);
            await().atMost(WAIT).until(() -> nodeA.dispatcher().inFlight() == 0
                    && harness.ghlRequests("POST", "/contacts/").size() == 1);
            String[] statusWhileTaken = nodeA.inbox().statusOf("evt-fence-1");
            int attemptsWhileTaken = nodeA.inbox().attemptsOf("evt-fence-1");
            boolean linkedWhileTaken = nodeA.ledger().findLink(harness.sandbox().config().locationId(), client)
                    .isPresent();

            // The other node releases the partition; node A takes it with a new epoch and applies the event.
            execute(nodeA.dataSource(), "UPDATE partition_lease SET node_id = NULL, expires_at = NULL"
                    + " WHERE partition_id = " + partition);
            awaitAllDone(nodeA);

            assertThat(statusWhileTaken).containsExactly(InboxStatus.PENDING.name(), null);
            assertThat(attemptsWhileTaken).isZero();
            assertThat(linkedWhileTaken).isFalse();
            assertThat(nodeA.inbox().statusOf("evt-fence-1")[0]).isEqualTo(InboxStatus.DONE.name());
            // GHL's duplicate rule names the contact that the rolled-back attempt created, so there is still one.
            assertThat(harness.sandbox().contacts(harness.sandbox().config().locationId())).hasSize(1);
        }
    }

    @Test
    void takenPartitionSendsNoFurtherCall() throws Exception {
        Map<String, String> settings = settings("node-a");
        // A new client then costs two calls: the upsert, and the tags after it.
        settings.put("ghl.allow-duplicate-contacts", "true");
        SandboxConfig.Builder sandbox = SandboxConfig.builder().allowDuplicates(true).latency(Duration.ofMillis(1500));
        try (SyncHarness harness = SyncHarness.start(sandbox, settings)) {
            Components nodeA = harness.components();
            await().atMost(WAIT).until(() -> nodeA.partitions().heldCount() == 64);
            String client = "fence-2";
            int partition = PartitionOwnership.partitionOf(harness.sandbox().config().locationId() + '\u0000'
                    + client);

            assertThat(harness.post(Events.client("client.created", "evt-fence-2", "2025-03-14T09:00:00Z", client,
                    Map.of("name", "Zoya Ali", "email", "zoya@example.com", "phone", "+919830070002",
                            "groups", List.of("Hot lead")))).statusCode()).isEqualTo(202);
            // The upsert, which follows the read of the location's custom fields, is on its way to GHL when another
            // node takes the partition over.
            await().atMost(WAIT).until(() -> nodeA.ghlCalls() >= 2);
            execute(nodeA.dataSource(), "UPDATE partition_lease SET node_id = 'node-other', epoch = epoch + 1,"
                    + " expires_at = now() + INTERVAL '10 minutes' WHERE partition_id = " + partition);
            await().atMost(WAIT).until(() -> nodeA.dispatcher().inFlight() == 0);

            assertThat(harness.ghlRequests("POST", "/contacts/upsert")).hasSize(1);
            assertThat(harness.ghlRequests("POST", "/contacts/.+/tags")).isEmpty();
            assertThat(nodeA.ghlCalls()).isEqualTo(2);
            assertThat(nodeA.inbox().statusOf("evt-fence-2")[0]).isEqualTo(InboxStatus.PENDING.name());
            assertThat(nodeA.inbox().attemptsOf("evt-fence-2")).isZero();
        }
    }

    @Test
    void waitingEventsExpireOnEveryRuntime() throws Exception {
        Map<String, String> settings = settings("node-a");
        settings.put("sync.client-wait-hours", "1");
        // Without the retry-sweep job, only each runtime's own expiry can dead-letter the waiting events.
        settings.put("sync.jobs.retry-sweep.cron", "0 0 0 1 1 ? 2099");
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder(), settings);
                SyncHarness.ExtraRuntime second = harness.startExtraRuntime(Map.of("sync.jobs.node-id", "node-b"))) {
            Components nodeA = harness.components();
            Components nodeB = second.runtime().components();
            await().atMost(WAIT).until(() -> nodeA.partitions().heldCount() == 32
                    && nodeB.partitions().heldCount() == 32);
            String location = harness.sandbox().config().locationId();

            // Tasks of clients whose client.created never arrived, three in each runtime's partitions.
            List<String> eventIds = new ArrayList<>();
            int onA = 0;
            int onB = 0;
            for (int i = 0; onA < 3 || onB < 3; i++) {
                String client = "waiting-" + i;
                boolean heldByA = nodeA.partitions().owns(PartitionOwnership.partitionOf(location + '\u0000'
                        + client));
                if (heldByA ? onA == 3 : onB == 3) {
                    continue;
                }
                if (heldByA) {
                    onA++;
                } else {
                    onB++;
                }
                String eventId = "evt-" + client;
                eventIds.add(eventId);
                assertThat(harness.post(Events.task("task.created", eventId, "2025-03-14T10:00:00Z", client,
                        "task-" + client, Map.of("title", "Call back"))).statusCode()).isEqualTo(202);
            }
            await().atMost(WAIT).until(() -> eventIds.stream()
                    .allMatch(eventId -> InboxStatus.WAITING.name().equals(nodeA.inbox().statusOf(eventId)[0])));
            execute(nodeA.dataSource(), "UPDATE inbox_event SET received_at = now() - INTERVAL '2 hours'"
                    + " WHERE event_id LIKE 'evt-waiting-%'");

            // Each runtime expires its partitions' waiting events every 15 heartbeats, 4.5 s here.
            await().atMost(Duration.ofSeconds(30)).until(() -> eventIds.stream()
                    .allMatch(eventId -> InboxStatus.DEAD.name().equals(nodeA.inbox().statusOf(eventId)[0])));
            assertThat(nodeA.ledger().deadLetters()).extracting(DeadLetter::eventId)
                    .containsExactlyInAnyOrderElementsOf(eventIds);
        }
    }

    @Test
    void duplicateNodeHealthNamesLiveNodes() throws Exception {
        Map<String, String> settings = settings("node-a");
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder(), settings)) {
            Components nodeA = harness.components();
            await().atMost(WAIT).until(() -> nodeA.partitions().heldCount() == 64);

            // A second process that was given the same node id by mistake.
            try (SyncHarness.ExtraRuntime duplicate = harness.startExtraRuntime(Map.of())) {
                HealthCheck.Result rejected = partitionsHealth(duplicate.runtime().camelContext());
                HealthCheck.Result live = partitionsHealth(harness.runtime().camelContext());

                assertThat(rejected.getState()).isEqualTo(HealthCheck.State.DOWN);
                assertThat(rejected.getDetails()).containsEntry("node", "node-a");
                assertThat(rejected.getDetails()).as("live nodes in the store").containsEntry("nodes.live", 1);
                assertThat(rejected.getDetails()).containsEntry("node.rejected", true);
                assertThat(rejected.getDetails()).containsEntry("partitions.held", 0);
                assertThat(rejected.getMessage()).hasValueSatisfying(message -> assertThat(message)
                        .contains("rejected this process because node id node-a is in use by another live process",
                                "SYNC_NODE_ID"));
                assertThat(live.getState()).isEqualTo(HealthCheck.State.UP);
                assertThat(live.getDetails()).containsEntry("nodes.live", 1);
                assertThat(live.getDetails()).doesNotContainKey("node.rejected");
                assertThat(nodeA.partitions().heldCount()).isEqualTo(64);
            }
            // The rejected process stopped without removing node-a from the job cluster's nodes.
            assertThat(nodeA.jobRuns().nodes()).extracting(ClusterNode::node).containsExactly("node-a");
        }
    }

    private static HealthCheck.Result partitionsHealth(CamelContext camelContext) {
        return HealthCheckHelper.invoke(camelContext).stream()
                .filter(result -> result.getCheck().getId().equals("event-partitions"))
                .findFirst().orElseThrow();
    }

    /** Returns runtime settings on a new database of the embedded PostgreSQL server. */
    private static Map<String, String> settings(String node) throws SQLException {
        Map<String, String> settings = new HashMap<>();
        String url = PostgresDatabases.create(postgres, "leases_" + DATABASES.incrementAndGet());
        settings.put("sync.datasource.url", url);
        settings.put("sync.datasource.user", "postgres");
        settings.put("sync.datasource.password", "postgres");
        settings.put("sync.token-encryption-key", TOKEN_KEY);
        settings.put("sync.jobs.node-id", node);
        settings.put("sync.partitions.heartbeat-ms", "300");
        settings.put("sync.partitions.lease-ms", "2000");
        return settings;
    }

    private static List<String> clients(String prefix, int count) {
        List<String> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clients.add(prefix + "-" + i);
        }
        return clients;
    }

    /**
     * Returns a created event and two updates of each client, in rounds: every client's created event, then every
     * client's first update, then every client's second.
     */
    private static List<String> eventsInRounds(List<String> clients, String prefix) {
        List<String> events = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < clients.size(); i++) {
                String client = clients.get(i);
                String email = client + "@example.com";
                String phone = String.format("+9198300%05d", Math.abs(prefix.hashCode() % 1000) * 100 + i);
                String eventId = "evt-" + client + "-" + round;
                if (round == 0) {
                    events.add(Events.created(eventId, client, "Lead " + client, email, phone));
                } else {
                    events.add(Events.client("client.updated", eventId, "2025-03-14T10:0" + round + ":00Z", client,
                            Map.of("name", "Lead " + client + " v" + (round + 1), "email", email, "phone", phone)));
                }
            }
        }
        return events;
    }

    /**
     * Checks at the sandbox that each client's contact was created once and updated once per update event, in the
     * order of the events. Requests that the sandbox rejected with 429 changed nothing and are left out, because this
     * check is about order, not about the runtimes' parts of the rate limit.
     */
    private static void assertAppliedOnceInOrder(SyncHarness harness, List<String> clients) {
        String location = harness.sandbox().config().locationId();
        assertThat(harness.sandbox().contacts(location)).hasSize(clients.size());
        for (String client : clients) {
            List<RecordedRequest> creates = harness.ghlRequests("POST", "/contacts/").stream()
                    .filter(request -> request.status() != 429)
                    .filter(request -> request.body().contains(client + "@example.com")).toList();
            assertThat(creates).as("creates of client %s", client).hasSize(1);
            String contactId = harness.components().ledger().findLink(location, client).orElseThrow().contactId();
            List<String> updates = harness.ghlRequests("PUT", "/contacts/" + contactId).stream()
                    .filter(request -> request.status() != 429).map(RecordedRequest::body).toList();
            assertThat(updates).as("updates of client %s", client).hasSize(2);
            assertThat(updates.get(0)).as("first update of client %s", client).contains(" v2");
            assertThat(updates.get(1)).as("second update of client %s", client).contains(" v3");
        }
    }

    /** Waits until every event is applied and no runtime has one in flight. */
    private static void awaitAllDone(Components... runtimes) {
        InboxStore inbox = runtimes[0].inbox();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            Map<InboxStatus, Long> counts = inbox.countByStatus();
            if (counts.get(InboxStatus.PENDING) > 0 || counts.get(InboxStatus.WAITING) > 0) {
                return false;
            }
            for (Components runtime : runtimes) {
                if (runtime.dispatcher().inFlight() > 0) {
                    return false;
                }
            }
            return true;
        });
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private static List<Long> epochs(DataSource dataSource) throws SQLException {
        List<Long> epochs = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT epoch FROM partition_lease");
                java.sql.ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                epochs.add(rows.getLong(1));
            }
        }
        return epochs;
    }
}
