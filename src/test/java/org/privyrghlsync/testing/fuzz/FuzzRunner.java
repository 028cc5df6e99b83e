package org.privyrghlsync.testing.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Generates fuzz cases for a {@link FuzzTarget} and sends them over real HTTP with a small pool of threads that
 * share keep-alive connections, checking each response against the case's {@link Expectation}.
 *
 * <p>Case {@code i} of seed {@code s} is generated from a random source seeded with {@code (s, i)} only, so any one
 * case can be generated again on its own. Every {@code controlEvery}-th case is a valid request, which the target
 * must accept. Cases go over HTTP/1.1, and a quarter of them, chosen by index, over HTTP/2 (cleartext upgrade),
 * except those that need HTTP/1.1 framing.
 */
public final class FuzzRunner implements AutoCloseable {

    /** Maximum time for one request; a slower response counts as a hang. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FuzzTarget target;
    private final URI base;
    private final long seed;
    private final int controlEvery;
    private final List<WeightedCase> cases;
    private final int totalWeight;
    private final HttpClient http1;
    private final HttpClient http2;
    private java.util.List<String> onlyCategories = List.of();

    public FuzzRunner(FuzzTarget target, String baseUrl, long seed, int controlEvery) {
        this.target = target;
        this.base = URI.create(baseUrl);
        this.seed = seed;
        this.controlEvery = controlEvery;
        this.cases = target.cases();
        this.totalWeight = cases.stream().mapToInt(WeightedCase::weight).sum();
        this.http1 = newClient(HttpClient.Version.HTTP_1_1);
        this.http2 = newClient(HttpClient.Version.HTTP_2);
    }

    private static HttpClient newClient(HttpClient.Version version) {
        return HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Sends only the cases whose category starts with one of {@code prefixes}, and the controls; the others are
     * generated but not sent, so case numbers stay the same.
     */
    public FuzzRunner onlyCategories(List<String> prefixes) {
        this.onlyCategories = List.copyOf(prefixes);
        return this;
    }

    /** Returns whether case {@code index} is a valid control request. */
    public boolean isControl(int index) {
        return controlEvery > 0 && index % controlEvery == controlEvery - 1;
    }

    /** Generates case {@code index}; the same seed and index always give the same request, except for clocks. */
    public FuzzRequest generate(int index) {
        Random random = new Random(mix(seed, index));
        String uniqueId = (isControl(index) ? "fuzz-control-" : "fuzz-") + Long.toHexString(seed) + "-" + index;
        FuzzRequest request = new FuzzRequest(index, target.bodies().validBody(random, uniqueId),
                "application/json");
        request.method(target.method());
        if (index % 4 == 3) {
            request.version(HttpClient.Version.HTTP_2);
        }
        if (isControl(index)) {
            request.expect(target.acceptedStatus(), null, null);
        } else {
            WeightedCase chosen = pick(random);
            request.category(chosen.category());
            chosen.generator().generate(request, random);
        }
        // Serialise the JSON tree once; signing, sending and reporting then read the same bytes.
        request.body(request.body());
        if (request.authorize()) {
            target.auth().authorize(request);
        }
        return request;
    }

