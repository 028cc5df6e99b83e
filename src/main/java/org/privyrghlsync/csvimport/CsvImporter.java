package org.privyrghlsync.csvimport;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.privyrghlsync.events.EnvelopeParser;
import org.privyrghlsync.events.EventEnvelope;
import org.privyrghlsync.mapping.ImportMapping;
import org.privyrghlsync.store.ImportStore;
import org.privyrghlsync.store.ImportStore.ImportFile;
import org.privyrghlsync.store.ImportStore.ImportKey;
import org.privyrghlsync.store.ImportStore.ImportReject;
import org.privyrghlsync.store.InboxEntry;

/**
 * Imports a CSV file of leads into the inbox as {@code client.created} events, where the runtime's sweep finds them
 * like events from the receiver or the mailbox.
 *
 * <p>Rows are committed in batches, each in one transaction with its rejects and the checkpoint, every
 * {@link #BATCH_ROWS} rows or {@link #BATCH_NANOS} of time. A run that is interrupted, by Ctrl-C or a kill, loses
 * at most the batch it had not committed, and the next run of the same file content starts after the checkpoint.
 * Event ids are deterministic, so a row stored before, by any file, is counted as a duplicate instead of stored
 * again.
 */
public final class CsvImporter {

    static final int BATCH_ROWS = 500;
    static final long BATCH_NANOS = 1_000_000_000L;

    /**
     * Settings of one import.
     *
     * @param csv the file to read
     * @param displayName the name of the file in messages: its path, or {@code standard input} for a copy of it
     * @param rejectsFile where rejected rows are written
     * @param accountId the {@code account_id} of the events
     * @param locationId the GHL location of the events
     * @param maxRowsPerSecond rows read per second at most, or 0 for no limit
     */
    public record Options(Path csv, String displayName, Path rejectsFile, String accountId, String locationId,
            double maxRowsPerSecond) {
    }

    /**
     * The outcome of a run.
     *
     * @param file the checkpoint after the run
     * @param rejectsFile what the run did to the rejects file
     * @param alreadyFinished true when an earlier run had imported every row, so this one did nothing
     */
    public record Result(ImportFile file, RejectsFileChange rejectsFile, boolean alreadyFinished) {
    }

    /** The change that a run made to the file in {@link Options#rejectsFile()}. */
    public enum RejectsFileChange {
        /** Written with the rejected rows. */
        WRITTEN,
        /** Deleted, because no row is rejected and the file listed the rows that an earlier run rejected. */
        DELETED,
        /** Not changed, because no row is rejected and the path has no rejects file of an earlier run. */
        NONE
    }

    private final ImportMapping mapping;
    private final ImportStore store;
    private final EnvelopeParser parser;
    private final ImportProgress progress;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Clock clock;

