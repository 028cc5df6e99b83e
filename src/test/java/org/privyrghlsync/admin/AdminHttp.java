package org.privyrghlsync.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Calls the admin API of a harness runtime over loopback HTTP. */
final class AdminHttp {

    static final String TOKEN = "admin-test-token-0123456789abcdef";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    AdminHttp(int port) {
        this.port = port;
    }

    /** Sends a request with the test token. */
    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, path, body, Map.of("Authorization", "Bearer " + TOKEN));
    }

    /** Sends a request with exactly these headers. */
    HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a request with the test token and returns the parsed body, failing unless the status is expected. */
    JsonNode call(String method, String path, String body, int expectedStatus)
            throws IOException, InterruptedException {
        HttpResponse<String> response = send(method, path, body);
        if (response.statusCode() != expectedStatus) {
            throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ", expected "
                    + expectedStatus + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    JsonNode list(String query) throws IOException, InterruptedException {
        return call("GET", "/admin/dead-letters" + (query.isEmpty() ? "" : "?" + query), null, 200);
    }

    static JsonNode parse(String body) throws IOException {
        return JSON.readTree(body);
    }
}
