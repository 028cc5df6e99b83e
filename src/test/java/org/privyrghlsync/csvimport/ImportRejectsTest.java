package org.privyrghlsync.csvimport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports a file with invalid rows: each is reported, kept in the store and the rejects file, and the rest imports. */
class ImportRejectsTest {

    private static final String HEADER = "Client ID,Name,Phone,Email,Created";

    @TempDir
    Path folder;

    @Test
    void badRowsAreReportedAndRecorded() throws Exception {
        Path dataDir = folder.resolve("data");
        Path config = ImportCli.writeConfig(folder.resolve("runtime.properties"), dataDir,
                Map.of("ghl.location-id", "location-rejects"));
        Path csv = Files.write(folder.resolve("leads.csv"), List.of(HEADER,
                "1001,Good One,+91 98450 11111,good.one@example.com,14/03/2025",
                "1002,Bad Email,+91 98450 22222,nisha.rao@example,14/03/2025",
                "1003,Bad Phone,12345,bad.phone@example.com,",
                "1004,Bad Date,,bad.date@example.com,31/02/2025",
                "1005,,+91 98450 55555,no.name@example.com,",
                "1006,Short Row,+91 98450 66666",
                "1007,Good Two,+1 202-555-0148,good.two@example.com,"), StandardCharsets.UTF_8);

        ImportCli.Run run = ImportCli.run(csv, "--config", config);

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("Row 3, column 'Email': value 'n***@example' is not a valid email address");
        assertThat(run.err()).doesNotContain("nisha.rao");
        assertThat(run.err()).contains("Row 4, column 'Phone': value '*****' is not a valid phone number (numbers"
                + " without a country code are read as IN); write it with + and its country code");
        assertThat(run.err()).contains("Row 5, column 'Created': value '31/02/2025' is not a real date in the format"
                + " 'dd/MM/yyyy[ HH:mm]'");
        assertThat(run.err()).contains("Row 6, column 'Name': the name is empty");
        assertThat(run.err()).contains("Row 7: the row has 3 values but the header has 5 columns");
        assertThat(run.err()).contains("5 rows were rejected. The rejects file " + folder.resolve("leads.rejects.csv"));
        assertThat(run.out()).contains("2 stored as client.created events, 0 stored before, 5 rejected");
        assertThat(run.out()).contains("Columns of the mapping that leads.csv lacks, left empty: Display Name,"
                + " WhatsApp");
        assertThat(ImportCli.query(dataDir, "SELECT client_id FROM inbox_event ORDER BY id"))
                .containsExactly("1001", "1007");
        assertThat(ImportCli.query(dataDir, "SELECT file_row FROM import_reject ORDER BY file_row"))
                .containsExactly("3", "4", "5", "6", "7");

        List<CSVRecord> rejects = readCsv(folder.resolve("leads.rejects.csv"));
        assertThat(rejects.get(0).toList()).containsExactly("import_row", "import_column", "import_error",
                "Client ID", "Name", "Phone", "Email", "Created");
        assertThat(rejects).hasSize(6);
        assertThat(rejects.get(1).toList()).startsWith("3", "Email").endsWith("1002", "Bad Email",
                "+91 98450 22222", "nisha.rao@example", "14/03/2025");
        assertThat(rejects.get(1).get(2)).contains("is not a valid email address");
        assertThat(rejects.get(5).toList()).startsWith("7", "").endsWith("1006", "Short Row", "+91 98450 66666");
    }

    @Test
    void fixedMappingImportsRejectedRows() throws Exception {
        Path dataDir = folder.resolve("data");
        Path config = ImportCli.writeConfig(folder.resolve("runtime.properties"), dataDir,
                Map.of("ghl.location-id", "location-rejects"));
        Path csv = Files.write(folder.resolve("leads.csv"), List.of(HEADER,
                "3001,Maya Das,+91 98450 31313,maya.das@example.com,03/25/2025",
                "3002,Ravi Sen,+91 98450 32323,ravi.sen@example.com,"), StandardCharsets.UTF_8);
        ImportCli.Run first = ImportCli.run(csv, "--config", config);
        Path mapping = Files.writeString(folder.resolve("import.yaml"),
                Files.readString(Path.of("mappings", "import.yaml"), StandardCharsets.UTF_8)
                        .replaceFirst("(?m)^date-format:.*$", "date-format: \"MM/dd/yyyy\""), StandardCharsets.UTF_8);

        ImportCli.Run fixed = ImportCli.run(csv, "--config", config, "--mapping", mapping);
        ImportCli.Run again = ImportCli.run(csv, "--config", config, "--mapping", mapping);

        assertThat(first.out()).contains("1 stored as client.created events, 0 stored before, 1 rejected");
        assertThat(fixed.exitCode()).as(fixed.err()).isZero();
        assertThat(fixed.out()).contains("2 stored as client.created events, 0 stored before, 0 rejected");
        assertThat(again.out()).contains("with this mapping before");
        assertThat(ImportCli.query(dataDir, "SELECT client_id FROM inbox_event ORDER BY id"))
                .containsExactly("3002", "3001", "3002");
    }

