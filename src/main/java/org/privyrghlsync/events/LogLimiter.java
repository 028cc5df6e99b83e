package org.privyrghlsync.events;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Limiter of log lines: one line per interval, and a count of the lines held back, so that requests that anyone can
 * send cannot flood the log.
 */
public final class LogLimiter {

    private final long intervalNanos;
    private final AtomicLong lastLogged;
    private final AtomicLong heldBack = new AtomicLong();

    /** Creates a limiter that lets the first line through and then one line per {@code interval}. */
    public LogLimiter(Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.lastLogged = new AtomicLong(System.nanoTime() - intervalNanos);
    }

    /**
     * Returns how many lines were held back since the last line let through when this line may be logged, and -1
     * when it is held back.
     */
    public long tryLog() {
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= intervalNanos && lastLogged.compareAndSet(last, now)) {
            return heldBack.getAndSet(0);
        }
        heldBack.incrementAndGet();
        return -1;
    }

    /** Returns the phrase to append to a line that {@link #tryLog} let through after holding back {@code count}. */
    public static String heldBackNote(long count) {
        return count <= 0 ? "" : " (" + count + " more since the last such line, not logged)";
    }
}
