package org.privyrghlsync.runtime;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privyrghlsync.testing.SyncHarness;

class StartupTest {

    @Test
    void brokenMappingStopsStartup(@TempDir Path mappings) throws Exception {
        String shipped = Files.readString(Path.of("mappings", "contact.yaml"));
        Files.writeString(mappings.resolve("contact.yaml"), shipped.replaceFirst("version: 1", "version: 1\nfeilds: []"));
        try (SyncHarness harness = SyncHarness.withoutRuntime(Map.of("sync.mappings-dir", mappings.toString()))) {
            assertThatThrownBy(harness::startRuntime)
                    .hasStackTraceContaining("contact.yaml")
                    .hasStackTraceContaining("line 2")
                    .hasStackTraceContaining("feilds");
        }
    }

    @Test
    void missingWebhookSecretStopsStartup() throws Exception {
        try (SyncHarness harness = SyncHarness.withoutRuntime(Map.of("privyr.webhook-secret", ""))) {
            assertThatThrownBy(harness::startRuntime).hasStackTraceContaining("PRIVYR_WEBHOOK_SECRET");
        }
    }
}
