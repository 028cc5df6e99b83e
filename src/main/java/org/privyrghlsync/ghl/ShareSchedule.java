package org.privyrghlsync.ghl;

/**
 * The {@link PartitionShare} in effect for a burst window. A lower share applies at once. A higher one waits, because
 * the runtime that gave up the partitions lowered its own share when it did, but GHL still counts its earlier calls
 * for up to one window. The higher share applies one window after the change, or sooner, at the first response to a
 * call sent after the change that gives GHL's remaining count. {@link BurstWindow} counts the calls of the other
 * runtimes in that count as calls of others, so from then on they limit this runtime. Not thread-safe: its owner
 * guards every call.
 *
 * <p>While a raise waits, the share in effect is a floor: the lowest share since the window before the latest change.
 * It can be lower than the true minimum of the last window, which delays a raise by up to one more window but never
 * lets the share in effect exceed that minimum.
 */
final class ShareSchedule {

    private PartitionShare latest = PartitionShare.WHOLE;
    private PartitionShare floor = PartitionShare.WHOLE;
    /** Nano clock time of the latest change. */
    private long changedNanos;
    /** Nano clock time until which the floor applies. */
    private long floorUntilNanos;

    ShareSchedule() {
    }

    private ShareSchedule(ShareSchedule source) {
        this.latest = source.latest;
        this.floor = source.floor;
        this.changedNanos = source.changedNanos;
        this.floorUntilNanos = source.floorUntilNanos;
    }

    ShareSchedule copy() {
        return new ShareSchedule(this);
    }

    /** Returns the share held now, which applies at once to the daily budget. */
    PartitionShare latest() {
        return latest;
    }

    /** Returns the share that limits the burst window at {@code now}. */
    PartitionShare inEffect(long now) {
        return raisePending(now) ? floor : latest;
    }

    /** Returns when the share in effect rises to the latest one, or {@link Long#MAX_VALUE} when no raise is pending. */
    long raiseAt(long now) {
        return raisePending(now) ? floorUntilNanos : Long.MAX_VALUE;
    }

    /** Records that the runtime holds {@code next} from {@code now} on, for a burst window of {@code windowNanos}. */
    void change(PartitionShare next, long now, long windowNanos) {
        floor = inEffect(now);
        changedNanos = now;
        floorUntilNanos = now + windowNanos;
        latest = next;
    }

    /**
     * Applies a waiting raise at once when the call sent at {@code sentNanos} was sent after the latest change,
     * because its response gave GHL's remaining count.
     */
    void countReported(long sentNanos) {
        if (sentNanos - changedNanos >= 0) {
            floor = latest;
        }
    }

    private boolean raisePending(long now) {
        return now - floorUntilNanos < 0 && floor.lessThan(latest);
    }
}
