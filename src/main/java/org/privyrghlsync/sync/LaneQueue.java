package org.privyrghlsync.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Queue of one worker lane: one FIFO per GHL location, taken in turn among the locations that the gate lets start
 * an event. All events of one client belong to one location, so they still leave the lane in the order they came.
 * A location without budget therefore delays only its own events, never those of other locations in the lane.
 */
final class LaneQueue {

    private final Map<String, ArrayDeque<InboxDispatcher.Work>> byLocation = new HashMap<>();
    /** Locations with queued events, the next one to try first. */
    private final ArrayDeque<String> turns = new ArrayDeque<>();
    /**
     * True while the lane's thread has queued events and may wait for the gate, the only time a change of the gate
     * wakes it. The gate changes with every GHL call, so an idle lane waits for {@link #add} instead.
     */
    private volatile boolean waitingForGate;

    synchronized void add(InboxDispatcher.Work work) {
        String locationId = work.entry().locationId();
        ArrayDeque<InboxDispatcher.Work> queue = byLocation.get(locationId);
        if (queue == null) {
            queue = new ArrayDeque<>();
            byLocation.put(locationId, queue);
            turns.addLast(locationId);
        }
        queue.addLast(work);
        notifyAll();
    }

    /** Wakes a thread waiting in {@link #take} for the gate, so that it checks the gate again. */
    void wake() {
        if (waitingForGate) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /**
     * Returns the next event whose location the gate lets start, or null when none could start within
     * {@code maxWaitMillis}. The gate has then reserved a call for it on the calling thread. Events of a location
     * that the gate pauses are removed and handed to {@code paused}. Only the lane's own thread calls it, because the
     * wake-up flag is one per lane.
     */
    synchronized InboxDispatcher.Work take(InboxDispatcher.Gate gate, long maxWaitMillis,
            Consumer<InboxDispatcher.Work> paused) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        try {
            return takeOrWait(gate, deadline, paused);
        } finally {
            waitingForGate = false;
        }
    }

    private InboxDispatcher.Work takeOrWait(InboxDispatcher.Gate gate, long deadline,
            Consumer<InboxDispatcher.Work> paused) throws InterruptedException {
        while (true) {
            // Set before tryStart, so a later change of the gate finds the flag and then waits for this monitor
            // until this thread waits or returns. The wake-up is therefore not lost.
            waitingForGate = !turns.isEmpty();
            long soonestNanos = Long.MAX_VALUE;
            for (int tried = turns.size(); tried > 0; tried--) {
                String locationId = turns.pollFirst();
                ArrayDeque<InboxDispatcher.Work> queue = byLocation.get(locationId);
                if (gate.isPaused(locationId)) {
                    byLocation.remove(locationId);
                    queue.forEach(paused);
                    continue;
                }
                long waitNanos = gate.tryStart(locationId);
                if (waitNanos == 0) {
                    InboxDispatcher.Work work = queue.pollFirst();
                    if (queue.isEmpty()) {
                        byLocation.remove(locationId);
                    } else {
                        turns.addLast(locationId);
                    }
                    return work;
                }
                turns.addLast(locationId);
                soonestNanos = Math.min(soonestNanos, waitNanos);
            }
            long leftNanos = deadline - System.nanoTime();
            if (leftNanos <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(leftNanos, soonestNanos));
        }
    }

    /** Removes the queued events that {@code test} accepts and returns them. */
    synchronized List<InboxDispatcher.Work> removeIf(Predicate<InboxDispatcher.Work> test) {
        List<InboxDispatcher.Work> removed = new ArrayList<>();
        Iterator<Map.Entry<String, ArrayDeque<InboxDispatcher.Work>>> queues = byLocation.entrySet().iterator();
        while (queues.hasNext()) {
            Map.Entry<String, ArrayDeque<InboxDispatcher.Work>> queue = queues.next();
            queue.getValue().removeIf(work -> test.test(work) && removed.add(work));
            if (queue.getValue().isEmpty()) {
                queues.remove();
                turns.remove(queue.getKey());
            }
        }
        return removed;
    }

    /** Removes every queued event and returns how many there were. */
    synchronized int clear() {
        int removed = 0;
        for (ArrayDeque<InboxDispatcher.Work> queue : byLocation.values()) {
            removed += queue.size();
        }
        byLocation.clear();
        turns.clear();
        return removed;
    }
}
