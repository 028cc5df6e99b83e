package org.privyrghlsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privyrghlsync.testing.LogCapture;
import org.privyrghlsync.testing.SyncHarness;

/** The data folder holds leads' personal data and the token key, so the runtime creates it for its owner only. */
class DataFolderPermissionsTest {

    /** A valid 32-byte key, base64. */
    private static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    @TempDir
    Path root;

    @Test
    void storeCreatesOwnerOnlyFolder() throws Exception {
        Path dataDir = root.resolve("new/data");

        try (Database database = Database.open("", "", "", dataDir, 2)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        }
    }

    @Test
    void storeFileCreatedOwnerOnly() throws Exception {
        Path dataDir = Files.createDirectory(root.resolve("open"));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));

        try (Database database = Database.open("", "", "", dataDir, 2)) {
            Path store = dataDir.resolve("privyr-ghl-sync.mv.db");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rw-------");
            assertThat(Files.size(store)).as("a store written by H2").isPositive();
        }
        try (Database reopened = Database.open("", "", "", dataDir, 2)) {
            assertThat(reopened.dataSource()).isNotNull();
        }
    }

    @Test
    void failedStatementLeavesNoTraceFile() throws Exception {
        Path dataDir = root.resolve("traced");

        try (Database database = Database.open("", "", "", dataDir, 2);
                java.sql.Connection connection = database.dataSource().getConnection();
                java.sql.Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM no_such_table"))
                    .isInstanceOf(java.sql.SQLException.class);
        }

        try (var files = Files.list(dataDir)) {
            assertThat(files.map(file -> file.getFileName().toString())).noneMatch(name -> name.endsWith(".trace.db"));
        }
    }

    @Test
    void tokenKeyCreatesOwnerOnlyFolder() throws Exception {
        Path dataDir = root.resolve("keys");

        TokenCipher.fromConfiguration("", dataDir.resolve("token.key"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("token.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void concurrentStartsShareOneKey() throws Exception {
        Path key = root.resolve("shared-key/token.key");
        int starts = 8;
        ExecutorService threads = Executors.newFixedThreadPool(starts);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<TokenCipher>> ciphers = new ArrayList<>();
            for (int i = 0; i < starts; i++) {
                ciphers.add(threads.submit(() -> {
                    go.await();
                    return TokenCipher.fromConfiguration("", key);
                }));
            }
            go.countDown();

            String sealed = ciphers.get(0).get().encrypt("loc-1", "refresh-token");
            for (Future<TokenCipher> cipher : ciphers) {
                assertThat(cipher.get().decrypt("loc-1", sealed)).isEqualTo("refresh-token");
            }
        } finally {
            threads.shutdownNow();
        }
        try (var files = Files.list(key.getParent())) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("token.key");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    @Test
    void dataDirThatIsFileRejected() throws Exception {
        Path dataDir = Files.writeString(root.resolve("data"), "not a folder");

        assertThatThrownBy(() -> Database.embeddedUrl(dataDir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(dataDir.toString())
                .hasMessageContaining("DATA_DIR");
    }

    @Test
    void openFolderWarningNamesReadableFiles() throws Exception {
        Path dataDir = Files.createDirectory(root.resolve("shared"));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Database database = Database.open("", "", "", dataDir, 2)) {
            // H2 created the store file with the process's umask.
        }
        Path store = dataDir.resolve("privyr-ghl-sync.mv.db");
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-r--r--"));
        Path key = Files.writeString(dataDir.resolve("token.key"), "key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));

        assertThat(DataFolderPermissions.warning(dataDir)).hasValueSatisfying(warning -> {
            assertThat(warning).startsWith("The data folder " + dataDir + " has permissions rwxr-xr-x");
            assertThat(warning).contains("may read its files privyr-ghl-sync.mv.db (rw-r--r--)");
            assertThat(warning).doesNotContain("token.key");
            assertThat(warning).contains("personal data");
            assertThat(warning).endsWith("chmod 700 " + dataDir);
        });
    }

    @Test
    void groupOnlyFolderWarns() throws Exception {
        Path dataDir = Files.createDirectory(root.resolve("team"));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-x---"));

        assertThat(DataFolderPermissions.warning(dataDir)).hasValueSatisfying(warning -> {
            assertThat(warning).contains("has permissions rwxr-x---");
            assertThat(warning).endsWith("chmod 700 " + dataDir);
        });
    }

    @Test
    void ownerOnlyFolderDoesNotWarn() throws Exception {
        Path dataDir = Files.createDirectory(root.resolve("private"));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        // A file readable by others inside an owner-only folder cannot be reached by them.
        Files.setPosixFilePermissions(Files.writeString(dataDir.resolve("privyr-ghl-sync.mv.db"), "x"),
                PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(DataFolderPermissions.warning(dataDir)).isEmpty();
    }

    @Test
    void runtimeWarnsOnceAndKeepsPermissions() throws Exception {
        try (SyncHarness harness = SyncHarness.withoutRuntime(Map.of())) {
            Path dataDir = harness.dataDir().toAbsolutePath();
            Path store = dataDir.resolve("privyr-ghl-sync.mv.db");
            harness.startRuntime();
            harness.stopRuntime();
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxrwxr-x"));
            Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-rw-r--"));

            try (LogCapture logs = new LogCapture()) {
                harness.startRuntime();

                assertThat(logs.lines()).filteredOn(line -> line.startsWith("The data folder")).singleElement()
                        .satisfies(warning -> {
                            assertThat(warning).contains(dataDir + " has permissions rwxrwxr-x");
                            assertThat(warning).contains("privyr-ghl-sync.mv.db (rw-rw-r--)");
                            assertThat(warning).endsWith("chmod 700 " + dataDir);
                        });
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
                    .isEqualTo("rwxrwxr-x");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rw-rw-r--");
        }
    }

    @Test
    void readableKeyFileWarns() throws Exception {
        openToOthers(root);
        Path folder = Files.createDirectory(root.resolve("etc-sync"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path key = Files.writeString(folder.resolve("token.key"), KEY);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        try (LogCapture logs = new LogCapture()) {
            TokenCipher.fromConfiguration("", key);

            assertThat(logs.lines()).filteredOn(line -> line.startsWith("The token key file")).singleElement()
                    .satisfies(warning -> {
                        assertThat(warning).startsWith("The token key file " + key + " has permissions rw-r--r--");
                        assertThat(warning).contains("decrypt the stored OAuth tokens");
                        assertThat(warning).endsWith("chmod 600 " + key);
                    });
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-r--r--");
    }

    @Test
    void keyInUnenterableFolderQuiet() throws Exception {
        openToOthers(root);
        Path folder = Files.createDirectory(root.resolve("listed-keys"));
        Path key = Files.writeString(folder.resolve("token.key"), KEY);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw----r--"));
        // Others may list the folder but not enter it, and group may enter it but not read the file.
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx--xr--"));

        assertThat(DataFolderPermissions.keyFileWarning(key)).isEmpty();
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx--xr-x"));
        assertThat(DataFolderPermissions.keyFileWarning(key)).isPresent();
    }

    @Test
    void linkedKeyFileCheckedAtItsTarget() throws Exception {
        openToOthers(root);
        Path open = Files.createDirectory(root.resolve("open-keys"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path target = Files.writeString(open.resolve("real.key"), KEY);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        Path closed = Files.createDirectory(root.resolve("closed-keys"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        Path link = Files.createSymbolicLink(closed.resolve("token.key"), target);
        String expected = "The token key file " + target.toRealPath() + " has permissions rw-r--r--";

        assertThat(DataFolderPermissions.keyFileWarning(link)).hasValueSatisfying(warning ->
                assertThat(warning).startsWith(expected));
    }

    @Test
    void danglingKeyLinkNamed() throws Exception {
        Path link = Files.createSymbolicLink(root.resolve("token.key"), root.resolve("gone/real.key"));

        assertThatThrownBy(() -> TokenCipher.fromConfiguration("", link))
                .hasMessageContaining("token key file " + link)
                .hasMessageContaining("symbolic link to a file that does not exist");
    }

    @Test
    void keyBelowOwnerOnlyFolderQuiet() throws Exception {
        Path outer = Files.createDirectory(root.resolve("outer"));
        Path inner = Files.createDirectory(outer.resolve("inner"));
        Files.setPosixFilePermissions(inner, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path key = Files.writeString(inner.resolve("token.key"), KEY);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(outer, PosixFilePermissions.fromString("rwx------"));

        assertThat(DataFolderPermissions.keyFileWarning(key)).isEmpty();
    }

    @Test
    void keyInOwnerOnlyFolderQuiet() throws Exception {
        Path folder = Files.createDirectory(root.resolve("private-keys"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        Path key = Files.writeString(folder.resolve("token.key"), KEY);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        try (LogCapture logs = new LogCapture()) {
            TokenCipher.fromConfiguration("", key);

            assertThat(logs.lines()).noneMatch(line -> line.startsWith("The token key file"));
        }
    }

    /** Lets group and others enter the test's own folder, which JUnit creates for its owner only. */
    private static void openToOthers(Path folder) throws Exception {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void pathWithSpaceQuotedForShell() {
        assertThat(DataFolderPermissions.shellWord("/srv/sync data/it's")).isEqualTo("'/srv/sync data/it'\\''s'");
        assertThat(DataFolderPermissions.shellWord("/srv/sync-data")).isEqualTo("/srv/sync-data");
    }
}
