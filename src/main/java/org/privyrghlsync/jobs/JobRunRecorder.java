package org.privyrghlsync.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.privyrghlsync.mapping.Masking;
import org.privyrghlsync.store.JobRun;
import org.privyrghlsync.store.JobRunStore;
import org.privyrghlsync.store.StoreException;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;
import org.quartz.Trigger;
import org.quartz.Trigger.CompletedExecutionInstruction;
import org.quartz.TriggerListener;
import org.quartz.spi.OperableTrigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each run of a scheduled job in {@code job_run} and logs its start, end and counts. It listens to the
 * triggers of {@link ScheduledJob#GROUP} and to every job on the node's Quartz scheduler.
 *
 * <p>Before a job runs, the recorder inserts the run's row, keyed by job and scheduled fire time. When the row exists
 * already, another node has run that fire time, and the recorder vetoes the run here; the clustered job store should
 * never let that happen, and {@link #duplicateFires()} counts it if it does. It also vetoes a fire while an earlier
 * run of the same job still runs on a node that checks in with the cluster. The mailbox poll needs that, because
 * camel-quartz cannot mark its poll job as non-concurrent; the other jobs are non-concurrent in Quartz already.
 */
public final class JobRunRecorder implements TriggerListener, JobListener {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunRecorder.class);
    private static final String REPORT_KEY = JobRunRecorder.class.getName() + ".report";
    private static final Duration PRUNE_INTERVAL = Duration.ofHours(1);

    private final JobRunStore store;
    private final String node;
    private final Duration history;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong duplicateFires = new AtomicLong();
    private volatile Instant nextPrune = Instant.MIN;

    /**
     * @param node this runtime's Quartz instance id, stored with each run
     * @param history how long ended runs are kept (sync.jobs.history-days)
     */
    public JobRunRecorder(JobRunStore store, String node, Duration history, Clock clock) {
        this.store = store;
        this.node = node;
        this.history = history;
        this.clock = clock;
    }

    @Override
    public String getName() {
        return "privyr-ghl-sync-job-runs";
    }

    /** Returns how many fires this node skipped because another node had run the same fire time already. */
    public long duplicateFires() {
        return duplicateFires.get();
    }

    @Override
    public void triggerFired(Trigger trigger, JobExecutionContext context) {
        // The run is recorded in vetoJobExecution, which Quartz calls right after this on the same thread.
    }

    @Override
    public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
        String jobName = trigger.getKey().getName();
        Instant fireTime = context.getScheduledFireTime().toInstant();
        try {
            int abandoned = store.failAbandoned(jobName, clock.instant());
            if (abandoned > 0) {
                LOG.warn("Marked {} run(s) of job {} failed, because their node stopped checking in with the"
                        + " cluster before they ended", abandoned, jobName);
            }
            Optional<JobRun> running = store.runningOnLiveNode(jobName);
            if (running.isPresent()) {
                LOG.info("Job {} skips its fire time {} on node {}: its run for {} on node {} has not ended yet",
                        jobName, fireTime, node, running.get().fireTime(), running.get().node());
                return true;
            }
            if (!store.start(jobName, fireTime, node, clock.instant())) {
                duplicateFires.incrementAndGet();
                LOG.warn("Job {} for fire time {} was run by another node already, so node {} skips it", jobName,
                        fireTime, node);
                return true;
            }
        } catch (StoreException e) {
            LOG.warn("Job {} skips its fire time {} on node {}, because recording the run failed: {}", jobName,
                    fireTime, node, e.getMessage());
            return true;
        }
        JobReport report = new JobReport();
        context.put(REPORT_KEY, report);
        JobReport.bind(report);
        if (frequent(jobName)) {
            LOG.debug("Job {} started on node {} for fire time {}", jobName, node, fireTime);
        } else {
            LOG.info("Job {} started on node {} for fire time {}", jobName, node, fireTime);
        }
        return false;
    }

    /**
     * Logs a missed fire time. Quartz calls this before it applies the trigger's misfire instruction, so the trigger's
     * next fire time is still the earliest fire time that was missed.
     */
    @Override
    public void triggerMisfired(Trigger trigger) {
        LOG.info("Job {} missed its fire time {} and any later ones until now, because no node started it within"
                + " Quartz's misfire threshold of 60 seconds (org.quartz.jobStore.misfireThreshold), for example"
                + " because every node was stopped or its previous run had not ended. {}", trigger.getKey().getName(),
                trigger.getNextFireTime() == null ? "unknown" : trigger.getNextFireTime().toInstant(),
                describeMisfireOutcome(trigger));
    }

    /**
     * Returns what Quartz does after the misfire, found by applying the trigger's misfire instruction to a copy of
     * the trigger. The product's triggers use no Quartz calendar, so none is passed.
     */
    private static String describeMisfireOutcome(Trigger trigger) {
        if (!(trigger instanceof OperableTrigger operable)) {
            return "Quartz applies the trigger's misfire instruction";
        }
        OperableTrigger copy = (OperableTrigger) operable.clone();
        copy.updateAfterMisfire(null);
        Date next = copy.getNextFireTime();
        if (next == null) {
            return "It has no later fire time, so it does not run again";
        }
        // Quartz sets a fire time of now from the system clock, not from this recorder's clock.
        if (!next.after(new Date())) {
            return "It runs once now in their place, then keeps its schedule";
        }
        return "It skips them and runs next at " + next.toInstant();
    }

    @Override
    public void triggerComplete(Trigger trigger, JobExecutionContext context,
            CompletedExecutionInstruction instruction) {
        // jobWasExecuted has recorded the run's end already.
    }

    @Override
    public void jobToBeExecuted(JobExecutionContext context) {
        // The run was recorded in vetoJobExecution.
    }

    @Override
    public void jobExecutionVetoed(JobExecutionContext context) {
        // vetoJobExecution logged why.
    }

    @Override
    public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
        if (!(context.get(REPORT_KEY) instanceof JobReport report)) {
            // Not a job of this product's trigger group.
            return;
        }
        JobReport.unbind();
        String jobName = context.getTrigger().getKey().getName();
        Instant fireTime = context.getScheduledFireTime().toInstant();
        Instant endedAt = clock.instant();
        String error = failure != null ? describe(failure) : report.failure();
        String result = error == null ? JobRun.OK : JobRun.FAILED;
        try {
            store.finish(jobName, fireTime, result, countsJson(report), error, endedAt);
        } catch (StoreException e) {
            LOG.warn("Recording the end of job {} for fire time {} failed; the run stays 'running' in job_run until"
                    + " this node stops: {}", jobName, fireTime, e.getMessage());
        }
        logEnd(jobName, fireTime, report, error, failure != null,
                Duration.between(context.getFireTime().toInstant(), endedAt));
        pruneWhenDue(endedAt);
    }

    /**
     * Logs the end of a run. A job that reported its own failure has logged a warning with the details already, so
     * its end is logged at INFO; a failure that the job threw is logged here at WARN.
     */
    private void logEnd(String jobName, Instant fireTime, JobReport report, String error, boolean thrown,
            Duration took) {
        if (error != null && thrown) {
            LOG.warn("Job {} failed on node {} after {} ms (fire time {}): {}; counts: {}", jobName, node,
                    took.toMillis(), fireTime, error, report.describeCounts());
        } else if (error != null) {
            LOG.info("Job {} ended failed on node {} after {} ms (fire time {}): {}; counts: {}", jobName, node,
                    took.toMillis(), fireTime, error, report.describeCounts());
        } else if (frequent(jobName) && report.idle()) {
            LOG.debug("Job {} ended ok on node {} after {} ms (fire time {}): {}", jobName, node, took.toMillis(),
                    fireTime, report.describeCounts());
        } else {
            LOG.info("Job {} ended ok on node {} after {} ms (fire time {}): {}", jobName, node, took.toMillis(),
                    fireTime, report.describeCounts());
        }
    }

    /** Deletes runs older than the history, at most once per hour on each node. */
    private void pruneWhenDue(Instant now) {
        if (now.isBefore(nextPrune)) {
            return;
        }
        nextPrune = now.plus(PRUNE_INTERVAL);
        try {
            int deleted = store.deleteEndedBefore(now.minus(history));
            if (deleted > 0) {
                LOG.info("Deleted {} job runs older than {} days from job_run", deleted, history.toDays());
            }
        } catch (StoreException e) {
            LOG.warn("Deleting old job runs failed; the next run tries again in an hour: {}", e.getMessage());
        }
    }

    private String countsJson(JobReport report) {
        try {
            return json.writeValueAsString(report.counts());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Counts of a job run cannot be written as JSON", e);
        }
    }

    private static boolean frequent(String jobName) {
        return ScheduledJob.named(jobName).map(ScheduledJob::frequent).orElse(false);
    }

    /** Returns the innermost cause's class and message, with personal data masked. */
    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + Masking.maskPersonalData(root.getMessage());
        return root.getClass().getSimpleName() + message;
    }
}
