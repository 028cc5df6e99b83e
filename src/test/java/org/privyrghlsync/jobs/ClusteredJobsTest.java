package org.privyrghlsync.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.mailbox.MailFixtures;
import org.privyrghlsync.runtime.Components;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.store.ClusterNode;
import org.privyrghlsync.store.JobRun;
import org.privyrghlsync.store.JobRunStore;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

/**
 * Two runtimes share one PostgreSQL database, as two nodes of a deployment would, with every job firing each second.
 * Each fire time of each job must run on exactly one node, and when one node stops the other must run the next fire
 * times.
 */
class ClusteredJobsTest {

    private static final String MAIL_USER = "leads@example.com";
    private static final String MAIL_PASSWORD = "cluster-Test-Passw0rd";
    /** Jobs that Quartz never runs twice at once, so each of their fire times runs, one after the other. */
    private static final List<String> NON_CONCURRENT_JOBS = List.of("retry-sweep", "token-keepalive",
            "contact-reconcile");
    private static final List<String> ALL_JOBS = List.of("retry-sweep", "privyr-mailbox", "token-keepalive",
            "contact-reconcile");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static EmbeddedPostgres postgres;
    private static GreenMail greenMail;

    @BeforeAll
    static void startServers() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE cluster_jobs");
        }
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
        greenMail.start();
        greenMail.setUser(MAIL_USER, MAIL_USER, MAIL_PASSWORD);
    }

    @AfterAll
    static void stopServers() throws Exception {
        greenMail.stop();
        postgres.close();
    }

    @Test
    void fireTimeRunsOnceAndFailsOver() throws Exception {
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder(), settings("node-a"));
                SyncHarness.ExtraRuntime second = harness.startExtraRuntime(Map.of("sync.jobs.node-id", "node-b"))) {
            Components nodeA = harness.components();
            Components nodeB = second.runtime().components();
            JobRunStore store = nodeA.jobRuns();
            Instant bothStarted = Instant.now();
            harness.post(Events.created("evt-cluster-1", "cl1", "Meera Shah", "meera@example.com", "+919830060001"));
            greenMail.getUserManager().getUser(MAIL_USER).deliver(MailFixtures.load("alert-tracking-link.eml"));

            await().atMost(WAIT).until(() -> ALL_JOBS.stream()
                    .allMatch(job -> runsFiredAfter(store, job, bothStarted).size() >= 3));
            List<String> nodesBeforeStop = store.nodes().stream().map(ClusterNode::node).toList();

            // Stop the node that ran the latest retry sweep, so that the other one has to take its fire times over.
            String stoppedNode = store.runs("retry-sweep", 1).get(0).node();
            Components remaining = stoppedNode.equals("node-a") ? nodeB : nodeA;
            JobRunRecorder stoppedRecorder = stoppedNode.equals("node-a") ? nodeA.jobRecorder() : nodeB.jobRecorder();
            if (stoppedNode.equals("node-a")) {
                harness.stopRuntime();
            } else {
                second.runtime().close();
            }
            Instant stoppedAt = Instant.now();
            JobRunStore runs = remaining.jobRuns();
            await().atMost(WAIT).until(() -> ALL_JOBS.stream()
                    .allMatch(job -> endedRunsFiredAfter(runs, job, stoppedAt).size() >= 3));

            assertThat(nodesBeforeStop).contains("node-a", "node-b");
            assertThat(stoppedRecorder.duplicateFires()).isZero();
            assertThat(remaining.jobRecorder().duplicateFires()).isZero();
            for (String job : NON_CONCURRENT_JOBS) {
                List<Instant> fireTimes = runsFiredAfter(runs, job, bothStarted).stream().map(JobRun::fireTime)
                        .sorted().toList();
                for (int i = 1; i < fireTimes.size(); i++) {
                    assertThat(Duration.between(fireTimes.get(i - 1), fireTimes.get(i))).as("%s after %s", job,
                            fireTimes.get(i - 1)).isEqualTo(Duration.ofSeconds(1));
                }
            }
            for (String job : ALL_JOBS) {
                List<JobRun> afterStop = endedRunsFiredAfter(runs, job, stoppedAt);
                assertThat(afterStop).as(job).extracting(JobRun::node).containsOnly(remaining.nodeId());
                assertThat(afterStop).as(job).extracting(JobRun::result).containsOnly(JobRun.OK);
                // The stopped node released its triggers, so the remaining one fires at its next acquisition,
                // within 0.3 s in a run alone. A run beside other CPU-bound work took 8 s.
                JobRun firstAfterStop = afterStop.get(afterStop.size() - 1);
                assertThat(Duration.between(stoppedAt, firstAfterStop.startedAt())).as(job)
                        .isLessThan(Duration.ofSeconds(15));
            }
            List<JobRun> polls = runs.runs("privyr-mailbox", 1000);
            long stored = polls.stream().filter(run -> run.countsJson() != null)
                    .filter(run -> run.countsJson().contains("\"stored\":1")).count();
            assertThat(stored).isEqualTo(1);
            assertThat(remaining.inbox().statusOf("mail-alert-58200417")).isNotNull();
            assertThat(polls.stream().collect(Collectors.groupingBy(JobRun::fireTime, Collectors.counting())))
                    .allSatisfy((fireTime, count) -> assertThat(count).as("polls at %s", fireTime).isEqualTo(1));
        }
    }

    /** Returns the runs of {@code job} whose fire time is after {@code time}, latest first. */
    private static List<JobRun> runsFiredAfter(JobRunStore store, String job, Instant time) {
        return store.runs(job, 1000).stream().filter(run -> run.fireTime().isAfter(time)).toList();
    }

    /** Returns the runs of {@code job} that have ended and whose fire time is after {@code time}, latest first. */
    private static List<JobRun> endedRunsFiredAfter(JobRunStore store, String job, Instant time) {
        return runsFiredAfter(store, job, time).stream().filter(run -> run.endedAt() != null).toList();
    }

    private static Map<String, String> settings(String node) {
        Map<String, String> settings = new HashMap<>();
        settings.put("sync.datasource.url", postgres.getJdbcUrl("postgres", "cluster_jobs"));
        settings.put("sync.datasource.user", "postgres");
        settings.put("sync.datasource.password", "postgres");
        // One token key for both runtimes, because they share the token rows.
        settings.put("sync.token-encryption-key", Base64.getEncoder().encodeToString(new byte[32]));
        settings.put("sync.jobs.node-id", node);
        settings.put("sync.jobs.checkin-interval-ms", "500");
        for (String cronKey : List.of("sync.jobs.retry-sweep.cron", "ghl.token-keepalive.cron",
                "sync.jobs.contact-reconcile.cron", "privyr.mailbox.cron")) {
            settings.put(cronKey, "* * * * * ?");
        }
        settings.put("sync.jobs.contact-reconcile.checks-per-second", "0");
        settings.putAll(Map.of("privyr.mailbox.host", "127.0.0.1", "privyr.mailbox.protocol", "imap",
                "privyr.mailbox.port", Integer.toString(greenMail.getImap().getPort()),
                "privyr.mailbox.starttls", "false", "privyr.mailbox.user", MAIL_USER,
                "privyr.mailbox.password", MAIL_PASSWORD, "privyr.mailbox.timeout-ms", "5000"));
        return settings;
    }
}
