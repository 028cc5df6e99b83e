package org.privyrghlsync.csvimport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code import -} in a separate JVM with the CSV file on its standard input. The command imports a temporary
 * copy, names it "standard input" in its messages, and deletes the copy at the end.
 */
class StandardInputImportTest {

    private static final String TEMPORARY_PREFIX = "privyr-import-";

    @TempDir
    Path folder;

    private Path dataDir;
    private Path config;
    private Path workDir;
    private Path tempDir;

    /** Exit code and the merged standard output and error of one command run. */
    private record Run(int exitCode, String output) {
    }

    @BeforeEach
    void createFolders() throws Exception {
        dataDir = folder.resolve("data");
        config = ImportCli.writeConfig(folder.resolve("runtime.properties"), dataDir,
                Map.of("ghl.location-id", "location-stdin"));
        workDir = Files.createDirectory(folder.resolve("work"));
        tempDir = Files.createDirectory(folder.resolve("tmp"));
    }

    @Test
    void standardInputImportsLikeFile() throws Exception {
        byte[] csv = String.join("\n", "Client ID,Name,Phone,Email",
                "9701,Asha Rao,+91 98450 97011,asha@example.com",
                "9702,Ravi Sen,+91 98450 97022,ravi@example",
                "9703,Maya Das,+91 98450 97033,maya@example.com").getBytes(StandardCharsets.UTF_8);

        Run first = importStandardInput(csv, "--progress-interval", "0");
        List<Path> copiesAfterFirst = temporaryCopies();
        Run again = importStandardInput(csv);

        assertThat(first.exitCode()).as(first.output()).isEqualTo(3);
        assertThat(first.output()).contains("Importing 3 rows of standard input as client.created events");
        assertThat(first.output()).contains("Imported standard input, 3 rows: 2 stored as client.created events,"
                + " 0 stored before, 1 rejected.");
        assertThat(first.output()).contains("Row 3, column 'Email': value 'r***@example' is not a valid email");
        assertThat(first.output()).contains("The rejects file stdin.rejects.csv has each with its reason");
        assertThat(first.output()).doesNotContain(TEMPORARY_PREFIX);
        assertThat(workDir.resolve("stdin.rejects.csv")).exists();
        assertThat(copiesAfterFirst).as("temporary copies of standard input after the run").isEmpty();
        assertThat(ImportCli.query(dataDir, "SELECT client_id FROM inbox_event ORDER BY id"))
                .containsExactly("9701", "9703");
        assertThat(ImportCli.query(dataDir, "SELECT file_name FROM import_file")).containsExactly("standard input");
        assertThat(again.output()).contains("Every row of standard input was imported for account privyr-import"
                + " with this mapping before");
        assertThat(temporaryCopies()).as("temporary copies of standard input after the second run").isEmpty();
    }

    @Test
    void invalidStandardInputNamesStandardInput() throws Exception {
        byte[] latin1 = "Client ID,Name\n9801,Lucía Fernández\n".getBytes(StandardCharsets.ISO_8859_1);

        Run run = importStandardInput(latin1);

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("standard input is not valid UTF-8 text");
        assertThat(run.output()).doesNotContain(TEMPORARY_PREFIX);
        assertThat(temporaryCopies()).as("temporary copies of standard input after the run").isEmpty();
    }

    /**
     * Runs {@code import -} in its own JVM from the test class path, in {@link #workDir} and with its temporary
     * folder in {@link #tempDir}, writing {@code csv} to its standard input.
     */
    private Run importStandardInput(byte[] csv, String... options) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m",
                "-Djava.io.tmpdir=" + tempDir, "-cp", System.getProperty("java.class.path"),
                "org.privyrghlsync.cli.Launcher", "import", "-", "--config", config.toString()));
        command.addAll(List.of(options));
        Path log = Files.createTempFile(folder, "import-", ".log");
        Process child = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            try (OutputStream stdin = child.getOutputStream()) {
                stdin.write(csv);
            }
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("import process ended; see %s", log).isTrue();
        } finally {
            child.destroyForcibly();
        }
        return new Run(child.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private List<Path> temporaryCopies() throws IOException {
        try (Stream<Path> files = Files.list(tempDir)) {
            return files.filter(file -> file.getFileName().toString().startsWith(TEMPORARY_PREFIX)).toList();
        }
    }
}
