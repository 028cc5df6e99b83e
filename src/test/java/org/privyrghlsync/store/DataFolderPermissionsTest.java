package org.privyrghlsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data folder holds leads' personal data and the token key, so the runtime creates it for its owner only. */
class DataFolderPermissionsTest {

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
    void tokenKeyCreatesOwnerOnlyFolder() throws Exception {
        Path dataDir = root.resolve("keys");

        TokenCipher.fromConfiguration("", dataDir.resolve("token.key"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("token.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void dataDirThatIsFileRejected() throws Exception {
        Path dataDir = Files.writeString(root.resolve("data"), "not a folder");

        assertThatThrownBy(() -> Database.embeddedUrl(dataDir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(dataDir.toString())
                .hasMessageContaining("DATA_DIR");
    }
}
