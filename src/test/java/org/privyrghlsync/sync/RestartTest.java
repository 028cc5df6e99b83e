package org.privyrghlsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.store.InboxStatus;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

class RestartTest {

    @Test
    void restartMidRunFinishesEveryPendingEvent() throws Exception {
        SandboxConfig.Builder slowGhl = SandboxConfig.builder().latency(Duration.ofMillis(40)).rateLimitMax(0);
        try (SyncHarness harness = SyncHarness.start(slowGhl, Map.of("sync.workers", "2"))) {
            int events = 80;
            for (int i = 0; i < events; i++) {
                harness.post(Events.created("evt-restart-" + i, "r" + i, "Lead " + i, "restart" + i + "@example.com",
                        "+9196" + String.format("%08d", i)));
            }
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    harness.components().inbox().countByStatus().get(InboxStatus.DONE) >= 10);

            harness.stopRuntime();
            harness.startRuntime();
            long pendingAfterRestart = harness.components().inbox().countByStatus().get(InboxStatus.PENDING);
            harness.awaitIdle();

            assertThat(pendingAfterRestart).as("events left pending by the stop").isPositive();
            assertThat(harness.sandbox().contacts(harness.sandbox().config().locationId())).hasSize(events);
            assertThat(harness.ghlRequests("POST", "/contacts/")).hasSize(events);
            assertThat(harness.components().inbox().countByOutcome().get("created")).isEqualTo(events);
        }
    }
}
