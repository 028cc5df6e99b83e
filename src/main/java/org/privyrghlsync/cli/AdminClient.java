package org.privyrghlsync.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Calls the admin API of a running runtime, with the admin token as a Bearer token. */
final class AdminClient implements DeadLetterAccess, JobsAccess {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** A bulk replay of many dead letters takes a while, because each one is a store update. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

    private final String baseUrl;
    private final String token;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    /** @param baseUrl the runtime's address such as {@code http://127.0.0.1:8080}, without {@code /admin} */
    AdminClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    @Override
    public JsonNode list(Map<String, String> filters) {
        List<String> pairs = new ArrayList<>();
        filters.forEach((name, value) -> pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        String query = pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
        return send("GET", "/admin/dead-letters" + query, null);
    }

    @Override
    public JsonNode show(long id) {
        return send("GET", "/admin/dead-letters/" + id, null);
    }

    @Override
    public JsonNode replay(long id) {
        return send("POST", "/admin/dead-letters/" + id + "/replay", null);
    }

    @Override
    public JsonNode replayMatching(Map<String, String> selection) {
        ObjectNode body = json.createObjectNode();
        selection.forEach(body::put);
        return send("POST", "/admin/dead-letters/replay", body.toString());
    }

    @Override
    public JsonNode discard(long id) {
        return send("POST", "/admin/dead-letters/" + id + "/discard", null);
    }

    @Override
    public JsonNode jobs() {
        return send("GET", "/admin/jobs", null);
    }

    @Override
    public void close() {
        // The JDK client of Java 17 has no close method and releases its connections itself.
    }

    private JsonNode send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new CommandFailedException(method + " " + path + " to the runtime at " + baseUrl + " timed out ("
                    + e.getMessage() + "); check the runtime's log, then retry", e);
        } catch (IOException e) {
            throw new CommandFailedException("Connecting to the runtime at " + baseUrl + " failed (" + describe(e)
                    + "). Start it with `run`, give its address with --url, or add --offline to open the store"
                    + " directly while no runtime runs", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException("Interrupted while waiting for the runtime at " + baseUrl, e);
        }
        return read(method, path, response);
    }

    private JsonNode read(String method, String path, HttpResponse<String> response) {
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (status >= 200 && status < 300 && body != null) {
            return body;
        }
        if (body == null || !body.hasNonNull("reason")) {
            if (status == 404) {
                throw new CommandFailedException("The runtime at " + baseUrl + " has no admin API (404 for " + path
                        + "). Copy routes/admin-api.yaml of this release into its routes folder (ROUTES_DIR) and"
                        + " restart it");
            }
            throw new CommandFailedException("The runtime at " + baseUrl + " responded to " + method + " " + path
                    + " with " + status + ": " + clip(response.body()));
        }
        if (status == 401) {
            throw new CommandFailedException("The runtime at " + baseUrl + " rejected the admin token as wrong;"
                    + " set ADMIN_TOKEN (or sync.admin.token in the --config file) to the runtime's token, or pass"
                    + " --token");
        }
        throw new CommandFailedException(body.path("reason").asText());
    }

    /** Returns the first message in the cause chain, or the exception's class name when none has one. */
    private static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                return cause.getMessage();
            }
        }
        return failure.getClass().getSimpleName();
    }

    private JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String clip(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
