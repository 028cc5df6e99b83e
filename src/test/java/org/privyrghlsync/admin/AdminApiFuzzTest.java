package org.privyrghlsync.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;
import org.privyrghlsync.testing.fuzz.BearerAuth;
import org.privyrghlsync.testing.fuzz.FuzzReport;
import org.privyrghlsync.testing.fuzz.FuzzRunner;
import org.privyrghlsync.testing.fuzz.FuzzTarget;
import org.privyrghlsync.testing.fuzz.HeapUsage;

/**
 * Sends 12,000 generated invalid requests to the admin API of a running runtime over loopback HTTP: 6,000 to the
 * bulk replay body and 6,000 to the list endpoint, the paths with a dead letter id and wrong methods, with a valid
 * control every 250th. Each must get its 4xx with a JSON error body. Three open dead letters are seeded first, and
 * no rejected request may change a dead letter or an event. Afterwards the admin API must still list, show and
 * replay them, and the heap must not have grown beyond a bound.
 *
 * <p>Run one case again with {@code -Dfuzz.target=replay|list -Dfuzz.seed=S -Dfuzz.case=N};
 * {@code -Dfuzz.cases=N} changes the number of cases per target.
 */
class AdminApiFuzzTest {

    private static final long DEFAULT_SEED = 0xAD31_2026L;
    private static final int CONTROL_EVERY = 250;
    private static final int THREADS = 4;
    private static final int WARM_UP_CASES = 200;
    private static final int MAX_BODY_BYTES = 262_144;
    private static final String UNPROCESSABLE = "{\"statusCode\":422,\"message\":[\"phone must be a valid phone"
            + " number\"],\"error\":\"Unprocessable Entity\"}";

    /**
     * Largest growth of the heap in use, after a full GC, from before the storms to after them. The replay storm
     * sends about 80 MiB of bodies, so keeping 8 KiB per request alive would pass this bound. What legitimately stays
     * is caches that Camel, Vert.x and Jackson fill lazily; with the default seed the growth measured about 3.7 MiB.
     */
    private static final long MAX_HEAP_GROWTH_BYTES = 48L * 1024 * 1024;

    private static SyncHarness harness;
    private static AdminHttp admin;

    @BeforeAll
    static void start() throws Exception {
        harness = SyncHarness.start(SandboxConfig.builder(), Map.of("sync.admin.token", AdminHttp.TOKEN));
        admin = new AdminHttp(harness.port());
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @Test
    void adminApiSurvivesTwelveThousandInvalidRequests() throws Exception {
        for (int i = 1; i <= 3; i++) {
            seedDeadLetter("evt-admin-fuzz-" + i, "admin-fuzz-" + i, "+91987650000" + i);
        }
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        int count = Integer.getInteger("fuzz.cases", 6_000);
        AdminCases cases = new AdminCases(new BearerAuth(AdminHttp.TOKEN));
        String base = "http://127.0.0.1:" + harness.port();
        Map<String, FuzzRunner> runners = Map.of(
                "replay", new FuzzRunner(cases.replayTarget(() -> 0, MAX_BODY_BYTES), base, seed, CONTROL_EVERY),
                "list", new FuzzRunner(cases.listTarget(() -> 0), base, seed, CONTROL_EVERY));

        Integer onlyCase = Integer.getInteger("fuzz.case");
        if (onlyCase != null) {
            FuzzRunner runner = runners.get(System.getProperty("fuzz.target", "replay"));
            FuzzReport replay = runner.run(onlyCase, 1, 1);
            assertThat(replay.failures()).as(replay.describeFailures(1, replayCommand("?"))).isEmpty();
            return;
        }
        String stateBefore = state();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, FuzzRunner> entry : runners.entrySet()) {
            FuzzReport warmUp = entry.getValue().run(-WARM_UP_CASES, WARM_UP_CASES, THREADS);
            if (!warmUp.failures().isEmpty()) {
                failures.add(warmUp.describeFailures(25, replayCommand(entry.getKey())));
            }
        }
        long heapBefore = HeapUsage.usedAfterGc();

        for (Map.Entry<String, FuzzRunner> entry : runners.entrySet()) {
            FuzzReport report = entry.getValue().run(0, count, THREADS);
            System.out.println(entry.getKey() + ": " + report.summary());
            if (!report.failures().isEmpty()) {
                failures.add(report.describeFailures(Integer.getInteger("fuzz.report", 25),
                        replayCommand(entry.getKey())));
            }
            assertThat(report.sent()).as(entry.getKey() + " responses").isEqualTo(count);
            assertThat(report.controlsAccepted()).as(entry.getKey() + " controls").isEqualTo(count / CONTROL_EVERY);
        }

        assertThat(failures).isEmpty();
        assertThat(state()).as("dead letters and events after the storms").isEqualTo(stateBefore);
        long heapGrowth = HeapUsage.usedAfterGc() - heapBefore;
        System.out.println("heap in use after GC grew by " + heapGrowth / 1024 + " KiB");
        assertThat(heapGrowth).isLessThan(MAX_HEAP_GROWTH_BYTES);
        assertAdminApiStillWorks();
    }

