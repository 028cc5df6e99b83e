package org.privyrghlsync.sync;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.privyrghlsync.events.EnvelopeParser;
import org.privyrghlsync.events.EventEnvelope;
import org.privyrghlsync.events.InvalidEventException;
import org.privyrghlsync.ghl.DailyBudgetSpentException;
import org.privyrghlsync.ghl.GhlException;
import org.privyrghlsync.ghl.TokenRefreshException;
import org.privyrghlsync.mapping.GhlLimitException;
import org.privyrghlsync.mapping.MappingException;
import org.privyrghlsync.mapping.Masking;
import org.privyrghlsync.store.DeadLetter;
import org.privyrghlsync.store.Futures;
import org.privyrghlsync.store.InboxEntry;
import org.privyrghlsync.store.InboxStore;
import org.privyrghlsync.store.LeaseClaim;
import org.privyrghlsync.store.LeaseLostException;
import org.privyrghlsync.store.Outcome;
import org.privyrghlsync.store.SyncLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one stored event through the {@code direct:sync-event} route and records the result: the outcome and id
 * maps on success, a dead letter when GHL rejected the event or retries ran out, or one more attempt on an unexpected
 * failure (the event then stays pending until {@code sync.max-attempts}).
 *
 * <p>A task or note event whose client has no GHL contact yet is parked as waiting. When an event of that client
 * links its contact, the waiting events are applied right after it, on the same lane and in {@code occurred_at}
 * order. A waiting event whose client gets no contact within {@code sync.client-wait-hours} becomes a dead letter.
 *
 * <p>An event is applied only while this runtime holds its partition ({@link PartitionOwnership}), and its record is
 * written under the lease it held when the event started ({@link LeaseClaim}). A record that finds the lease moved on
 * is rolled back, and the event stays pending for the partition's new owner.
 */
