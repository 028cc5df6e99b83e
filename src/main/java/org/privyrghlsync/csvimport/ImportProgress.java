package org.privyrghlsync.csvimport;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Reports an import's progress: a bar redrawn in place when standard output is a terminal, else a plain line every
 * interval, which suits log files. Rejected rows are printed on standard error, one line each.
 */
abstract class ImportProgress {

    /** Counts of an import so far, over every run of the same file. */
    record Counts(int totalRows, int rowsDone, int stored, int duplicates, int rejected) {
    }

    protected final PrintWriter out;
    protected final PrintWriter err;
    private final LongSupplier nanoTime;
    private long startNanos;
    private int startRows;

    ImportProgress(PrintWriter out, PrintWriter err, LongSupplier nanoTime) {
        this.out = out;
        this.err = err;
        this.nanoTime = nanoTime;
    }

    /** Returns the bar when {@code terminal} is true, else plain lines every {@code intervalSeconds}. */
    static ImportProgress create(boolean terminal, PrintWriter out, PrintWriter err, long intervalSeconds) {
        if (terminal) {
            return new TerminalProgress(out, err, System::nanoTime);
        }
        return new PlainProgress(out, err, intervalSeconds * 1_000_000_000L, System::nanoTime);
    }

    /** Starts the clock of the rate; {@code rowsDone} rows were handled by earlier runs. */
    void start(Counts counts) {
        startNanos = nanoTime.getAsLong();
        startRows = counts.rowsDone();
        show(counts, startNanos, true);
    }

    /** Reports the counts after a committed batch. */
    void update(Counts counts) {
        show(counts, nanoTime.getAsLong(), false);
    }

    /** Prints the line of a rejected row. */
    abstract void rejected(String line);

    /** Ends the progress output after the last row. */
    abstract void finish(Counts counts);

    /**
     * Shows the counts.
     *
     * @param first true for the call from {@link #start(Counts)}
     */
    protected abstract void show(Counts counts, long now, boolean first);

    protected long now() {
        return nanoTime.getAsLong();
    }

    /** Returns rows per second in this run, or 0 before any row or time has passed. */
    protected double rate(Counts counts, long now) {
        long elapsed = now - startNanos;
        int rows = counts.rowsDone() - startRows;
        return elapsed <= 0 || rows <= 0 ? 0 : rows * 1e9 / elapsed;
    }

    /** Returns "120 rows/s, about 4 s left", or "" until a rate is known. */
    protected String rateAndTimeLeft(Counts counts, long now) {
        double rate = rate(counts, now);
        if (rate <= 0) {
            return "";
        }
        String rateText = rate < 10 ? String.format(Locale.ROOT, "%.1f rows/s", rate)
                : String.format(Locale.ROOT, "%,d rows/s", Math.round(rate));
        long secondsLeft = Math.round((counts.totalRows() - counts.rowsDone()) / rate);
        return rateText + ", about " + duration(secondsLeft) + " left";
    }

    /** Returns the percentage of rows done, 100 for a file without rows. */
    protected static int percent(Counts counts) {
        return counts.totalRows() == 0 ? 100 : (int) (100L * counts.rowsDone() / counts.totalRows());
    }

    protected static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + " min " + (seconds % 60) + " s";
        }
        return (seconds / 3600) + " h " + (seconds % 3600 / 60) + " min";
    }
}
