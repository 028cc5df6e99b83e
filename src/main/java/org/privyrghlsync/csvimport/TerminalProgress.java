package org.privyrghlsync.csvimport;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/** Draws a progress bar with the rate and the time left on one terminal line, redrawn in place. */
final class TerminalProgress extends ImportProgress {

    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private long lastDrawNanos;
    private int lastWidth;
    private Counts lastCounts;

    TerminalProgress(PrintWriter out, PrintWriter err, LongSupplier nanoTime) {
        super(out, err, nanoTime);
    }

    @Override
    protected void show(Counts counts, long now, boolean first) {
        lastCounts = counts;
        if (first || now - lastDrawNanos >= REDRAW_NANOS) {
            draw(counts, now);
        }
    }

    @Override
    void rejected(String line) {
        clear();
        err.println(line);
        err.flush();
        if (lastCounts != null) {
            draw(lastCounts, now());
        }
    }

    @Override
    void finish(Counts counts) {
        draw(counts, now());
        out.println();
        out.flush();
    }

    /** Returns the bar line, such as {@code [#########.........]  45%  450/1,000 rows  120 rows/s, about 4 s left}. */
    String render(Counts counts, long now) {
        int filled = counts.totalRows() == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * counts.rowsDone()
                / counts.totalRows());
        String rate = rateAndTimeLeft(counts, now);
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + String.format("%3d%%",
                percent(counts)) + "  " + number(counts.rowsDone()) + "/" + number(counts.totalRows()) + " "
                + CountText.noun(counts.totalRows(), "row")
                + (counts.rejected() > 0 ? ", " + number(counts.rejected()) + " rejected" : "")
                + (rate.isEmpty() ? "" : "  " + rate);
    }

    private void draw(Counts counts, long now) {
        String line = render(counts, now);
        // Spaces cover the end of a longer previous line.
        out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
        out.flush();
        lastWidth = line.length();
        lastDrawNanos = now;
    }

    private void clear() {
        out.print("\r" + " ".repeat(lastWidth) + "\r");
        out.flush();
        lastWidth = 0;
    }
}
