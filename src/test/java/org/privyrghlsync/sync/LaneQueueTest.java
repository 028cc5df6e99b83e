package org.privyrghlsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.store.InboxEntry;

/** How a sync lane's thread waits: for new events, and for the gate when its events may not start yet. */
class LaneQueueTest {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void idleLaneSleepsThroughGateChanges() throws Exception {
        LaneQueue lane = new LaneQueue();
        CompletableFuture<InboxDispatcher.Work> taken = takeOnThread(lane, new SwitchGate(true), "idle-lane");
        Thread thread = awaitWaiting("idle-lane");
        long waitsBefore = THREADS.getThreadInfo(thread.getId()).getWaitedCount();

        // Every GHL call that ends changes the gate; a lane with nothing queued has nothing to ask it.
        for (int i = 0; i < 1_000; i++) {
            lane.wake();
        }
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() ->
                THREADS.getThreadInfo(thread.getId()).getWaitedCount() == waitsBefore);

        InboxDispatcher.Work work = work("client-1");
        lane.add(work);
        assertThat(taken.get(5, TimeUnit.SECONDS)).isSameAs(work);
    }

    @Test
    void queuedEventStartsWhenTheGateChanges() throws Exception {
        LaneQueue lane = new LaneQueue();
        SwitchGate gate = new SwitchGate(false);
        InboxDispatcher.Work work = work("client-2");
        lane.add(work);
        CompletableFuture<InboxDispatcher.Work> taken = takeOnThread(lane, gate, "gated-lane");
        awaitWaiting("gated-lane");
        assertThat(taken).isNotDone();

        // The gate announced a wait of a minute; the change must end it long before.
        gate.open.set(true);
        lane.wake();
        assertThat(taken.get(5, TimeUnit.SECONDS)).isSameAs(work);
    }

    /** Runs one {@code take} with a wait of up to a minute on a thread of its own. */
    private static CompletableFuture<InboxDispatcher.Work> takeOnThread(LaneQueue lane, InboxDispatcher.Gate gate,
            String threadName) {
        CompletableFuture<InboxDispatcher.Work> taken = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                taken.complete(lane.take(gate, 60_000, paused -> { }));
            } catch (Throwable e) {
                taken.completeExceptionally(e);
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        return taken;
    }

    private static Thread awaitWaiting(String threadName) {
        Thread[] found = new Thread[1];
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().equals(threadName) && thread.getState() == Thread.State.TIMED_WAITING) {
                    found[0] = thread;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static InboxDispatcher.Work work(String clientId) {
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        InboxEntry entry = new InboxEntry(1, "evt-" + clientId, "client.updated", "account-1", "location-1",
                clientId, now, now, "{}", 0);
        return new InboxDispatcher.Work(entry, null, true);
    }

    /** A gate that either lets every event start or asks to wait a minute. */
    private static final class SwitchGate implements InboxDispatcher.Gate {
        final AtomicBoolean open;

        SwitchGate(boolean open) {
            this.open = new AtomicBoolean(open);
        }

        @Override
        public long tryStart(String locationId) {
            return open.get() ? 0 : TimeUnit.MINUTES.toNanos(1);
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
    }
}
