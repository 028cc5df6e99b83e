package org.privyrghlsync.ghl;

/**
 * Finished calls of one location in the order of their responses, as two primitive arrays used as a ring. The calls
 * that still count against the burst window ("counting") follow the calls that no longer count but may still have
 * been counted by GHL together with a call in flight ("recent"). Response times never decrease, because calls finish
 * under the location's lock with the time read there, so counting the calls that responded after a moment is a binary
 * search, whatever the number of calls in the window.
 */
final class CallLog {

    private long[] responded = new long[64];
    private long[] expires = new long[64];
    /** Logical positions: recent calls are [first, split), counting calls are [split, end). */
    private long first;
    private long split;
    private long end;

    void add(long respondedNanos, long expiresNanos) {
        if (end - first == responded.length) {
            grow();
        }
        int slot = slot(end);
        responded[slot] = respondedNanos;
        expires[slot] = expiresNanos;
        end++;
    }

    /** Moves counting calls that expired by {@code now} to recent, and drops recent ones older than one more window. */
    void prune(long now, long windowNanos) {
        while (split < end && expires[slot(split)] <= now) {
            split++;
        }
        while (first < split && expires[slot(first)] + windowNanos <= now) {
            first++;
        }
    }

    int counting() {
        return (int) (end - split);
    }

    boolean hasCounting() {
        return end > split;
    }

    long firstCountingExpiry() {
        return expires[slot(split)];
    }

    /** Returns how many calls, recent and counting, responded after {@code nanos}, or at it when {@code inclusive}. */
    int respondedAfter(long nanos, boolean inclusive) {
        long low = first;
        long high = end;
        while (low < high) {
            long middle = (low + high) >>> 1;
            long value = responded[slot(middle)];
            if (inclusive ? value < nanos : value <= nanos) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return (int) (end - low);
    }

    private int slot(long position) {
        return (int) (position & (responded.length - 1));
    }

    private void grow() {
        int size = (int) (end - first);
        long[] newResponded = new long[responded.length * 2];
        long[] newExpires = new long[expires.length * 2];
        for (int i = 0; i < size; i++) {
            newResponded[i] = responded[slot(first + i)];
            newExpires[i] = expires[slot(first + i)];
        }
        long splitOffset = split - first;
        responded = newResponded;
        expires = newExpires;
        first = 0;
        split = splitOffset;
        end = size;
    }
}
