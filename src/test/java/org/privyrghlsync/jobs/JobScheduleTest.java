package org.privyrghlsync.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.store.JobSchedule;
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
