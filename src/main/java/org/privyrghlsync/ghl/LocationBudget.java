package org.privyrghlsync.ghl;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * GHL budget of one location: its burst window and its daily budget, behind one lock. Threads that call GHL in the
 * middle of an event wait here for the burst window. The event dispatcher calls {@link #tryStart}, which returns at
 * once instead of waiting for budget, so a location without budget keeps no worker thread busy.
 */
final class LocationBudget {

    /** Outcome of {@link #tryStart}: either a reservation, marked when it checks a paused daily budget, or a wait. */
    record Admission(boolean started, boolean probe, long waitNanos) {
    }

    private final String locationId;
    private final BurstWindow burst;
    private final DailyBudget daily;
    private final Clock clock;
    private final LongSupplier nanoClock;
    private final Runnable onChange;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Threads waiting in {@link #acquire}; reservations for new events leave them the first free calls. */
    private int waiters;

    /** @param share the runtime's share of the budget, which this budget takes over and changes from then on */
    LocationBudget(String locationId, RateLimitSettings settings, Clock clock, LongSupplier nanoClock,
            ShareSchedule share, Runnable onChange) {
        this.locationId = locationId;
        this.burst = new BurstWindow(settings, share);
        this.daily = new DailyBudget(locationId, settings, clock.instant(), share.latest());
        this.clock = clock;
        this.nanoClock = nanoClock;
        this.onChange = onChange;
    }

    /**
     * Reserves one call for an event that is about to start, when the daily budget is above its reserve and the
     * burst window has a free call that no waiting thread needs. Returns at once when it cannot.
     */
    Admission tryStart() {
        lock.lock();
        try {
            long now = nanoClock.getAsLong();
            DailyBudget.Admission admission = daily.admission(clock.instant());
            if (admission == DailyBudget.Admission.PAUSED) {
                return new Admission(false, false, Math.max(1, pauseNanos()));
            }
            if (burst.free(now) - waiters < 1) {
                return new Admission(false, false, burst.nextChange(now) - now);
            }
            boolean probe = admission == DailyBudget.Admission.PROBE;
            burst.reserve();
            daily.start(probe);
            return new Admission(true, probe, 0);
        } finally {
            lock.unlock();
        }
    }

    /** Returns whether new events of the location wait for the daily budget. */
    boolean paused() {
        lock.lock();
        try {
            return daily.admission(clock.instant()) == DailyBudget.Admission.PAUSED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until the burst window has a free call and counts the call as sent.
     *
     * @return the send time on the nano clock, for {@link #finish}
     * @throws DailyBudgetSpentException when no call is left in the daily budget
     */
    long acquire() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                long remaining = daily.remaining(clock.instant());
                if (remaining <= 0) {
                    throw new DailyBudgetSpentException(locationId, "Location " + locationId + " has no GHL calls"
                            + " left in its daily budget, so the call was not sent; the event stays pending until"
                            + " the budget resets");
                }
                long now = nanoClock.getAsLong();
                if (burst.free(now) >= 1) {
                    burst.start();
                    daily.start(false);
                    return now;
                }
                waiters++;
                try {
                    changed.awaitNanos(burst.nextChange(now) - now);
                } finally {
                    waiters--;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Turns the calling event's reservation into the call being sent and returns its send time. */
    long startReserved() {
        lock.lock();
        try {
            burst.startReserved();
            return nanoClock.getAsLong();
        } finally {
            lock.unlock();
        }
    }

    /** Records that the runtime holds {@code next} from now on, which changes its part of both budgets. */
    void changeShare(PartitionShare next) {
        lock.lock();
        try {
            burst.changeShare(next, nanoClock.getAsLong());
            daily.changeShare(next, clock.instant());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Returns a reservation that its event did not use, and runs the change listener when {@code notify} is set. */
    void cancelReservation(boolean probe, boolean notify) {
        lock.lock();
        try {
            burst.cancelReservation();
            daily.cancel(probe);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (notify) {
            onChange.run();
        }
    }

    /** Records the end of a call sent at {@code sentNanos}, with the rate-limit headers of its response if any. */
    void finish(long sentNanos, boolean probe, RateLimitHeaders headers) {
        lock.lock();
        try {
            int overlapping = burst.finish(sentNanos, nanoClock.getAsLong(), headers);
            daily.finish(clock.instant(), headers, overlapping, probe);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        onChange.run();
    }

    private long pauseNanos() {
        Instant until = daily.pausedUntil();
        if (until == null) {
            return 1;
        }
        return java.time.Duration.between(clock.instant(), until).toNanos();
    }
}
