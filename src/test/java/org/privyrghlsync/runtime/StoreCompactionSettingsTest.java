package org.privyrghlsync.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.testing.SyncHarness;

/** The sync.store.compaction-* settings, read by the runtime for its embedded H2 store. */
class StoreCompactionSettingsTest {

    @Test
    void runtimeCompactsByDefault() throws Exception {
        long before = compactionThreads();
        try (SyncHarness harness = SyncHarness.start()) {
            assertThat(compactionThreads()).as("compaction threads while the runtime runs").isEqualTo(before + 1);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(compactionThreads()).as("compaction threads after it stopped").isEqualTo(before));
    }

    @Test
    void zeroIntervalTurnsCompactionOff() throws Exception {
        long before = compactionThreads();
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder(),
                Map.of("sync.store.compaction-interval-ms", "0"))) {
            assertThat(compactionThreads()).isEqualTo(before);
        }
    }

    @Test
    void invalidFillRateStopsStartup() throws Exception {
        try (SyncHarness harness = SyncHarness.withoutRuntime(Map.of("sync.store.compaction-fill-rate", "100"))) {
            assertThatThrownBy(harness::startRuntime)
                    .hasStackTraceContaining("sync.store.compaction-fill-rate")
                    .hasStackTraceContaining("Invalid store compaction fill rate 100: use a percentage from 1 to 99");
        }
    }

    @Test
    void oversizedRewriteLimitStopsStartup() throws Exception {
        try (SyncHarness harness = SyncHarness.withoutRuntime(
                Map.of("sync.store.compaction-max-rewrite-kb", "2097152"))) {
            assertThatThrownBy(harness::startRuntime)
                    .hasStackTraceContaining("sync.store.compaction-max-rewrite-kb (at most 2097151 KB)");
        }
    }

    private static long compactionThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("store-compaction") && thread.isAlive()).count();
    }
}
