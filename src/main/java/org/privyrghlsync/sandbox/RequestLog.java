package org.privyrghlsync.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounded, lock-free log of served requests that drops the oldest entries once full.
 */
final class RequestLog {

    private final int limit;
    private final ConcurrentLinkedQueue<RecordedRequest> entries = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    RequestLog(int limit) {
        this.limit = limit;
    }

    void add(RecordedRequest request) {
        if (limit == 0) {
            return;
        }
        entries.add(request);
        if (size.incrementAndGet() > limit && entries.poll() != null) {
            size.decrementAndGet();
        }
    }

    /** Returns the entries in arrival order of their completion. */
    List<RecordedRequest> snapshot() {
        return new ArrayList<>(entries);
    }

    void clear() {
        RecordedRequest removed;
        do {
            removed = entries.poll();
            if (removed != null) {
                size.decrementAndGet();
            }
        } while (removed != null);
    }
}
