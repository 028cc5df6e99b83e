package org.privyrghlsync.sync;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntPredicate;
import org.privyrghlsync.store.LeaseClaim;
import org.privyrghlsync.store.NodeIdInUseException;
import org.privyrghlsync.store.PartitionLeaseStore;
import org.privyrghlsync.store.PendingEventChannel;
import org.privyrghlsync.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds partitions under leases in the store, for runtimes that share a PostgreSQL database. A heartbeat thread
 * renews this node's registration and leases every {@code heartbeat}, takes partitions that no node holds or whose
 * lease expired, and balances toward an even share among the live nodes: a node over its share stops applying the
 * excess partitions' events and releases each one once its events in flight have committed ({@link #whenIdle}).
 *
 * <p>A node applies a partition's events only until its last successful renewal plus the lease length, less one
 * heartbeat as a margin for the difference between its clock and the database's. So a node that cannot reach the
 * database stops applying before another node can take its partitions over. Each takeover raises the partition's
 * epoch, and a record commits only under the epoch its event was applied with ({@link LeaseClaim}).
 *
 * <p>A node that stores an event of a partition it does not hold announces the partition through PostgreSQL's
 * NOTIFY ({@link PendingEventChannel}), and the node that holds it reads the store at once. Without a notification,
 * as while the listening connection is being opened again, it reads the store at its next heartbeat.
 */
