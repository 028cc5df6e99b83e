package org.privyrghlsync.store;

import java.time.Instant;

/**
 * The Quartz trigger of a scheduled job as stored in the job store's tables: its cron expression and time zone
 * (null for a trigger of another type), its next and previous fire times (null when none) and Quartz's trigger state,
 * such as {@code WAITING}, {@code ACQUIRED} or {@code BLOCKED}.
 */
public record JobSchedule(
        String jobName,
        String cron,
        String timeZone,
        Instant nextFireTime,
        Instant previousFireTime,
        String state) {
}
