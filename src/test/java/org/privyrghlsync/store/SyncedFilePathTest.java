package org.privyrghlsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privyrghlsync.testing.LogCapture;

/**
 * The embedded store's {@code fsync:} prefix on a real H2 file: a commit returns only after each write of the
 * database file was forced to the disk. A recording prefix below it lists the writes and forces that reach the file
 * system in the order they happen.
 */
class SyncedFilePathTest {

    private static final List<String> OPERATIONS = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path dir;

    @BeforeAll
    static void registerRecorder() {
        FilePath.register(new RecordingFilePath());
    }

    @BeforeEach
    void clear() {
        OPERATIONS.clear();
    }

    @Test
    void groupCommitWaitsForForce() throws Exception {
        String url = Database.embeddedUrl(dir, true).replace("fsync:async:", "fsync:recorded:async:");
        try (Database database = Database.open(url, "", "", dir, 2, Database.Compaction.OFF);
                GroupCommit commits = new GroupCommit(database.dataSource(), 16)) {
            createTable(database);
            OPERATIONS.clear();
            commits.run("Inserting one row", connection -> insert(connection, "first"));
            List<String> seen = List.copyOf(OPERATIONS);

            assertThat(seen).as("file operations of the commit").contains("write");
            assertThat(seen.get(seen.size() - 1)).as("last operation before the commit returned").isEqualTo("force");
            for (int i = 0; i < seen.size(); i++) {
                if (seen.get(i).equals("write")) {
                    assertThat(seen.subList(i + 1, seen.size())).as("operations after write %d of %s", i, seen)
                            .startsWith("force");
                }
            }
        }
    }

    @Test
    void streamToDatabaseFileForcesEachWrite() throws Exception {
        Path file = dir.resolve("new-folder").resolve("copy.mv.db");
        byte[] content = "page".repeat(1_000).getBytes(StandardCharsets.US_ASCII);

        try (OutputStream out = FilePath.get("fsync:recorded:" + file).newOutputStream(false)) {
            out.write(content);
        }

        // Opening the stream truncates the file, which is forced too.
        assertThat(List.copyOf(OPERATIONS)).containsExactly("force", "write", "force");
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void unsyncedStoreNeverForces() throws Exception {
        String url = Database.embeddedUrl(dir, false).replace("jdbc:h2:async:", "jdbc:h2:recorded:async:");
        try (Database database = Database.open(url, "", "", dir, 2, Database.Compaction.OFF)) {
            createTable(database);
            OPERATIONS.clear();
            try (Connection connection = database.dataSource().getConnection()) {
                insert(connection, "first");
            }
            assertThat(List.copyOf(OPERATIONS)).contains("write").doesNotContain("force");
        }
    }

    @Test
    void syncedStoreKeepsRowsAfterReopen() throws Exception {
        try (Database database = Database.open("", "", "", dir, 2, Database.Compaction.OFF, true)) {
            createTable(database);
            try (Connection connection = database.dataSource().getConnection()) {
                insert(connection, "kept");
            }
        }
        try (Database database = Database.open("", "", "", dir, 2, Database.Compaction.OFF, true);
                Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT name FROM mark")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("kept");
        }
    }

    @Test
    void givenUrlNeverWarnsAboutFsync() throws Exception {
        try (LogCapture log = new LogCapture();
                Database database = Database.open(Database.embeddedUrl(dir, false), "", "", dir, 2,
                        Database.Compaction.OFF, true)) {
            assertThat(log.lines()).anyMatch(line -> line.startsWith("Store ready at jdbc:h2:async:"));
            assertThat(log.lines()).noneMatch(line -> line.contains("without fsync"));
        }
    }

    private static void createTable(Database database) throws Exception {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE mark (name VARCHAR(32) PRIMARY KEY)");
        }
    }

    private static Void insert(Connection connection, String name) throws java.sql.SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO mark (name) VALUES (?)")) {
            insert.setString(1, name);
            insert.executeUpdate();
        }
        return null;
    }

    /** Prefix {@code recorded:} that lists each write and force of a database file in {@link #OPERATIONS}. */
    public static final class RecordingFilePath extends FilePathWrapper {

        @Override
        public String getScheme() {
            return "recorded";
        }

        @Override
        public FileChannel open(String mode) throws IOException {
            FileChannel channel = getBase().open(mode);
            return name.endsWith(".mv.db") ? new RecordingChannel(channel) : channel;
        }
    }

    private static final class RecordingChannel extends DelegatingFileChannel {

        RecordingChannel(FileChannel base) {
            super(base);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            OPERATIONS.add("write");
            return super.write(src, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            OPERATIONS.add("write");
            return super.write(src);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            OPERATIONS.add("force");
            super.force(metaData);
        }
    }
}
