package org.privyrghlsync.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.testing.LogCapture;
import org.privyrghlsync.testing.SyncHarness;

/** The sync.store.fsync setting, read by the runtime for its embedded H2 store. */
class StoreFsyncSettingTest {

    private static final String WARNING = "The embedded store commits without fsync (sync.store.fsync=false)";

    @Test
    void fsyncOnByDefault() throws Exception {
        try (LogCapture log = new LogCapture(); SyncHarness harness = SyncHarness.start()) {
            List<String> lines = log.lines();
            assertThat(lines).anyMatch(line -> line.startsWith("Store ready at jdbc:h2:fsync:async:")
                    && line.endsWith(", each commit forced to the disk (sync.store.fsync=true)"));
            assertThat(lines).noneMatch(line -> line.startsWith(WARNING));
        }
    }

    @Test
    void falseTurnsFsyncOffAndWarns() throws Exception {
        try (LogCapture log = new LogCapture();
                SyncHarness harness = SyncHarness.start(SandboxConfig.builder(), Map.of("sync.store.fsync", "false"))) {
            List<String> lines = log.lines();
            assertThat(lines).anyMatch(line -> line.startsWith("Store ready at jdbc:h2:async:"));
            assertThat(lines).anyMatch(line -> line.startsWith(WARNING));
        }
    }

    @Test
    void nonBooleanValueStopsStartup() throws Exception {
        try (SyncHarness harness = SyncHarness.withoutRuntime(Map.of("sync.store.fsync", "yes"))) {
            assertThatThrownBy(harness::startRuntime)
                    .hasStackTraceContaining("Configuration key sync.store.fsync must be true or false, got 'yes'");
        }
    }
}
