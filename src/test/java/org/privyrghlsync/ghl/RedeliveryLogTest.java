package org.privyrghlsync.ghl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.FaultSpec;
import org.privyrghlsync.sandbox.RecordedRequest;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.LogCapture;
import org.privyrghlsync.testing.SyncHarness;

/** Log lines of GHL calls that Camel redelivers during a burst of 429 and 503 responses or lost connections. */
class RedeliveryLogTest {

    private static final String CLIENT = "80000001";
    private static final String EMAIL = "meera.pillai@example.com";
    private static final String PHONE = "+919833344455";
    private static final Pattern RETRY_LINE = Pattern.compile("GHL call (\\S+ \\S+) of location (\\S+) failed with"
            + " (.+); redelivery (\\d+) of (\\d+) after a wait of (\\d+) ms(.*)");

    private SyncHarness harness;

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void start(String logIntervalMs) throws Exception {
        harness = SyncHarness.start(SandboxConfig.builder(), Map.of("ghl.retry.log-interval-ms", logIntervalMs));
    }

    private String location() {
        return harness.sandbox().config().locationId();
    }

    private void createClient(String eventId) throws Exception {
        harness.post(Events.created(eventId, CLIENT, "Meera Pillai", EMAIL, PHONE));
        harness.awaitIdle();
    }

    /** Returns the redelivery lines among the captured lines, each matched against {@link #RETRY_LINE}. */
    private static List<Matcher> retryLines(LogCapture logs) {
        return logs.lines().stream().filter(line -> line.startsWith("GHL call ")).map(line -> {
            Matcher matcher = RETRY_LINE.matcher(line);
            assertThat(matcher.matches()).as("redelivery line format: %s", line).isTrue();
            return matcher;
        }).toList();
    }

    /** Asserts that no captured line contains Camel's own redelivery line, the client's contact data or the token. */
    private void assertNothingPrivate(LogCapture logs) {
        String token = harness.sandbox().config().privateToken();
        for (String line : logs.lines()) {
            assertThat(line).as("Camel's redelivery line").doesNotContain("Failed delivery");
            assertThat(line).as("email local part").doesNotContain("meera.pillai");
            assertThat(line).as("phone number").doesNotContain("9833344455");
            assertThat(line).as("request body").doesNotContain("firstName");
            assertThat(line).as("private token").doesNotContain(token);
        }
    }

    @Test
    void eachRedeliveryLogsOneLine() throws Exception {
        start("0");
        harness.sandbox().injectFault(FaultSpec.status("POST", "/contacts/", 503, null).times(1));
        harness.sandbox().injectFault(FaultSpec.status("POST", "/contacts/", 429, null).times(1));
        harness.sandbox().injectFault(FaultSpec.of(FaultSpec.Kind.DISCONNECT_BEFORE, "POST", "/contacts/").times(1));

        try (LogCapture logs = new LogCapture()) {
            createClient("evt-redelivery-1");

            List<Matcher> lines = retryLines(logs);
            assertThat(lines).hasSize(3);
            assertThat(lines).extracting(line -> line.group(1)).containsOnly("POST /contacts/");
            assertThat(lines).extracting(line -> line.group(2)).containsOnly(location());
            assertThat(lines.get(0).group(3)).isEqualTo("503");
            assertThat(lines.get(1).group(3)).isEqualTo("429");
            assertThat(lines.get(2).group(3)).startsWith("NoHttpResponseException");
            assertThat(lines).extracting(line -> line.group(4)).containsExactly("1", "2", "3");
            assertThat(lines).extracting(line -> line.group(5)).containsOnly("6");
            // The harness backoff starts at 50 ms, and each wait doubles the previous one, its jitter included, with
            // up to 15% jitter either way: at least 42, 72 and 122 ms.
            assertThat(Long.parseLong(lines.get(0).group(6))).isGreaterThanOrEqualTo(42);
            assertThat(Long.parseLong(lines.get(1).group(6))).isGreaterThanOrEqualTo(72);
            assertThat(Long.parseLong(lines.get(2).group(6))).isGreaterThanOrEqualTo(122);
            assertThat(lines).extracting(line -> line.group(7)).containsOnly("");
            assertNothingPrivate(logs);
        }
        assertThat(harness.ghlRequests("POST", "/contacts/")).extracting(RecordedRequest::status)
                .containsExactly(503, 429, 0, 201);
    }