    @Test
    void unclosedQuoteRowRejected() throws Exception {
        Path dataDir = folder.resolve("data");
        Path config = ImportCli.writeConfig(folder.resolve("runtime.properties"), dataDir,
                Map.of("ghl.location-id", "location-rejects"));
        List<String> lines = new ArrayList<>(List.of(HEADER, "4001,Asha Rao,+91 98450 41414,asha@example.com,",
                "4002,Open Quote,+91 98450 42424,\"open@example.com"));
        for (int i = 0; i < 3000; i++) {
            lines.add((5000 + i) + ",Swallowed Lead,+91 98450 " + (10000 + i) + ",lead" + i + "@example.com,");
        }
        lines.add("tail@example.com\",");
        lines.add("4003,Ravi Sen,+91 98450 43434,ravi@example.com,");
        Path csv = Files.write(folder.resolve("leads.csv"), lines, StandardCharsets.UTF_8);

        ImportCli.Run run = ImportCli.run(csv, "--config", config);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.err()).contains("Row 3, column 'Email': value 4 has ", "characters, more than 100000");
        assertThat(run.err()).doesNotContain("98450 1000");
        assertThat(run.out()).contains("2 stored as client.created events, 0 stored before, 1 rejected");
        assertThat(ImportCli.query(dataDir, "SELECT LENGTH(row_values) < 120000 FROM import_reject"))
                .containsExactly("TRUE");
    }

    @Test
    void correctedRejectsFileImports() throws Exception {
        Path dataDir = folder.resolve("data");
        Path config = ImportCli.writeConfig(folder.resolve("runtime.properties"), dataDir,
                Map.of("ghl.location-id", "location-rejects"));
        Path csv = Files.write(folder.resolve("leads.csv"), List.of(HEADER,
                "2001,Asha Rao,+91 98450 12121,asha.rao@example,"), StandardCharsets.UTF_8);
        ImportCli.Run rejected = ImportCli.run(csv, "--config", config);
        Path rejectsFile = folder.resolve("leads.rejects.csv");
        String corrected = Files.readString(rejectsFile, StandardCharsets.UTF_8)
                .replace("asha.rao@example,", "asha.rao@example.com,");
        Files.writeString(rejectsFile, corrected, StandardCharsets.UTF_8);

        ImportCli.Run fixed = ImportCli.run(rejectsFile, "--config", config);

        assertThat(rejected.exitCode()).isEqualTo(3);
        assertThat(fixed.exitCode()).as(fixed.err()).isZero();
        assertThat(fixed.out()).contains("Columns without a mapping, not imported: import_row, import_column,"
                + " import_error");
        assertThat(fixed.out()).contains("1 stored as client.created events");
        assertThat(ImportCli.query(dataDir, "SELECT client_id FROM inbox_event")).containsExactly("2001");
        assertThat(ImportCli.query(dataDir, "SELECT UTF8TOSTRING(payload) FROM inbox_event").get(0))
                .contains("\"email\":\"asha.rao@example.com\"").contains("\"phone\":\"+919845012121\"");
    }

    @Test
    void cleanRunDeletesStaleRejectsFile() throws Exception {
        Path dataDir = folder.resolve("data");
        Path config = ImportCli.writeConfig(folder.resolve("runtime.properties"), dataDir,
                Map.of("ghl.location-id", "location-rejects"));
        Path csv = Files.write(folder.resolve("leads.csv"), List.of(HEADER,
                "6001,Asha Rao,+91 98450 61616,asha.rao@example,"), StandardCharsets.UTF_8);
        Path rejectsFile = folder.resolve("leads.rejects.csv");
        ImportCli.Run rejected = ImportCli.run(csv, "--config", config);
        boolean writtenByFirstRun = Files.exists(rejectsFile);
        Files.write(csv, List.of(HEADER, "6001,Asha Rao,+91 98450 61616,asha.rao@example.com,"),
                StandardCharsets.UTF_8);

        ImportCli.Run fixed = ImportCli.run(csv, "--config", config);

        assertThat(rejected.exitCode()).isEqualTo(3);
        assertThat(writtenByFirstRun).as("rejects file after the first run").isTrue();
        assertThat(fixed.exitCode()).as(fixed.err()).isZero();
        assertThat(rejectsFile).doesNotExist();
        assertThat(fixed.out()).contains("Deleted " + rejectsFile + ", the rejects file of an earlier run, because"
                + " no row is rejected now.");
    }

    @Test
    void cleanRunKeepsOtherFiles() throws Exception {
        Path dataDir = folder.resolve("data");
        Path config = ImportCli.writeConfig(folder.resolve("runtime.properties"), dataDir,
                Map.of("ghl.location-id", "location-rejects"));
        Path csv = Files.write(folder.resolve("leads.csv"), List.of(HEADER,
                "7001,Ravi Sen,+91 98450 71717,ravi@example,"), StandardCharsets.UTF_8);
        ImportCli.run(csv, "--config", config);
        Path rejectsFile = folder.resolve("leads.rejects.csv");
        Files.writeString(rejectsFile, Files.readString(rejectsFile, StandardCharsets.UTF_8)
                .replace("ravi@example,", "ravi@example.com,"), StandardCharsets.UTF_8);
        Path notes = Files.write(folder.resolve("notes.csv"), List.of("Name,Note", "Ravi Sen,call back"),
                StandardCharsets.UTF_8);

        ImportCli.Run intoItself = ImportCli.run(rejectsFile, "--config", config, "--rejects", rejectsFile);
        ImportCli.Run intoNotes = ImportCli.run(rejectsFile, "--config", config, "--rejects", notes);

        assertThat(intoItself.exitCode()).as(intoItself.err()).isZero();
        assertThat(rejectsFile).as("the imported file, named by --rejects").exists();
        assertThat(intoNotes.exitCode()).as(intoNotes.err()).isZero();
        assertThat(notes).as("a file that is not a rejects file, named by --rejects").exists();
        assertThat(intoItself.out() + intoNotes.out()).doesNotContain("Deleted");
    }

    @Test
    void countWordsAgreeWithCounts() throws Exception {
        Path dataDir = folder.resolve("data");
        Path config = ImportCli.writeConfig(folder.resolve("runtime.properties"), dataDir,
                Map.of("ghl.location-id", "location-rejects"));
        Path single = Files.write(folder.resolve("single.csv"), List.of(HEADER,
                "5001,Asha Rao,+91 98450 51515,asha@example.com,"), StandardCharsets.UTF_8);
        Path mixed = Files.write(folder.resolve("mixed.csv"), List.of(HEADER,
                "5002,Ravi Sen,+91 98450 52525,ravi@example.com,",
                ",,,,",
                "5003"), StandardCharsets.UTF_8);

        ImportCli.Run first = ImportCli.run(single, "--config", config);
        ImportCli.Run again = ImportCli.run(single, "--config", config);
        ImportCli.Run partly = ImportCli.run(mixed, "--config", config);

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("Importing 1 row of " + single);
        assertThat(first.out()).contains("Imported " + single + ", 1 row: 1 stored as client.created events");
        assertThat(again.out()).contains("The earlier import of " + single + " (1 row) stored 1");
        assertThat(partly.exitCode()).isEqualTo(3);
        assertThat(partly.out()).contains("Imported " + mixed + ", 3 rows: 1 stored as client.created events,"
                + " 0 stored before, 1 rejected, 1 blank row skipped.");
        assertThat(partly.err()).contains("Row 4: the row has 1 value but the header has 5 columns");
        assertThat(partly.err()).contains("1 row was rejected.");
    }

    /** Reads a CSV file written with a byte order mark, which spreadsheet programs need to detect UTF-8. */
    private static List<CSVRecord> readCsv(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF");
        try (CSVParser parser = CSVParser.parse(text.substring(1), CSVFormat.RFC4180)) {
            return parser.getRecords();
        }
    }
}
