package org.privyrghlsync.ghl;

/**
 * Part of each location's GHL budget that this runtime may use: the event partitions it holds out of all partitions.
 * Runtimes that share a database hold disjoint sets of partitions, and each part is rounded down, so the parts of one
 * budget add up to at most the whole. The minimum of one call is the exception: it exceeds the part of a runtime that
 * holds fewer than {@code total / budget} partitions. A runtime that holds every partition, as on the embedded H2
 * store, uses each budget unchanged.
 *
 * @param held partitions whose events this runtime applies, from 0 to {@code total}
 * @param total number of partitions
 */
record PartitionShare(int held, int total) {

    /** Share of every partition, with which the budgets apply unchanged. */
    static final PartitionShare WHOLE = new PartitionShare(1, 1);

    PartitionShare {
        if (total < 1 || held < 0 || held > total) {
            throw new IllegalArgumentException("Held partitions must be between 0 and the number of partitions "
                    + total + ", got " + held);
        }
    }

    /** Returns the share of {@code held} of {@code total} partitions, or {@link #WHOLE} when it holds all of them. */
    static PartitionShare of(int held, int total) {
        return held == total ? WHOLE : new PartitionShare(held, total);
    }

    boolean whole() {
        return held == total;
    }

    /** Returns whether this share is a smaller fraction than {@code other}. */
    boolean lessThan(PartitionShare other) {
        return (long) held * other.total < (long) other.held * total;
    }

    /**
     * Returns this runtime's part of a budget of {@code budget} calls: rounded down, and at least 1 so that the
     * runtime can always make progress. A budget of 0 or less, which means no limit, is returned unchanged.
     */
    long partOf(long budget) {
        if (whole() || budget <= 0) {
            return budget;
        }
        // (budget / total) * held + (budget % total) * held / total is budget * held / total without overflow.
        long part = budget / total * held + budget % total * held / total;
        return Math.max(1, part);
    }

    /**
     * Returns this runtime's part of the daily reserve: rounded up, so that the parts add up to at least the reserve,
     * but below its part of the daily budget {@code budget}, so that the runtime is not paused before its first call of
     * the day.
     */
    long reservePartOf(long reserve, long budget) {
        if (whole()) {
            return reserve;
        }
        long part = (reserve * held + total - 1) / total;
        return Math.max(0, Math.min(part, partOf(budget) - 1));
    }

    @Override
    public String toString() {
        return held + " of " + total + " partitions";
    }
}