    @Test
    void burstLogsOneLinePerMinute() throws Exception {
        start("60000");
        harness.sandbox().injectFault(FaultSpec.status("POST", "/contacts/", 503, null).times(5));

        try (LogCapture logs = new LogCapture()) {
            createClient("evt-redelivery-2");

            List<Matcher> lines = retryLines(logs);
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0).group(1)).isEqualTo("POST /contacts/");
            assertThat(lines.get(0).group(3)).isEqualTo("503");
            assertThat(lines.get(0).group(4)).isEqualTo("1");
            assertThat(lines.get(0).group(7)).isEmpty();
            assertNothingPrivate(logs);
        }
        assertThat(harness.ghlRequests("POST", "/contacts/")).extracting(RecordedRequest::status)
                .containsExactly(503, 503, 503, 503, 503, 201);
    }

    @Test
    void nextLineCountsHeldBackLines() throws Exception {
        start("1000");
        // Three redeliveries at once, within the interval, then one after GHL's Retry-After of 2 s.
        harness.sandbox().injectFault(FaultSpec.status("POST", "/contacts/", 503, null).withRetryAfter(0).times(3));
        harness.sandbox().injectFault(FaultSpec.status("POST", "/contacts/", 503, null).withRetryAfter(2).times(1));

        try (LogCapture logs = new LogCapture()) {
            createClient("evt-redelivery-3");

            List<Matcher> lines = retryLines(logs);
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0).group(4)).isEqualTo("1");
            assertThat(lines.get(0).group(7)).isEmpty();
            assertThat(lines.get(1).group(4)).isEqualTo("4");
            assertThat(Long.parseLong(lines.get(1).group(6))).isGreaterThanOrEqualTo(2000);
            assertThat(lines.get(1).group(7)).isEqualTo(" (2 more since the last such line, not logged)");
            assertNothingPrivate(logs);
        }
        assertThat(harness.ghlRequests("POST", "/contacts/")).hasSize(5);
    }

    @Test
    void burstOf429DoesNotHide503() throws Exception {
        start("60000");
        harness.sandbox().injectFault(FaultSpec.status("POST", "/contacts/", 429, null).withRetryAfter(0).times(3));
        harness.sandbox().injectFault(FaultSpec.status("POST", "/contacts/", 503, null).times(2));

        try (LogCapture logs = new LogCapture()) {
            createClient("evt-redelivery-6");

            List<Matcher> lines = retryLines(logs);
            assertThat(lines).extracting(line -> line.group(3)).containsExactly("429", "503");
            assertThat(lines).extracting(line -> line.group(4)).containsExactly("1", "4");
            assertThat(lines).extracting(line -> line.group(7)).containsOnly("");
            assertNothingPrivate(logs);
        }
        assertThat(harness.ghlRequests("POST", "/contacts/")).extracting(RecordedRequest::status)
                .containsExactly(429, 429, 429, 503, 503, 201);
    }

    @Test
    void searchQueryLeftOutOfLine() throws Exception {
        start("0");
        createClient("evt-redelivery-4");
        String contactId = harness.components().ledger().findLink(location(), CLIENT).orElseThrow().contactId();
        harness.sandbox().deleteContact(contactId);
        // The update finds the contact gone and searches by email, whose query string carries the address.
        harness.sandbox().injectFault(FaultSpec.status("GET", "/contacts/search/duplicate", 503, null).times(1));

        try (LogCapture logs = new LogCapture()) {
            harness.post(Events.client("client.updated", "evt-redelivery-5", "2025-03-14T10:00:00Z", CLIENT,
                    Map.of("name", "Meera K Pillai", "email", EMAIL, "phone", PHONE)));
            harness.awaitIdle();

            List<Matcher> lines = retryLines(logs);
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0).group(1)).isEqualTo("GET /contacts/search/duplicate");
            assertThat(lines.get(0).group(3)).isEqualTo("503");
            assertNothingPrivate(logs);
        }
        List<RecordedRequest> searches = harness.ghlRequests("GET", "/contacts/search/duplicate");
        assertThat(searches).extracting(RecordedRequest::status).startsWith(503, 200);
        assertThat(searches.get(0).query()).contains("email=meera.pillai");
    }
}
