package org.privyrghlsync.csvimport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports files whose dates the shipped format dd/MM/yyyy reads in either order of day and month. Without a date
 * that confirms the order, the import and the dry run warn. A date that only the swapped order reads is rejected
 * with a hint at that order.
 */
class DayMonthOrderTest {

    private static final String HEADER = "Client ID,Name,Phone,Email,Created";
    private static final String WARNING = "Warning: no date in column 'Created' of leads.csv is a real date in only"
            + " one order of day and month, so the file cannot confirm the order of the date format"
            + " 'dd/MM/yyyy[ HH:mm]'. The import reads 01/02/2025 as 1 February 2025, not 2 January 2025. Check the"
            + " date of one lead that you know";

    @TempDir
    Path folder;

    private Path dataDir;
    private Path config;

    @BeforeEach
    void writeConfig() throws Exception {
        dataDir = folder.resolve("data");
        config = ImportCli.writeConfig(folder.resolve("runtime.properties"), dataDir,
                Map.of("ghl.location-id", "location-dates"));
    }

    @Test
    void ambiguousDatesWarnOnce() throws Exception {
        Path csv = Files.write(folder.resolve("leads.csv"), List.of(HEADER,
                "9301,Asha Rao,+91 98450 93011,asha@example.com,01/02/2025",
                "9302,Ravi Sen,+91 98450 93022,ravi@example.com,03/04/2025 10:30",
                "9303,Maya Das,+91 98450 93033,maya@example.com,05/05/2025",
                "9304,Kabir Das,+91 98450 93044,kabir@example.com,"), StandardCharsets.UTF_8);

        ImportCli.Run dryRun = ImportCli.run(csv, "--config", config, "--dry-run");
        ImportCli.Run real = ImportCli.run(csv, "--config", config);

        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(dryRun.err()).contains(WARNING);
        assertThat(dryRun.err()).containsOnlyOnce("Warning:");
        assertThat(real.exitCode()).as(real.err()).isZero();
        assertThat(real.err()).contains(WARNING);
        assertThat(real.err()).containsOnlyOnce("Warning:");
        assertThat(real.err()).contains("set 'date-format' in ", " to 'MM/dd/yyyy[ HH:mm]' and import the file again.");
        assertThat(real.out()).contains("4 stored as client.created events");
    }

    @Test
    void confirmingDateSilencesWarning() throws Exception {
        Path csv = Files.write(folder.resolve("leads.csv"), List.of(HEADER,
                "9401,Asha Rao,+91 98450 94011,asha@example.com,01/02/2025",
                "9402,Ravi Sen,+91 98450 94022,ravi@example.com,25/03/2025"), StandardCharsets.UTF_8);

        ImportCli.Run run = ImportCli.run(csv, "--config", config);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain("Warning:");
    }

    @Test
    void yearFirstFormatDoesNotWarn() throws Exception {
        Path mapping = withDateFormat("yyyy-MM-dd");
        Path csv = Files.write(folder.resolve("leads.csv"), List.of(HEADER,
                "9501,Asha Rao,+91 98450 95011,asha@example.com,2025-01-02"), StandardCharsets.UTF_8);

        ImportCli.Run run = ImportCli.run(csv, "--config", config, "--mapping", mapping);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain("Warning:");
    }

    @Test
    void swappedDateRejectHintsOrder() throws Exception {
        Path csv = Files.write(folder.resolve("leads.csv"), List.of(HEADER,
                "9601,Asha Rao,+91 98450 96011,asha@example.com,01/02/2025",
                "9602,Ravi Sen,+91 98450 96022,ravi@example.com,03/25/2025",
                "9603,Maya Das,+91 98450 96033,maya@example.com,31/02/2025"), StandardCharsets.UTF_8);

        ImportCli.Run run = ImportCli.run(csv, "--config", config);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.err()).contains("Row 3, column 'Created': value '03/25/2025' is not a real date in the format"
                + " 'dd/MM/yyyy[ HH:mm]' but is one with day and month swapped, in 'MM/dd/yyyy[ HH:mm]', so the file"
                + " may write its dates in that order; if it does, set 'date-format' in ");
        assertThat(run.err()).contains("Row 4, column 'Created': value '31/02/2025' is not a real date in the format"
                + " 'dd/MM/yyyy[ HH:mm]'; write it in that format");
        assertThat(run.err()).doesNotContain("Warning:");
        assertThat(ImportCli.query(dataDir, "SELECT reason FROM import_reject WHERE file_row = 3"))
                .singleElement().asString().contains("with day and month swapped");
    }

    private Path withDateFormat(String pattern) throws Exception {
        return Files.writeString(folder.resolve("import.yaml"),
                Files.readString(Path.of("mappings", "import.yaml"), StandardCharsets.UTF_8)
                        .replaceFirst("(?m)^date-format:.*$", "date-format: \"" + pattern + "\""),
                StandardCharsets.UTF_8);
    }
}
