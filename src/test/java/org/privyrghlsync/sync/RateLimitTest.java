package org.privyrghlsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

class RateLimitTest {

    @Test
    void burstFinishesWithEvery429Retried() throws Exception {
        // The runtime's own limiter is set far above the sandbox's budget, so GHL's 429 responses do happen.
        SandboxConfig.Builder sandbox = SandboxConfig.builder().rateLimitMax(100).rateLimitWindow(Duration.ofSeconds(1));
        Map<String, String> runtime = Map.of("ghl.rate-limit.max-requests", "10000",
                "ghl.rate-limit.period-ms", "1000", "ghl.retry.max-redeliveries", "10");
        try (SyncHarness harness = SyncHarness.start(sandbox, runtime)) {
            for (int i = 0; i < 300; i++) {
                assertThat(harness.post(Events.created("evt-burst-" + i, "8" + i, "Lead " + i,
                        "lead" + i + "@example.com", "+9198" + String.format("%08d", i))).statusCode()).isEqualTo(202);
            }
            harness.awaitIdle();

            String locationId = harness.sandbox().config().locationId();
            assertThat(harness.sandbox().contacts(locationId)).hasSize(300);
            assertThat(harness.components().ledger().deadLetters()).isEmpty();
            assertThat(harness.components().inbox().countByOutcome().get("created")).isEqualTo(300);
            long tooMany = harness.sandbox().requests().stream().filter(r -> r.status() == 429).count();
            assertThat(tooMany).as("429 answers the runtime had to retry").isPositive();
        }
    }

    @Test
    void limiterKeepsCallsWithinBudget() throws Exception {
        SandboxConfig.Builder sandbox = SandboxConfig.builder().rateLimitMax(100).rateLimitWindow(Duration.ofSeconds(1));
        Map<String, String> runtime = Map.of("ghl.rate-limit.max-requests", "100",
                "ghl.rate-limit.period-ms", "1000");
        try (SyncHarness harness = SyncHarness.start(sandbox, runtime)) {
            for (int i = 0; i < 250; i++) {
                harness.post(Events.created("evt-paced-" + i, "9" + i, "Lead " + i, "paced" + i + "@example.com",
                        "+9197" + String.format("%08d", i)));
            }
            harness.awaitIdle();

            assertThat(harness.sandbox().contacts(harness.sandbox().config().locationId())).hasSize(250);
            assertThat(harness.sandbox().requests().stream().filter(r -> r.status() == 429).count()).isZero();
        }
    }
}
