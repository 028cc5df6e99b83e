package org.privyrghlsync.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.privyrghlsync.events.EventEnvelope;
import org.privyrghlsync.jobs.JobReport;
import org.privyrghlsync.mapping.Masking;
import org.privyrghlsync.store.Futures;
import org.privyrghlsync.store.InboxEntry;
import org.privyrghlsync.store.InboxStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds stored events to worker lanes. All events of one client go to the same lane, so they are applied one at a
 * time and in order, while different clients proceed in parallel.
 *
 * <p>New events arrive from the receiver right after they are committed. A sweep reads due events from the store: the
 * sweep thread does so at start-up and when asked ({@link #signalSweep}), such as after the in-memory queues
 * overflowed, and the {@code retry-sweep} job calls {@link #sweepDue} on its schedule. So an event whose next attempt
 * has come, or that a restart or a full queue left in the store, is picked up by the next sweep.
 *
 * <p>A lane starts an event only when the {@link Gate} lets its location start one; meanwhile it takes events of
 * other locations ({@link LaneQueue}). Events of a location that the gate pauses leave memory and stay pending in the
 * store, and the sweep reads them again once the location resumes.
 *
 * <p>Only events of the partitions that this runtime holds ({@link PartitionOwnership}) are queued. The others stay
 * pending in the store for the runtime that holds them. When this runtime loses partitions, their queued events leave
 * memory; when it takes partitions, and after each renewal of its leases, the sweep thread reads the store, and only
 * the pending events of its own partitions ({@link InboxStore#pendingIdsInPartitions}). With leases, the sweep thread
 * also expires the waiting events of its partitions on its own schedule ({@link #expireWaitingEvery}).
 */
public final class InboxDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(InboxDispatcher.class);
    private static final int SWEEP_PAGE = 1000;

    /** An event to apply; {@code envelope} is null when it must be parsed from the stored payload. */
    public record Work(InboxEntry entry, EventEnvelope envelope, boolean fromStore) {
    }

    /**
     * Decides when an event of a location may start; {@link GhlBudgetGate} applies the GHL budget of each location.
     */
    public interface Gate {

        /** A gate that lets every event start at once. */
        Gate OPEN = new Gate() {
            @Override
            public long tryStart(String locationId) {
                return 0;
            }

            @Override
            public void finish() {
            }

            @Override
            public boolean isPaused(String locationId) {
                return false;
            }

            @Override
            public Set<String> pausedLocations() {
                return Set.of();
            }

            @Override
            public void addChangeListener(Runnable listener) {
            }
        };

        /**
         * Lets an event of the location start on the calling thread, without blocking.
         *
         * @return 0 when the event may start, else the nanoseconds after which asking again may succeed
         */
        long tryStart(String locationId);

        /** Ends the event that {@link #tryStart} let start on the calling thread. */
        void finish();

        /** Returns whether the location's events should stay in the store for now. */
        boolean isPaused(String locationId);

        Set<String> pausedLocations();

        /** Registers a listener to run when a location may be able to start an event sooner than announced. */
        void addChangeListener(Runnable listener);
    }

    /** Applies one event; implemented by {@link EventApplier}. */
    public interface Handler {
        /**
         * Applies the event, or leaves it pending. Returns the future commit of its record: until that completes, the
         * event stays in {@link #inFlight()} so that no sweep queues it again.
         */
        CompletableFuture<Void> apply(Work work);

        /**
         * Runs with the start-up sweep and every scheduled sweep: periodic work on events that are not pending.
         * Returns how many events it changed.
         */
        default int sweep() {
            return 0;
        }
    }

    /** Events that one read of the store queued, and how many of them were retries of failed attempts. */
    record SweepCounts(int queued, int retries) {
    }

    private final InboxStore inbox;
    private final Handler handler;
    private final Gate gate;
    private final int queueCapacity;
    private final List<LaneQueue> lanes = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final PartitionOwnership partitions;
    /** Events queued or being applied per partition; counted only while this runtime holds leases. */
    private final AtomicIntegerArray partitionInFlight = new AtomicIntegerArray(PartitionOwnership.PARTITIONS);
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final Object sweepSignal = new Object();
    /** Held while the store is read, so that the sweep thread and the scheduled job do not read it at once. */
    private final Object sweepLock = new Object();
    /** Pending ids that sweeps have read from the store since the start. */
    private final AtomicLong pendingIdsRead = new AtomicLong();
    /** Held while waiting events are expired, so that the sweep thread and the scheduled job take turns. */
    private final Object expiryLock = new Object();
    /** Time between two expiries of waiting events by the sweep thread, or zero when only the job expires them. */
    private volatile long expiryIntervalNanos;
    private long lastExpiryNanos;
    private boolean sweepRequested;
    private volatile boolean running;
    private Thread sweeper;

    public InboxDispatcher(InboxStore inbox, Handler handler, int workers, int queueCapacity) {
        this(inbox, handler, Gate.OPEN, workers, queueCapacity);
    }

    /** Maximum number of sync lanes, each of them a thread. */
    public static final int MAX_WORKERS = 1000;

    public InboxDispatcher(InboxStore inbox, Handler handler, Gate gate, int workers, int queueCapacity) {
        this(inbox, handler, gate, PartitionOwnership.ALL, workers, queueCapacity);
    }

    /** Creates a dispatcher that queues only the events of the partitions that {@code partitions} holds. */
    public InboxDispatcher(InboxStore inbox, Handler handler, Gate gate, PartitionOwnership partitions, int workers,
            int queueCapacity) {
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new IllegalArgumentException("sync.workers must be from 1 to " + MAX_WORKERS + ", got " + workers
                    + "; each lane is a thread that waits for its GHL calls, and 16 to a few hundred cover most"
                    + " installs");
        }
        this.inbox = inbox;
        this.handler = handler;
        this.gate = gate;
        this.queueCapacity = queueCapacity;
        for (int i = 0; i < workers; i++) {
            lanes.add(new LaneQueue());
        }
        gate.addChangeListener(() -> lanes.forEach(LaneQueue::wake));
        this.partitions = partitions;
        partitions.addListener(new PartitionOwnership.Listener() {
            @Override
            public void acquired(Set<Integer> taken) {
                signalSweep();
            }

            @Override
            public void lost(Set<Integer> lost) {
                dropQueued(lost);
            }

            @Override
            public void renewed() {
                // Events that another runtime received for this runtime's partitions are read at the next sweep.
                signalSweep();
            }

            @Override
            public void announced(Set<Integer> announced) {
                signalSweep();
            }
        });
    }

    /** Starts the lanes and the sweep thread; pending events of earlier runs are picked up by its start-up sweep. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (int i = 0; i < lanes.size(); i++) {
            LaneQueue lane = lanes.get(i);
            Thread thread = new Thread(() -> runLane(lane), "sync-lane-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        sweeper = new Thread(this::runSweeps, "sync-sweep");
        sweeper.setDaemon(true);
        sweeper.start();
        LOG.info("Sync dispatcher started with {} lanes", lanes.size());
    }

    /**
     * Stops taking new work and waits up to {@code timeoutMillis} for each lane to finish the event it is applying.
     * Queued events stay pending in the store and are applied after the next start.
     */
    public synchronized void stop(long timeoutMillis) {
        if (!running) {
            return;
        }
        running = false;
        signalSweep();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (LaneQueue lane : lanes) {
            lane.clear();
        }
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.clear();
        inFlight.clear();
        queued.set(0);
        for (int i = 0; i < PartitionOwnership.PARTITIONS; i++) {
            partitionInFlight.set(i, 0);
        }
        LOG.info("Sync dispatcher stopped");
    }

    /** Queues an event that was just stored; when the queues are full, the sweep picks it up from the store. */
    public void submit(InboxEntry entry, EventEnvelope envelope) {
        enqueue(new Work(entry, envelope, false));
    }

    /**
     * Queues events that the store made pending again, such as replayed dead letters, in {@code occurred_at} order so
     * that the events of one client apply in order. Events that do not fit in the queues are left to the sweep.
     */
    public void resubmit(List<InboxEntry> entries) {
        List<InboxEntry> ordered = new ArrayList<>(entries);
        ordered.sort(Comparator.comparing(InboxEntry::occurredAt).thenComparingLong(InboxEntry::id));
        for (InboxEntry entry : ordered) {
            if (!enqueue(new Work(entry, null, true))) {
                signalSweep();
                return;
            }
        }
    }

    /** Returns the number of events queued or being applied. */
    public int inFlight() {
        return inFlight.size();
    }

    /**
     * Returns true when no event of the partition is queued or being applied, its last record included. A runtime
     * releases a partition only then.
     */
    public boolean isIdle(int partition) {
        return partitionInFlight.get(partition) == 0;
    }

    /** Removes the queued events of partitions this runtime no longer holds; they stay pending in the store. */
    private void dropQueued(Set<Integer> lost) {
        int dropped = 0;
        for (LaneQueue lane : lanes) {
            for (Work work : lane.removeIf(work -> lost.contains(partitionOf(work)))) {
                leaveInStore(work);
                dropped++;
            }
        }
        if (dropped > 0) {
            LOG.info("Dropped {} queued events of partitions {} from memory; they stay pending in the store for the"
                    + " node that holds them", dropped, lost);
        }
    }

    private static int partitionOf(Work work) {
        return PartitionOwnership.partitionOf(work.entry().orderingKey());
    }

    private boolean enqueue(Work work) {
        if (!running) {
            return false;
        }
        if (gate.isPaused(work.entry().locationId())) {
            // The event stays pending in the store; the first sweep after the location resumes reads it.
            return true;
        }
        boolean leased = !partitions.ownsAll();
        if (leased && !partitions.owns(partitionOf(work))) {
            // The event stays pending in the store; the sweep of the runtime that holds its partition reads it.
            partitions.announcePending(partitionOf(work));
            return true;
        }
        if (queued.get() >= queueCapacity) {
            overflowed.set(true);
            return false;
        }
        if (!inFlight.add(work.entry().id())) {
            return true;
        }
        if (leased) {
            partitionInFlight.incrementAndGet(partitionOf(work));
        }
        queued.incrementAndGet();
        lanes.get(laneOf(work.entry())).add(work);
        return true;
    }

    private int laneOf(InboxEntry entry) {
        return Math.floorMod(entry.orderingKey().hashCode(), lanes.size());
    }

    private void runLane(LaneQueue lane) {
        while (running) {
            Work work;
            try {
                work = lane.take(gate, 200, this::leaveInStore);
            } catch (InterruptedException e) {
                return;
            }
            if (work == null) {
                continue;
            }
            CompletableFuture<Void> recorded;
            try {
                recorded = handler.apply(work);
            } catch (RuntimeException e) {
                recorded = CompletableFuture.failedFuture(e);
            } finally {
                gate.finish();
            }
            // The lane goes on while the record commits, and the event leaves memory after the commit.
            recorded.whenComplete((ignored, failure) -> {
                if (failure != null) {
                    LOG.error("Applying event {} failed unexpectedly; it stays pending: {}", work.entry().eventId(),
                            Masking.maskPersonalData(String.valueOf(Futures.cause(failure))));
                }
                leaveInStore(work);
            });
        }
    }

    /** Forgets a queued event, which is done or stays pending in the store for a later sweep. */
    private void leaveInStore(Work work) {
        if (!inFlight.remove(work.entry().id())) {
            // stop() forgot it already.
            return;
        }
        if (!partitions.ownsAll()) {
            partitionInFlight.decrementAndGet(partitionOf(work));
        }
        queued.decrementAndGet();
        if (overflowed.get() && queued.get() < queueCapacity / 2) {
            signalSweep();
        }
    }

    /** Asks the sweep thread to read due events from the store now. */
    public void signalSweep() {
        synchronized (sweepSignal) {
            sweepRequested = true;
            sweepSignal.notifyAll();
        }
    }

    /**
     * Reads due events from the store and queues them, then runs the handler's periodic work. The
     * {@code retry-sweep} job calls this on its schedule ({@code sync.jobs.retry-sweep.cron}) and gets the counts
     * {@code queued}, {@code retries} and {@code expired_waiting} in its report.
     */
    public void sweepDue() {
        JobReport report = JobReport.current();
        SweepCounts counts = sweep();
        report.set("queued", counts.queued()).set("retries", counts.retries());
        report.set("expired_waiting", expireWaiting());
    }

    /**
     * Makes the sweep thread also run the handler's periodic work, such as the expiry of waiting events, at its first
     * sweep after {@code interval} has passed since the last run, whichever thread ran it. A runtime with partition leases needs this,
     * because the scheduled job runs on one runtime only, and each runtime expires only its own partitions' events.
     * Call it before {@link #start}.
     */
    public void expireWaitingEvery(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("Invalid expiry interval " + interval + ": use more than 0");
        }
        expiryIntervalNanos = interval.toNanos();
    }

    /** Returns the number of pending event ids that sweeps have read from the store since the start. */
    long pendingIdsRead() {
        return pendingIdsRead.get();
    }

    private int expireWaiting() {
        synchronized (expiryLock) {
            lastExpiryNanos = System.nanoTime();
            return handler.sweep();
        }
    }

    /** Returns true when the interval of {@link #expireWaitingEvery} has passed since the last expiry. */
    private boolean expiryDue() {
        long interval = expiryIntervalNanos;
        if (interval == 0) {
            return false;
        }
        synchronized (expiryLock) {
            return System.nanoTime() - lastExpiryNanos >= interval;
        }
    }

    /** Sweeps at start-up, then after each call of {@link #signalSweep}, until the dispatcher stops. */
    private void runSweeps() {
        boolean startup = true;
        while (running) {
            try {
                sweep();
                if (startup || expiryDue()) {
                    expireWaiting();
                    startup = false;
                }
            } catch (RuntimeException e) {
                LOG.warn("Reading pending events from the store failed; the next scheduled retry sweep reads them"
                        + " again: {}", e.toString());
            }
            synchronized (sweepSignal) {
                try {
                    while (running && !sweepRequested) {
                        sweepSignal.wait();
                    }
                } catch (InterruptedException e) {
                    return;
                }
                sweepRequested = false;
            }
        }
    }

    /** Queues the store's due events that are not queued yet, in id pages of {@value #SWEEP_PAGE}. */
    private SweepCounts sweep() {
        synchronized (sweepLock) {
            overflowed.set(false);
            return sweepPages();
        }
    }

    private SweepCounts sweepPages() {
        if (queued.get() >= queueCapacity) {
            // Nothing read now could be queued. The lanes ask for a sweep once the queues are half empty.
            overflowed.set(true);
            return new SweepCounts(0, 0);
        }
        long afterId = 0;
        int submitted = 0;
        int retries = 0;
        while (running) {
            List<Long> ids;
            if (partitions.ownsAll()) {
                ids = inbox.pendingIdsAfter(afterId, SWEEP_PAGE);
                if (ids.isEmpty()) {
                    break;
                }
                afterId = ids.get(ids.size() - 1);
            } else {
                ids = inbox.pendingIdsInPartitions(afterId, SWEEP_PAGE, partitions.heldPartitions());
                if (ids.isEmpty()) {
                    break;
                }
                afterId = ids.get(ids.size() - 1);
            }
            pendingIdsRead.addAndGet(ids.size());
            // During a backlog most pending events are queued already, so only the others are read.
            List<Long> notQueued = new ArrayList<>(ids.size());
            for (Long id : ids) {
                if (!inFlight.contains(id)) {
                    notQueued.add(id);
                }
            }
            List<InboxEntry> page = new ArrayList<>(inbox.dueAmong(notQueued, java.time.Instant.now(),
                    gate.pausedLocations()));
            // Within a page, apply each client's events in occurred_at order.
            page.sort(Comparator.comparing(InboxEntry::occurredAt).thenComparingLong(InboxEntry::id));
            for (InboxEntry entry : page) {
                if (inFlight.contains(entry.id())) {
                    continue;
                }
                if (!enqueue(new Work(entry, null, true))) {
                    return new SweepCounts(submitted, retries);
                }
                submitted++;
                if (entry.attempts() > 0) {
                    retries++;
                }
            }
        }
        if (submitted > 0) {
            LOG.info("Queued {} pending events from the store, {} of them for another attempt", submitted, retries);
        }
        return new SweepCounts(submitted, retries);
    }
}