    /** Sends cases {@code first} to {@code first + count - 1} with {@code threads} threads and reports on them. */
    public FuzzReport run(int first, int count, int threads) throws InterruptedException {
        FuzzReport report = new FuzzReport(seed);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> pending = new ArrayList<>(count);
            for (int index = first; index < first + count; index++) {
                int caseIndex = index;
                pending.add(pool.submit(() -> runOne(caseIndex, report)));
            }
            for (Future<?> future : pending) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("the fuzz runner itself failed", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
        return report;
    }

    private void runOne(int index, FuzzReport report) {
        FuzzRequest request;
        try {
            request = generate(index);
        } catch (RuntimeException e) {
            report.fail(index, "generator", "generating the case failed: " + e, null);
            return;
        }
        if (!isControl(index) && !onlyCategories.isEmpty()
                && onlyCategories.stream().noneMatch(prefix -> request.category().startsWith(prefix))) {
            return;
        }
        HttpRequest built = build(request, report);
        long started = System.nanoTime();
        try {
            HttpClient client = request.ownConnection() ? newClient(request.version())
                    : request.version() == HttpClient.Version.HTTP_2 ? http2 : http1;
            HttpResponse<byte[]> response = client.send(built, HttpResponse.BodyHandlers.ofByteArray());
            String problem = check(request, response);
            report.record(request, response.statusCode(), request.body().length,
                    (System.nanoTime() - started) / 1_000_000);
            if (problem != null) {
                report.fail(index, request.category(), problem, describe(request, response));
            }
        } catch (HttpTimeoutException e) {
            report.fail(index, request.category(), "no response within " + REQUEST_TIMEOUT.toSeconds()
                    + " s (a hang)", describe(request, null));
        } catch (IOException e) {
            report.fail(index, request.category(), "the connection was dropped: " + e, describe(request, null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpRequest build(FuzzRequest request, FuzzReport report) {
        String path = request.path() != null ? request.path() : target.path();
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path + request.query()))
                .timeout(REQUEST_TIMEOUT)
                .version(request.version());
        for (Map.Entry<String, String> header : request.headers()) {
            try {
                builder.header(header.getKey(), header.getValue());
            } catch (IllegalArgumentException e) {
                // The JDK client refuses header values with CR, LF or other control characters.
                report.refusedHeader(header.getKey());
            }
        }
        byte[] body = request.body();
        HttpRequest.BodyPublisher publisher = request.chunked()
                ? HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return builder.method(request.method(), publisher).build();
    }

    /** Returns what is wrong with the response, or {@code null} when it meets the expectation. */
    private String check(FuzzRequest request, HttpResponse<byte[]> response) {
        Expectation expected = request.expectation();
        int status = response.statusCode();
        if (status >= 500) {
            return "server error " + status;
        }
        if (status != expected.status()) {
            return "expected status " + expected.status() + " but got " + status;
        }
        if (isControl(request.index()) || !expected.json()) {
            return null;
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (!contentType.startsWith("application/json")) {
            return "expected a JSON error body but the Content-Type is '" + contentType + "'";
        }
        JsonNode body;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(response.body())).toString();
            body = JSON.readTree(text);
        } catch (CharacterCodingException e) {
            return "the error body is not valid UTF-8";
        } catch (IOException e) {
            return "the error body is not JSON: " + e.getMessage();
        }
        return checkErrorBody(expected, body);
    }

    private String checkErrorBody(Expectation expected, JsonNode body) {
        if (body == null || !body.isObject()) {
            return "the error body is not a JSON object";
        }
        if (!body.path("error").asText().equals(expected.error())) {
            return "expected error '" + expected.error() + "' but got '" + body.path("error").asText() + "'";
        }
        if (!body.path("reason").isTextual() || body.path("reason").asText().isBlank()) {
            return "the error body has no reason";
        }
        if (expected.status() == 400 && (!body.path("field").isTextual() || body.path("field").asText().isBlank())) {
            return "a 400 error body must name the field";
        }
        if (expected.field() != null && !body.path("field").asText().equals(expected.field())) {
            return "expected field '" + expected.field() + "' but got '" + body.path("field").asText() + "'";
        }
        return null;
    }

    /** Returns a short description of a request and its response for a failure report. */
    private static String describe(FuzzRequest request, HttpResponse<byte[]> response) {
        StringBuilder text = new StringBuilder();
        text.append(request.method()).append(' ').append(request.path() == null ? "" : request.path())
                .append(request.query().isEmpty() ? "" : request.query()).append(' ')
                .append(request.version()).append(request.chunked() ? " chunked" : "")
                .append(", expected ").append(request.expectation());
        for (Map.Entry<String, String> header : request.headers()) {
            text.append("\n    ").append(header.getKey()).append(": ").append(FuzzReport.excerpt(header.getValue()));
        }
        byte[] body = request.body();
        text.append("\n    body (").append(body.length).append(" bytes): ")
                .append(FuzzReport.excerpt(new String(body, StandardCharsets.UTF_8)));
        if (response != null) {
            text.append("\n    response ").append(response.statusCode()).append(": ")
                    .append(FuzzReport.excerpt(new String(response.body(), StandardCharsets.UTF_8)));
        }
        return text.toString();
    }

    private WeightedCase pick(Random random) {
        int ticket = random.nextInt(totalWeight);
        for (WeightedCase weighted : cases) {
            ticket -= weighted.weight();
            if (ticket < 0) {
                return weighted;
            }
        }
        throw new IllegalStateException("weights changed while picking");
    }

    /** Mixes the seed and the case index into one well-spread seed (the SplitMix64 finaliser). */
    private static long mix(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public void close() {
        // HttpClient has no close() before Java 21; its idle connections end with the test JVM.
    }
}
