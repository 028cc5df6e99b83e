package org.privyrghlsync.sync;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.privyrghlsync.ghl.DailyBudgetSpentException;
import org.privyrghlsync.ghl.GhlClient;
import org.privyrghlsync.ghl.GhlException;
import org.privyrghlsync.ghl.GhlRateLimiter;
import org.privyrghlsync.ghl.TokenRefreshException;
import org.privyrghlsync.jobs.JobReport;
import org.privyrghlsync.mapping.MappedContact;
import org.privyrghlsync.mapping.Masking;
import org.privyrghlsync.store.ContactLink;
import org.privyrghlsync.store.DeadLetter;
import org.privyrghlsync.store.InboxEntry;
import org.privyrghlsync.store.InboxStatus;
import org.privyrghlsync.store.InboxStore;
import org.privyrghlsync.store.LeaseClaim;
import org.privyrghlsync.store.LeaseLostException;
import org.privyrghlsync.store.SyncLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code contact-reconcile} job: walks the contact links in pages and checks with {@code GET /contacts/{id}}
 * that each linked GHL contact still exists. A contact deleted or merged in GHL is handled as the sync handles it,
 * per {@code sync.missing-contact}: {@code relink} and {@code recreate} link the client to the contact found or made,
 * and {@code dead-letter} records a dead letter for the event last applied to the client and marks the link, so that
 * a replay of that dead letter replaces the contact.
 *
 * <p>Every call goes through {@link GhlClient}, so it passes the location's rate limiter and token handling like the
 * sync's calls. The checks are paced to {@code checksPerSecond} to leave most of each location's budget to events.
 * A location whose daily budget is down to its reserve, or that has no token, is skipped for the rest of the run.
 * The link is changed under the client's lock from {@link ClientLocks}, after reading it again, so that an event of
 * the same client that this runtime applies meanwhile is not overwritten. Only a runtime that holds the client's
 * partition ({@link PartitionOwnership}) changes the link, under the partition's lease, so no other runtime applies an
 * event of the client meanwhile.
 *
 * <p>The run's report has the counts {@code checked}, {@code missing}, {@code relinked}, {@code recreated},
 * {@code dead_lettered}, {@code skipped} and {@code errors}, and {@code not_held} when missing contacts were left to
 * the runtime that holds their clients' partitions. A run with errors ends as failed.
 */
