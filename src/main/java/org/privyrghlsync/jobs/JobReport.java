package org.privyrghlsync.jobs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The report of one run of a scheduled job: named counts of what it found and changed, and a failure reason when the
 * run failed without throwing, such as a mailbox poll that could not connect. {@link JobRunRecorder} binds a report
 * to the thread that runs the job and stores it in {@code job_run} when the run ends. Job code reaches it with
 * {@link #current()}.
 */
public final class JobReport {

    private static final ThreadLocal<JobReport> CURRENT = new ThreadLocal<>();

    private final Map<String, Long> counts = new LinkedHashMap<>();
    private String failure;

    /**
     * Returns the report of the job run on the calling thread. Outside a job run, such as the sweep at start-up, it
     * returns a new report that nothing reads.
     */
    public static JobReport current() {
        JobReport report = CURRENT.get();
        return report != null ? report : new JobReport();
    }

    static void bind(JobReport report) {
        CURRENT.set(report);
    }

    static void unbind() {
        CURRENT.remove();
    }

    /** Adds {@code amount} to the named count, creating it at 0 first. */
    public synchronized JobReport add(String name, long amount) {
        counts.merge(name, amount, Long::sum);
        return this;
    }

    /** Sets the named count. */
    public synchronized JobReport set(String name, long value) {
        counts.put(name, value);
        return this;
    }

    /** Marks the run failed with this reason; the first reason given is kept. */
    public synchronized void fail(String reason) {
        if (failure == null) {
            failure = reason;
        }
    }

    /** Returns the counts in the order they were first set. */
    public synchronized Map<String, Long> counts() {
        return new LinkedHashMap<>(counts);
    }

    /** Returns the failure reason, or null when the run did not fail. */
    public synchronized String failure() {
        return failure;
    }

    /** Returns true when every count is 0 and the run did not fail: the run found nothing to do. */
    public synchronized boolean idle() {
        return failure == null && counts.values().stream().allMatch(count -> count == 0);
    }

    /** Returns the counts as {@code name=value} pairs for a log line, such as "checked=12, missing=1". */
    public synchronized String describeCounts() {
        if (counts.isEmpty()) {
            return "no counts";
        }
        StringBuilder text = new StringBuilder();
        counts.forEach((name, value) -> {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(name).append('=').append(value);
        });
        return text.toString();
    }
}
