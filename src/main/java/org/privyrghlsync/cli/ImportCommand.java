package org.privyrghlsync.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.privyrghlsync.csvimport.CountText;
import org.privyrghlsync.csvimport.CsvImporter;
import org.privyrghlsync.csvimport.DryRun;
import org.privyrghlsync.csvimport.LeadFileException;
import org.privyrghlsync.mapping.ImportMapping;
import org.privyrghlsync.mapping.Masking;
import org.privyrghlsync.mapping.MappingException;
import org.privyrghlsync.runtime.CommandConfiguration;
import org.privyrghlsync.runtime.OfflineStore;
import org.privyrghlsync.store.ImportStore.ImportFile;
import org.privyrghlsync.store.StoreException;
import org.privyrghlsync.sync.LocationResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Imports a CSV file of leads into the store as {@code client.created} events. Exit codes: 0 every row stored or
 * stored before, 1 the import failed (run it again to resume), 2 invalid options, mapping or file, 3 done with
 * rejected rows.
 */
@Command(name = "import", mixinStandardHelpOptions = true, version = Launcher.VERSION,
        description = {"Imports a CSV file of leads as client.created events into the store, where the runtime"
                + " applies them to GHL like events from the receiver. mappings/import.yaml names the columns.",
            "The command writes to the store directly. The embedded H2 store can be open in one process at a time,"
                + " so stop the runtime first; it applies the events when it starts. On PostgreSQL the runtime can"
                + " keep running and picks the events up at its next sweep.",
            "--dry-run reads and converts every row and prints what the import would store and reject, without"
                + " opening the store, so it also runs while the runtime runs on the embedded H2 store.",
            "Running the command again after an interruption resumes after the last committed row. A row that"
                + " was imported before is not stored twice. Rejected rows are printed, kept in the store and"
                + " written to FILE.rejects.csv beside the file. A run without rejected rows deletes the rejects"
                + " file of an earlier run.",
            "Exit codes: 0 done, 1 failed (run again to resume), 2 invalid options, mapping or file, 3 done with"
                + " rejected rows. A dry run exits with the same codes."})
final class ImportCommand implements Callable<Integer> {

    static final String DEFAULT_ACCOUNT_ID = "privyr-import";

    /** The name of the file in messages when FILE is {@code -}. */
    static final String STANDARD_INPUT = "standard input";

