package org.privyrghlsync.jobs;

import java.util.Optional;

/**
 * The product's scheduled jobs. Each is a camel-quartz route in {@code routes/} whose trigger is named after the job,
 * in trigger group {@link #GROUP}, with its Quartz cron expression in the configuration key {@link #cronKey()}.
 */
public enum ScheduledJob {

    /** Reads due events from the store: retries whose next attempt has come, and events the lanes left there. */
    RETRY_SWEEP("retry-sweep", "sync.jobs.retry-sweep.cron", true),
    /** Polls the Privyr lead-alert mailbox; only scheduled while privyr.mailbox.host is set. */
    PRIVYR_MAILBOX("privyr-mailbox", "privyr.mailbox.cron", true),
    /** Refreshes the OAuth tokens of locations that had no refresh for a while. */
    TOKEN_KEEPALIVE("token-keepalive", "ghl.token-keepalive.cron", false),
    /** Checks that each linked GHL contact still exists, and replaces the missing ones. */
    CONTACT_RECONCILE("contact-reconcile", "sync.jobs.contact-reconcile.cron", false);

    /** Quartz trigger group of the product's jobs. */
    public static final String GROUP = "privyr-ghl-sync";

    private final String jobName;
    private final String cronKey;
    private final boolean frequent;

    ScheduledJob(String jobName, String cronKey, boolean frequent) {
        this.jobName = jobName;
        this.cronKey = cronKey;
        this.frequent = frequent;
    }

    /** Returns the job's name, which is also its Quartz trigger name and its route id. */
    public String jobName() {
        return jobName;
    }

    /** Returns the configuration key of the job's Quartz cron expression. */
    public String cronKey() {
        return cronKey;
    }

    /**
     * Returns true for jobs that run every few seconds or minutes by default. Their runs that find nothing to do are
     * logged at DEBUG, so that an idle runtime does not fill its log.
     */
    public boolean frequent() {
        return frequent;
    }

    /** Returns the job with this name. */
    public static Optional<ScheduledJob> named(String name) {
        for (ScheduledJob job : values()) {
            if (job.jobName.equals(name)) {
                return Optional.of(job);
            }
        }
        return Optional.empty();
    }
}
