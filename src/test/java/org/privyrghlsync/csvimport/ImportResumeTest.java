package org.privyrghlsync.csvimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the import in a separate JVM, kills it with SIGKILL once it has committed some rows, and runs it again: the
 * second run starts at the checkpoint, and every row ends up stored exactly once. While the first run has the
 * embedded store open, a second import is rejected, and a dry run, which does not open the store, still runs.
 */
class ImportResumeTest {

    private static final int ROWS = 2_000;
    /**
     * Slow enough that the kill lands in the middle: the first commit comes after one second, and the whole file
     * would take 20. The kill comes after the first commit, so the rate does not lengthen the test.
     */
    private static final String MAX_RATE = "100";
    private static final Pattern PROGRESS = Pattern.compile("Progress: ([\\d,]+) of");

    @TempDir
    Path folder;

    @Test
    void killedImportResumesFromCheckpoint() throws Exception {
        Path dataDir = folder.resolve("data");
        Path config = ImportCli.writeConfig(folder.resolve("runtime.properties"), dataDir,
                Map.of("ghl.location-id", "location-resume"));
        List<String> clientIds = new ArrayList<>();
        Path csv = writeLeads(folder.resolve("leads.csv"), clientIds);
        Path log = folder.resolve("import.log");

        Process child = startImport(csv, config, log);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                assertThat(child.isAlive()).as("import process alive; see %s", log).isTrue();
                return committedRows(log) > 0;
            });
            ImportCli.Run whileChildRuns = ImportCli.run(csv, "--config", config);
            assertThat(whileChildRuns.exitCode()).as("import while another process holds the store").isEqualTo(1);
            assertThat(whileChildRuns.err()).contains("The store is in use by another process");
            ImportCli.Run dryRunWhileChildRuns = ImportCli.run(csv, "--config", config, "--dry-run");
            assertThat(dryRunWhileChildRuns.exitCode()).as(dryRunWhileChildRuns.err()).isZero();
            assertThat(dryRunWhileChildRuns.out()).contains(ROWS + " would be stored as client.created events");
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("import process ended").isTrue();
        } finally {
            child.destroyForcibly();
        }
        int reportedBeforeKill = committedRows(log);
        int checkpoint = Integer.parseInt(ImportCli.query(dataDir, "SELECT rows_done FROM import_file").get(0));
        int storedBeforeResume = ImportCli.query(dataDir, "SELECT event_id FROM inbox_event").size();

        ImportCli.Run resumed = ImportCli.run(csv, "--config", config);

        assertThat(checkpoint).as("checkpoint after the kill").isGreaterThanOrEqualTo(reportedBeforeKill);
        assertThat(checkpoint).as("checkpoint after the kill").isLessThan(ROWS);
        assertThat(storedBeforeResume).as("events committed with the checkpoint").isEqualTo(checkpoint);
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("stopped after " + checkpoint + " of " + ROWS + " rows");
        assertThat(resumed.out()).contains(ROWS + " stored as client.created events, 0 stored before, 0 rejected");
        List<String> stored = ImportCli.query(dataDir, "SELECT client_id FROM inbox_event");
        assertThat(stored).hasSize(ROWS);
        assertThat(stored).containsExactlyInAnyOrderElementsOf(clientIds);
        assertThat(ImportCli.query(dataDir, "SELECT rows_done FROM import_file")).containsExactly("" + ROWS);
    }

    private static Path writeLeads(Path file, List<String> clientIds) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("Client ID,Name,Phone,Email");
        for (int i = 0; i < ROWS; i++) {
            String id = Integer.toString(70_000_000 + i);
            clientIds.add(id);
            lines.add(id + ",Lead Number" + i + ",+91 98" + String.format("%08d", i) + ",lead" + i + "@example.com");
        }
        return Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Starts the import command in its own JVM from the test class path, with its output in {@code log}. */
    private static Process startImport(Path csv, Path config, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "org.privyrghlsync.cli.Launcher", "import", csv.toString(), "--config", config.toString(),
                "--max-rate", MAX_RATE, "--progress-interval", "0")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Returns the highest row count of the progress lines in the log, which the import prints after each commit. */
    private static int committedRows(Path log) throws IOException {
        int committed = 0;
        Matcher matcher = PROGRESS.matcher(Files.readString(log, StandardCharsets.UTF_8));
        while (matcher.find()) {
            committed = Math.max(committed, Integer.parseInt(matcher.group(1).replace(",", "")));
        }
        return committed;
    }
}
