package org.privyrghlsync.sync;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.privyrghlsync.store.InboxEntry;

/**
 * Locks that make the changes to one client's GHL contact link happen one at a time within this runtime. The lane
 * that applies an event of the client and the contact reconciliation both hold the client's lock while they change
 * the link. Clients share {@value #STRIPES} locks by hash, so two clients may wait for each other briefly; a holder
 * may take its lock again. Across runtimes that share a database, only the runtime that holds a client's partition
 * applies its events or changes its link ({@link PartitionOwnership}).
 *
 * <p>A lane hands the record of an applied event to the group commit and goes on without waiting for it. So that the
 * next holder reads what that record stores, taking a client's lock also waits until the client's last record
 * committed ({@link #recording}).
 */
public final class ClientLocks {

    private static final int STRIPES = 256;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    /** The commit of each client's last record that has not completed yet, by {@link InboxEntry#orderingKey()}. */
    private final ConcurrentHashMap<String, CompletableFuture<?>> uncommitted = new ConcurrentHashMap<>();

    public ClientLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /**
     * Runs {@code work} while holding the lock of the client, keyed by {@link InboxEntry#orderingKey()}, once the
     * client's last record has committed or failed.
     */
    public <T> T withLock(String orderingKey, Supplier<T> work) {
        ReentrantLock lock = locks[Math.floorMod(orderingKey.hashCode(), STRIPES)];
        lock.lock();
        try {
            awaitCommit(orderingKey);
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Registers {@code commit}, the future commit of a record of the client. Records commit in the order they were
     * handed in, so waiting for the last one covers the earlier ones. Call it while holding the client's lock.
     */
    public void recording(String orderingKey, CompletableFuture<?> commit) {
        if (commit.isDone()) {
            return;
        }
        uncommitted.put(orderingKey, commit);
        commit.whenComplete((ignored, failure) -> uncommitted.remove(orderingKey, commit));
    }

    /**
     * Waits until the client's last registered record has committed or failed. The lock's owner calls it after it
     * applied other events of the client, before it reads what their records store.
     */
    void awaitCommit(String orderingKey) {
        CompletableFuture<?> commit = uncommitted.get(orderingKey);
        if (commit == null) {
            return;
        }
        try {
            commit.join();
        } catch (CompletionException | CancellationException e) {
            // Nothing of the record was stored, so the store has the client's state before that event, and the event
            // stays pending. The code that handed the record in logs the failure.
        }
    }
}
