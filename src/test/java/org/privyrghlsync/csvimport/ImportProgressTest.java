package org.privyrghlsync.csvimport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ImportProgressTest {

    private static final long SECOND = 1_000_000_000L;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicLong clock = new AtomicLong();

    @Test
    void terminalBarShowsRateAndTimeLeft() {
        TerminalProgress progress = new TerminalProgress(new PrintWriter(out), new PrintWriter(err), clock::get);

        progress.start(new ImportProgress.Counts(1_000, 100, 100, 0, 0));
        clock.set(2 * SECOND);
        progress.update(new ImportProgress.Counts(1_000, 550, 540, 0, 10));

        assertThat(out.toString()).startsWith("\r[###...........................]  10%  100/1,000 rows");
        assertThat(out.toString()).contains("\r[################..............]  55%  550/1,000 rows, 10 rejected"
                + "  225 rows/s, about 2 s left");
    }

    @Test
    void terminalBarMakesRoomForRejectedRow() {
        TerminalProgress progress = new TerminalProgress(new PrintWriter(out), new PrintWriter(err), clock::get);
        progress.start(new ImportProgress.Counts(10, 0, 0, 0, 0));

        progress.rejected("Row 3, column 'Email': value 'n***@example' is not a valid email address");

        assertThat(err.toString()).isEqualTo("Row 3, column 'Email': value 'n***@example' is not a valid email"
                + " address" + System.lineSeparator());
        assertThat(out.toString()).containsPattern("\r {20,}\r\r\\[\\.{30}]   0%");
    }

    @Test
    void oneRowFileIsSingular() {
        PlainProgress plain = new PlainProgress(new PrintWriter(out), new PrintWriter(err), 0, clock::get);
        TerminalProgress terminal = new TerminalProgress(new PrintWriter(new StringWriter()), new PrintWriter(err),
                clock::get);
        ImportProgress.Counts done = new ImportProgress.Counts(1, 1, 1, 0, 0);

        plain.start(new ImportProgress.Counts(1, 0, 0, 0, 0));
        plain.update(done);

        assertThat(out.toString()).startsWith("Progress: 1 of 1 row (100%): 1 stored, 0 stored before, 0 rejected");
        assertThat(terminal.render(done, 0)).endsWith("100%  1/1 row");
    }

    @Test
    void plainLinesFollowInterval() {
        PlainProgress progress = new PlainProgress(new PrintWriter(out), new PrintWriter(err), 10 * SECOND,
                clock::get);

        progress.start(new ImportProgress.Counts(100_000, 0, 0, 0, 0));
        clock.set(5 * SECOND);
        progress.update(new ImportProgress.Counts(100_000, 5_000, 5_000, 0, 0));
        clock.set(10 * SECOND);
        progress.update(new ImportProgress.Counts(100_000, 10_000, 9_000, 998, 2));

        assertThat(out.toString()).isEqualTo("Progress: 10,000 of 100,000 rows (10%): 9,000 stored, 998 stored"
                + " before, 2 rejected; 1,000 rows/s, about 1 min 30 s left" + System.lineSeparator());
    }
}