public final class ContactReconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(ContactReconciliation.class);

    private final SyncLedger ledger;
    private final InboxStore inbox;
    private final GhlClient ghl;
    private final GhlContacts contacts;
    private final GhlRateLimiter limiter;
    private final ClientLocks clientLocks;
    private final int pageSize;
    private final long checkIntervalNanos;
    private final Clock clock;
    private final PartitionOwnership partitions;
    private volatile boolean stopping;

    /**
     * @param pageSize links read from the store at a time
     * @param checksPerSecond checks started per second at most; 0 leaves the pace to the rate limiter alone
     */
    public ContactReconciliation(SyncLedger ledger, InboxStore inbox, GhlClient ghl, GhlContacts contacts,
            GhlRateLimiter limiter, ClientLocks clientLocks, int pageSize, int checksPerSecond, Clock clock) {
        this(ledger, inbox, ghl, contacts, limiter, clientLocks, pageSize, checksPerSecond, clock,
                PartitionOwnership.ALL);
    }

    /**
     * Creates a reconciliation that replaces only the missing contacts of clients whose partitions {@code partitions}
     * holds.
     */
    public ContactReconciliation(SyncLedger ledger, InboxStore inbox, GhlClient ghl, GhlContacts contacts,
            GhlRateLimiter limiter, ClientLocks clientLocks, int pageSize, int checksPerSecond, Clock clock,
            PartitionOwnership partitions) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("sync.jobs.contact-reconcile.page-size must be at least 1, got "
                    + pageSize);
        }
        if (checksPerSecond < 0) {
            throw new IllegalArgumentException("sync.jobs.contact-reconcile.checks-per-second must be 0 or more, got "
                    + checksPerSecond);
        }
        this.ledger = ledger;
        this.inbox = inbox;
        this.ghl = ghl;
        this.contacts = contacts;
        this.limiter = limiter;
        this.clientLocks = clientLocks;
        this.pageSize = pageSize;
        this.checkIntervalNanos = checksPerSecond == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / checksPerSecond;
        this.clock = clock;
        this.partitions = partitions;
    }

    /** Makes a running reconciliation end after its current check, because the runtime stops. */
    public void stop() {
        stopping = true;
    }

    /** Checks every contact link once and reports the counts to the job's report. */
    public void run() {
        Run run = new Run(JobReport.current());
        String afterLocation = null;
        String afterClient = null;
        List<ContactLink> page;
        do {
            page = ledger.linksAfter(afterLocation, afterClient, pageSize);
            for (ContactLink link : page) {
                if (stopping || Thread.currentThread().isInterrupted()) {
                    LOG.info("Contact reconciliation stopped after {} checks, because the runtime stops",
                            run.checked);
                    run.finish();
                    return;
                }
                check(run, link);
            }
            if (!page.isEmpty()) {
                afterLocation = page.get(page.size() - 1).locationId();
                afterClient = page.get(page.size() - 1).clientId();
            }
        } while (page.size() == pageSize);
        run.finish();
    }

    private void check(Run run, ContactLink link) {
        String locationId = link.locationId();
        if (run.skippedLocations.contains(locationId) || limiter.isPaused(locationId)) {
            run.skip(locationId, "its daily GHL budget is down to the reserve");
            return;
        }
        if (link.contactMissingAt() != null) {
            // An earlier run found it missing under the dead-letter policy; a replay of its dead letter replaces it.
            run.report.add("skipped", 1);
            return;
        }
        run.pace();
        try {
            ghl.send(locationId, "GET", "/contacts/" + link.contactId(), null, null);
            run.report.add("checked", 1);
            run.checked++;
        } catch (GhlException e) {
            run.report.add("checked", 1);
            run.checked++;
            if (!GhlContacts.isMissingContact(e, true)) {
                run.error("Checking contact " + link.contactId() + " of client " + link.clientId() + " in location "
                        + locationId + " failed: " + e.getMessage());
                return;
            }
            run.report.add("missing", 1);
            replaceMissing(run, link, e);
        } catch (DailyBudgetSpentException e) {
            run.skip(locationId, "its daily GHL budget is spent");
        } catch (TokenRefreshException e) {
            run.skip(locationId, "it has no valid token: " + e.getMessage());
        }
    }

    /**
     * Replaces the missing contact under the client's lock and partition lease, unless an event replaced it meanwhile.
     * A client of a partition that another runtime holds is left to that runtime: the client's next event there
     * replaces the contact, as does a run of this job there.
     */
    private void replaceMissing(Run run, ContactLink checked, GhlException cause) {
        String key = InboxEntry.orderingKey(checked.locationId(), checked.clientId());
        clientLocks.withLock(key, () -> {
            LeaseClaim claim = partitions.claim(PartitionOwnership.partitionOf(key));
            if (claim == null) {
                leaveToOwner(run, checked);
                return null;
            }
            Optional<ContactLink> current = ledger.findLink(checked.locationId(), checked.clientId());
            if (current.isEmpty() || !current.get().contactId().equals(checked.contactId())
                    || current.get().contactMissingAt() != null) {
                LOG.info("Contact {} of client {} in location {} was replaced by an event during the contact"
                        + " reconciliation; nothing more to do", checked.contactId(), checked.clientId(),
                        checked.locationId());
                return null;
            }
            try {
                if (contacts.missingContactPolicy() == MissingContactPolicy.DEAD_LETTER) {
                    deadLetter(run, current.get(), cause, claim);
                } else {
                    replace(run, current.get(), cause, claim);
                }
            } catch (LeaseLostException e) {
                leaveToOwner(run, checked);
            } catch (GhlException e) {
                run.error("Replacing missing contact " + checked.contactId() + " of client " + checked.clientId()
                        + " in location " + checked.locationId() + " failed: " + e.getMessage());
            } catch (ContactCreatePendingException e) {
                // Only this client waits: a later run or the client's next event creates or finds its contact.
                run.report.add("skipped", 1);
                LOG.info("Contact reconciliation skips client {} of location {}: {}", checked.clientId(),
                        checked.locationId(), e.getMessage());
            } catch (DailyBudgetSpentException e) {
                run.skip(checked.locationId(), "its daily GHL budget is spent");
            } catch (TokenRefreshException e) {
                run.skip(checked.locationId(), "it has no valid token: " + e.getMessage());
            }
            return null;
        });
    }

    private void leaveToOwner(Run run, ContactLink link) {
        run.report.add("not_held", 1);
        LOG.info("Contact reconciliation leaves missing contact {} of client {} in location {} to the node that holds"
                + " the client's partition; the client's next event there replaces it", link.contactId(),
                link.clientId(), link.locationId());
    }

    private void replace(Run run, ContactLink link, GhlException cause, LeaseClaim claim) {
        GhlContacts.Written replacement = contacts.replaceMissing(link.locationId(), link.clientId(),
                link.contactId(), MappedContact.fromJson(link.lastPushedJson()), cause);
        if (!ledger.replaceContact(link, replacement.contactId(), replacement.pushed().toJson(), claim)) {
            run.error("Client " + link.clientId() + " in location " + link.locationId() + " was linked anew while"
                    + " contact " + replacement.contactId() + " replaced its missing contact " + link.contactId()
                    + "; check GHL for a duplicate contact");
            return;
        }
        run.report.add(replacement.created() ? "recreated" : "relinked", 1);
    }

    /** Records a dead letter for the event last applied to the link and marks the contact missing. */
    private void deadLetter(Run run, ContactLink link, GhlException cause, LeaseClaim claim) {
        Optional<InboxEntry> last = inbox.findByEventId(link.lastEventId());
        String[] status = inbox.statusOf(link.lastEventId());
        if (last.isEmpty() || status == null || !InboxStatus.DONE.name().equals(status[0])) {
            run.error("GHL contact " + link.contactId() + " of client " + link.clientId() + " in location "
                    + link.locationId() + " no longer exists, but its last event " + link.lastEventId() + " is not"
                    + " stored as done, so no dead letter was recorded; the client's next event records one");
            return;
        }
        String reason = "GHL contact " + link.contactId() + " of client " + link.clientId() + " no longer exists"
                + " (deleted or merged in GHL); the contact reconciliation found it missing. sync.missing-contact is"
                + " dead-letter, so nothing was changed in GHL. Set sync.missing-contact to relink or recreate, then"
                + " replay this dead letter";
        DeadLetter letter = DeadLetter.of(last.get(), reason, cause.status(), cause.ghlMessage(),
                cause.responseBody(), last.get().attempts());
        if (ledger.recordMissingContact(link, last.get(), letter, clock.instant(), claim)) {
            run.report.add("dead_lettered", 1);
            LOG.warn("GHL contact {} of client {} in location {} no longer exists; recorded a dead letter for event {}"
                    + " because sync.missing-contact is dead-letter", link.contactId(), link.clientId(),
                    link.locationId(), link.lastEventId());
        }
    }

    /** Counts and pacing of one run. */
    private final class Run {

        private final JobReport report;
        private final Set<String> skippedLocations = new HashSet<>();
        private long checked;
        private long errors;
        private String firstError;
        private long nextCheckNanos = System.nanoTime();

        Run(JobReport report) {
            this.report = report;
            for (String name : List.of("checked", "missing", "relinked", "recreated", "dead_lettered", "skipped",
                    "errors")) {
                report.set(name, 0);
            }
        }

        /** Waits until the next check may start under the checks-per-second pace. */
        void pace() {
            long wait = nextCheckNanos - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            nextCheckNanos = Math.max(nextCheckNanos, System.nanoTime()) + checkIntervalNanos;
        }

        void skip(String locationId, String reason) {
            report.add("skipped", 1);
            if (skippedLocations.add(locationId)) {
                LOG.warn("Contact reconciliation skips the other contacts of location {} in this run, because {}",
                        locationId, reason);
            }
        }

        void error(String message) {
            String masked = Masking.maskPersonalData(message);
            errors++;
            report.add("errors", 1);
            if (firstError == null) {
                firstError = masked;
            }
            LOG.warn(masked);
        }

        void finish() {
            if (errors > 0) {
                report.fail(errors + " of " + checked + " checks or replacements failed; the first: " + firstError);
            }
        }
    }
}
