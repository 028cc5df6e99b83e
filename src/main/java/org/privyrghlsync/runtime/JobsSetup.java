package org.privyrghlsync.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.privyrghlsync.jobs.ClusteredSchedulerFactory;
import org.privyrghlsync.jobs.JobRunRecorder;
import org.privyrghlsync.jobs.ScheduledJob;
import org.privyrghlsync.store.JobRunStore;
import org.privyrghlsync.store.StoreException;
import org.quartz.CronExpression;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code sync.jobs.*} keys and the jobs' cron keys, and gives camel-quartz the clustered scheduler that the
 * scheduled jobs run on ({@link ClusteredSchedulerFactory}), with the recorder of their runs.
 */
final class JobsSetup {

    /** Runtimes created in this JVM, so that the default node id of a second one differs from the first. */
    private static final AtomicInteger RUNTIMES_IN_JVM = new AtomicInteger();
    private static final int MAX_NODE_ID_LENGTH = 120;
    private static final Duration HANDOVER_WAIT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(JobsSetup.class);

    private final ClusteredSchedulerFactory schedulerFactory;
    private final JobRunRecorder recorder;
    private final JobRunStore runs;

    JobsSetup(CamelContext camelContext, Settings settings, DataSource dataSource, Clock clock) {
        for (ScheduledJob job : ScheduledJob.values()) {
            // The mailbox source checks its own cron key, and only while it is enabled.
            if (job != ScheduledJob.PRIVYR_MAILBOX) {
                requireCron(settings, job.cronKey());
            }
        }
        String node = nodeId(settings.text("sync.jobs.node-id"));
        long checkinMillis = settings.number("sync.jobs.checkin-interval-ms");
        if (checkinMillis < 500) {
            throw new IllegalStateException("Configuration key sync.jobs.checkin-interval-ms must be at least 500,"
                    + " got " + checkinMillis + "; it is how often a runtime checks in with the cluster");
        }
        long historyDays = settings.number("sync.jobs.history-days");
        if (historyDays < 1) {
            throw new IllegalStateException("Configuration key sync.jobs.history-days must be at least 1, got "
                    + historyDays + "; it is how many days job_run keeps ended runs");
        }
        runs = new JobRunStore(dataSource, ClusteredSchedulerFactory.SCHEDULER_NAME);
        recorder = new JobRunRecorder(runs, node, Duration.ofDays(historyDays), clock);
        schedulerFactory = new ClusteredSchedulerFactory(dataSource, node, Duration.ofMillis(checkinMillis),
                recorder);
        camelContext.getComponent("quartz", QuartzComponent.class).setSchedulerFactory(schedulerFactory);
    }

    JobRunStore runs() {
        return runs;
    }

    JobRunRecorder recorder() {
        return recorder;
    }

    String node() {
        return schedulerFactory.node();
    }

    /**
     * Removes the stored schedules of jobs that no route of this runtime defines, so that no node fires them. Call it
     * once the routes have started.
     */
    void removeSchedulesWithoutRoute(CamelContext camelContext) {
        Set<String> defined = new LinkedHashSet<>();
        for (ScheduledJob job : ScheduledJob.values()) {
            if (camelContext.getRoute(job.jobName()) != null) {
                defined.add(job.jobName());
            }
        }
        try {
            schedulerFactory.removeSchedulesOtherThan(defined);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Reading the job schedules from the store failed: " + e.getMessage(), e);
        }
    }

    /**
     * Puts the scheduler in standby before the runtime stops, and waits up to {@link #HANDOVER_WAIT} until it has
     * handed back the trigger it acquired for the next fire time. A trigger still acquired by a stopped node stays
     * blocked for the other nodes, and for this runtime's next start, until the cluster counts the node as failed:
     * sync.jobs.checkin-interval-ms plus 7.5 seconds after its last check-in.
     */
    void standby() {
        try {
            if (!schedulerFactory.standby()) {
                return;
            }
            long deadline = System.nanoTime() + HANDOVER_WAIT.toNanos();
            while (runs.acquiredTriggers(node()) > 0 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
        } catch (SchedulerException | StoreException e) {
            LOG.warn("Handing back the acquired job triggers before the stop failed; other nodes run them after"
                    + " this node counts as failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Shuts the scheduler down, waiting for running jobs, before the store closes. Then removes this node from the
     * cluster's nodes, since it no longer checks in, unless {@code removeNode} is false because another live process
     * has the same node id.
     */
    void shutdown(boolean removeNode) {
        try {
            schedulerFactory.shutdown();
        } catch (SchedulerException e) {
            throw new IllegalStateException("Shutting down the job scheduler failed: " + e.getMessage(), e);
        }
        if (!removeNode) {
            return;
        }
        try {
            runs.removeNode(node());
        } catch (StoreException e) {
            LOG.warn("The job listing names node {} until another runtime counts it as failed, because removing it"
                    + " failed: {}", node(), e.getMessage());
        }
    }

    private static void requireCron(Settings settings, String key) {
        String cron = settings.text(key);
        try {
            CronExpression.validateExpression(cron);
        } catch (ParseException e) {
            throw new IllegalStateException("Configuration key " + key + " is not a Quartz cron expression (seconds"
                    + " minutes hours day-of-month month day-of-week), got '" + cron + "': " + e.getMessage(), e);
        }
    }

    /**
     * Returns the configured node id, or the host name and process id, with a counter for a second runtime in this
     * JVM. Quartz needs each runtime of a cluster to have its own id.
     */
    static String nodeId(String configured) {
        int runtime = RUNTIMES_IN_JVM.incrementAndGet();
        if (!configured.isEmpty()) {
            if (configured.length() > MAX_NODE_ID_LENGTH) {
                throw new IllegalStateException("Configuration key sync.jobs.node-id has more than "
                        + MAX_NODE_ID_LENGTH + " characters; set SYNC_NODE_ID to a shorter name");
            }
            return configured;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        String node = host + "-" + ProcessHandle.current().pid() + (runtime > 1 ? "-" + runtime : "");
        return node.length() <= MAX_NODE_ID_LENGTH ? node : node.substring(node.length() - MAX_NODE_ID_LENGTH);
    }
}
