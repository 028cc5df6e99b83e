package org.privyrghlsync.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

class ConfigFileTest {

    @Test
    void configFileOverridesShippedDefaults(@TempDir Path folder) throws Exception {
        Path config = folder.resolve("application.properties");
        Files.writeString(config, "# operator settings\nprivyr.max-body-size = 600\n", StandardCharsets.UTF_8);
        try (SyncHarness harness = SyncHarness.withoutRuntime(Map.of())) {
            harness.useConfigFile(config);
            harness.startRuntime();

            String event = Events.created("evt-config", "cfg1", "Neha Kapoor", "neha@example.com", "+919812345600");
            assertThat(event.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(200).isLessThan(600);
            String big = Events.client("client.created", "evt-config-big", "2025-03-14T09:00:00Z", "cfg2",
                    Map.of("name", "Neha Kapoor", "notes", "x".repeat(700)));

            assertThat(harness.post(event).statusCode()).isEqualTo(202);
            assertThat(harness.post(big).statusCode()).isEqualTo(413);
        }
    }
}