public final class PartitionLeases implements PartitionOwnership, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionLeases.class);
    private static final long NOT_HELD = -1;

    private final PartitionLeaseStore store;
    private final String node;
    /** Random id of this process, so that a second live process with the same node id is detected. */
    private final String instance = UUID.randomUUID().toString();
    private final long heartbeatMillis;
    private final long leaseMillis;
    /** Epoch of each partition whose events this node applies, or {@link #NOT_HELD}. */
    private final AtomicLongArray applying = new AtomicLongArray(PARTITIONS);
    /** Every partition whose lease this node holds in the store, draining ones included, with its epoch. */
    private final Map<Integer, Long> leased = new HashMap<>();
    /** Partitions over this node's share: their events are no longer applied, and each is released when idle. */
    private final Set<Integer> draining = new HashSet<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService heartbeats;
    private final PendingEventChannel channel;
    /** Partitions to announce; the announcer thread sends them together in one notification. */
    private final Set<Integer> toAnnounce = ConcurrentHashMap.newKeySet();
    private final ExecutorService announcer;
    private volatile boolean closed;
    private Thread notificationListener;
    private volatile IntPredicate idle = partition -> true;
    private volatile long validUntilNanos = System.nanoTime();
    private volatile int liveNodes;
    private volatile String renewalFailure;
    /** Whether the last heartbeat was rejected because another live process has this node id. */
    private volatile boolean nodeIdInUse;
    /** Whether the notification listener is waiting, or about to wait, for notifications. */
    private volatile boolean listenerWaiting;
    private int failedRenewals;
    private boolean started;

    /**
     * @param heartbeat time between two renewals
     * @param lease how long a lease lasts without renewal; more than twice the heartbeat
     */
    public PartitionLeases(PartitionLeaseStore store, PendingEventChannel channel, String node, Duration heartbeat,
            Duration lease) {
        if (heartbeat.toMillis() < 100) {
            throw new IllegalArgumentException("sync.partitions.heartbeat-ms must be at least 100, got "
                    + heartbeat.toMillis());
        }
        if (lease.toMillis() <= 2 * heartbeat.toMillis()) {
            throw new IllegalArgumentException("sync.partitions.lease-ms must be more than twice"
                    + " sync.partitions.heartbeat-ms, got " + lease.toMillis() + " and " + heartbeat.toMillis());
        }
        this.store = store;
        this.channel = channel;
        this.node = node;
        this.heartbeatMillis = heartbeat.toMillis();
        this.leaseMillis = lease.toMillis();
        for (int i = 0; i < PARTITIONS; i++) {
            applying.set(i, NOT_HELD);
        }
        heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "partition-leases"));
        announcer = Executors.newSingleThreadExecutor(runnable -> daemon(runnable, "pending-event-announcer"));
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Sets the test of whether a partition has no event queued or in flight, before it may be released. */
    public void whenIdle(IntPredicate test) {
        this.idle = test;
    }

    /**
     * Registers this process under its node id, takes this node's first share, and starts the heartbeat. The leases
     * that the store still records for the node id, such as those of a killed earlier process, are freed once that
     * process's registration has expired. While another live process has the node id, this one holds no partition.
     */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        store.start(node, PARTITIONS);
        try {
            store.removeExpiredNodes();
        } catch (StoreException e) {
            LOG.debug("Removing expired node registrations failed: {}", e.getMessage());
        }
        heartbeat();
        notificationListener = daemon(this::listenForAnnouncements, "pending-event-listener");
        notificationListener.start();
        heartbeats.scheduleWithFixedDelay(this::scheduledHeartbeat, heartbeatMillis, heartbeatMillis, TimeUnit.MILLISECONDS);
        LOG.info("Node {} applies the events of {} of {} partitions, with leases of {} ms renewed every {} ms", node,
                heldCount(), PARTITIONS, leaseMillis, heartbeatMillis);
    }

    /** Stops the heartbeat and releases every partition, so that the other nodes take them at their next heartbeat. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        heartbeats.shutdownNow();
        announcer.shutdownNow();
        if (notificationListener != null) {
            notificationListener.interrupt();
        }
        // PostgreSQL's driver does not return from its wait for notifications on an interrupt, so an empty
        // notification ends the wait. The other nodes read it as naming no partition. A listener that is not waiting,
        // such as one that lost the database, needs none, and the notification could then wait for a connection.
        if (listenerWaiting) {
            try {
                channel.announce(List.of());
            } catch (StoreException e) {
                LOG.debug("Waking the pending-event listener of node {} failed: {}", node, e.getMessage());
            }
        }
        try {
            heartbeats.awaitTermination(10, TimeUnit.SECONDS);
            if (notificationListener != null) {
                notificationListener.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            Set<Integer> held = new TreeSet<>(leased.keySet());
            stopApplying(held);
            leased.clear();
            draining.clear();
            try {
                store.releaseAll(node, instance);
                LOG.info("Node {} released its {} partitions", node, held.size());
            } catch (StoreException e) {
                LOG.warn("Releasing the partitions of node {} failed; other nodes take them when the leases expire"
                        + " in {} ms: {}", node, leaseMillis, e.getMessage());
            }
        }
    }

    @Override
    public boolean ownsAll() {
        return false;
    }

    @Override
    public boolean owns(int partition) {
        return applying.get(partition) != NOT_HELD && System.nanoTime() - validUntilNanos < 0;
    }

    @Override
    public LeaseClaim claim(int partition) {
        long epoch = applying.get(partition);
        if (epoch == NOT_HELD || System.nanoTime() - validUntilNanos >= 0) {
            return null;
        }
        return new LeaseClaim(partition, node, epoch);
    }

    @Override
    public int heldCount() {
        if (System.nanoTime() - validUntilNanos >= 0) {
            return 0;
        }
        int held = 0;
        for (int i = 0; i < PARTITIONS; i++) {
            if (applying.get(i) != NOT_HELD) {
                held++;
            }
        }
        return held;
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public void announcePending(int partition) {
        if (toAnnounce.add(partition) && !closed) {
            try {
                announcer.execute(this::sendAnnouncements);
            } catch (RejectedExecutionException e) {
                // Closing: the node that holds the partition reads it at its next heartbeat.
            }
        }
    }

    /** Sends the partitions added since the last notification, in one notification. */
    private void sendAnnouncements() {
        List<Integer> partitions = new ArrayList<>();
        for (Integer partition : toAnnounce) {
            if (toAnnounce.remove(partition)) {
                partitions.add(partition);
            }
        }
        if (partitions.isEmpty()) {
            return;
        }
        try {
            channel.announce(partitions);
        } catch (StoreException e) {
            LOG.debug("Announcing pending events of partitions {} failed; their holder reads them at its next"
                    + " heartbeat: {}", partitions, e.getMessage());
        }
    }

    /** Listens for announcements until closed, opening the listening connection again after a failure. */
    private void listenForAnnouncements() {
        int failures = 0;
        while (!closed) {
            try (PendingEventChannel.Listener listener = channel.listen()) {
                if (failures > 0) {
                    LOG.info("Node {} listens for pending events of its partitions again", node);
                }
                failures = 0;
                while (true) {
                    // Set before closed is read, and close reads it after setting closed: either this thread reads
                    // closed as true, or close finds it waiting and ends the wait.
                    listenerWaiting = true;
                    if (closed) {
                        break;
                    }
                    Set<Integer> announced = listener.await((int) heartbeatMillis);
                    listenerWaiting = false;
                    announced.removeIf(partition -> !owns(partition));
                    if (!announced.isEmpty()) {
                        for (Listener each : listeners) {
                            each.announced(announced);
                        }
                    }
                }
            } catch (StoreException | SQLException e) {
                listenerWaiting = false;
                if (closed) {
                    return;
                }
                if (failures++ == 0) {
                    LOG.warn("Node {} cannot listen for pending events of its partitions, so it reads them at each"
                            + " heartbeat until it listens again: {}", node, e.getMessage());
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(heartbeatMillis);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** Returns the node id under which this runtime holds its leases. */
    public String node() {
        return node;
    }

    /**
     * Returns the number of nodes whose registration had not expired at the last heartbeat that reached the store,
     * including one that the store rejected because another process has this node id.
     */
    public int liveNodes() {
        return liveNodes;
    }

    /**
     * Returns whether the store rejected the last heartbeat because another live process has registered this node
     * id, so that this process holds no partition.
     */
    public boolean nodeIdInUse() {
        return nodeIdInUse;
    }

    /** Returns why the leases could not be renewed, or null while the last renewal succeeded. */
    public String renewalFailure() {
        return renewalFailure;
    }

    /** Runs a heartbeat; an unexpected failure is logged, because it would end the schedule. */
    private void scheduledHeartbeat() {
        try {
            heartbeat();
        } catch (RuntimeException e) {
            LOG.error("The partition lease heartbeat of node {} failed unexpectedly; it runs again in {} ms", node,
                    heartbeatMillis, e);
        }
    }

    /** Renews the leases, then takes or releases partitions toward this node's share. */
    synchronized void heartbeat() {
        long started = System.nanoTime();
        PartitionLeaseStore.Heartbeat beat;
        try {
            beat = store.heartbeat(node, instance, leaseMillis);
        } catch (StoreException e) {
            renewalFailed(e);
            return;
        }
        if (renewalFailure != null) {
            LOG.info("Node {} renewed its partition leases again after {} failed renewals", node, failedRenewals);
        }
        renewalFailure = null;
        nodeIdInUse = false;
        failedRenewals = 0;
        validUntilNanos = started + TimeUnit.MILLISECONDS.toNanos(leaseMillis - heartbeatMillis);
        liveNodes = beat.liveNodes();
        followStore(beat.held());
        try {
            balance(Math.max(1, beat.liveNodes()));
        } catch (StoreException e) {
            LOG.warn("Node {} could not take or release partitions; it tries again at the next heartbeat: {}", node,
                    e.getMessage());
        }
        for (Listener listener : listeners) {
            listener.renewed();
        }
    }

    private void renewalFailed(StoreException e) {
        failedRenewals++;
        renewalFailure = e.getMessage();
        nodeIdInUse = e instanceof NodeIdInUseException;
        if (e instanceof NodeIdInUseException inUse) {
            liveNodes = inUse.liveNodes();
        }
        if (e instanceof NodeIdInUseException && (failedRenewals == 1 || failedRenewals % 30 == 0)) {
            LOG.error("{} (heartbeats rejected in a row: {})", e.getMessage(), failedRenewals);
        } else if (failedRenewals == 1 || failedRenewals % 30 == 0) {
            LOG.warn("Node {} could not renew its partition leases (renewals failed in a row: {}): {}", node,
                    failedRenewals, e.getMessage());
        }
        if (System.nanoTime() - validUntilNanos >= 0 && !leased.isEmpty()) {
            Set<Integer> expired = new TreeSet<>(leased.keySet());
            LOG.error("Node {} stops applying the events of its {} partitions, because their leases expire without"
                    + " renewal; another node takes them over", node, expired.size());
            stopApplying(expired);
            leased.clear();
            draining.clear();
        }
    }

    /**
     * Makes the partitions in memory match the leases that the renewal found. Partitions that another node took over
     * are lost. Partitions that the store still names this node for, such as after a renewal failed for a while, are
     * applied again under their stored epoch.
     */
    private void followStore(Map<Integer, Long> held) {
        Set<Integer> lost = new TreeSet<>();
        for (Map.Entry<Integer, Long> entry : leased.entrySet()) {
            Long stored = held.get(entry.getKey());
            if (stored == null || !stored.equals(entry.getValue())) {
                lost.add(entry.getKey());
            }
        }
        if (!lost.isEmpty()) {
            LOG.warn("Node {} lost partitions {} to another node; their pending events stay in the store for it",
                    node, lost);
            stopApplying(lost);
            lost.forEach(leased::remove);
            lost.forEach(draining::remove);
        }
        Map<Integer, Long> regained = new HashMap<>();
        for (Map.Entry<Integer, Long> entry : held.entrySet()) {
            if (!leased.containsKey(entry.getKey())) {
                regained.put(entry.getKey(), entry.getValue());
            }
        }
        startApplying(regained);
    }

    private void balance(int nodes) {
        int share = (PARTITIONS + nodes - 1) / nodes;
        int active = leased.size() - draining.size();
        if (active < share) {
            startApplying(store.claim(node, share - active, leaseMillis));
        } else if (active > share) {
            Set<Integer> excess = new TreeSet<>();
            List<Integer> candidates = new ArrayList<>(new TreeSet<>(leased.keySet()));
            for (int i = candidates.size() - 1; i >= 0 && excess.size() < active - share; i--) {
                if (!draining.contains(candidates.get(i))) {
                    excess.add(candidates.get(i));
                }
            }
            LOG.info("Node {} hands partitions {} to the other {} nodes, to hold its share of {}", node, excess,
                    nodes - 1, share);
            draining.addAll(excess);
            stopApplying(excess);
        }
        for (Integer partition : new ArrayList<>(draining)) {
            if (idle.test(partition)) {
                store.release(node, partition, leased.get(partition));
                leased.remove(partition);
                draining.remove(partition);
            }
        }
    }

    private void startApplying(Map<Integer, Long> taken) {
        if (taken.isEmpty()) {
            return;
        }
        leased.putAll(taken);
        taken.forEach(applying::set);
        Set<Integer> partitions = new TreeSet<>(taken.keySet());
        LOG.info("Node {} took partitions {}", node, partitions);
        for (Listener listener : listeners) {
            listener.acquired(partitions);
        }
    }

    private void stopApplying(Set<Integer> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        partitions.forEach(partition -> applying.set(partition, NOT_HELD));
        for (Listener listener : listeners) {
            listener.lost(partitions);
        }
    }
}
