package org.privyrghlsync.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.testing.LogCapture;
import org.privyrghlsync.testing.RawHttp;
import org.privyrghlsync.testing.SyncHarness;

/** The responses that the receiver's and the management server's HTTP servers give before any route runs. */
class ServerErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static SyncHarness harness;
    private static int managementPort;
    private static List<String> startupLines;

    @BeforeAll
    static void start() throws Exception {
        managementPort = SyncHarness.freePort();
        try (LogCapture logs = new LogCapture()) {
            harness = SyncHarness.start(SandboxConfig.builder(), Map.of(
                    "camel.management.enabled", "true",
                    "camel.management.host", "127.0.0.1",
                    "camel.management.port", Integer.toString(managementPort),
                    "sync.admin.token", "server-errors-admin-token"));
            startupLines = logs.lines();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void brokenPathEscapeGetsJson400() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            for (String target : List.of("/privyr/ev%ZZents", "/admin/dead-letters%ZZ", "/privyr/events%",
                    "/a%2")) {
                for (int i = 0; i < 5; i++) {
                    assertJsonError(RawHttp.send(harness.port(), "POST", target, ""), 400, "invalid_request",
                            "path");
                }
            }
            assertJsonError(RawHttp.send(managementPort, "GET", "/observe/he%ZZalth", ""), 400, "invalid_request",
                    "path");

            assertThat(logs.lines()).noneMatch(line -> line.contains("Unhandled exception"));
            // Twenty-one requests, at most one line for each server's handler: the others wait for the next minute.
            assertThat(logs.lines()).filteredOn(line -> line.contains("its path has a '%'")).hasSizeBetween(1, 2);
        }
    }

    @Test
    void managementQueryEscapeGetsJson400() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            RawHttp.Response response = RawHttp.send(managementPort, "GET", "/observe/health?x=%ZZ", "");

            JsonNode body = assertJsonError(response, 400, "invalid_request", "query");
            assertThat(body.path("reason").asText()).contains("two hexadecimal digits");
            assertThat(logs.lines()).noneMatch(line -> line.contains("Unhandled exception"));
        }
        assertThat(RawHttp.send(managementPort, "GET", "/observe/health", "").status()).isEqualTo(200);
    }

    @Test
    void unknownPathGetsJson404() throws Exception {
        JsonNode receiver = assertJsonError(RawHttp.send(harness.port(), "GET", "/nothing-here", ""), 404,
                "not_found", null);
        JsonNode management = assertJsonError(RawHttp.send(managementPort, "GET", "/nothing-here", ""), 404,
                "not_found", null);

        assertThat(receiver.path("reason").asText()).contains("POST /privyr/events", "/admin/");
        assertThat(management.path("reason").asText()).contains("/observe/health");
    }

    @Test
    void startupLogNamesHealthUrl() {
        String health = "http://127.0.0.1:" + managementPort + "/observe/health";

        assertThat(startupLines).contains("Health checks at " + health + ", " + health + "/live and " + health
                + "/ready");
    }

    @Test
    void managementHeadGetsStatusOfGet() throws Exception {
        RawHttp.Response head = RawHttp.send(managementPort, "HEAD", "/observe/health/ready", "");

        assertThat(head.status()).as(head.headers()).isEqualTo(200);
        assertThat(head.headers()).contains("content-type: application/json");
        assertThat(head.body()).isEmpty();
        assertThat(RawHttp.send(managementPort, "HEAD", "/nothing-here", "").status()).isEqualTo(404);
    }

    @Test
    void managementHeadAbsoluteFormGetsStatusOfGet() throws Exception {
        // An HTTP/1.1 server must accept a request target in absolute form, which clients send to a proxy.
        String target = "http://127.0.0.1:" + managementPort + "/observe/health/ready?x=1";

        try (LogCapture logs = new LogCapture()) {
            RawHttp.Response head = RawHttp.send(managementPort, "HEAD", target, "");

            assertThat(head.status()).as(head.headers()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(logs.lines()).noneMatch(line -> line.contains("answered 500"));
        }
        assertThat(RawHttp.send(managementPort, "GET", target, "").status()).isEqualTo(200);
    }

    @Test
    void managementMethodNotAllowedNamesMethods() throws Exception {
        RawHttp.Response put = RawHttp.send(managementPort, "PUT", "/observe/health", "");

        assertJsonError(put, 405, "method_not_allowed", null);
        assertThat(put.headers()).contains("allow: get, head");
    }

    @Test
    void dotSegmentsDoNotReachAdminApi() throws Exception {
        String token = "Authorization: Bearer server-errors-admin-token\r\n";
        assertThat(RawHttp.send(harness.port(), "GET", "/admin/jobs", token).status()).isEqualTo(200);

        for (String target : List.of("/privyr/%2e%2e/admin/jobs", "/privyr/../admin/jobs", "/privyr/%2E./admin/jobs",
                "/admin/./jobs")) {
            assertJsonError(RawHttp.send(harness.port(), "GET", target, token), 400, "invalid_request", "path");
        }
        assertJsonError(RawHttp.send(managementPort, "GET", "/observe/health/%2e%2e/health", ""), 400,
                "invalid_request", "path");
    }

    @Test
    void receiverWorksAfterErrors() throws Exception {
        RawHttp.send(harness.port(), "POST", "/privyr/ev%ZZents", "");

        RawHttp.Response unsigned = RawHttp.send(harness.port(), "POST", "/privyr/events", "");

        assertJsonError(unsigned, 401, "invalid_signature", null);
    }

    private static JsonNode assertJsonError(RawHttp.Response response, int status, String error, String field)
            throws IOException {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.headers()).as(response.body()).contains("content-type: application/json");
        // A route's response comes in chunks, and the chunk sizes frame the JSON.
        String text = response.body();
        JsonNode body = JSON.readTree(text.substring(text.indexOf('{'), text.lastIndexOf('}') + 1));
        assertThat(body.path("error").asText()).as(response.body()).isEqualTo(error);
        if (field != null) {
            assertThat(body.path("field").asText()).as(response.body()).isEqualTo(field);
        }
        return body;
    }
}
