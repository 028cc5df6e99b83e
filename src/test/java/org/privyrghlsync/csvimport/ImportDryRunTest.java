package org.privyrghlsync.csvimport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the import with {@code --dry-run}: it reports what the import would store and reject, and a real import
 * afterwards runs as if the dry run had never happened.
 */
class ImportDryRunTest {

    private static final String HEADER = "Client ID,Name,Phone,Email,Created";

    @TempDir
    Path folder;

    private Path dataDir;
    private Path config;

    @BeforeEach
    void writeConfig() throws Exception {
        dataDir = folder.resolve("data");
        config = ImportCli.writeConfig(folder.resolve("runtime.properties"), dataDir,
                Map.of("ghl.location-id", "location-dry-run"));
    }

    @Test
    void dryRunStoresNothing() throws Exception {
        Path earlier = Files.write(folder.resolve("earlier.csv"), List.of(HEADER,
                "9001,Asha Rao,+91 98450 90101,asha@example.com,14/03/2025"), StandardCharsets.UTF_8);
        Path csv = Files.write(folder.resolve("leads.csv"), List.of(HEADER,
                "9101,Ravi Sen,+91 98450 91111,ravi@example.com,14/03/2025",
                "9102,Bad Email,+91 98450 92222,nisha.rao@example,15/03/2025",
                "9101,Ravi Sen,+91 98450 91111,ravi@example.com,14/03/2025",
                ",,,,",
                "9103,Maya Das,+91 98450 93333,maya@example.com,"), StandardCharsets.UTF_8);
        ImportCli.run(earlier, "--config", config);
        Map<String, String> rowsBefore = rowCounts();

        ImportCli.Run dryRun = ImportCli.run(csv, "--config", config, "--dry-run");
        Map<String, String> rowsAfterDryRun = rowCounts();
        boolean rejectsFileAfterDryRun = Files.exists(folder.resolve("leads.rejects.csv"));
        ImportCli.Run real = ImportCli.run(csv, "--config", config);

        assertThat(dryRun.exitCode()).as(dryRun.err()).isEqualTo(3);
        assertThat(dryRun.out()).contains("Dry run: reading 5 rows of " + csv);
        assertThat(dryRun.out()).contains("Dry run of " + csv + ", 5 rows: 2 would be stored as client.created"
                + " events, 1 stored before by an earlier row of the file, 1 rejected, 1 blank row skipped."
                + " Nothing was stored.");
        assertThat(dryRun.err()).contains("Row 3, column 'Email': value 'n***@example' is not a valid email address");
        assertThat(dryRun.err()).doesNotContain("nisha.rao");
        assertThat(dryRun.err()).contains("1 row would be rejected");
        assertThat(rowsAfterDryRun).as("rows of the store after the dry run").isEqualTo(rowsBefore);
        assertThat(rejectsFileAfterDryRun).as("rejects file after the dry run").isFalse();
        assertThat(real.exitCode()).as(real.err()).isEqualTo(3);
        assertThat(real.out()).contains("Importing 5 rows of " + csv);
        assertThat(real.out()).doesNotContain("Resuming");
        assertThat(real.out()).contains("2 stored as client.created events, 1 stored before, 1 rejected");
        assertThat(ImportCli.query(dataDir, "SELECT client_id FROM inbox_event ORDER BY id"))
                .containsExactly("9001", "9101", "9103");
        assertThat(ImportCli.query(dataDir, "SELECT file_row FROM import_reject")).containsExactly("3");
        assertThat(folder.resolve("leads.rejects.csv")).exists();
    }

    @Test
    void dryRunCreatesNoStore() throws Exception {
        Path csv = Files.write(folder.resolve("leads.csv"), List.of(HEADER,
                "9201,Kabir Das,+91 98450 92020,kabir@example.com,14/03/2025"), StandardCharsets.UTF_8);

        ImportCli.Run dryRun = ImportCli.run(csv, "--config", config, "--dry-run");

        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("1 row: 1 would be stored as client.created events");
        assertThat(dryRun.out()).doesNotContain("No store exists");
        assertThat(dataDir).doesNotExist();
    }

    /** Returns the number of rows of each table that an import writes to. */
    private Map<String, String> rowCounts() throws Exception {
        Map<String, String> counts = new LinkedHashMap<>();
        for (String table : List.of("inbox_event", "import_file", "import_reject")) {
            counts.put(table, ImportCli.query(dataDir, "SELECT COUNT(*) FROM " + table).get(0));
        }
        return counts;
    }
}
