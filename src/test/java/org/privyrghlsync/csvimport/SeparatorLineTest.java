package org.privyrghlsync.csvimport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports files that start with the {@code sep=} line that Excel reads: the line sets the separator, over the
 * mapping's delimiter, and is neither the header nor a row.
 */
class SeparatorLineTest {

    @TempDir
    Path folder;

    private Path dataDir;
    private Path config;

    @BeforeEach
    void writeConfig() throws Exception {
        dataDir = folder.resolve("data");
        config = ImportCli.writeConfig(folder.resolve("runtime.properties"), dataDir,
                Map.of("ghl.location-id", "location-sep"));
    }

    @Test
    void excelSemicolonFileImports() throws Exception {
        Path csv = copyFixture("excel-semicolon.csv");

        ImportCli.Run run = ImportCli.run(csv, "--config", config);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.out()).contains("excel-semicolon.csv names its separator in its first line, so the import"
                + " reads ';' between values in place of the mapping's ','.");
        assertThat(run.out()).contains("Importing 3 rows of " + csv);
        assertThat(run.out()).doesNotContain("Columns without a mapping");
        assertThat(run.err()).contains("Row 3, column 'Email': value 'r***@example' is not a valid email address");
        assertThat(ImportCli.query(dataDir, "SELECT client_id FROM inbox_event ORDER BY id"))
                .containsExactly("8001", "8003");
        List<String> payloads = ImportCli.query(dataDir, "SELECT UTF8TOSTRING(payload) FROM inbox_event ORDER BY id");
        assertThat(payloads.get(0)).contains("\"groups\":[\"Hot Leads\",\"Site Visit\"]");
        assertThat(payloads.get(1)).contains("\"notes\":\"Met at the expo; called twice\"");
    }

    @Test
    void rejectsFileKeepsSeparatorLine() throws Exception {
        Path csv = copyFixture("excel-semicolon.csv");
        ImportCli.run(csv, "--config", config);
        Path rejectsFile = folder.resolve("excel-semicolon.rejects.csv");
        String rejects = Files.readString(rejectsFile, StandardCharsets.UTF_8);
        Files.writeString(rejectsFile, rejects.replace("rohan.mehta@example;", "rohan.mehta@example.com;"),
                StandardCharsets.UTF_8);

        ImportCli.Run corrected = ImportCli.run(rejectsFile, "--config", config);

        assertThat(rejects).startsWith("\uFEFFsep=;\r\nimport_row;import_column;import_error;Client ID;Name;");
        assertThat(rejects).contains("\r\n3;Email;");
        assertThat(corrected.exitCode()).as(corrected.err()).isZero();
        assertThat(corrected.out()).contains("1 stored as client.created events");
        assertThat(ImportCli.query(dataDir, "SELECT client_id FROM inbox_event ORDER BY id"))
                .containsExactly("8001", "8003", "8002");
    }

    @Test
    void cleanRunDeletesRejectsFileWithSeparatorLine() throws Exception {
        Path csv = copyFixture("excel-semicolon.csv");
        ImportCli.run(csv, "--config", config);
        Path rejectsFile = folder.resolve("excel-semicolon.rejects.csv");
        boolean writtenByFirstRun = Files.exists(rejectsFile);
        Files.writeString(csv, Files.readString(csv, StandardCharsets.UTF_8)
                .replace("rohan.mehta@example;", "rohan.mehta@example.com;"), StandardCharsets.UTF_8);

        ImportCli.Run fixed = ImportCli.run(csv, "--config", config);

        assertThat(writtenByFirstRun).as("rejects file after the first run").isTrue();
        assertThat(fixed.exitCode()).as(fixed.err()).isZero();
        assertThat(rejectsFile).doesNotExist();
    }

    @Test
    void tabSeparatorLineImports() throws Exception {
        Path csv = Files.write(folder.resolve("tabs.csv"), List.of("SEP=\t", "Client ID\tName\tEmail",
                "9001\tDas, Kabir\tkabir.das@example.com"), StandardCharsets.UTF_8);

        ImportCli.Run run = ImportCli.run(csv, "--config", config);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("reads tab between values in place of the mapping's ','");
        assertThat(run.out()).contains("Imported " + csv + ", 1 row: 1 stored as client.created events");
        assertThat(ImportCli.query(dataDir, "SELECT UTF8TOSTRING(payload) FROM inbox_event").get(0))
                .contains("\"name\":\"Das, Kabir\"");
    }

    @Test
    void invalidSeparatorLineStopsImport() throws Exception {
        Path csv = Files.write(folder.resolve("two.csv"), List.of("sep=;,", "Client ID;Name",
                "9101;Asha Rao"), StandardCharsets.UTF_8);

        ImportCli.Run run = ImportCli.run(csv, "--config", config);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(csv + " starts with the line 'sep=;,', which names no valid separator;"
                + " expected sep= and one character other than a double quote");
        assertThat(ImportCli.query(dataDir, "SELECT COUNT(*) FROM inbox_event")).containsExactly("0");
    }

    @Test
    void unclosedQuoteNamesFileLine() throws Exception {
        Path csv = Files.write(folder.resolve("quote.csv"), List.of("sep=;", "Client ID;Name", "9201;Asha Rao",
                "9202;\"Kabir Das", "9203;Ravi Iyer"), StandardCharsets.UTF_8);

        ImportCli.Run run = ImportCli.run(csv, "--config", config);

        // The quote opens on the file's fourth line, counting the sep= line.
        assertThat(run.err()).contains("(startline 4)");
        assertThat(run.err()).doesNotContain("(startline 3)");
    }

    private Path copyFixture(String name) throws Exception {
        Path target = folder.resolve(name);
        try (InputStream in = SeparatorLineTest.class.getResourceAsStream("/csv/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            Files.copy(in, target);
        }
        return target;
    }
}
