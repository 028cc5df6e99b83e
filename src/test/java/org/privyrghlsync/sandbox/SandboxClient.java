package org.privyrghlsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Test HTTP client for a running sandbox. It sends the Version header and the private token unless
 * {@link #withHeader} changes them.
 */
final class SandboxClient {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String VERSION = "2021-07-28";

    private final HttpClient http = HttpClient.newHttpClient();
    private final GhlSandbox sandbox;
    private final Map<String, String> headers = new LinkedHashMap<>();

    SandboxClient(GhlSandbox sandbox) {
        this.sandbox = sandbox;
        headers.put("Version", VERSION);
        headers.put("Authorization", "Bearer " + sandbox.config().privateToken());
    }

    /** Returns a client that sends {@code value} as the header, or omits the header when value is null. */
    SandboxClient withHeader(String name, String value) {
        SandboxClient copy = new SandboxClient(sandbox);
        copy.headers.clear();
        copy.headers.putAll(headers);
        if (value == null) {
            copy.headers.remove(name);
        } else {
            copy.headers.put(name, value);
        }
        return copy;
    }

    Reply get(String path) {
        return send("GET", path, null);
    }

    Reply post(String path, String json) {
        return send("POST", path, json);
    }

    Reply put(String path, String json) {
        return send("PUT", path, json);
    }

    Reply delete(String path, String json) {
        return send("DELETE", path, json);
    }

    /** Posts a form-encoded body to {@code /oauth/token} without Version or Authorization headers. */
    Reply postForm(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return execute(request);
    }

    Reply send(String method, String path, String json) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path));
        headers.forEach(builder::header);
        if (json == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json");
            builder.method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return execute(builder.build());
    }

    private Reply execute(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? null : MAPPER.readTree(response.body());
            return new Reply(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Asserts that each reply has this status and exactly this body, naming the request of a reply that differs. */
    static void assertEachReturns(List<Reply> replies, int status, JsonNode body) {
        for (Reply reply : replies) {
            String request = reply.response().request().method() + " " + reply.response().uri().getPath();
            assertThat(reply.status()).as(request).isEqualTo(status);
            assertThat(reply.body()).as(request).isEqualTo(body);
        }
    }

    /** Returns GHL's 400 body for a contact id that does not exist. */
    static JsonNode contactNotFound(String contactId) {
        return json("{\"statusCode\":400,\"message\":\"Contact with id " + contactId + " not found\"}");
    }

    /** Parses JSON text, for comparing a whole response body with the expected one. */
    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Status, parsed JSON body and raw response of one request. */
    record Reply(int status, JsonNode body, HttpResponse<String> response) {

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }
}
