package org.privyrghlsync.csvimport;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * Prints a progress line after a committed batch once the interval has passed since the last line, for output that
 * goes to a file or a pipe.
 */
final class PlainProgress extends ImportProgress {

    private final long intervalNanos;
    private long lastLineNanos;

    /** @param intervalNanos the time between lines; 0 prints a line after every committed batch */
    PlainProgress(PrintWriter out, PrintWriter err, long intervalNanos, LongSupplier nanoTime) {
        super(out, err, nanoTime);
        this.intervalNanos = intervalNanos;
    }

    @Override
    protected void show(Counts counts, long now, boolean first) {
        if (first) {
            lastLineNanos = now;
            return;
        }
        if (now - lastLineNanos < intervalNanos) {
            return;
        }
        lastLineNanos = now;
        String rate = rateAndTimeLeft(counts, now);
        out.println("Progress: " + number(counts.rowsDone()) + " of " + number(counts.totalRows()) + " "
                + CountText.noun(counts.totalRows(), "row") + " (" + percent(counts) + "%): "
                + number(counts.stored()) + " stored, " + number(counts.duplicates()) + " stored before, "
                + number(counts.rejected()) + " rejected" + (rate.isEmpty() ? "" : "; " + rate));
        out.flush();
    }

    @Override
    void rejected(String line) {
        err.println(line);
        err.flush();
    }

    @Override
    void finish(Counts counts) {
        out.flush();
    }
}
