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
}
