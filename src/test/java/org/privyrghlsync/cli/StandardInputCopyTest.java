package org.privyrghlsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** The temporary copy of standard input, which contains leads' contact data. */
class StandardInputCopyTest {

    @Test
    void copyIsReadableByOwnerOnly() throws Exception {
        byte[] leads = "Name,Email\nAsha Rao,asha.rao@example.com\n".getBytes(StandardCharsets.UTF_8);
        Path path;
        try (StandardInputCopy copy = StandardInputCopy.of(new ByteArrayInputStream(leads))) {
            path = copy.path();

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
            assertThat(Files.readAllBytes(path)).isEqualTo(leads);
        }
        assertThat(path).doesNotExist();
    }
}
