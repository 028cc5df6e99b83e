package org.privyrghlsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.FaultSpec;
import org.privyrghlsync.sandbox.FaultSpec.Kind;
import org.privyrghlsync.sandbox.GhlSandbox;
import org.privyrghlsync.sandbox.RecordedRequest;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.store.InboxStatus;
import org.privyrghlsync.store.ItemLink;
import org.privyrghlsync.sync.FaultMixEvents.ExpectedContact;
import org.privyrghlsync.sync.FaultMixEvents.ExpectedTask;
import org.privyrghlsync.testing.SyncHarness;

/**
 * Sends 1,000 events (see {@link FaultMixEvents}) to a runtime whose GHL fails a fifth to a quarter of the calls, and checks
 * that GHL ends with every event applied once: each contact, task and note exactly once, with the last values.
 *
 * <p>The faults are the sandbox's own: steady shares of 500, 503, 429, connections closed before or after GHL
 * handled the request, gateway timeouts and latency, slow token responses, and bursts of consecutive failures that
 * the test adds while it sends. A lost response to a task or note create is the hard case: GHL made the item, but
 * the runtime saw an error. Retry delays are short, so the run takes well under a minute on an idle machine.
 * {@code -Dfaults.seed} repeats a run's order of events.
 */
class FaultMixTest {

