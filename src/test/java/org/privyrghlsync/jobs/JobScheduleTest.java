package org.privyrghlsync.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.store.JobSchedule;
import org.privyrghlsync.testing.LogCapture;
import org.privyrghlsync.testing.SyncHarness;

/** The cron schedule of each job comes from application.properties and can be overridden like any key. */
class JobScheduleTest {

    @Test
    void schedulesComeFromApplicationProperties() throws Exception {
        Properties shipped = shippedProperties();
        try (SyncHarness harness = SyncHarness.withoutRuntime(Map.of("privyr.mailbox.host", "127.0.0.1",
                "privyr.mailbox.user", "leads@example.com", "privyr.mailbox.password", "unused-password"))) {
            harness.removeOverride("sync.jobs.retry-sweep.cron");
            harness.startRuntime();

            Map<String, JobSchedule> schedules = schedules(harness);

            for (String job : new String[] {"retry-sweep", "token-keepalive", "contact-reconcile"}) {
                String key = ScheduledJob.named(job).orElseThrow().cronKey();
                assertThat(schedules.get(job).cron()).as(job).isEqualTo(shipped.getProperty(key));
                assertThat(schedules.get(job).nextFireTime()).as(job).isNotNull();
            }
            // The mailbox key defaults to PRIVYR_MAILBOX_CRON, else to the cron after the colon.
            assertThat(shipped.getProperty("privyr.mailbox.cron")).endsWith(":0 * * * * ?}}");
            assertThat(schedules.get("privyr-mailbox").cron()).isEqualTo("0 * * * * ?");
            assertThat(schedules).hasSize(4);
        }
    }

    @Test
    void changedCronReschedulesStoredJob() throws Exception {
        try (SyncHarness harness = SyncHarness.withoutRuntime(Map.of("privyr.mailbox.host", "127.0.0.1",
                "privyr.mailbox.user", "leads@example.com", "privyr.mailbox.password", "unused-password"))) {
            harness.startRuntime();
            harness.setOverride("sync.jobs.contact-reconcile.cron", "0 15 5 * * ?");
            harness.setOverride("privyr.mailbox.host", "");

            harness.restart();
            Map<String, JobSchedule> schedules = schedules(harness);

            JobSchedule reconcile = schedules.get("contact-reconcile");
            assertThat(reconcile.cron()).isEqualTo("0 15 5 * * ?");
            assertThat(reconcile.nextFireTime().atZone(ZoneId.systemDefault()).toLocalTime())
                    .isEqualTo(LocalTime.of(5, 15));
            assertThat(schedules).as("the mailbox schedule is removed with its route").doesNotContainKey(
                    "privyr-mailbox");
            assertThat(schedules).containsKeys("retry-sweep", "token-keepalive", "contact-reconcile");
        }
    }

    @Test
    void missedFireTimeLogNamesOutcome() throws Exception {
        try (SyncHarness harness = SyncHarness.withoutRuntime(Map.of("privyr.mailbox.host", "127.0.0.1",
                "privyr.mailbox.user", "leads@example.com", "privyr.mailbox.password", "unused-password"))) {
            harness.startRuntime();
            harness.stopRuntime();
            // As if every node had been stopped for ten minutes, so that the stored next fire time has long passed.
            Instant missed = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(10));
            setNextFireTime(harness, "privyr-mailbox", missed);

            try (LogCapture logs = new LogCapture()) {
                harness.startRuntime();

                await().atMost(Duration.ofSeconds(30)).until(() -> logs.lines().stream()
                        .anyMatch(line -> line.startsWith("Job privyr-mailbox missed")));
                String line = logs.lines().stream().filter(text -> text.startsWith("Job privyr-mailbox missed"))
                        .findFirst().orElseThrow();
                assertThat(line).contains("missed its fire time " + missed + " and any later ones until now");
                assertThat(line).endsWith("It runs once now in their place, then keeps its schedule");
            }
        }
    }

    /** Sets the next fire time of a job's trigger in Quartz's table while no runtime is running. */
    private static void setNextFireTime(SyncHarness harness, String job, Instant nextFireTime) throws SQLException {
        try (Connection connection = DriverManager.getConnection(harness.storeUrl(), "", "");
                PreparedStatement update = connection.prepareStatement("UPDATE qrtz_triggers SET next_fire_time = ?"
                        + " WHERE trigger_group = ? AND trigger_name = ?")) {
            update.setLong(1, nextFireTime.toEpochMilli());
            update.setString(2, ScheduledJob.GROUP);
            update.setString(3, job);
            assertThat(update.executeUpdate()).as("stored triggers of %s", job).isEqualTo(1);
        }
    }

    private static Map<String, JobSchedule> schedules(SyncHarness harness) {
        return harness.components().jobRuns().schedules(ScheduledJob.GROUP).stream()
                .collect(Collectors.toMap(JobSchedule::jobName, schedule -> schedule));
    }

    private static Properties shippedProperties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = JobScheduleTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        return properties;
    }
}
