package org.privyrghlsync.ghl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.runtime.OfflineStore;
import org.privyrghlsync.store.EventPartitions;
import org.privyrghlsync.store.InboxEntry;
import org.privyrghlsync.store.InboxStatus;
import org.privyrghlsync.store.JobRun;
import org.privyrghlsync.sandbox.FaultSpec;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

class LocationIsolationTest {

    private static final String HEALTHY = "location-healthy";
    private static final String BROKEN = "location-broken";

    @Test
    void brokenLocationPausesWhileOtherSyncs() throws Exception {
        SandboxConfig defaults = SandboxConfig.defaults();
        Map<String, String> settings = Map.of("ghl.private-token", "", "ghl.client-id", defaults.clientId(),
                "ghl.client-secret", defaults.clientSecret(), "ghl.refresh-token", "", "ghl.location-id", "",
                "privyr.account-locations", "team-healthy:" + HEALTHY + ",team-broken:" + BROKEN);
        try (SyncHarness harness = SyncHarness.withoutRuntime(settings)) {
            try (OfflineStore store = OfflineStore.open(null, harness.overrides())) {
                AuthorizationCodeExchange exchange = new AuthorizationCodeExchange(harness.sandbox().baseUrl(),
                        defaults.clientId(), defaults.clientSecret(), store.tokenStore(), Clock.systemUTC());
                for (String locationId : List.of(HEALTHY, BROKEN)) {
                    exchange.exchange(harness.sandbox().issueAuthorizationCode(locationId), "http://localhost/cb",
                            List.of());
                }
                // The broken location's refresh token stops working, as after a revoked install.
                store.tokenStore().replaceRefreshToken(BROKEN, "revoked-refresh-token");
            }
            harness.startRuntime();

            for (int i = 0; i < 5; i++) {
                harness.post(event("team-broken", "evt-broken-" + i, "b" + i, "+91987650000" + i));
                harness.post(event("team-healthy", "evt-healthy-" + i, "h" + i, "+91987651000" + i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    harness.components().authState().reauthRequired().containsKey(BROKEN)
                            && harness.sandbox().contacts(HEALTHY).size() == 5);

            assertThat(harness.sandbox().contacts(BROKEN)).isEmpty();
            assertThat(harness.components().authState().reauthRequired()).containsOnlyKeys(BROKEN);
            for (int i = 0; i < 5; i++) {
                assertThat(harness.components().inbox().statusOf("evt-broken-" + i)[0]).isEqualTo("PENDING");
                assertThat(harness.components().inbox().statusOf("evt-healthy-" + i)).containsExactly("DONE",
                        "created");
            }
            assertThat(harness.components().ledger().deadLetters()).isEmpty();
        }
    }

    @Test
    void deniedLocationPausesWhileOtherSyncs() throws Exception {
        String other = "location-of-another-token";
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder(), Map.of("privyr.account-locations",
                "team-own:" + SandboxConfig.defaults().locationId() + ",team-other:" + other))) {
            for (int i = 0; i < 5; i++) {
                harness.post(event("team-other", "evt-other-" + i, "o" + i, "+91987652000" + i));
                harness.post(event("team-own", "evt-own-" + i, "w" + i, "+91987653000" + i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    harness.components().access().deniedLocations().containsKey(other)
                            && harness.sandbox().contacts(SandboxConfig.defaults().locationId()).size() == 5);

            Instant denied = Instant.now();
            // The private token belongs to the sandbox's location, so GHL responded 403 once. The sweeps of the next
            // seconds leave the denied location's events in the store instead of calling GHL for each of them.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                    forbiddenCalls(harness) == 1);
            List<JobRun> sweeps = harness.components().jobRuns().runs("retry-sweep", 100).stream()
                    .filter(run -> run.startedAt().isAfter(denied) && run.countsJson() != null).toList();
            assertThat(sweeps).isNotEmpty().allSatisfy(run -> assertThat(run.countsJson()).contains("\"queued\":0"));
            for (int i = 0; i < 5; i++) {
                assertThat(harness.components().inbox().statusOf("evt-other-" + i)[0]).isEqualTo("PENDING");
                assertThat(harness.components().inbox().statusOf("evt-own-" + i)).containsExactly("DONE", "created");
            }
            assertThat(harness.components().ledger().deadLetters()).isEmpty();
            assertThat(harness.components().access().deniedLocations().get(other))
                    .startsWith("403 The token does not have access to this location.");
            HealthCheck.Result health = locationsHealth(harness);
            assertThat(health.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(health.getDetails().get("location." + other).toString()).startsWith("ACCESS_DENIED: 403");
        }
    }

    @Test
    void deniedLocationResumesWhenAccepted() throws Exception {
        String locationId = SandboxConfig.defaults().locationId();
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder(),
                Map.of("ghl.access-denied.recheck-seconds", "1"))) {
            // A private integration token made without the contacts scopes, until its scopes are changed in GHL.
            harness.sandbox().injectFault(FaultSpec.status("*", "/contacts/.*", 401,
                    "{\"statusCode\":401,\"message\":\"The token is not authorized for this scope.\"}"));
            for (int i = 0; i < 3; i++) {
                harness.post(Events.created("evt-scope-" + i, "s" + i, "Lead s" + i, "s" + i + "@example.com",
                        "+91987654000" + i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> unauthorizedCalls(harness) >= 2);
            assertThat(harness.components().access().deniedLocations()).containsOnlyKeys(locationId);
            assertThat(harness.components().ledger().deadLetters()).isEmpty();
            assertThat(harness.sandbox().contacts(locationId)).isEmpty();

            harness.sandbox().clearFaults();
            await().atMost(Duration.ofSeconds(30)).until(() -> harness.sandbox().contacts(locationId).size() == 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> harness.components().inbox().statusOf("evt-scope-2")[0]
                    .equals("DONE"));
            for (int i = 0; i < 3; i++) {
                assertThat(harness.components().inbox().statusOf("evt-scope-" + i)).containsExactly("DONE", "created");
            }
            assertThat(harness.components().access().deniedLocations()).isEmpty();
            assertThat(harness.components().ledger().deadLetters()).isEmpty();
            assertThat(locationsHealth(harness).getState()).isEqualTo(HealthCheck.State.UP);
        }
    }

    @Test
    void forbiddenContactKeepsLocationRunning() throws Exception {
        String locationId = SandboxConfig.defaults().locationId();
        try (SyncHarness harness = SyncHarness.start()) {
            harness.post(Events.created("evt-own-1", "f1", "Lead f1", "f1@example.com", "+919876550001"));
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    "DONE".equals(harness.components().inbox().statusOf("evt-own-1")[0]));
            // GHL sends the same message for one contact of another location, which does not deny the location.
            harness.sandbox().injectFault("PUT", "/contacts/.+", 403, "{\"statusCode\":403,\"message\":"
                    + "\"The token does not have access to this location.\",\"error\":\"Forbidden\"}", 1);
            harness.post(Events.client("client.updated", "evt-own-2", "2025-03-14T10:00:00Z", "f1",
                    Map.of("name", "Lead f1", "email", "f1@example.com", "phone", "+919876550001",
                            "notes", "Call back on Monday")));
            harness.post(Events.created("evt-own-3", "f2", "Lead f2", "f2@example.com", "+919876550002"));

            await().atMost(Duration.ofSeconds(20)).until(() ->
                    "DEAD".equals(harness.components().inbox().statusOf("evt-own-2")[0])
                            && "DONE".equals(harness.components().inbox().statusOf("evt-own-3")[0]));
            assertThat(harness.components().ledger().deadLetters()).singleElement()
                    .satisfies(letter -> assertThat(letter.ghlStatus()).isEqualTo(403));
            assertThat(harness.components().access().deniedLocations()).isEmpty();
            assertThat(harness.sandbox().contacts(locationId)).hasSize(2);
        }
    }

    @Test
    void contactDenialPausesDeniedLocation() throws Exception {
        String locationId = SandboxConfig.defaults().locationId();
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder(),
                Map.of("ghl.access-denied.recheck-seconds", "1"))) {
            harness.post(Events.created("evt-r-1", "r1", "Lead r1", "r1@example.com", "+919876560001"));
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    "DONE".equals(harness.components().inbox().statusOf("evt-r-1")[0]));

            // The token loses access to the whole location. The first call after that is about one contact, so the
            // runtime requests the location's contacts, which GHL denies too.
            harness.sandbox().injectFault(FaultSpec.status("*", ".*", 403, "{\"statusCode\":403,\"message\":"
                    + "\"The token does not have access to this location.\",\"error\":\"Forbidden\"}"));
            harness.post(Events.client("client.updated", "evt-r-2", "2025-03-14T10:00:00Z", "r1",
                    Map.of("name", "Lead r1 Renamed", "email", "r1@example.com", "phone", "+919876560001")));
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    harness.components().access().deniedLocations().containsKey(locationId));
            assertThat(harness.ghlRequests("GET", "/contacts/")).anySatisfy(request ->
                    assertThat(request.query()).contains("locationId=" + locationId));