    private static final int CLIENTS = 80;
    /** Response timeout of the runtime's GHL calls; timeout faults hold a request longer. */
    private static final int RESPONSE_TIMEOUT_MS = 1500;
    private static final String API = "/(contacts|locations)/.*";
    private static final String CREATE = "/contacts/[^/]+/(tasks|notes)";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void thousandEventsUnderFaultsApplyOnce() throws Exception {
        long seed = Long.getLong("faults.seed", System.nanoTime());
        System.out.println("FaultMixTest seed " + seed);
        FaultMixEvents mix = new FaultMixEvents(CLIENTS, new Random(seed));

        try (SyncHarness harness = SyncHarness.start(sandboxConfig(), runtimeSettings())) {
            GhlSandbox sandbox = harness.sandbox();
            Map<Long, FaultSpec> injected = new LinkedHashMap<>();
            for (FaultSpec fault : steadyFaults()) {
                injected.put(sandbox.injectFault(fault), fault);
            }
            List<String> events = mix.events();
            for (int i = 0; i < events.size(); i++) {
                if (i % 100 == 50) {
                    FaultSpec burst = burst(i / 100);
                    injected.put(sandbox.injectFault(burst), burst);
                }
                int status = harness.post(events.get(i)).statusCode();
                assertThat(status).as("receiver status of event %d", i).isIn(200, 202);
            }

            long stored = FaultMixEvents.TOTAL - mix.sameIdRepeats();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                    harness.components().inbox().countByStatus().get(InboxStatus.DONE)
                            + harness.components().inbox().countByStatus().get(InboxStatus.DEAD) == stored
                            && harness.components().dispatcher().inFlight() == 0);
            Map<Kind, Long> uses = faultUses(sandbox, injected);
            sandbox.clearFaults();

            Map<InboxStatus, Long> statuses = harness.components().inbox().countByStatus();
            assertThat(statuses.get(InboxStatus.DONE)).as("events done").isEqualTo(stored);
            assertThat(statuses.get(InboxStatus.DEAD)).as("events dead").isZero();
            assertThat(harness.components().ledger().deadLetters()).as("dead letters").isEmpty();
            assertFaultsInjected(sandbox, uses);
            assertContacts(sandbox, mix);
            assertTasks(harness, mix);
            assertNotes(sandbox, mix);
            assertCreatesSentOnce(sandbox);
        }
    }

    private static SandboxConfig.Builder sandboxConfig() {
        // The sandbox's own limit stays out of the way; only injected 429s occur. Its 100 ms window is what a
        // rate-limited fault reports in X-RateLimit-Interval-Milliseconds, so the runtime waits 100 ms after one.
        // Access tokens are due for refresh 4 s after they are issued (303 s life, 300 s margin).
        return SandboxConfig.builder().rateLimitMax(1_000_000).rateLimitWindow(Duration.ofMillis(100))
                .accessTokenTtl(Duration.ofSeconds(304));
    }

    private static Map<String, String> runtimeSettings() {
        SandboxConfig defaults = SandboxConfig.defaults();
        Map<String, String> settings = new HashMap<>();
        settings.put("ghl.private-token", "");
        settings.put("ghl.client-id", defaults.clientId());
        settings.put("ghl.client-secret", defaults.clientSecret());
        settings.put("ghl.refresh-token", defaults.refreshToken());
        settings.put("ghl.token-refresh-margin-seconds", "300");
        settings.put("ghl.rate-limit.max-requests", "100000");
        settings.put("ghl.rate-limit.period-ms", "100");
        settings.put("ghl.retry.max-redeliveries", "4");
        settings.put("ghl.retry.initial-delay-ms", "20");
        settings.put("ghl.retry.max-delay-ms", "200");
        settings.put("camel.component.http.response-timeout", Integer.toString(RESPONSE_TIMEOUT_MS));
        settings.put("sync.retry.initial-delay-ms", "100");
        settings.put("sync.retry.max-delay-ms", "1000");
        settings.put("sync.max-attempts", "30");
        settings.put("sync.sweep-interval-ms", "100");
        return settings;
    }

    /**
     * Returns the faults that act for the whole run. A request takes the first fault in this list that matches it and
     * whose rate selects it, so each share applies to the requests that the faults before it let through.
     */
    private static List<FaultSpec> steadyFaults() {
        int timeoutMs = RESPONSE_TIMEOUT_MS + 500;
        return List.of(
                // Token refreshes: every third one times out (twice at most), every second other one is slow.
                FaultSpec.of(Kind.TIMEOUT, "POST", "/oauth/token").withDelay(timeoutMs).atRate(0.34).times(2),
                FaultSpec.of(Kind.DELAY, "POST", "/oauth/token").withDelay(400).atRate(0.5),
                // Task and note creates that GHL carries out but whose response is lost.
                FaultSpec.of(Kind.DISCONNECT_AFTER, "POST", CREATE).atRate(0.2),
                FaultSpec.of(Kind.DISCONNECT_AFTER, "*", API).atRate(0.03),
                FaultSpec.of(Kind.DISCONNECT_BEFORE, "*", API).atRate(0.03),
                FaultSpec.status("*", API, 500, null).atRate(0.03),
                FaultSpec.status("*", API, 503, null).atRate(0.03),
                FaultSpec.of(Kind.RATE_LIMITED, "*", API).atRate(0.03),
                FaultSpec.of(Kind.TIMEOUT, "*", API).withDelay(timeoutMs).atRate(0.01),
                FaultSpec.of(Kind.DELAY, "*", API).withDelay(150).atRate(0.05));
    }

    /** Returns the {@code n}-th burst: consecutive failures of the next GHL calls, of one kind. */
    private static FaultSpec burst(int n) {
        return switch (n % 5) {
            case 0 -> FaultSpec.status("*", API, 503, null).times(8);
            case 1 -> FaultSpec.status("*", API, 500, null).times(8);
            case 2 -> FaultSpec.of(Kind.RATE_LIMITED, "*", API).times(12);
            case 3 -> FaultSpec.of(Kind.RATE_LIMITED, "*", API).withRetryAfter(1).times(12);
            default -> FaultSpec.of(Kind.DISCONNECT_AFTER, "*", API).times(6);
        };
    }

    /**
     * Returns how many requests each kind of fault affected, from the counters of {@code GET /_sandbox/faults}. A
     * fault with a count is removed once it is used up, so a fault that is no longer listed was used {@code count}
     * times.
     */
    private Map<Kind, Long> faultUses(GhlSandbox sandbox, Map<Long, FaultSpec> injected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/_sandbox/faults")).build();
        JsonNode listed = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        Map<Long, Long> used = new HashMap<>();
        listed.forEach(fault -> used.put(fault.path("id").asLong(), fault.path("used").asLong()));
        Map<Kind, Long> uses = new LinkedHashMap<>();
        injected.forEach((id, spec) -> uses.merge(spec.kind(),
                used.getOrDefault(id, spec.count() == null ? 0L : spec.count()), Long::sum));
        System.out.println("FaultMixTest faulted requests by kind: " + uses);
        return uses;
    }

    private static void assertFaultsInjected(GhlSandbox sandbox, Map<Kind, Long> uses) {
        long calls = sandbox.requests().size();
        long failed = uses.entrySet().stream().filter(use -> use.getKey() != Kind.DELAY)
                .mapToLong(Map.Entry::getValue).sum();
        System.out.println("FaultMixTest GHL calls " + calls + ", failed by a fault " + failed);
        assertThat(failed).as("GHL calls failed by a fault").isGreaterThanOrEqualTo(150);
        assertThat(failed * 100 / calls).as("percentage of GHL calls failed by a fault").isGreaterThanOrEqualTo(15);
        for (Kind kind : Kind.values()) {
            assertThat(uses.get(kind)).as("requests affected by %s faults", kind.wireName()).isPositive();
        }
        // The first token and at least one rotation; a fast run on an idle machine sees no more than that.
        assertThat(sandbox.requests().stream().filter(request -> request.path().equals("/oauth/token")))
                .as("token refreshes").hasSizeGreaterThanOrEqualTo(2);
    }

    private static void assertContacts(GhlSandbox sandbox, FaultMixEvents mix) {
        List<ObjectNode> contacts = sandbox.contacts(sandbox.config().locationId());
        assertThat(contacts).as("GHL contacts").hasSize(CLIENTS);
        Map<String, ObjectNode> byEmail = contacts.stream()
                .collect(Collectors.toMap(contact -> contact.path("email").asText(), contact -> contact));
        mix.contacts().forEach((client, expected) -> {
            ObjectNode contact = byEmail.get(expected.email());
            assertThat(contact).as("contact of client %s", client).isNotNull();
            assertContact(client, contact, expected);
        });
    }

    private static void assertContact(String client, ObjectNode contact, ExpectedContact expected) {
        assertThat(contact.path("firstName").asText()).as("first name of client %s", client)
                .isEqualTo(expected.firstName());
        assertThat(contact.path("lastName").asText()).as("last name of client %s", client)
                .isEqualTo(expected.lastName());
        assertThat(contact.path("phone").asText()).as("phone of client %s", client).isEqualTo(expected.phone());
        Set<String> tags = new TreeSet<>();
        contact.path("tags").forEach(tag -> tags.add(tag.asText()));
        assertThat(tags).as("tags of client %s", client).isEqualTo(new TreeSet<>(expected.tags()));
    }

    private static void assertTasks(SyncHarness harness, FaultMixEvents mix) {
        GhlSandbox sandbox = harness.sandbox();
        String location = sandbox.config().locationId();
        mix.tasks().forEach((client, expectedTasks) -> {
            String contactId = harness.components().ledger().findLink(location, client).orElseThrow().contactId();
            List<ObjectNode> tasks = sandbox.tasks(contactId);
            long remaining = expectedTasks.stream().filter(task -> !task.deleted()).count();
            assertThat(tasks).as("tasks of client %s", client).hasSize((int) remaining);
            for (ExpectedTask expected : expectedTasks) {
                ItemLink link = harness.components().ledger().findItem(location, ItemLink.TASK, expected.itemId())
                        .orElseThrow();
                if (expected.deleted()) {
                    assertThat(link.deleted()).as("link of deleted task %s marked deleted", expected.itemId())
                            .isTrue();
                    continue;
                }
                List<ObjectNode> matching = tasks.stream()
                        .filter(task -> task.path("title").asText().equals(expected.title())).toList();
                assertThat(matching).as("tasks titled '%s'", expected.title()).hasSize(1);
                ObjectNode task = matching.get(0);
                assertThat(task.path("dueDate").asText()).as("due date of '%s'", expected.title())
                        .isEqualTo(expected.dueDate());
                assertThat(task.path("completed").asBoolean()).as("completion of '%s'", expected.title())
                        .isEqualTo(expected.completed());
                assertThat(link.ghlId()).as("GHL task linked to %s", expected.itemId())
                        .isEqualTo(task.path("id").asText());
            }
        });
    }

    private static void assertNotes(GhlSandbox sandbox, FaultMixEvents mix) {
        Map<String, String> contactByEmail = sandbox.contacts(sandbox.config().locationId()).stream()
                .collect(Collectors.toMap(contact -> contact.path("email").asText(),
                        contact -> contact.path("id").asText()));
        mix.notes().forEach((client, bodies) -> {
            String contactId = contactByEmail.get(mix.contacts().get(client).email());
            List<String> notes = sandbox.notes(contactId).stream().map(note -> note.path("body").asText()).toList();
            assertThat(notes).as("notes of client %s", client).containsExactlyInAnyOrderElementsOf(bodies);
        });
    }

    /**
     * Checks that GHL carried out each task and note create once, counting the creates whose response was lost: a
     * second create of the same item would show here even when the item was deleted later.
     */
    private static void assertCreatesSentOnce(GhlSandbox sandbox) {
        List<RecordedRequest> creates = sandbox.requests().stream()
                .filter(request -> request.method().equals("POST") && request.path().matches(CREATE)
                        && request.status() == 201)
                .toList();
        long tasks = creates.stream().filter(request -> request.path().endsWith("/tasks")).count();
        long notes = creates.stream().filter(request -> request.path().endsWith("/notes")).count();
        assertThat(tasks).as("task creates carried out by GHL").isEqualTo(2L * CLIENTS);
        assertThat(notes).as("note creates carried out by GHL").isEqualTo(CLIENTS);
    }
}
