package org.privyrghlsync.store;

import java.time.Instant;

/**
 * One run of a scheduled job as stored in {@code job_run}: its scheduled fire time, the node that ran it, and when it
 * started and ended. {@code result} is {@code running}, {@code ok} or {@code failed}; {@code countsJson} is a JSON
 * object of counts, or null while the run has not ended.
 */
public record JobRun(
        String jobName,
        Instant fireTime,
        String node,
        Instant startedAt,
        Instant endedAt,
        String result,
        String countsJson,
        String error) {

    public static final String RUNNING = "running";
    public static final String OK = "ok";
    public static final String FAILED = "failed";
}
