package org.privyrghlsync.testing.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the generic cases and {@link BearerAuth} against a small JSON endpoint on loopback, the way a second target
 * such as an admin API would be fuzzed, and checks that the runner reports a server that breaks a rule.
 */
class FuzzRunnerTest {

    private static final String TOKEN = "admin-token-0123456789";
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int MAX_DEPTH = 16;
    private static final List<String> SERVER_LIMIT_CASES = List.of("header-over-server-limit");

    private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final AtomicLong stored = new AtomicLong();
    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void wellBehavedEndpointPassesEveryCase() throws Exception {
        FuzzRunner runner = startRunner(false);

        FuzzReport report = runner.run(0, 400, 4);

        assertThat(report.failures()).as(report.describeFailures(10, "seed {seed}, case {case}")).isEmpty();
        assertThat(stored.get()).isEqualTo(report.controlsAccepted());
        assertThat(report.controlsAccepted()).isEqualTo(4);
    }

    @Test
    void plainTextErrorIsReportedWithItsCase() throws Exception {
        FuzzRunner runner = startRunner(true);

        FuzzReport report = runner.run(0, 150, 4);

        assertThat(report.failures()).isNotEmpty();
        assertThat(report.failures()).allSatisfy(failure ->
                assertThat(failure.problem()).contains("expected a JSON error body"));
        assertThat(report.describeFailures(1, "case {case}")).contains("case " + report.failures().stream()
                .mapToInt(FuzzReport.Failure::index).min().orElseThrow());
    }

    /** Starts the endpoint, whose 415 has a plain-text body when {@code plainText415}, and aims a runner at it. */
    private FuzzRunner startRunner(boolean plainText415) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/admin/notes", exchange -> handle(exchange, plainText415));
        server.start();
        FuzzTarget target = new FuzzTarget("admin-notes", "/admin/notes", "POST", new BearerAuth(TOKEN),
                (random, id) -> STRICT.createObjectNode().put("id", id).put("title", "Call back"), List.of(),
                Map.of(400, "invalid_request", 401, "unauthorized", 405, "method_not_allowed", 413,
                        "payload_too_large", 415, "unsupported_media_type"), 201, "body", MAX_BODY_BYTES,
                MAX_DEPTH, stored::get);
        List<WeightedCase> cases = new java.util.ArrayList<>(new GenericCases(target).all());
        cases.removeIf(weighted -> SERVER_LIMIT_CASES.contains(weighted.category()));
        cases.add(new WeightedCase("title-not-a-string", 300, (request, random) -> {
            request.json().put("title", random.nextInt());
            request.expect(400, "invalid_request", "title");
        }));
        FuzzTarget withCases = new FuzzTarget(target.name(), target.path(), target.method(), target.auth(),
                target.bodies(), cases, target.errorCodes(), target.acceptedStatus(), target.wholeBodyField(),
                MAX_BODY_BYTES, MAX_DEPTH, stored::get);
        return new FuzzRunner(withCases, "http://127.0.0.1:" + server.getAddress().getPort(), 7L, 100);
    }

    /** Checks in the order method, size, media type, token, body, as the Privyr receiver does. */
    private void handle(HttpExchange exchange, boolean plainText415) throws IOException {
        byte[] body = readAtMost(exchange.getRequestBody(), MAX_BODY_BYTES + 1);
        if (!exchange.getRequestMethod().equals("POST")) {
            respond(exchange, 405, "method_not_allowed", null, false);
        } else if (body.length > MAX_BODY_BYTES) {
            respond(exchange, 413, "payload_too_large", null, false);
        } else if (!List.of("application/json").equals(exchange.getRequestHeaders().get("Content-Type"))) {
            respond(exchange, 415, "unsupported_media_type", null, plainText415);
        } else if (!List.of("Bearer " + TOKEN).equals(exchange.getRequestHeaders().get("Authorization"))
                || exchange.getRequestURI().getRawQuery() != null) {
            respond(exchange, 401, "unauthorized", null, false);
        } else {
            handleBody(exchange, body);
        }
    }

    private void handleBody(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode json;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
            json = text.isBlank() ? null : STRICT.readTree(text);
        } catch (CharacterCodingException | com.fasterxml.jackson.core.JsonProcessingException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            respond(exchange, 400, "invalid_request", "body", false);
        } else if (!json.path("title").isTextual()) {
            respond(exchange, 400, "invalid_request", "title", false);
        } else {
            stored.incrementAndGet();
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        }
    }

    private static void respond(HttpExchange exchange, int status, String error, String field, boolean plainText)
            throws IOException {
        ObjectNode body = STRICT.createObjectNode().put("error", error).put("reason", "rejected by the test server");
        if (field != null) {
            body.put("field", field);
        }
        byte[] bytes = (plainText ? error : body.toString()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", plainText ? "text/plain" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Reads up to {@code limit} bytes and discards the rest, so the connection stays usable. */
    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] kept = in.readNBytes(limit);
        in.transferTo(java.io.OutputStream.nullOutputStream());
        return kept;
    }
}