    /** The default rejects file of standard input, in the working directory. */
    static final Path STANDARD_INPUT_REJECTS = Path.of("stdin.rejects.csv");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "CSV file of leads, UTF-8, with a header row, or - to read it"
            + " from standard input. A first line such as sep=; sets the separator for this file.")
    Path csv;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file of the runtime, read for its store, mappings folder and GHL location"
                    + " (default: ./application.properties when it exists).")
    Path config;

    @Option(names = "--mapping", paramLabel = "FILE",
            description = "Column mapping (default: import.yaml in the mappings folder, MAPPINGS_DIR, or the copy"
                    + " inside the jar).")
    Path mapping;

    @Option(names = "--account-id", paramLabel = "ID", defaultValue = DEFAULT_ACCOUNT_ID,
            description = "Privyr account id of the events; it selects the GHL location through"
                    + " privyr.account-locations, else GHL_LOCATION_ID (default: ${DEFAULT-VALUE}).")
    String accountId;

    @Option(names = "--rejects", paramLabel = "FILE",
            description = "Where rejected rows are written (default: beside the CSV file, with .rejects.csv in place of its"
                    + " .csv, such as leads.rejects.csv, or stdin.rejects.csv in the working directory for -).")
    Path rejects;

    @Option(names = "--max-rate", paramLabel = "ROWS_PER_SECOND", defaultValue = "0",
            description = "Rows read per second at most; 0 (the default) reads as fast as the store writes."
                    + " GHL allows about 100 calls per 10 seconds per location and a new contact takes one (two"
                    + " with a first-sync note), so on PostgreSQL with a running runtime, --max-rate 5 keeps the"
                    + " backlog short and lets live events through.")
    double maxRate;

    @Option(names = "--progress-interval", paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds between progress lines when the output is not a terminal; 0 prints one after"
                    + " every committed batch (default: ${DEFAULT-VALUE}). A terminal gets a progress bar instead.")
    long progressInterval;

    @Option(names = "--dry-run",
            description = "Reads and converts every row as the import would, prints the counts and each rejected row"
                    + " with its reason, and stores nothing. It does not open the store, so it also runs beside a"
                    + " running runtime, and it counts rows stored by an earlier import as rows to store. It writes"
                    + " no rejects file.")
    boolean dryRun;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } catch (IllegalArgumentException | MappingException | LeadFileException e) {
            err.println(e.getMessage());
            return 2;
        } catch (CommandFailedException e) {
            err.println(e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int run(PrintWriter out, PrintWriter err) throws InterruptedException {
        if (maxRate < 0) {
            throw new IllegalArgumentException("Invalid --max-rate " + maxRate + "; give rows per second, or 0 for"
                    + " no limit");
        }
        if (progressInterval < 0) {
            throw new IllegalArgumentException("Invalid --progress-interval " + progressInterval + "; give seconds,"
                    + " or 0 for a line after every committed batch");
        }
        if (!readsStandardInput() && !Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("File not found: " + csv.toAbsolutePath());
        }
        Path file = ConfigFiles.resolve(config);
        ImportMapping columns;
        String locationId;
        try (CommandConfiguration configuration = CommandConfiguration.read(file, Map.of())) {
            columns = loadMapping(configuration);
            locationId = locationOf(configuration);
            if (!dryRun) {
                noteNewStore(configuration, out);
            }
        }
        if (!readsStandardInput()) {
            return start(new CsvImporter.Options(csv, csv.toString(), rejectsFile(), accountId, locationId, maxRate),
                    columns, file, out, err);
        }
        StandardInputCopy copy;
        try {
            copy = StandardInputCopy.of(System.in);
        } catch (IOException e) {
            throw new CommandFailedException("Copying standard input to a temporary file failed: " + e.getMessage()
                    + ". Save the CSV to a file and import that file.", e);
        }
        try {
            return start(new CsvImporter.Options(copy.path(), STANDARD_INPUT, rejectsFile(), accountId, locationId,
                    maxRate), columns, file, out, err);
        } finally {
            try {
                copy.close();
            } catch (IOException e) {
                err.println("Deleting " + copy.path() + ", the temporary copy of standard input, failed: "
                        + e.getMessage() + ". Delete it by hand, because it contains the leads.");
            }
        }
    }

    /** Runs the import or the dry run of {@code options}, with the runtime's configuration in {@code file}. */
    private int start(CsvImporter.Options options, ImportMapping columns, Path file, PrintWriter out,
            PrintWriter err) throws InterruptedException {
        if (dryRun) {
            return summariseDryRun(DryRun.create(columns, out, err).run(options), options, out, err);
        }
        QuietLogs quietLogs = new QuietLogs();
        try (OfflineStore store = openStore(file)) {
            CsvImporter importer = CsvImporter.create(columns, store.importStore(), out, err,
                    isTerminal(), progressInterval);
            return summarise(importer.run(options), options, out, err);
        } catch (StoreException e) {
            throw new CommandFailedException("The import stopped because the store failed: "
                    + Masking.maskPersonalData(e.getMessage()) + ". The rows committed so far are kept; run the same"
                    + " command again to resume.", e);
        } catch (IOException e) {
            throw new CommandFailedException("Updating the rejects file " + options.rejectsFile() + " failed: "
                    + e.getMessage() + ". The rejected rows are kept in the store, and running the same command"
                    + " again writes or deletes the file; --rejects chooses another path.", e);
        } finally {
            quietLogs.close();
        }
    }

    private boolean readsStandardInput() {
        return csv.toString().equals("-");
    }

    private Path rejectsFile() {
        if (rejects != null) {
            return rejects;
        }
        return readsStandardInput() ? STANDARD_INPUT_REJECTS : CsvImporter.rejectsFileBeside(csv);
    }

    private ImportMapping loadMapping(CommandConfiguration configuration) {
        if (mapping != null) {
            return ImportMapping.load(mapping);
        }
        Path folder = Path.of(configuration.setting("sync.mappings-dir"));
        return ImportMapping.loadFileOrClasspath(folder.resolve(ImportMapping.FILE_NAME),
                ImportMapping.DEFAULT_RESOURCE);
    }

    private String locationOf(CommandConfiguration configuration) {
        LocationResolver locations = new LocationResolver(configuration.setting("ghl.location-id"),
                configuration.setting("privyr.account-locations"));
        String location = locations.locationFor(accountId);
        if (location == null) {
            throw new IllegalArgumentException("Account '" + accountId + "' has no GHL location; add it to"
                    + " privyr.account-locations, set GHL_LOCATION_ID, or pass the --account-id of a listed account");
        }
        return location;
    }

    /** Says so when the embedded store does not exist yet, because a wrong DATA_DIR would hide the events. */
    private static void noteNewStore(CommandConfiguration configuration, PrintWriter out) {
        Path embedded = Path.of(configuration.setting("sync.data-dir")).resolve("privyr-ghl-sync.mv.db");
        if (configuration.setting("sync.datasource.url").isEmpty() && !Files.exists(embedded)) {
            out.println("No store exists at " + embedded.toAbsolutePath() + " yet, so the import creates it. Start"
                    + " the runtime with the same DATA_DIR to apply the events.");
        }
    }

    private static OfflineStore openStore(Path file) {
        try {
            return OfflineStore.open(file, Map.of());
        } catch (RuntimeException e) {
            if (StoreInUse.isCause(e)) {
                throw new CommandFailedException("The store is in use by another process, such as a running"
                        + " runtime or another import. The embedded H2 store can be open in one process at a time:"
                        + " stop the runtime, run the import, then start the runtime, which applies the imported"
                        + " events.", e);
            }
            throw new CommandFailedException("Opening the store failed: " + e.getMessage(), e);
        }
    }

    /**
     * Returns true when standard output is a terminal. Up to Java 21, {@link System#console()} exists only when
     * standard input and output are both a terminal. From Java 22 it can exist for redirected streams too, and
     * {@code Console.isTerminal()} distinguishes them.
     */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static int summarise(CsvImporter.Result result, CsvImporter.Options options, PrintWriter out,
            PrintWriter err) {
        ImportFile done = result.file();
        int blank = done.rowsDone() - done.stored() - done.duplicates() - done.rejected();
        if (result.alreadyFinished()) {
            // The counts are those of the earlier run that finished the file; this run stored nothing.
            out.println("The earlier import of " + options.displayName() + " ("
                    + CountText.format(done.totalRows(), "row") + ") stored " + done.stored() + " as client.created events, found " + done.duplicates()
                    + " stored before and rejected " + done.rejected() + ". This run stored nothing.");
        } else {
            out.println("Imported " + options.displayName() + ", " + CountText.format(done.totalRows(), "row") + ": "
                    + done.stored() + " stored as client.created events, " + done.duplicates() + " stored before, "
                    + done.rejected() + " rejected"
                    + (blank > 0 ? ", " + CountText.format(blank, "blank row") + " skipped" : "") + ".");
        }
        if (!result.alreadyFinished() && done.stored() > 0) {
            out.println("The runtime applies the new events to GHL when it starts, or at its next sweep when it"
                    + " runs on the same PostgreSQL database.");
        }
        if (done.rejected() == 0) {
            if (result.rejectsFile() == CsvImporter.RejectsFileChange.DELETED) {
                out.println("Deleted " + options.rejectsFile() + ", the rejects file of an earlier run, because no"
                        + " row is rejected now.");
            }
            return 0;
        }
        err.println((done.rejected() == 1 ? "1 row was" : done.rejected() + " rows were") + " rejected. The rejects"
                + " file " + options.rejectsFile() + " has each with its reason: correct them there and import that"
                + " file.");
        return 3;
    }

    private static int summariseDryRun(DryRun.Result result, CsvImporter.Options options, PrintWriter out,
            PrintWriter err) {
        out.println("Dry run of " + options.displayName() + ", " + CountText.format(result.totalRows(), "row") + ": "
                + result.toStore() + " would be stored as client.created events, " + result.repeated()
                + " stored before by an earlier row of the file, " + result.rejected() + " rejected"
                + (result.blank() > 0 ? ", " + CountText.format(result.blank(), "blank row") + " skipped" : "")
                + ". Nothing was stored.");
        if (result.toStore() > 0) {
            out.println("The dry run does not read the store, so rows that an earlier import or another source"
                    + " stored count here as rows to store. The import counts them as stored before.");
        }
        if (result.rejected() == 0) {
            return 0;
        }
        err.println((result.rejected() == 1 ? "1 row would be" : result.rejected() + " rows would be")
                + " rejected, each shown above with its reason. A dry run writes no rejects file, and the import"
                + " writes them to " + options.rejectsFile() + ".");
        return 3;
    }
}
