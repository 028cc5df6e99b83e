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
        Taker taker = Taker.start(lane, new SwitchGate(true));
        taker.awaitWaiting();
        long waitsBefore = taker.waitedCount();

        // Every GHL call that ends changes the gate, and a lane with nothing queued has no event for it.
        for (int i = 0; i < 1_000; i++) {
            lane.wake();
        }
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> taker.waitedCount() == waitsBefore);

        InboxDispatcher.Work work = work("client-1");
        lane.add(work);
        assertThat(taker.taken().get(5, TimeUnit.SECONDS)).isSameAs(work);
    }

    @Test
    void queuedEventStartsWhenTheGateChanges() throws Exception {
        LaneQueue lane = new LaneQueue();
        SwitchGate gate = new SwitchGate(false);
        InboxDispatcher.Work work = work("client-2");
        lane.add(work);
        Taker taker = Taker.start(lane, gate);
        taker.awaitWaiting();
        assertThat(taker.taken()).isNotDone();

        // The gate announced a wait of a minute, which the change must end long before.
        gate.open.set(true);
        lane.wake();
        assertThat(taker.taken().get(5, TimeUnit.SECONDS)).isSameAs(work);
    }

    /** One {@code take} with a wait of up to a minute, on a thread of its own. */
    private record Taker(Thread thread, CompletableFuture<InboxDispatcher.Work> taken) {

        static Taker start(LaneQueue lane, InboxDispatcher.Gate gate) {
            CompletableFuture<InboxDispatcher.Work> taken = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    taken.complete(lane.take(gate, 60_000, paused -> { }));
                } catch (Throwable e) {
                    taken.completeExceptionally(e);
                }
            }, "lane-queue-taker");
            thread.setDaemon(true);
            thread.start();
            return new Taker(thread, taken);
        }

        void awaitWaiting() {
            await().atMost(Duration.ofSeconds(5)).until(() -> thread.getState() == Thread.State.TIMED_WAITING);
        }

        /** Returns how often the thread has waited for a notification so far. */
        long waitedCount() {
            return THREADS.getThreadInfo(thread.getId()).getWaitedCount();
        }
    }

    private static InboxDispatcher.Work work(String clientId) {
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        InboxEntry entry = new InboxEntry(1, "evt-" + clientId, "client.updated", "account-1", "location-1",
                clientId, now, now, "{}", 0);
        return new InboxDispatcher.Work(entry, null, true);
    }

    /** A gate that either lets every event start or returns a wait of one minute. */
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
