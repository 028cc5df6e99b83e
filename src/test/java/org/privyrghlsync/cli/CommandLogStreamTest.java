package org.privyrghlsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privyrghlsync.store.Database;

/**
 * A command that prints results on standard output logs to standard error, so that a warning does not break its
 * {@code --json} output.
 */
class CommandLogStreamTest {

    @TempDir
    Path folder;

    @Test
    void offlineJsonStaysJsonWhenStoreWarns() throws Exception {
        Path dataDir = Files.createDirectories(folder.resolve("data"));
        try (Database database = Database.open("", "", "", dataDir, 2)) {
            // The migrations create the store's tables.
        }
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path out = folder.resolve("out.txt");
        Path err = folder.resolve("err.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder jobs = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "org.privyrghlsync.cli.Launcher", "jobs", "--offline", "--json"))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        jobs.environment().keySet().removeIf(name -> name.startsWith("CAMEL_") || name.startsWith("SYNC_")
                || name.equals("JDK_JAVA_OPTIONS") || name.equals("JAVA_TOOL_OPTIONS") || name.equals("DATABASE_URL"));
        jobs.environment().put("DATA_DIR", dataDir.toString());

        Process process = jobs.start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String errors = Files.readString(err);
        assertThat(process.exitValue()).as(errors).isZero();
        assertThat(errors).contains("WARN").contains("DataFolderPermissions").contains("chmod 700 " + dataDir);
        JsonNode printed = new ObjectMapper().readTree(Files.readString(out));
        assertThat(printed.has("jobs")).as(printed.toString()).isTrue();
    }
}
