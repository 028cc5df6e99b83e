package org.privyrghlsync.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A copy of standard input in a temporary file, because the import reads its file twice and keys its checkpoint on
 * the SHA-256 of the file's bytes. {@link Files#createTempFile} makes the file readable by its owner only on POSIX
 * systems. It is deleted on close, or when the JVM exits after Ctrl-C.
 *
 * <p>NOTE: a process killed with SIGKILL leaves the copy in the temporary folder.
 */
final class StandardInputCopy implements AutoCloseable {

    private final Path path;

    private StandardInputCopy(Path path) {
        this.path = path;
    }

    /** Copies {@code in} to its end into a new temporary file. */
    static StandardInputCopy of(InputStream in) throws IOException {
        Path path = Files.createTempFile("privyr-import-", ".csv");
        path.toFile().deleteOnExit();
        try {
            // Written into the file that createTempFile made, because Files.copy with REPLACE_EXISTING would delete
            // it and create a new one with the default permissions.
            try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.TRUNCATE_EXISTING)) {
                in.transferTo(out);
            }
        } catch (IOException e) {
            Files.deleteIfExists(path);
            throw e;
        }
        return new StandardInputCopy(path);
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(path);
    }
}