    CsvImporter(ImportMapping mapping, ImportStore store, EnvelopeParser parser, ImportProgress progress,
            PrintWriter out, PrintWriter err, Clock clock) {
        this.mapping = mapping;
        this.store = store;
        this.parser = parser;
        this.progress = progress;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** Creates an importer that prints on {@code out} and {@code err}, with a bar when {@code terminal} is true. */
    public static CsvImporter create(ImportMapping mapping, ImportStore store, PrintWriter out, PrintWriter err,
            boolean terminal, long progressIntervalSeconds) {
        return new CsvImporter(mapping, store, new EnvelopeParser(),
                ImportProgress.create(terminal, out, err, progressIntervalSeconds), out, err, Clock.systemUTC());
    }

    /** Returns the default rejects file of a CSV file: {@code leads.rejects.csv} beside {@code leads.csv}. */
    public static Path rejectsFileBeside(Path csv) {
        return RejectsFile.besides(csv);
    }

    /**
     * Imports the file, or the rest of it after an interrupted run.
     *
     * @throws LeadFileException when the file cannot be read as CSV or lacks the name column
     * @throws org.privyrghlsync.store.StoreException when the store fails, which keeps the rows committed so far
     * @throws IOException when the rejects file cannot be written or deleted, while the rejects stay in the store
     */
    public Result run(Options options) throws IOException, InterruptedException {
        LeadFile file = LeadFile.scan(options.csv(), options.displayName(), mapping.delimiter());
        ColumnBinding binding = ColumnBinding.bind(mapping, file);
        printColumnNotices(mapping, file, binding, out);
        ImportKey key = new ImportKey(file.sha256(), options.accountId(), mapping.fingerprint());
        ImportFile checkpoint = store.begin(key, file.name(), file.header(), file.totalRows(), clock.instant());
        if (checkpoint.finished()) {
            out.println("Every row of " + file.name() + " was imported for account " + options.accountId()
                    + " with this mapping before, on " + checkpoint.finishedAt() + " (same content, SHA-256 "
                    + file.sha256().substring(0, 12) + "...); nothing to do. A changed mapping imports the file"
                    + " again.");
            return new Result(checkpoint, updateRejectsFile(options, file, checkpoint), true);
        }
        if (checkpoint.rowsDone() > 0) {
            out.println("Resuming the import of " + file.name() + ": the run started on " + checkpoint.startedAt()
                    + " stopped after " + checkpoint.rowsDone() + " of "
                    + CountText.format(checkpoint.totalRows(), "row") + ".");
        } else {
            out.println("Importing " + CountText.format(file.totalRows(), "row") + " of " + file.name()
                    + " as client.created events of account " + options.accountId() + " for GHL location "
                    + options.locationId() + ".");
        }
        out.flush();
        RowConverter converter = new RowConverter(mapping, binding, parser, options.accountId(),
                file.lastModified(), clock);
        DateOrderCheck dateOrder = DateOrderCheck.create(mapping, binding);
        checkpoint = importRows(file, converter, dateOrder, checkpoint, options);
        checkpoint = store.finish(checkpoint, clock.instant());
        progress.finish(counts(checkpoint));
        printWarning(dateOrder.warning(file.shortName()), err);
        return new Result(checkpoint, updateRejectsFile(options, file, checkpoint), false);
    }

    private ImportFile importRows(LeadFile file, RowConverter converter, DateOrderCheck dateOrder, ImportFile start,
            Options options) throws InterruptedException {
        ImportFile checkpoint = start;
        progress.start(counts(checkpoint));
        Pending pending = new Pending(options.locationId());
        long runStart = System.nanoTime();
        int row = 0;
        try (CSVParser csv = file.open()) {
            Iterator<CSVRecord> records = csv.iterator();
            while (row < checkpoint.rowsDone() && records.hasNext()) {
                // Rows that an earlier run imported still count for the order of day and month.
                dateOrder.observe(records.next().toList());
                row++;
            }
            while (records.hasNext()) {
                throttle(options.maxRowsPerSecond(), runStart, row - start.rowsDone());
                List<String> values = records.next().toList();
                row++;
                dateOrder.observe(values);
                pending.add(converter.convert(row + 1, values));
                if (pending.isDue()) {
                    checkpoint = commit(checkpoint, pending, row);
                }
            }
            file.checkRowCount(row);
            if (pending.rows > 0 || checkpoint.rowsDone() < row) {
                checkpoint = commit(checkpoint, pending, row);
            }
        } catch (UncheckedIOException e) {
            throw file.readFailure(e.getCause());
        } catch (IOException e) {
            throw file.readFailure(e);
        }
        return checkpoint;
    }

    /** Waits until reading row {@code rowsThisRun} keeps the run at or below the maximum rate. */
    private static void throttle(double maxRowsPerSecond, long runStart, int rowsThisRun)
            throws InterruptedException {
        if (maxRowsPerSecond <= 0) {
            return;
        }
        long due = runStart + (long) (rowsThisRun * 1e9 / maxRowsPerSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private ImportFile commit(ImportFile checkpoint, Pending pending, int rowsDone) {
        ImportStore.Batch batch = store.commit(checkpoint, pending.entries, pending.rejects, rowsDone,
                clock.instant());
        pending.clear();
        progress.update(counts(batch.file()));
        return batch.file();
    }

    /** Prints the mapping's source, the separator of a {@code sep=} line, and the unmatched columns. */
    static void printColumnNotices(ImportMapping mapping, LeadFile file, ColumnBinding binding, PrintWriter out) {
        out.println("Column mapping: " + mapping.source());
        if (file.separatorLine() && file.delimiter() != mapping.delimiter()) {
            out.println(file.shortName() + " names its separator in its first line, so the import reads "
                    + SeparatorLine.describe(file.delimiter()) + " between values in place of the mapping's "
                    + SeparatorLine.describe(mapping.delimiter()) + ".");
        }
        if (!binding.missingHeaders().isEmpty()) {
            out.println("Columns of the mapping that " + file.shortName() + " lacks, left empty: "
                    + String.join(", ", binding.missingHeaders()));
        }
        if (!binding.ignoredHeaders().isEmpty()) {
            out.println("Columns without a mapping, not imported: " + String.join(", ", binding.ignoredHeaders()));
        }
    }

    /** Prints a warning line on {@code err}, unless it is null. */
    static void printWarning(String warning, PrintWriter err) {
        if (warning != null) {
            err.println(warning);
            err.flush();
        }
    }

    /**
     * Writes the rejected rows to the rejects file. When no row is rejected, it deletes the rejects file that an
     * earlier run left there instead, because that file lists rows which this run no longer rejects.
     */
    private RejectsFileChange updateRejectsFile(Options options, LeadFile file, ImportFile checkpoint)
            throws IOException {
        if (checkpoint.rejected() == 0) {
            boolean deleted = RejectsFile.deleteStale(options.rejectsFile(), options.csv());
            return deleted ? RejectsFileChange.DELETED : RejectsFileChange.NONE;
        }
        RejectsFile.write(options.rejectsFile(), file.delimiter(), file.separatorLine(), file.header(),
                store.rejects(checkpoint.key()));
        return RejectsFileChange.WRITTEN;
    }

    static ImportProgress.Counts counts(ImportFile file) {
        return new ImportProgress.Counts(file.totalRows(), file.rowsDone(), file.stored(), file.duplicates(),
                file.rejected());
    }

    /** Rows converted since the last commit. */
    private final class Pending {

        private final String locationId;
        private final List<InboxEntry> entries = new ArrayList<>();
        private final List<ImportReject> rejects = new ArrayList<>();
        private int rows;
        private long lastCommitNanos = System.nanoTime();

        Pending(String locationId) {
            this.locationId = locationId;
        }

        void add(RowConverter.Result result) {
            rows++;
            if (result instanceof RowConverter.Converted converted) {
                entries.add(entry(converted.event()));
            } else if (result instanceof RowConverter.Rejected rejected) {
                rejects.add(rejected.reject());
                progress.rejected(describe(rejected.reject()));
            }
        }

        boolean isDue() {
            return rows >= BATCH_ROWS || System.nanoTime() - lastCommitNanos >= BATCH_NANOS;
        }

        void clear() {
            entries.clear();
            rejects.clear();
            rows = 0;
            lastCommitNanos = System.nanoTime();
        }

        private InboxEntry entry(EventEnvelope event) {
            Instant now = clock.instant();
            return new InboxEntry(0, event.eventId(), event.eventType().wireName(), event.accountId(), locationId,
                    event.client().id(), event.occurredAt(), now, event.rawJson(), 0);
        }
    }

    /** Returns the error line of a rejected row, such as {@code Row 7, column 'Phone': value ... is not valid ...}. */
    static String describe(ImportReject reject) {
        return "Row " + reject.fileRow() + (reject.column() == null ? "" : ", column '" + reject.column() + "'")
                + ": " + reject.reason();
    }
}
