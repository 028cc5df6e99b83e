package org.privyrghlsync.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.store.JobRun;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

/** The retry-sweep job, which reads due events from the store on its cron schedule, and the start-up sweep. */
class RetrySweepJobTest {

    /** A cron expression whose next fire time is decades away, so that the job does not run during a test. */
    private static final String NEVER = "0 0 0 1 1 ? 2099";

    @Test
    void dueRetryIsAppliedWhenJobFires() throws Exception {
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder(),
                Map.of("sync.jobs.retry-sweep.cron", "* * * * * ?"))) {
            // A failed event whose next attempt has come, stored without going to a lane: only a sweep finds it.
            Instant scheduledAt = Instant.now();
            harness.storeScheduledRetry(Events.created("evt-sweep-1", "sw1", "Ira Menon", "ira@example.com",
                    "+919830050001"), 1, scheduledAt.minusSeconds(60));

            await().atMost(Duration.ofSeconds(15)).until(() -> "DONE".equals(
                    harness.components().inbox().statusOf("evt-sweep-1")[0]));

            assertThat(harness.components().inbox().statusOf("evt-sweep-1")).containsExactly("DONE", "created");
            assertThat(harness.components().inbox().attemptsOf("evt-sweep-1")).isEqualTo(2);
            assertThat(harness.sandbox().contacts(harness.sandbox().config().locationId())).hasSize(1);
            // The run records its counts when it ends, which can be after the lane applied the event.
            JobRun sweep = await().atMost(Duration.ofSeconds(15)).until(() -> harness.components().jobRuns()
                    .runs("retry-sweep", 100).stream().filter(run -> run.countsJson() != null
                            && run.countsJson().contains("\"retries\":1")).findFirst(), Optional::isPresent).get();
            assertThat(sweep.result()).isEqualTo(JobRun.OK);
            assertThat(sweep.countsJson()).isEqualTo("{\"queued\":1,\"retries\":1,\"expired_waiting\":0}");
            // The fire time is the trigger's scheduled second; on a busy machine the run starts a second or more later.
            assertThat(sweep.fireTime()).isAfter(scheduledAt.minusSeconds(5));
            assertThat(sweep.node()).isEqualTo(harness.components().nodeId());
        }
    }

    @Test
    void retryNotDueStaysPending() throws Exception {
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder(),
                Map.of("sync.jobs.retry-sweep.cron", "* * * * * ?"))) {
            harness.storeScheduledRetry(Events.created("evt-sweep-2", "sw2", "Ravi Iyer", "ravi@example.com",
                    "+919830050002"), 1, Instant.now().plusSeconds(3600));
            Instant storedAt = Instant.now();

            await().atMost(Duration.ofSeconds(15)).until(() -> harness.components().jobRuns()
                    .runs("retry-sweep", 100).stream().anyMatch(run -> run.startedAt().isAfter(storedAt)
                            && JobRun.OK.equals(run.result())));

            assertThat(harness.components().inbox().statusOf("evt-sweep-2")).containsExactly("PENDING", null);
            assertThat(harness.sandbox().contacts(harness.sandbox().config().locationId())).isEmpty();
        }
    }

    @Test
    void startupSweepAppliesBacklog() throws Exception {
        try (SyncHarness harness = SyncHarness.withoutRuntime(Map.of("sync.jobs.retry-sweep.cron", NEVER))) {
            harness.seedInbox(List.of(Events.created("evt-sweep-3", "sw3", "Anil Rao", "anil@example.com",
                    "+919830050003")));
            harness.startRuntime();

            harness.awaitIdle();

            assertThat(harness.components().inbox().statusOf("evt-sweep-3")).containsExactly("DONE", "created");
            assertThat(harness.components().jobRuns().runs("retry-sweep", 10)).isEmpty();
        }
    }
}