public final class EventApplier implements InboxDispatcher.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(EventApplier.class);
    /** Waiting events that {@link #sweep} reads from the store at a time. */
    static final int WAITING_PAGE = 500;
    /** Returned for an event that handed nothing to the group commit. */
    private static final CompletableFuture<Void> COMMITTED = CompletableFuture.completedFuture(null);
    public static final String SYNC_ENDPOINT = "direct:sync-event";
    /** Header with the event's {@code event_type}, on which routes/contact-sync.yaml chooses the processor. */
    public static final String EVENT_TYPE_HEADER = "PrivyrEventType";

    private final ProducerTemplate template;
    private final EnvelopeParser parser;
    private final InboxStore inbox;
    private final SyncLedger ledger;
    private final RetrySchedule retries;
    private final Duration clientWait;
    private final Clock clock;
    private final ClientLocks clientLocks;
    /** {@link InboxEntry#orderingKey()} of the clients that have waiting events, so that only they are looked up. */
    private final Set<String> clientsWithWaiting = ConcurrentHashMap.newKeySet();
    /**
     * Clients whose oldest unapplied event waits for another attempt, by {@link InboxEntry#orderingKey()}, mapped to
     * that event's inbox id: after a passing failure, or while its location has no token or daily budget. Their
     * later events stay pending behind it, so one client's events keep their order.
     */
    private final Map<String, Long> retryHolds = new ConcurrentHashMap<>();
    /**
     * {@link InboxEntry#orderingKey()} of the clients whose events a retry hold left pending in the store. Once the
     * hold is gone, an event of such a client that reaches a lane first applies the client's earlier pending events.
     */
    private final Set<String> clientsBehindHold = ConcurrentHashMap.newKeySet();
    private Runnable onHoldReleased = () -> { };
    private Predicate<String> locationPaused = locationId -> false;
    /**
     * Runs {@link #recordFailed}, which writes to the store, off the group-commit thread: while the store is down,
     * each such write can wait for a connection, and the other records' commits would wait behind it.
     */
    private final Executor failedRecords = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "failed-records");
                thread.setDaemon(true);
                return thread;
            });
    /** Looked up once: given as a string, Camel would normalise the URI and look it up for every event. */
    private final Endpoint syncEndpoint;
    private final PartitionOwnership partitions;
    /**
     * The lease under which the calling thread applies an event, set by the outermost {@link #apply} of a lane and
     * shared by the events of the same client that it applies nested.
     */
    private final ThreadLocal<LeaseClaim> currentClaim = new ThreadLocal<>();

    /** @param clientLocks held while an event of the client is applied, which the contact reconciliation shares */
    public EventApplier(ProducerTemplate template, EnvelopeParser parser, InboxStore inbox, SyncLedger ledger,
            RetrySchedule retries, Duration clientWait, Clock clock, ClientLocks clientLocks) {
        this(template, parser, inbox, ledger, retries, clientWait, clock, clientLocks, PartitionOwnership.ALL);
    }

    /**
     * Creates an applier that applies only the events of the partitions that {@code partitions} holds.
     *
     * @param clientLocks held while an event of the client is applied, which the contact reconciliation shares
     */
    public EventApplier(ProducerTemplate template, EnvelopeParser parser, InboxStore inbox, SyncLedger ledger,
            RetrySchedule retries, Duration clientWait, Clock clock, ClientLocks clientLocks,
            PartitionOwnership partitions) {
        this.template = template;
        this.parser = parser;
        this.inbox = inbox;
        this.ledger = ledger;
        this.retries = retries;
        this.clientWait = clientWait;
        this.clock = clock;
        this.clientLocks = clientLocks;
        this.syncEndpoint = template.getCamelContext().getEndpoint(SYNC_ENDPOINT);
        this.partitions = partitions;
        clientsWithWaiting.addAll(inbox.clientsWithWaitingEvents());
        retryHolds.putAll(inbox.clientsWithScheduledRetries());
        partitions.addListener(new PartitionOwnership.Listener() {
            @Override
            public void acquired(Set<Integer> taken) {
                loadClientState(taken);
            }

            @Override
            public void lost(Set<Integer> lost) {
                forgetClientState(lost);
            }
        });
    }

    /**
     * Reads the holds and waiting clients of partitions that this runtime took over, which the runtime that held them
     * before kept in its memory. Entries left from an earlier time this runtime held them are replaced.
     */
    private void loadClientState(Set<Integer> taken) {
        forgetClientState(taken);
        inbox.clientsWithWaitingEvents().stream().filter(key -> taken.contains(PartitionOwnership.partitionOf(key)))
                .forEach(clientsWithWaiting::add);
        inbox.clientsWithScheduledRetries().forEach((key, id) -> {
            if (taken.contains(PartitionOwnership.partitionOf(key))) {
                retryHolds.putIfAbsent(key, id);
            }
        });
    }

    /** Forgets the holds and waiting clients of partitions, which the store keeps for the runtime that holds them. */
    private void forgetClientState(Set<Integer> lost) {
        Predicate<String> inLost = key -> lost.contains(PartitionOwnership.partitionOf(key));
        clientsWithWaiting.removeIf(inLost);
        retryHolds.keySet().removeIf(inLost);
        clientsBehindHold.removeIf(inLost);
    }

    /**
     * Returns the lease under which the calling thread writes the entry's record: the one its lane applies the event
     * under, else the partition's lease now. A partition that this runtime no longer holds gets a claim that the
     * store rejects.
     */
    private LeaseClaim claimFor(InboxEntry entry) {
        LeaseClaim claim = currentClaim.get();
        if (claim != null) {
            return claim;
        }
        int partition = PartitionOwnership.partitionOf(entry.orderingKey());
        claim = partitions.claim(partition);
        return claim != null ? claim : new LeaseClaim(partition, "", -1);
    }

    /**
     * Runs {@code work} under the client's lock with the lease of the client's partition as the thread's claim, or
     * returns {@code notHeld} without running it when this runtime does not hold the partition.
     */
    private <T> T withClaim(String orderingKey, Supplier<T> work, T notHeld) {
        if (currentClaim.get() != null) {
            // A nested event of the same client, applied under the claim of the lane's event.
            return clientLocks.withLock(orderingKey, work);
        }
        return clientLocks.withLock(orderingKey, () -> {
            LeaseClaim claim = partitions.claim(PartitionOwnership.partitionOf(orderingKey));
            if (claim == null) {
                return notHeld;
            }
            currentClaim.set(claim);
            try {
                return work.get();
            } finally {
                currentClaim.remove();
            }
        });
    }

    /**
     * Throws {@link LeaseLostException} when the calling thread applies an event under a lease that this runtime no
     * longer holds with the same epoch. Runs before each GHL call, so an event whose partition moved on while it was
     * being applied sends no more calls.
     */
    public void requireClaimHeld() {
        LeaseClaim claim = currentClaim.get();
        if (claim == null || !claim.checked()) {
            return;
        }
        LeaseClaim now = partitions.claim(claim.partition());
        if (now == null || now.epoch() != claim.epoch()) {
            throw new LeaseLostException(claim);
        }
    }

    /** Sets what runs when a client's held events may go on, such as asking the dispatcher for a sweep. */
    public void onHoldReleased(Runnable action) {
        this.onHoldReleased = action;
    }

    /**
     * Sets which locations cannot call GHL for now (no token, no daily budget, token denied). Their waiting events do
     * not expire meanwhile, because their clients' contacts cannot be created either.
     */
    public void locationsPaused(Predicate<String> paused) {
        this.locationPaused = paused;
    }

    /**
     * Dead-letters waiting events that saw no GHL contact for their client within {@code sync.client-wait-hours}, and
     * returns how many. Events of a location that cannot call GHL for now keep waiting. A runtime with partition
     * leases reads and dead-letters only the events of the partitions it holds.
     */
    @Override
    public int sweep() {
        Instant cutoff = clock.instant().minus(clientWait);
        int[] held = partitions.ownsAll() ? null : partitions.heldPartitions();
        if (held != null && held.length == 0) {
            return 0;
        }
        int deadLettered = 0;
        long afterId = 0;
        List<InboxEntry> expired;
        // Each page starts after the last id of the one before, so events that keep waiting are read once per call.
        do {
            expired = inbox.waitingReceivedBefore(cutoff, afterId, WAITING_PAGE, held);
            for (InboxEntry entry : expired) {
                afterId = entry.id();
                if (!locationPaused.test(entry.locationId()) && expireWaiting(entry)) {
                    deadLettered++;
                }
            }
        } while (expired.size() == WAITING_PAGE);
        return deadLettered;
    }

    /**
     * Dead-letters one expired waiting event under the client's lock, like a lane, so that the record joins the
     * client's records in order. Returns false when another thread made it pending first, or when this runtime no
     * longer holds the client's partition.
     */
    private boolean expireWaiting(InboxEntry entry) {
        return withClaim(entry.orderingKey(), () -> {
            if (!inbox.claimWaiting(entry.id(), claimFor(entry))) {
                return false;
            }
            Futures.join(deadLetter(entry, "Client " + entry.clientId() + " got no GHL contact within "
                    + clientWait.toHours() + " hours, so this " + entry.eventType() + " event has no contact"
                    + " to attach to. Send the client's client.created event, then replay this event", null,
                    null, null));
            return true;
        }, false);
    }

    /**
     * Applies the event and hands its record to the group commit. Returns the future of that commit; the client's next
     * event waits for it in {@link ClientLocks}.
     */
    @Override
    public CompletableFuture<Void> apply(InboxDispatcher.Work work) {
        // When this runtime no longer holds the partition, the event stays pending for the runtime that does.
        return withClaim(work.entry().orderingKey(), () -> applyLocked(work), COMMITTED);
    }

    private CompletableFuture<Void> applyLocked(InboxDispatcher.Work work) {
        InboxEntry entry = work.entry();
        // Read under the client's lock, after the client's last record committed: the event may have been applied
        // since a sweep read it.
        if (work.fromStore() && !inbox.isPending(entry.id())) {
            return COMMITTED;
        }
        if (isHeld(entry)) {
            return COMMITTED;
        }
        // The event on hold is applied first. The events behind it wait until its hold is released.
        if (!retryHolds.containsKey(entry.orderingKey()) && clientsBehindHold.contains(entry.orderingKey())) {
            // The client stays marked while other events that the hold left behind are still pending: they may be
            // later than this entry, and the client's next event must apply them first.
            if (!applyEarlierPending(entry)) {
                clientsBehindHold.remove(entry.orderingKey());
            }
            // The entry reads the link and pushed values that the records of those earlier events store.
            clientLocks.awaitCommit(entry.orderingKey());
            if (isHeld(entry)) {
                return COMMITTED;
            }
        }
        EventEnvelope envelope;
        try {
            envelope = work.envelope() != null ? work.envelope()
                    : parser.parse(entry.payload().getBytes(StandardCharsets.UTF_8));
        } catch (InvalidEventException e) {
            return deadLetter(entry, "The stored event is no longer valid: " + e.getMessage(), null, null, null);
        }

        Exchange result = template.send(syncEndpoint, exchange -> {
            exchange.setProperty(SyncResult.INBOX_ENTRY, entry);
            exchange.getMessage().setHeader(EVENT_TYPE_HEADER, envelope.eventType().wireName());
            exchange.getMessage().setBody(envelope);
        });
        if (result.getException() == null) {
            return record(entry, result.getProperty(SyncResult.PROPERTY, SyncResult.class));
        }
        return recordFailure(entry, result);
    }

    /**
     * Returns true when an earlier event of the entry's client waits for another attempt. The entry then stays pending
     * behind it, and the client is remembered so that its events apply in order once the hold is gone.
     */
    private boolean isHeld(InboxEntry entry) {
        Long holder = retryHolds.get(entry.orderingKey());
        if (holder == null || holder == entry.id()) {
            return false;
        }
        clientsBehindHold.add(entry.orderingKey());
        return true;
    }

    /**
     * Applies the pending events of the entry's client that were stored before it and did not occur after it. A hold
     * leaves such events in the store while later events of the client can reach the lane from the receiver, and
     * applying a later event first would make the earlier ones stale and lose their changes. Events stored after the
     * entry are left alone: the lane may still hold them, and applying them here would apply them twice.
     *
     * @return true when other pending events of the client remain, which occurred after the entry
     */
    private boolean applyEarlierPending(InboxEntry entry) {
        for (InboxEntry earlier : inbox.pendingFor(entry.locationId(), entry.clientId())) {
            if (earlier.occurredAt().isAfter(entry.occurredAt())) {
                return true;
            }
            if (earlier.id() < entry.id()) {
                applyNested(earlier);
            }
        }
        return false;
    }

    /**
     * Dead-letters an event that GHL rejected, that breaks a limit GHL documents, or that cannot be mapped. Keeps it
     * pending while its location has no token or daily budget, and schedules another attempt after a passing failure
     * (no response, 429, 5xx, or an unexpected error).
     */
    private CompletableFuture<Void> recordFailure(InboxEntry entry, Exchange result) {
        Exception failure = result.getException();
        LeaseLostException leaseLost = result.getException(LeaseLostException.class);
        if (leaseLost != null) {
            // The runtime that holds the partition now applies the event from the start; this one writes nothing.
            releaseHold(entry);
            LOG.warn("Event {} of client {} stopped before its next GHL call, because this node no longer holds the"
                    + " client's partition; it stays pending for the node that does", entry.eventId(),
                    entry.clientId());
            return COMMITTED;
        }
        GhlException ghl = result.getException(GhlException.class);
        if (ghl != null) {
            Integer status = ghl.status() == 0 ? null : ghl.status();
            if (status == null || status == 429 || status >= 500) {
                return retryLater(entry, ghl.getMessage(), status, ghl.ghlMessage(), ghl.responseBody());
            }
            return deadLetter(entry, ghl.getMessage(), status, ghl.ghlMessage(), ghl.responseBody());
        }
        ContactCreatePendingException pending = result.getException(ContactCreatePendingException.class);
        if (pending != null) {
            return waitForCreate(entry, pending);
        }
        TokenRefreshException token = result.getException(TokenRefreshException.class);
        if (token != null) {
            // Without a token nothing reached GHL: the event waits for the token, not counted as an attempt.
            LOG.debug("Event {} stays pending until location {} has a token: {}", entry.eventId(),
                    entry.locationId(), token.getMessage());
            retryHolds.put(entry.orderingKey(), entry.id());
            return COMMITTED;
        }
        DailyBudgetSpentException budget = result.getException(DailyBudgetSpentException.class);
        if (budget != null) {
            // The limiter sent nothing and logs the location's wait once, so this is not counted as an attempt.
            LOG.debug("Event {} stays pending until location {} has daily GHL budget again", entry.eventId(),
                    entry.locationId());
            retryHolds.put(entry.orderingKey(), entry.id());
            return COMMITTED;
        }
        EventRejectedException rejected = result.getException(EventRejectedException.class);
        if (rejected != null) {
            return deadLetter(entry, rejected.getMessage(), null, null, null);
        }
        GhlLimitException limit = result.getException(GhlLimitException.class);
        if (limit != null) {
            return deadLetter(entry, limit.getMessage(), null, null, null);
        }
        MappingException mapping = result.getException(MappingException.class);
        if (mapping != null) {
            return deadLetter(entry, "Mapping the client failed: " + mapping.getMessage(), null, null, null);
        }
        return retryLater(entry, "Applying the event failed: " + failure, null, null, null);
    }

    /**
     * Schedules another attempt of an event whose contact create may still be stored by GHL, without counting an
     * attempt: the wait ends at {@link ContactCreatePendingException#until()}, after which the create is sent again.
     */
    private CompletableFuture<Void> waitForCreate(InboxEntry entry, ContactCreatePendingException pending) {
        Instant next = clock.instant().plus(retries.delayAfter(1));
        if (next.isAfter(pending.until())) {
            next = pending.until();
        }
        if (!scheduleAttempt(entry, entry.attempts(), next, pending.getMessage())) {
            return COMMITTED;
        }
        LOG.info("Event {} ({}) of client {}: {}; next attempt at {}", entry.eventId(), entry.eventType(),
                entry.clientId(), pending.getMessage(), next.truncatedTo(ChronoUnit.SECONDS));
        return COMMITTED;
    }

    /** Schedules another attempt in the store, or dead-letters the event when its attempts ran out. */
    private CompletableFuture<Void> retryLater(InboxEntry entry, String reason, Integer status, String ghlMessage,
            String response) {
        int attempts = entry.attempts() + 1;
        if (attempts >= retries.maxAttempts()) {
            return deadLetter(entry, reason + " (attempt " + attempts + " of " + retries.maxAttempts()
                    + "; no attempts left)", status, ghlMessage, response);
        }
        Instant next = clock.instant().plus(retries.delayAfter(attempts));
        if (!scheduleAttempt(entry, attempts, next, reason)) {
            return COMMITTED;
        }
        LOG.warn("Event {} ({}) of client {}: attempt {} of {} failed, next attempt at {}: {}", entry.eventId(),
                entry.eventType(), entry.clientId(), attempts, retries.maxAttempts(),
                next.truncatedTo(ChronoUnit.SECONDS), Masking.maskPersonalData(reason));
        return COMMITTED;
    }

    /**
     * Holds the later events of the client behind {@code entry} and stores its next attempt. Returns false, with the
     * hold released, when the event is no longer pending.
     */
    private boolean scheduleAttempt(InboxEntry entry, int attempts, Instant next, String reason) {
        // An earlier holder of the client, such as an event waiting for a token, keeps its place.
        retryHolds.putIfAbsent(entry.orderingKey(), entry.id());
        if (!inbox.scheduleRetry(entry.id(), attempts, next, reason, claimFor(entry))) {
            releaseHold(entry);
            return false;
        }
        return true;
    }

    /** Lets the later events of the client of {@code entry} go on once {@code entry} itself no longer waits. */
    private void releaseHold(InboxEntry entry) {
        if (retryHolds.remove(entry.orderingKey(), entry.id())) {
            onHoldReleased.run();
        }
    }

    private CompletableFuture<Void> record(InboxEntry entry, SyncResult result) {
        releaseHold(entry);
        if (result == null) {
            return committing(entry, ledger.submitOutcome(entry, Outcome.STORED,
                    "No step of the contact-sync route recorded a result", entry.attempts() + 1, claimFor(entry)));
        }
        if (result.waiting()) {
            if (!inbox.markWaiting(entry.id(), result.detail(), claimFor(entry))) {
                LOG.info("Event {} ({}) of client {} was not parked, because it is no longer pending or this node no"
                        + " longer holds its partition", entry.eventId(), entry.eventType(), entry.clientId());
                return COMMITTED;
            }
            clientsWithWaiting.add(entry.orderingKey());
            LOG.info("Event {} ({}) of client {} waits: {}", entry.eventId(), entry.eventType(), entry.clientId(),
                    result.detail());
            return COMMITTED;
        }
        CompletableFuture<Void> commit;
        if (result.link() != null || !result.items().isEmpty()) {
            commit = ledger.submitApplied(entry, result.link(), result.items(), result.outcome(), result.detail(),
                    entry.attempts() + 1, claimFor(entry));
        } else {
            commit = ledger.submitOutcome(entry, result.outcome(), result.detail(), entry.attempts() + 1,
                    claimFor(entry));
        }
        commit = committing(entry, commit);
        LOG.info("Event {} ({}) of client {}: {}, {}", entry.eventId(), entry.eventType(), entry.clientId(),
                result.outcome().dbValue(), result.detail());
        if (result.link() != null && clientsWithWaiting.remove(entry.orderingKey())) {
            // Each waiting event first waits in ClientLocks for this record, which links the contact.
            applyWaiting(entry);
        }
        return commit;
    }

    /** Registers the commit of the entry's record, which the client's next event waits for. */
    private CompletableFuture<Void> committing(InboxEntry entry, CompletableFuture<Void> commit) {
        return committing(entry, commit, true);
    }

    /**
     * Registers a record's commit as the client's last one. {@code mayDeadLetter} is false for the commit of a dead
     * letter, whose failure must not write another dead letter.
     */
    private CompletableFuture<Void> committing(InboxEntry entry, CompletableFuture<Void> commit,
            boolean mayDeadLetter) {
        // The client's next event waits for this future, which completes only after a failed record's hold is set.
        CompletableFuture<Void> recorded = new CompletableFuture<>();
        commit.whenComplete((ignored, failure) -> {
            if (failure == null) {
                recorded.complete(null);
                return;
            }
            failedRecords.execute(() -> {
                try {
                    recordFailed(entry, Futures.cause(failure), mayDeadLetter);
                } finally {
                    recorded.completeExceptionally(failure);
                }
            });
        });
        clientLocks.recording(entry.orderingKey(), recorded);
        return recorded;
    }

    /**
     * Handles a record that failed to commit, on the {@code failed-records} thread. The event stays pending, so its
     * client's later events are held behind it, as after a failed attempt, and its next attempt is scheduled. That
     * attempt repeats the event's GHL calls, which find or update what the first attempt made. When the attempts
     * have run out, the event becomes a dead letter, which a store that rejects only this record can still write.
     */
    private void recordFailed(InboxEntry entry, Throwable cause, boolean mayDeadLetter) {
        if (cause instanceof LeaseLostException) {
            // Another runtime holds the partition now and applies the event; this one writes nothing more of it.
            releaseHold(entry);
            LOG.warn("Event {} of client {} was applied, but its record was rolled back, because this node no longer"
                    + " holds the client's partition; it stays pending for the node that does: {}", entry.eventId(),
                    entry.clientId(), cause.getMessage());
            return;
        }
        String reason = "Recording the event's result failed: " + Masking.maskPersonalData(String.valueOf(cause));
        try {
            if (mayDeadLetter) {
                retryLater(entry, reason, null, null, null);
            } else {
                int attempts = entry.attempts() + 1;
                scheduleAttempt(entry, attempts, clock.instant().plus(retries.delayAfter(attempts)), reason);
            }
        } catch (RuntimeException e) {
            // On the failed-records thread, an exception that escaped would reach the console without the log.
            LOG.warn("Event {} stays pending, and the next scheduled sweep tries it again: {}", entry.eventId(),
                    Masking.maskPersonalData(String.valueOf(e)));
        }
    }

    /**
     * Applies another stored event of the client whose lock this thread holds. No lane waits for its record, so a
     * failed commit is logged here. The client's next event still waits for the record in {@link ClientLocks}.
     */
    private void applyNested(InboxEntry nested) {
        apply(new InboxDispatcher.Work(nested, null, true)).whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.error("Recording event {} failed; it stays pending: {}", nested.eventId(),
                        Masking.maskPersonalData(String.valueOf(Futures.cause(failure))));
            }
        });
    }

    /** Applies the waiting events of the client of {@code linked}, which now has a GHL contact, oldest first. */
    private void applyWaiting(InboxEntry linked) {
        for (InboxEntry waiting : inbox.waitingFor(linked.locationId(), linked.clientId())) {
            if (inbox.claimWaiting(waiting.id(), claimFor(waiting))) {
                applyNested(waiting);
            }
        }
    }

    private CompletableFuture<Void> deadLetter(InboxEntry entry, String reason, Integer status, String ghlMessage,
            String response) {
        // Released before the commit, so that a commit that fails puts its own hold in place (see committing).
        releaseHold(entry);
        CompletableFuture<Void> commit = committing(entry, ledger.submitDeadLetter(entry, DeadLetter.of(entry, reason,
                status, ghlMessage, response, entry.attempts() + 1), claimFor(entry)), false);
        LOG.error("Event {} ({}) of client {} in location {} moved to the dead letters: {}", entry.eventId(),
                entry.eventType(), entry.clientId(), entry.locationId(), Masking.maskPersonalData(reason));
        return commit;
    }
}
