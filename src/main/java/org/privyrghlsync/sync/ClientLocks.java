package org.privyrghlsync.sync;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.privyrghlsync.store.InboxEntry;

/**
 * Locks that make the changes to one client's GHL contact link happen one at a time within this runtime. The lane
 * that applies an event of the client and the contact reconciliation both hold the client's lock while they change
 * the link. Clients share {@value #STRIPES} locks by hash, so two clients may wait for each other briefly; a holder
 * may take its lock again.
 */
public final class ClientLocks {

    private static final int STRIPES = 256;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    public ClientLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Runs {@code work} while holding the lock of the client, keyed by {@link InboxEntry#orderingKey()}. */
    public <T> T withLock(String orderingKey, Supplier<T> work) {
        ReentrantLock lock = locks[Math.floorMod(orderingKey.hashCode(), STRIPES)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