            // Probes about one contact keep the event pending while the location stays denied.
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    harness.ghlRequests("PUT", "/contacts/.+").size() >= 3);
            assertThat(harness.components().inbox().statusOf("evt-r-2")[0]).isEqualTo("PENDING");
            assertThat(harness.components().inbox().attemptsOf("evt-r-2")).isZero();
            assertThat(harness.components().ledger().deadLetters()).isEmpty();
            assertThat(harness.components().access().deniedLocations()).containsKey(locationId);

            harness.sandbox().clearFaults();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    "DONE".equals(harness.components().inbox().statusOf("evt-r-2")[0]));
            assertThat(harness.components().access().deniedLocations()).isEmpty();
            assertThat(harness.components().ledger().deadLetters()).isEmpty();
            assertThat(harness.sandbox().contacts(locationId)).extracting(contact -> contact.path("lastName")
                    .asText()).contains("r1 Renamed");
        }
    }

    @Test
    void waitingEventOutlastsDenial() throws Exception {
        String locationId = SandboxConfig.defaults().locationId();
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder(),
                Map.of("sync.client-wait-hours", "1"))) {
            // A task of a client whose client.created never arrived waits for the client's contact.
            harness.post(Events.task("task.created", "evt-wait-1", "2025-03-14T10:00:00Z", "w9", "task-w9",
                    Map.of("title", "Call back", "due_at", "2025-03-20T05:00:00Z")));
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    "WAITING".equals(harness.components().inbox().statusOf("evt-wait-1")[0]));
            try (Connection connection = harness.components().dataSource().getConnection();
                    Statement update = connection.createStatement()) {
                update.execute("UPDATE inbox_event SET received_at = DATEADD('HOUR', -2, CURRENT_TIMESTAMP)"
                        + " WHERE event_id = 'evt-wait-1'");
            }

            // While GHL denies the location, no contact can be created, so the wait does not run out.
            harness.components().access().deny(locationId, "403 The token does not have access to this location.",
                    "POST /contacts/", false);
            harness.components().dispatcher().sweepDue();
            assertThat(harness.components().inbox().statusOf("evt-wait-1")[0]).isEqualTo("WAITING");

            harness.components().access().probeAccepted(locationId, "POST /contacts/");
            harness.components().dispatcher().sweepDue();
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    "DEAD".equals(harness.components().inbox().statusOf("evt-wait-1")[0]));
            assertThat(harness.components().ledger().deadLetters()).singleElement().satisfies(letter ->
                    assertThat(letter.reason()).startsWith("Client w9 got no GHL contact within 1 hours"));
        }
    }

    @Test
    void expiryPagesPastPausedLocation() throws Exception {
        String locationId = SandboxConfig.defaults().locationId();
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder(),
                Map.of("sync.client-wait-hours", "1"))) {
            // A full page of expired waiting events of a location that GHL denies, read before the one that expires.
            harness.components().access().deny("loc-denied", "403 The token does not have access to this location.",
                    "POST /contacts/", false);
            try (Connection connection = harness.components().dataSource().getConnection()) {
                for (int i = 0; i < 500; i++) {
                    insertWaiting(connection, "evt-denied-" + i, "loc-denied", "denied-" + i, 3, "{}");
                }
                insertWaiting(connection, "evt-expires", locationId, "w10", 2, Events.task("task.created",
                        "evt-expires", "2025-03-14T10:00:00Z", "w10", "task-w10", Map.of("title", "Call back")));
            }

            harness.components().dispatcher().sweepDue();

            assertThat(harness.components().inbox().statusOf("evt-expires")[0]).isEqualTo("DEAD");
            assertThat(harness.components().inbox().countByStatus().get(InboxStatus.WAITING)).isEqualTo(500L);
        }
    }

    /** Stores a task event as waiting for its client's contact since {@code hoursAgo}. */
    private static void insertWaiting(Connection connection, String eventId, String locationId, String clientId,
            int hoursAgo, String payload) throws SQLException {
        Instant received = Instant.now().minus(Duration.ofHours(hoursAgo));
        try (PreparedStatement event = connection.prepareStatement("INSERT INTO inbox_event (event_id, event_type,"
                + " account_id, location_id, client_id, occurred_at, received_at, payload)"
                + " VALUES (?, 'task.created', 'acc-1', ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
                PreparedStatement state = connection.prepareStatement("INSERT INTO inbox_state (id, status, attempts,"
                        + " partition_id) VALUES (?, 'WAITING', 0, ?)")) {
            event.setString(1, eventId);
            event.setString(2, locationId);
            event.setString(3, clientId);
            event.setTimestamp(4, Timestamp.from(received));
            event.setTimestamp(5, Timestamp.from(received));
            event.setBytes(6, payload.getBytes(StandardCharsets.UTF_8));
            event.executeUpdate();
            try (ResultSet keys = event.getGeneratedKeys()) {
                keys.next();
                state.setLong(1, keys.getLong(1));
            }
            state.setInt(2, EventPartitions.partitionOf(InboxEntry.orderingKey(locationId, clientId)));
            state.executeUpdate();
        }
    }

    @Test
    void idleDeniedLocationResumes() throws Exception {
        String locationId = SandboxConfig.defaults().locationId();
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder(),
                Map.of("ghl.access-denied.recheck-seconds", "1"))) {
            // GHL denied the location's token on its last event, and no event of the location is pending.
            harness.sandbox().injectFault(FaultSpec.status("GET", "/contacts/", 403, "{\"statusCode\":403,"
                    + "\"message\":\"The token does not have access to this location.\",\"error\":\"Forbidden\"}"));
            harness.components().access().deny(locationId, "403 The token does not have access to this location.",
                    "POST /contacts/", false);

            await().atMost(Duration.ofSeconds(20)).until(() -> harness.ghlRequests("GET", "/contacts/").size() >= 2);
            assertThat(harness.ghlRequests("GET", "/contacts/")).allSatisfy(request ->
                    assertThat(request.query()).isEqualTo("locationId=" + locationId + "&limit=1"));
            assertThat(harness.components().access().deniedLocations()).containsKey(locationId);
            assertThat(locationsHealth(harness).getState()).isEqualTo(HealthCheck.State.DOWN);

            harness.sandbox().clearFaults();
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    harness.components().access().deniedLocations().isEmpty());
            assertThat(locationsHealth(harness).getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(harness.components().ledger().deadLetters()).isEmpty();
        }
    }

    @Test
    void rejectedProbeResumesLocation() throws Exception {
        String locationId = SandboxConfig.defaults().locationId();
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder(),
                Map.of("ghl.access-denied.recheck-seconds", "1"))) {
            // A scope denial, which no call but the probe of an event resumes.
            harness.components().access().deny(locationId, "401 The token is not authorized for this scope.",
                    "POST /contacts/", false);
            // GHL accepts the token again, but finds fault with the probe's own contact.
            harness.sandbox().injectFault("POST", "/contacts/", 422, "{\"statusCode\":422,\"message\":"
                    + "[\"phone must be a valid phone number\"]}", 1);
            harness.post(Events.created("evt-probe-1", "p1", "Lead p1", "p1@example.com", "+919876570001"));

            await().atMost(Duration.ofSeconds(20)).until(() ->
                    "DEAD".equals(harness.components().inbox().statusOf("evt-probe-1")[0]));
            assertThat(harness.components().access().deniedLocations()).isEmpty();
            assertThat(locationsHealth(harness).getState()).isEqualTo(HealthCheck.State.UP);
        }
    }

    @Test
    void idleProbeSkipsOtherScope() throws Exception {
        String locationId = SandboxConfig.defaults().locationId();
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder(),
                Map.of("ghl.access-denied.recheck-seconds", "1"))) {
            harness.components().access().deny(locationId, "401 The token is not authorized for this scope.",
                    "POST /contacts/", false);

            // Reading contacts would not show that the token may create them, so no call goes out.
            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(() ->
                    harness.ghlRequests("GET", "/contacts/").isEmpty());
            assertThat(harness.components().access().deniedLocations()).containsKey(locationId);
        }
    }

    private static long forbiddenCalls(SyncHarness harness) {
        return harness.sandbox().requests().stream().filter(request -> request.status() == 403).count();
    }

    private static long unauthorizedCalls(SyncHarness harness) {
        return harness.sandbox().requests().stream().filter(request -> request.status() == 401).count();
    }

    private static HealthCheck.Result locationsHealth(SyncHarness harness) {
        return HealthCheckHelper.invoke(harness.runtime().camelContext()).stream()
                .filter(result -> result.getCheck().getId().equals("ghl-locations"))
                .findFirst().orElseThrow();
    }

    private static String event(String accountId, String eventId, String clientId, String phone) {
        return Events.created(eventId, clientId, "Lead " + clientId, clientId + "@example.com", phone)
                .replace("\"privyr-test-team\"", "\"" + accountId + "\"");
    }
}
