package org.privyrghlsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Drives every fault kind through {@code /_sandbox/faults}, as a tool outside the JVM would. */
class FaultEndpointTest extends DefaultSandboxTest {

    private static final String FAULTS = "/_sandbox/faults";
    private static final String LIST = "/contacts/?locationId=sandbox-location&limit=1";
    private static final String NEW_CONTACT = "{\"locationId\":\"sandbox-location\",\"email\":\"a@example.com\"}";

    @Test
    void faultsAreListedAddedAndCleared() {
        SandboxClient.Reply empty = client.get(FAULTS);
        SandboxClient.Reply added = client.post(FAULTS,
                "{\"method\":\"post\",\"pathRegex\":\"/contacts/?\",\"kind\":\"status\",\"status\":503,\"count\":2}");
        SandboxClient.Reply listed = client.get(FAULTS);
        SandboxClient.Reply cleared = client.delete(FAULTS, null);

        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).isEmpty();
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.body().path("id").asLong()).isPositive();
        assertThat(added.body().path("method").asText()).isEqualTo("POST");
        assertThat(added.body().path("kind").asText()).isEqualTo("status");
        assertThat(added.body().path("count").asInt()).isEqualTo(2);
        assertThat(added.body().path("rate").asDouble()).isEqualTo(1.0);
        assertThat(listed.body()).hasSize(1);
        assertThat(listed.body().get(0)).isEqualTo(added.body());
        assertThat(cleared.status()).isEqualTo(204);
        assertThat(client.get(FAULTS).body()).isEmpty();
        assertThat(client.post("/contacts/", NEW_CONTACT).status()).isEqualTo(201);
    }

    @Test
    void oneFaultIsRemovedById() {
        long first = client.post(FAULTS, "{\"kind\":\"status\",\"status\":500}").body().path("id").asLong();
        long second = client.post(FAULTS, "{\"kind\":\"status\",\"status\":502}").body().path("id").asLong();

        SandboxClient.Reply removed = client.delete(FAULTS + "/" + first, null);
        SandboxClient.Reply unknown = client.delete(FAULTS + "/" + first, null);

        assertThat(removed.status()).isEqualTo(204);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().path("message").asText()).isEqualTo("Fault " + first + " not found");
        assertThat(client.get(FAULTS).body()).hasSize(1);
        assertThat(client.get(FAULTS).body().get(0).path("id").asLong()).isEqualTo(second);
        assertThat(client.get(LIST).status()).isEqualTo(502);
    }

    @Test
    void invalidFaultsAreRejected() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{}", "kind is missing");
        cases.put("{\"kind\":\"explode\"}", "kind must be one of");
        cases.put("{\"kind\":\"status\"}", "status must be an HTTP status between 100 and 599");
        cases.put("{\"kind\":\"status\",\"status\":700}", "status must be an HTTP status between 100 and 599");
        cases.put("{\"kind\":\"delay\"}", "delayMs must be at least 1");
        cases.put("{\"kind\":\"status\",\"status\":500,\"delayMs\":5}", "delayMs applies only to kinds delay");
        cases.put("{\"kind\":\"timeout\",\"delayMs\":5,\"status\":500}", "status and body apply only to kind");
        cases.put("{\"kind\":\"delay\",\"delayMs\":5,\"retryAfterSeconds\":1}", "retryAfterSeconds applies only");
        cases.put("{\"kind\":\"status\",\"status\":500,\"rate\":0}", "rate must be above 0 and at most 1");
        cases.put("{\"kind\":\"status\",\"status\":500,\"rate\":1.5}", "rate must be above 0 and at most 1");
        cases.put("{\"kind\":\"status\",\"status\":500,\"count\":0}", "count must be at least 1");
        cases.put("{\"kind\":\"status\",\"status\":500,\"count\":\"two\"}", "count must be a whole number");
        cases.put("{\"kind\":\"status\",\"status\":500,\"pathRegex\":\"(\"}", "pathRegex is not a valid regular");
        cases.put("{\"kind\":\"status\",\"status\":500,\"method\":\"GET /\"}", "method must be an HTTP method");
        cases.put("{\"kind\":\"status\",\"status\":500,\"times\":2}", "Unknown field 'times'");
        cases.put("[]", "A fault must be a JSON object");
        cases.put("{\"kind\":", "The body is not valid JSON");

        for (Map.Entry<String, String> entry : cases.entrySet()) {
            SandboxClient.Reply reply = client.post(FAULTS, entry.getKey());

            assertThat(reply.status()).as(entry.getKey()).isEqualTo(400);
            assertThat(reply.body().path("message").asText()).as(entry.getKey()).contains(entry.getValue());
        }
        assertThat(client.get(FAULTS).body()).isEmpty();
    }

    @Test
    void statusBurstEndsAfterCount() {
        client.post(FAULTS, "{\"method\":\"POST\",\"pathRegex\":\"/contacts/?\",\"kind\":\"status\",\"status\":500,"
                + "\"count\":3}");
        List<Integer> statuses = new ArrayList<>();

        for (int i = 0; i < 4; i++) {
            statuses.add(client.post("/contacts/", NEW_CONTACT).status());
        }

        assertThat(statuses).containsExactly(500, 500, 500, 201);
        assertThat(client.get(FAULTS).body()).as("a used-up fault is removed").isEmpty();
        assertThat(sandbox.contacts("sandbox-location")).hasSize(1);
    }

    @Test
    void statusWithoutBodySendsGhlErrorShape() {
        client.post(FAULTS, "{\"kind\":\"status\",\"status\":503,\"count\":1}");

        SandboxClient.Reply reply = client.get(LIST);

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.body()).isEqualTo(SandboxClient.json(
                "{\"statusCode\":503,\"message\":\"Service Unavailable\"}"));
    }

    @Test
    void statusWithBodySendsIt() {
        client.post(FAULTS, "{\"kind\":\"status\",\"status\":502,\"count\":1,\"body\":{\"error\":\"bad_gateway\"}}");

        SandboxClient.Reply reply = client.get(LIST);

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.body()).isEqualTo(SandboxClient.json("{\"error\":\"bad_gateway\"}"));
    }

    @Test
    void faultLogMasksBody() {
        try (org.privyrghlsync.testing.LogCapture logs = new org.privyrghlsync.testing.LogCapture()) {
            client.post(FAULTS, "{\"kind\":\"status\",\"status\":422,\"count\":1,\"body\":{\"message\":"
                    + "\"anita.rao@example.com +91 98450 12345 Bearer abcdefghijklmnop1234\"}}");

            assertThat(logs.lines()).anyMatch(line -> line.startsWith("GHL sandbox injects fault"));
            assertThat(logs.lines()).noneMatch(line -> line.contains("anita.rao"));
            assertThat(logs.lines()).noneMatch(line -> line.contains("98450 12345"));
            assertThat(logs.lines()).noneMatch(line -> line.contains("abcdefghijklmnop1234"));
        }
    }

    @Test
    void rateAffectsEveryFifthRequest() {
        client.post(FAULTS, "{\"method\":\"GET\",\"pathRegex\":\"/contacts/\",\"kind\":\"status\",\"status\":503,"
                + "\"rate\":0.2}");
        List<Integer> failed = new ArrayList<>();

        for (int i = 1; i <= 20; i++) {
            if (client.get(LIST).status() == 503) {
                failed.add(i);
            }
        }

        assertThat(failed).containsExactly(5, 10, 15, 20);
        JsonNode listed = client.get(FAULTS).body().get(0);
        assertThat(listed.path("matched").asInt()).isEqualTo(20);
        assertThat(listed.path("used").asInt()).isEqualTo(4);
    }

    @Test
    void rateAndCountCombine() {
        client.post(FAULTS, "{\"kind\":\"status\",\"status\":500,\"rate\":0.5,\"count\":2}");
        List<Integer> statuses = new ArrayList<>();

        for (int i = 0; i < 6; i++) {
            statuses.add(client.get(LIST).status());
        }

        assertThat(statuses).containsExactly(200, 500, 200, 500, 200, 200);
    }

    @Test
    void rateLimitedStormWithRetryAfter() {
        client.post(FAULTS, "{\"kind\":\"rate-limited\",\"count\":2,\"retryAfterSeconds\":3}");

        SandboxClient.Reply first = client.get(LIST);
        SandboxClient.Reply second = client.get(LIST);
        SandboxClient.Reply third = client.get(LIST);

        for (SandboxClient.Reply reply : List.of(first, second)) {
            assertThat(reply.status()).isEqualTo(429);
            assertThat(reply.body()).isEqualTo(SandboxClient.json(
                    "{\"statusCode\":429,\"message\":\"Too many requests\"}"));
            assertThat(reply.header("Retry-After")).isEqualTo("3");
            assertThat(reply.header("X-RateLimit-Remaining")).isEqualTo("0");
            assertThat(reply.header("X-RateLimit-Max")).isEqualTo("100");
            assertThat(reply.header("X-RateLimit-Interval-Milliseconds")).isEqualTo("10000");
        }
        assertThat(third.status()).isEqualTo(200);
    }

    @Test
    void rateLimitedStormWithoutRetryAfter() {
        client.post(FAULTS, "{\"kind\":\"rate-limited\",\"rate\":0.5}");
        List<SandboxClient.Reply> replies = new ArrayList<>();

        for (int i = 0; i < 4; i++) {
            replies.add(client.get(LIST));
        }

        assertThat(replies).extracting(SandboxClient.Reply::status).containsExactly(200, 429, 200, 429);
        assertThat(replies.get(1).header("Retry-After")).isNull();
        assertThat(replies.get(1).header("X-RateLimit-Remaining")).isEqualTo("0");
    }

    @Test
    void delayHoldsThenHandles() {
        client.post(FAULTS, "{\"method\":\"POST\",\"pathRegex\":\"/contacts/?\",\"kind\":\"delay\",\"delayMs\":300,"
                + "\"count\":1}");
        long start = System.nanoTime();

        SandboxClient.Reply reply = client.post("/contacts/", NEW_CONTACT);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(reply.status()).isEqualTo(201);
        assertThat(sandbox.contacts("sandbox-location")).hasSize(1);
    }

    @Test
    void timeoutAnswers504WithoutHandling() {
        client.post(FAULTS, "{\"method\":\"POST\",\"pathRegex\":\"/contacts/?\",\"kind\":\"timeout\",\"delayMs\":200,"
                + "\"count\":1}");
        long start = System.nanoTime();

        SandboxClient.Reply reply = client.post("/contacts/", NEW_CONTACT);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(reply.status()).isEqualTo(504);
        assertThat(sandbox.contacts("sandbox-location")).isEmpty();
    }

    @Test
    void disconnectBeforeLeavesNoEffect() {
        client.post(FAULTS, "{\"method\":\"POST\",\"pathRegex\":\"/contacts/?\",\"kind\":\"disconnect-before\","
                + "\"count\":1}");

        assertThatThrownBy(() -> client.post("/contacts/", NEW_CONTACT)).isInstanceOf(UncheckedIOException.class);

        assertThat(sandbox.contacts("sandbox-location")).isEmpty();
        List<RecordedRequest> logged = sandbox.requests();
        assertThat(logged).hasSize(1);
        assertThat(logged.get(0).path()).isEqualTo("/contacts/");
        assertThat(logged.get(0).status()).as("no response was sent").isZero();
        assertThat(client.post("/contacts/", NEW_CONTACT).status()).isEqualTo(201);
    }

    @Test
    void disconnectAfterLosesResponseOnly() {
        client.post(FAULTS, "{\"method\":\"POST\",\"pathRegex\":\"/contacts/?\",\"kind\":\"disconnect-after\","
                + "\"count\":1}");

        assertThatThrownBy(() -> client.post("/contacts/", NEW_CONTACT)).isInstanceOf(UncheckedIOException.class);

        assertThat(sandbox.contacts("sandbox-location")).hasSize(1);
        // The log entry is written as the response headers go out, which can be just after the client saw the close.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> sandbox.requests().size() == 1);
        assertThat(sandbox.requests().get(0).status()).isEqualTo(201);
    }

    @Test
    void slowTokenResponse() {
        client.post(FAULTS, "{\"method\":\"POST\",\"pathRegex\":\"/oauth/token\",\"kind\":\"delay\",\"delayMs\":300}");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", "sandbox-client");
        form.put("client_secret", "sandbox-secret");
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", "sandbox-refresh-token");
        long start = System.nanoTime();

        SandboxClient.Reply reply = client.postForm("/oauth/token", form);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("access_token").asText()).isNotEmpty();
        assertThat(client.get(LIST).status()).as("other paths are not delayed").isEqualTo(200);
    }

    @Test
    void javaApiFaultsAreListed() {
        sandbox.injectFault("PUT", "/contacts/[^/]+", 500, null, 2);
        sandbox.injectLostResponse("POST", "/contacts/upsert", 1);
        sandbox.injectDelay(null, ".*", Duration.ofMillis(50), 1);

        JsonNode listed = client.get(FAULTS).body();

        assertThat(listed).hasSize(3);
        assertThat(listed.get(0).path("kind").asText()).isEqualTo("status");
        assertThat(listed.get(0).path("count").asInt()).isEqualTo(2);
        assertThat(listed.get(1).path("kind").asText()).isEqualTo("disconnect-after");
        assertThat(listed.get(2).path("kind").asText()).isEqualTo("timeout");
        assertThat(listed.get(2).path("method").asText()).isEqualTo("*");
        assertThat(listed.get(2).path("delayMs").asLong()).isEqualTo(50);
    }
}
