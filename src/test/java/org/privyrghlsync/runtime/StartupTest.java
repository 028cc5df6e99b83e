package org.privyrghlsync.runtime;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privyrghlsync.testing.SyncHarness;

class StartupTest {

    @Test
    void brokenMappingStopsStartup(@TempDir Path mappings) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("mappings", "contact.yaml")));
        int versionLine = lines.indexOf("version: 1");
        lines.add(versionLine + 1, "feilds: []");
        Files.write(mappings.resolve("contact.yaml"), lines);
        try (SyncHarness harness = SyncHarness.withoutRuntime(Map.of("sync.mappings-dir", mappings.toString()))) {
            assertThatThrownBy(harness::startRuntime)
                    .hasStackTraceContaining(mappings.resolve("contact.yaml").toString())
                    .hasStackTraceContaining("line " + (versionLine + 2) + ",")
                    .hasStackTraceContaining("field 'feilds'");
        }
    }

    @Test
    void missingWebhookSecretStopsStartup() throws Exception {
        try (SyncHarness harness = SyncHarness.withoutRuntime(Map.of("privyr.webhook-secret", ""))) {
            assertThatThrownBy(harness::startRuntime).hasStackTraceContaining("PRIVYR_WEBHOOK_SECRET");
        }
    }

    @Test
    void portInUseStopsStartup() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getByName("127.0.0.1"));
                SyncHarness harness = SyncHarness.withoutRuntime(
                        Map.of("camel.server.port", Integer.toString(taken.getLocalPort())))) {
            assertThatThrownBy(harness::startRuntime)
                    .hasStackTraceContaining("Cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .hasStackTraceContaining("set PORT");
        }
    }

    @Test
    void invalidListenSettingsNamed() throws Exception {
        try (SyncHarness harness = SyncHarness.withoutRuntime(Map.of("camel.server.port", "70000"))) {
            assertThatThrownBy(harness::startRuntime)
                    .hasStackTraceContaining("PORT is 70000; set it to a port number from 1 to 65535");
        }
        try (SyncHarness harness = SyncHarness.withoutRuntime(Map.of("camel.server.host", "999.1.1.1"))) {
            assertThatThrownBy(harness::startRuntime).hasStackTraceContaining("HOST is '999.1.1.1', which is not"
                    + " an address of this machine");
        }
        try (SyncHarness harness = SyncHarness.withoutRuntime(Map.of("ghl.base-url", "not-a-url"))) {
            assertThatThrownBy(harness::startRuntime).hasStackTraceContaining("GHL_BASE_URL (ghl.base-url)"
                    + " 'not-a-url' does not start with https:// or http://");
        }
    }

    @Test
    void oauthWithoutRefreshTokenStopsStartup() throws Exception {
        Map<String, String> oauth = Map.of("ghl.private-token", "", "ghl.client-id", "app-id",
                "ghl.client-secret", "app-secret", "ghl.refresh-token", "");
        try (SyncHarness harness = SyncHarness.withoutRuntime(oauth)) {
            assertThatThrownBy(harness::startRuntime).hasStackTraceContaining("GHL_REFRESH_TOKEN is empty");
        }
    }

    @Test
    void routesFolderWithoutShippedRoutesStopsStartup(@TempDir Path routes) throws Exception {
        Files.writeString(routes.resolve("mine.yaml"), """
                - route:
                    id: my-own-route
                    from:
                      uri: direct:mine
                      steps:
                        - log: "mine"
                """);
        try (SyncHarness harness = SyncHarness.withoutRuntime(Map.of("sync.routes-dir", routes.toString()))) {
            assertThatThrownBy(harness::startRuntime)
                    .hasStackTraceContaining("has no route 'privyr-events-receiver' (privyr-events.yaml)")
                    .hasStackTraceContaining("unset ROUTES_DIR");
        }
    }
}
