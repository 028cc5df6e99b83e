package org.privyrghlsync.csvimport;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.privyrghlsync.events.EnvelopeParser;
import org.privyrghlsync.mapping.ImportMapping;

/**
 * Reads and converts every row of a CSV file of leads as {@link CsvImporter} does, and counts what an import would
 * store and reject, without the store. It prints each rejected row with its reason as the import does, but writes
 * no rejects file. Because it does not read the store, it cannot tell which rows an earlier import or another source
 * stored before, and counts them as rows to store.
 */
public final class DryRun {

    /**
     * Counts over the whole file.
     *
     * @param toStore rows that would be stored as new events
     * @param repeated rows whose event an earlier row of the file already gives, which the import counts as stored
     *     before
     * @param rejected rows that would be rejected
     * @param blank rows whose values are all empty, which the import skips
     */
    public record Result(int totalRows, int toStore, int repeated, int rejected, int blank) {
    }

    private final ImportMapping mapping;
    private final EnvelopeParser parser;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Clock clock;

    DryRun(ImportMapping mapping, EnvelopeParser parser, PrintWriter out, PrintWriter err, Clock clock) {
        this.mapping = mapping;
        this.parser = parser;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** Creates a dry run that prints its notices on {@code out} and rejected rows and warnings on {@code err}. */
    public static DryRun create(ImportMapping mapping, PrintWriter out, PrintWriter err) {
        return new DryRun(mapping, new EnvelopeParser(), out, err, Clock.systemUTC());
    }

    /**
     * Reads the file of {@code options}; its rejects file and maximum rate do not apply.
     *
     * @throws LeadFileException when the file cannot be read as CSV or lacks the name column
     */
    public Result run(CsvImporter.Options options) {
        LeadFile file = LeadFile.scan(options.csv(), options.displayName(), mapping.delimiter());
        ColumnBinding binding = ColumnBinding.bind(mapping, file);
        CsvImporter.printColumnNotices(mapping, file, binding, out);

        out.println("Dry run: reading " + CountText.format(file.totalRows(), "row") + " of " + file.name()
                + " as client.created events of account " + options.accountId() + " for GHL location "
                + options.locationId() + ", without storing them.");
        out.flush();

        RowConverter converter = new RowConverter(mapping, binding, parser, options.accountId(),
                file.lastModified(), clock);
        DateOrderCheck dateOrder = DateOrderCheck.create(mapping, binding);
        Set<String> eventIds = new HashSet<>();
        int row = 0;
        int toStore = 0;
        int repeated = 0;
        int rejected = 0;
        try (CSVParser csv = file.open()) {
            for (CSVRecord record : csv) {
                row++;
                List<String> values = record.toList();
                dateOrder.observe(values);
                RowConverter.Result result = converter.convert(row + 1, values);
                if (result instanceof RowConverter.Converted converted) {
                    if (eventIds.add(converted.event().eventId())) {
                        toStore++;
                    } else {
                        repeated++;
                    }
                } else if (result instanceof RowConverter.Rejected reject) {
                    rejected++;
                    err.println(CsvImporter.describe(reject.reject()));
                }
            }
        } catch (UncheckedIOException e) {
            throw file.readFailure(e.getCause());
        } catch (IOException e) {
            throw file.readFailure(e);
        }
        file.checkRowCount(row);

        err.flush();
        CsvImporter.printWarning(dateOrder.warning(file.shortName()), err);
        return new Result(row, toStore, repeated, rejected, row - toStore - repeated - rejected);
    }
}
