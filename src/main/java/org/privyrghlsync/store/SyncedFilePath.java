package org.privyrghlsync.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;
import org.h2.store.fs.FileUtils;

/**
 * H2 file system prefix {@code fsync:} that makes each write to a database file ({@code .mv.db}) reach the disk
 * before the write returns ({@link FileChannel#force}). H2 writes a commit's chunk before the commit returns when
 * {@code WRITE_DELAY=0}, but leaves it in the operating system's cache: that survives a killed process, not a power
 * loss or a kernel crash. Through this prefix, each commit returns only after its chunk is on the disk. Other files,
 * such as H2's trace file and temporary results, are written as the wrapped file system writes them.
 */
public final class SyncedFilePath extends FilePathWrapper {

    static final String SCHEME = "fsync";
    private static final String DATABASE_SUFFIX = ".mv.db";

    /** Registers the prefix with H2. Registering it again replaces the earlier registration. */
    static void register() {
        FilePath.register(new SyncedFilePath());
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        FileChannel channel = getBase().open(mode);
        return name.endsWith(DATABASE_SUFFIX) && !mode.equals("r") ? new SyncedChannel(channel) : channel;
    }

    /** Returns a stream that writes a database file through {@link #open}, so that each write is forced as well. */
    @Override
    public OutputStream newOutputStream(boolean append) throws IOException {
        if (!name.endsWith(DATABASE_SUFFIX)) {
            return super.newOutputStream(append);
        }
        FilePath parent = getParent();
        if (parent != null) {
            FileUtils.createDirectories(parent.toString());
        }
        FileChannel channel = open("rw");
        try {
            return newFileChannelOutputStream(channel, append);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A channel that forces every write to the disk before the write returns. */
    private static final class SyncedChannel extends DelegatingFileChannel {

        SyncedChannel(FileChannel base) {
            super(base);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int written = super.write(src);
            force(false);
            return written;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            int written = super.write(src, position);
            force(false);
            return written;
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            super.truncate(size);
            force(true);
            return this;
        }

        @Override
        public String toString() {
            return SCHEME + ":" + super.toString();
        }
    }
}
