package org.privyrghlsync.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.LogCapture;
import org.privyrghlsync.testing.RawHttp;
import org.privyrghlsync.testing.SyncHarness;

class ReceiverTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final byte[] SECRET = SyncHarness.SECRET.getBytes(StandardCharsets.UTF_8);
    private static SyncHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = SyncHarness.start();
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    private static String sign(byte[] body) {
        return WebhookSignature.sign(SECRET, Instant.now().getEpochSecond(), body);
    }

    private static byte[] validEvent(String eventId) {
        return Events.created(eventId, "c-" + eventId, "Asha Rao", "asha@example.com", "+919812300000")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String receiverUrl() {
        return "http://127.0.0.1:" + harness.port() + "/privyr/events";
    }

    private static HttpRequest.Builder request() {
        return HttpRequest.newBuilder(URI.create(receiverUrl())).timeout(Duration.ofSeconds(10));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertNothingStored(String eventId) {
        assertThat(harness.components().inbox().statusOf(eventId)).isNull();
    }

    @Test
    void missingSignatureIs401() throws Exception {
        byte[] body = validEvent("evt-nosig");
        HttpResponse<String> response = harness.postRaw("application/json", null, body, Map.of());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("invalid_signature");
        assertNothingStored("evt-nosig");
    }

    @Test
    void wrongSecretIs401() throws Exception {
        byte[] body = validEvent("evt-badsig");
        String signature = WebhookSignature.sign("another-secret-0123456789".getBytes(StandardCharsets.UTF_8),
                Instant.now().getEpochSecond(), body);
        assertThat(harness.postRaw("application/json", signature, body, Map.of()).statusCode()).isEqualTo(401);
        assertNothingStored("evt-badsig");
    }

    @Test
    void tamperedBodyIs401() throws Exception {
        byte[] body = validEvent("evt-tamper");
        String signature = sign(body);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("Asha", "Usha")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(harness.postRaw("application/json", signature, tampered, Map.of()).statusCode()).isEqualTo(401);
        assertNothingStored("evt-tamper");
    }

    @Test
    void timestampSixMinutesOldIs401() throws Exception {
        byte[] body = validEvent("evt-old");
        String signature = WebhookSignature.sign(SECRET, Instant.now().getEpochSecond() - 360, body);
        HttpResponse<String> response = harness.postRaw("application/json", signature, body, Map.of());
        assertThat(response.statusCode()).isEqualTo(401);
        assertNothingStored("evt-old");
    }

    @Test
    void invalidJsonIs400() throws Exception {
        byte[] body = "{\"schema_version\":\"1\",\"event_id\":".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = harness.postRaw("application/json", sign(body), body, Map.of());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("invalid_event");
    }

    @Test
    void invalidEnvelopeNamesFieldAndReason() throws Exception {
        String event = Events.created("evt-badtime", "c-1", "Asha Rao", "asha@example.com", "+919812300000")
                .replace("2025-03-14T09:00:00Z", "yesterday");
        byte[] body = event.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = harness.postRaw("application/json", sign(body), body, Map.of());
        JsonNode answer = JSON.readTree(response.body());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(answer.path("field").asText()).isEqualTo("occurred_at");
        assertThat(answer.path("reason").asText()).isNotBlank();
        assertNothingStored("evt-badtime");
    }

    @Test
    void errorBodyMasksEmailValue() throws Exception {
        String event = Events.client("client.created", "evt-bad-email", "2025-03-14T09:00:00Z", "c-mail",
                Map.of("name", "Asha Rao", "email", List.of("asha.rao@example.com")));
        byte[] body = event.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = harness.postRaw("application/json", sign(body), body, Map.of());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("field").asText()).isEqualTo("data.client.email");
        assertThat(JSON.readTree(response.body()).path("value").asText()).isNotEmpty();
        assertThat(response.body()).doesNotContain("asha.rao@example.com");
    }

    @Test
    void errorBodyMasksEmailInFieldPath() throws Exception {
        String event = Events.client("client.created", "evt-bad-key", "2025-03-14T09:00:00Z", "c-key",
                Map.of("name", "Kiran Rao", "other_fields", Map.of("kiran.four@example.com", Map.of("x", 1))));
        byte[] body = event.getBytes(StandardCharsets.UTF_8);
        try (LogCapture logs = new LogCapture()) {
            HttpResponse<String> response = harness.postRaw("application/json", sign(body), body, Map.of());

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).path("field").asText())
                    .startsWith("data.client.other_fields.").endsWith("@example.com");
            assertThat(response.body()).doesNotContain("kiran.four@example.com");
            assertThat(logs.lines()).anyMatch(line -> line.contains("data.client.other_fields."));
            assertThat(logs.lines()).noneMatch(line -> line.contains("kiran.four@example.com"));
        }
    }

    @Test
    void bodyOverLimitIs413() throws Exception {
        String padding = "x".repeat(300 * 1024);
        byte[] body = Events.client("client.created", "evt-big", "2025-03-14T09:00:00Z", "c-big",
                Map.of("name", "Big", "notes", padding)).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = harness.postRaw("application/json", sign(body), body, Map.of());
        assertThat(response.statusCode()).isEqualTo(413);
        assertNothingStored("evt-big");
    }

    @Test
    void bodyOverOneMebibyteGetsJson413() throws Exception {
        byte[] body = new byte[1_100_000];
        java.util.Arrays.fill(body, (byte) ' ');
        for (HttpRequest.BodyPublisher publisher : new HttpRequest.BodyPublisher[] {
                HttpRequest.BodyPublishers.ofByteArray(body),
                HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(body))}) {
            HttpResponse<String> response = send(request().header("Content-Type", "application/json")
                    .header("X-Signature", sign(body)).POST(publisher));

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("payload_too_large");
            assertThat(JSON.readTree(response.body()).path("reason").asText()).contains("262144");
        }
    }

    @Test
    void getIsJson405() throws Exception {
        HttpResponse<String> response = send(request().GET());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("POST");
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void repeatedSignatureHeaderIs401() throws Exception {
        byte[] body = validEvent("evt-two-sigs");
        String signature = sign(body);

        HttpResponse<String> response = send(request().header("Content-Type", "application/json")
                .header("X-Signature", signature).header("X-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).path("reason").asText()).contains("sent 2 times");
        assertNothingStored("evt-two-sigs");
    }

    @Test
    void signatureInQueryStringIs401() throws Exception {
        byte[] body = validEvent("evt-query-sig");
        String query = "?X-Signature=" + java.net.URLEncoder.encode(sign(body), StandardCharsets.UTF_8);

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(receiverUrl() + query))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).path("reason").asText()).contains("missing");
        assertNothingStored("evt-query-sig");
    }

    @Test
    void contentTypeInQueryStringIsIgnored() throws Exception {
        byte[] body = validEvent("evt-query-type");

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(receiverUrl()
                        + "?Content-Type=text/plain")).header("Content-Type", "application/json")
                .header("X-Signature", sign(body)).POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void unsignedRejectionsLoggedOnceAMinute() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 20; i++) {
                RawHttp.Response unsigned = RawHttp.send(harness.port(), "POST", "/privyr/events", "");
                RawHttp.Response get = RawHttp.send(harness.port(), "GET", "/privyr/events", "");

                assertThat(unsigned.status()).isEqualTo(401);
                assertThat(unsigned.body()).contains("\"error\":\"invalid_signature\"");
                assertThat(get.status()).isEqualTo(405);
                assertThat(get.body()).contains("\"error\":\"method_not_allowed\"");
            }

            // Earlier tests of this class may have used this minute's line already.
            assertThat(logs.lines()).filteredOn(line -> line.startsWith("Rejected a request with 401"))
                    .hasSizeLessThanOrEqualTo(1);
            assertThat(logs.lines()).filteredOn(line -> line.startsWith("Rejected a request with 405"))
                    .hasSizeLessThanOrEqualTo(1);
        }
    }

    @Test
    void wrongSecretLoggedAfterUnsigned() throws Exception {
        byte[] body = validEvent("evt-limited-badsig");
        String signature = WebhookSignature.sign("another-secret-0123456789".getBytes(StandardCharsets.UTF_8),
                Instant.now().getEpochSecond(), body);
        // A runtime of its own, because the other tests of this class use up this minute's log lines.
        try (SyncHarness fresh = SyncHarness.start(); LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 5; i++) {
                assertThat(RawHttp.send(fresh.port(), "POST", "/privyr/events", "").status()).isEqualTo(401);
            }
            HttpResponse<String> wrongSecret = fresh.postRaw("application/json", signature, body, Map.of());

            assertThat(wrongSecret.statusCode()).isEqualTo(401);
            // Requests without a signature must not hide the first one signed with another secret.
            assertThat(logs.lines()).anyMatch(line -> line.startsWith("Rejected a request with 401")
                    && line.contains("no v1 signature"));
        }
    }

    @Test
    void brokenQueryEscapeGetsJson400() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            for (String query : List.of("?x=%ZZ", "?x=%", "?%G1=1", "?x=1&y=%2")) {
                RawHttp.Response response = RawHttp.send(harness.port(), "POST", "/privyr/events" + query, "");

                assertThat(response.status()).as(query).isEqualTo(400);
                assertThat(response.headers()).as(query).contains("content-type: application/json");
                JsonNode body = JSON.readTree(response.body());
                assertThat(body.path("error").asText()).as(query).isEqualTo("invalid_request");
                assertThat(body.path("field").asText()).as(query).isEqualTo("query");
                assertThat(body.path("reason").asText()).as(query).contains("two hexadecimal digits");
            }
            assertThat(logs.lines()).noneMatch(line -> line.contains("Unhandled exception in router"));
        }
    }

    @Test
    void twoContentTypeHeadersAre415() throws Exception {
        byte[] body = validEvent("evt-two-types");

        HttpResponse<String> response = send(request().header("Content-Type", "application/json")
                .header("Content-Type", "application/json").header("X-Signature", sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(response.statusCode()).isEqualTo(415);
        assertNothingStored("evt-two-types");
    }

    @Test
    void gzipContentEncodingIs415() throws Exception {
        byte[] body = validEvent("evt-gzip");

        HttpResponse<String> response = harness.postRaw("application/json", sign(body), body,
                Map.of("Content-Encoding", "gzip"));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(response.body()).path("reason").asText()).contains("Content-Encoding 'gzip'");
        assertNothingStored("evt-gzip");
    }

    @Test
    void textBodyIs415() throws Exception {
        byte[] body = validEvent("evt-text");
        assertThat(harness.postRaw("text/plain", sign(body), body, Map.of()).statusCode()).isEqualTo(415);
        assertNothingStored("evt-text");
    }

    @Test
    void formBodyWithColonKeyIs415() throws Exception {
        byte[] body = "a:b=c&event_id=evt-form".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = harness.postRaw("application/x-www-form-urlencoded", sign(body), body,
                Map.of());
        assertThat(response.statusCode()).isEqualTo(415);
    }

    @Test
    void requestHeadersAreNotEchoed() throws Exception {
        byte[] body = validEvent("evt-echo");
        HttpResponse<String> response = harness.postRaw("application/json", sign(body), body,
                Map.of("X-Evil", "injected", "X-Forwarded-Host", "attacker.example"));
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("X-Evil")).isEmpty();
        assertThat(response.headers().firstValue("X-Signature")).isEmpty();
        harness.awaitIdle();
        assertThat(harness.sandbox().requests()).allSatisfy(request -> {
            assertThat(request.header("X-Evil")).isNull();
            assertThat(request.header("X-Signature")).isNull();
        });
    }

    @Test
    void concurrentRedeliveriesStoreOneEvent() throws Exception {
        byte[] body = validEvent("evt-race");
        String signature = sign(body);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                statuses.add(pool.submit(() ->
                        harness.postRaw("application/json", signature, body, Map.of()).statusCode()));
            }
            List<Integer> answers = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Integer> status : statuses) {
                answers.add(status.get());
            }
            assertThat(answers).filteredOn(status -> status == 202).hasSize(1);
            assertThat(answers).filteredOn(status -> status == 200).hasSize(39);
        } finally {
            pool.shutdownNow();
        }
        harness.awaitIdle();
        assertThat(harness.ghlRequests("POST", "/contacts/").stream()
                .filter(request -> request.body().contains("c-evt-race"))).hasSize(1);
    }

    @Test
    void responseNamesEventAndStatus() throws Exception {
        byte[] body = validEvent("evt-answer.1:a_b-c");
        String signature = sign(body);

        HttpResponse<String> first = harness.postRaw("application/json", signature, body, Map.of());
        HttpResponse<String> repeat = harness.postRaw("application/json", signature, body, Map.of());

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(first.body())).isEqualTo(JSON.createObjectNode()
                .put("event_id", "evt-answer.1:a_b-c").put("status", "accepted"));
        assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(repeat.body())).isEqualTo(JSON.createObjectNode()
                .put("event_id", "evt-answer.1:a_b-c").put("status", "duplicate"));
    }

    @Test
    void acceptedEventIsStoredBeforeAnswer() throws Exception {
        byte[] body = validEvent("evt-stored");
        HttpResponse<String> response = harness.postRaw("application/json", sign(body), body, Map.of());
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(harness.components().inbox().statusOf("evt-stored")).isNotNull();
    }
}