    @Test
    void wrongMethodGetsAllowAndNoEcho() throws Exception {
        Map<String, String> headers = Map.of("Authorization", "Bearer " + AdminHttp.TOKEN, "X-Probe", "echo-me");

        HttpResponse<String> onList = admin.send("PUT", "/admin/dead-letters", "{}", headers);
        HttpResponse<String> onId = admin.send("POST", "/admin/dead-letters/5", "{}", headers);
        HttpResponse<String> onReplay = admin.send("GET", "/admin/dead-letters/replay", null, headers);

        assertThat(onList.statusCode()).isEqualTo(405);
        assertThat(onList.headers().firstValue("Allow")).hasValue("GET");
        assertThat(onId.statusCode()).isEqualTo(405);
        assertThat(onId.headers().firstValue("Allow")).hasValue("GET, DELETE");
        assertThat(onReplay.statusCode()).isEqualTo(405);
        assertThat(onReplay.headers().firstValue("Allow")).hasValue("POST");
        for (HttpResponse<String> response : List.of(onList, onId, onReplay)) {
            assertThat(AdminHttp.parse(response.body()).path("error").asText()).isEqualTo("method_not_allowed");
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(response.headers().map()).doesNotContainKey("x-probe");
        }
    }

    /** Lists, shows and replays the seeded dead letters, which no fuzz case may have touched. */
    private static void assertAdminApiStillWorks() throws Exception {
        JsonNode listing = admin.list("type=client.created&status=422");
        assertThat(listing.path("count").asInt()).isEqualTo(3);
        long id = listing.path("dead_letters").get(0).path("id").asLong();
        assertThat(admin.call("GET", "/admin/dead-letters/" + id, null, 200).path("state").asText())
                .isEqualTo("open");

        JsonNode replayed = admin.call("POST", "/admin/dead-letters/replay", "{\"type\": \"client.created\","
                + " \"status\": 422}", 202);
        harness.awaitIdle();

        assertThat(replayed.path("replayed")).hasSize(3);
        assertThat(harness.components().inbox().statusOf("evt-admin-fuzz-1")).containsExactly("DONE", "created");
    }

    private static void seedDeadLetter(String eventId, String clientId, String phone) throws Exception {
        harness.sandbox().injectFault("POST", "/contacts/", 422, UNPROCESSABLE, 1);
        harness.post(Events.created(eventId, clientId, "Sana Shaikh", clientId + "@example.com", phone));
        harness.awaitIdle();
    }

    /** Returns every dead letter and the status of every event, as text to compare. */
    private static String state() {
        return harness.components().ledger().deadLetters() + " "
                + harness.components().inbox().countByStatus();
    }

    private static String replayCommand(String target) {
        return "mvn -o -q test -Dtest=AdminApiFuzzTest -Dfuzz.target=" + target
                + " -Dfuzz.seed={seed} -Dfuzz.case={case}";
    }
}
