package org.privyrghlsync.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connection pool and schema migration for the product's store (embedded H2 by default, PostgreSQL optionally). */
public final class Database implements AutoCloseable {

    /** The name of the embedded store's files in the data folder, before H2's {@code .mv.db}. */
    private static final String STORE_NAME = "privyr-ghl-sync";


    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    static {
        // Before any URL with the fsync: prefix reaches H2, including URLs that tests pass to DriverManager.
        SyncedFilePath.register();
    }

    /**
     * Settings of the compaction of an embedded H2 store's file while it is open ({@link StoreCompaction}). Other
     * databases ignore them.
     *
     * @param interval time between two runs, zero to turn compaction off
     * @param targetFillRate runs rewrite while less than this percentage of the file's chunk space is live
     * @param maxRewriteBytes live page bytes that one run rewrites at most
     * @param busyCommitsPerSecond commit rate above which runs are skipped, so that a burst gets the CPU
     * @param maxDeferral the longest time that a busy store goes without a run
     */
    public record Compaction(Duration interval, int targetFillRate, int maxRewriteBytes, long busyCommitsPerSecond,
            Duration maxDeferral) {

        /** Default settings: every 200 ms, up to 256 KB, while less than half of the chunk space is live. */
        public static final Compaction DEFAULT = new Compaction(Duration.ofMillis(200), 50, 256 << 10);
        public static final Compaction OFF = new Compaction(Duration.ZERO, 50, 256 << 10);

        public Compaction {
            if (interval.isNegative() || (!interval.isZero() && interval.toMillis() < 1)) {
                throw new IllegalArgumentException("Invalid store compaction interval " + interval
                        + ": use 0 to turn compaction off, or 1 ms or more");
            }
            if (targetFillRate < 1 || targetFillRate > 99) {
                throw new IllegalArgumentException("Invalid store compaction fill rate " + targetFillRate
                        + ": use a percentage from 1 to 99");
            }
            if (maxRewriteBytes < 1) {
                throw new IllegalArgumentException("Invalid store compaction rewrite limit " + maxRewriteBytes
                        + " bytes: use 1 or more");
            }
            if (busyCommitsPerSecond < 1) {
                throw new IllegalArgumentException("Invalid store compaction busy rate " + busyCommitsPerSecond
                        + " commits/s: use 1 or more");
            }
            if (maxDeferral.isNegative()) {
                throw new IllegalArgumentException("Invalid store compaction deferral " + maxDeferral
                        + ": use 0 or more");
            }
        }

        /** Creates settings whose runs are skipped for up to 5 s while the store commits over 250 times a second. */
        public Compaction(Duration interval, int targetFillRate, int maxRewriteBytes) {
            this(interval, targetFillRate, maxRewriteBytes, 250, Duration.ofSeconds(5));
        }

        boolean enabled() {
            return !interval.isZero();
        }
    }

    private final HikariDataSource dataSource;
    private final StoreCompaction compaction;
    private final boolean postgres;

    private Database(HikariDataSource dataSource, StoreCompaction compaction, boolean postgres) {
        this.dataSource = dataSource;
        this.compaction = compaction;
        this.postgres = postgres;
    }

    /** Opens the store as {@link #open(String, String, String, Path, int, Compaction)} does, compacting by default. */
    public static Database open(String url, String user, String password, Path dataDir, int poolSize) {
        return open(url, user, password, dataDir, poolSize, Compaction.DEFAULT);
    }

    /** Opens the store as {@link #open(String, String, String, Path, int, Compaction, boolean)} does, with fsync. */
    public static Database open(String url, String user, String password, Path dataDir, int poolSize,
            Compaction compaction) {
        return open(url, user, password, dataDir, poolSize, compaction, true);
    }

    /**
     * Opens the store and migrates its schema.
     *
     * @param url JDBC URL; when blank, an H2 file database under {@code dataDir} is used
     * @param dataDir folder of the embedded H2 database, created when missing
     * @param compaction how the file of an H2 file store is compacted while it is open
     * @param fsync whether each commit of the embedded H2 store waits until its data is on the disk
     *     ({@link SyncedFilePath}). Ignored when {@code url} is given.
     */
    public static Database open(String url, String user, String password, Path dataDir, int poolSize,
            Compaction compaction, boolean fsync) {
        boolean embedded = url == null || url.isBlank();
        String jdbcUrl = embedded ? embeddedUrl(dataDir, fsync) : url;
        String[] migrations = migrationLocations(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user == null ? "" : user);
        config.setPassword(password == null ? "" : password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("privyr-ghl-sync-store");
        config.setAutoCommit(true);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(dataSource).locations(migrations).load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StoreException("Migrating the store at " + describe(jdbcUrl) + " failed: " + e.getMessage(), e);
        }
        boolean synced = embedded && fsync;
        LOG.info("Store ready at {}{}", describe(jdbcUrl),
                synced ? ", each commit forced to the disk (sync.store.fsync=true)" : "");
        if (synced) {
            syncFolder(dataDir);
        } else if (embedded) {
            LOG.warn("The embedded store commits without fsync (sync.store.fsync=false): a killed process loses"
                    + " nothing, but a power loss or kernel crash may lose the events of about the last 35 seconds");
        }
        boolean h2File = jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:h2:mem:")
                && !jdbcUrl.startsWith("jdbc:h2:tcp:") && !jdbcUrl.startsWith("jdbc:h2:ssl:");
        try {
            return new Database(dataSource, h2File ? StoreCompaction.start(dataSource, compaction) : null,
                    jdbcUrl.startsWith("jdbc:postgresql:"));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /**
     * Forces the data folder's entries to the disk, so that the database file that H2 may just have created is found
     * after a power loss. Linux supports this for a folder. Where the file system does not, the failure is only
     * logged at DEBUG.
     */
    private static void syncFolder(Path dataDir) {
        try (FileChannel folder = FileChannel.open(dataDir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Forcing the data folder {} to the disk failed: {}", dataDir, e.toString());
        }
    }

    /** Returns the Flyway locations for a store URL: the shared migrations and those of its database. */
    static String[] migrationLocations(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return new String[] {"classpath:db/migration", "classpath:db/h2"};
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return new String[] {"classpath:db/migration", "classpath:db/postgresql"};
        }
        throw new StoreException("Unsupported store URL " + describe(jdbcUrl) + ": the store runs on H2 (jdbc:h2:)"
                + " or PostgreSQL (jdbc:postgresql:). Set DATABASE_URL to such a URL, for example"
                + " jdbc:postgresql://host:5432/sync, with the user and password in DATABASE_USER and"
                + " DATABASE_PASSWORD", null);
    }

    /**
     * Creates the data folder, readable by its owner only, because the store holds leads' personal data and the
     * folder holds the token key. Parent folders get the usual permissions.
     */
    static void createOwnerOnly(Path dataDir) throws java.io.IOException {
        Path absolute = dataDir.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        try {
            Files.createDirectory(absolute, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the folder gets the default permissions.
            Files.createDirectories(absolute);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // Created meanwhile by another thread or process, which is fine unless it is not a folder.
            if (!Files.isDirectory(absolute)) {
                throw new java.nio.file.FileAlreadyExistsException(absolute.toString(), null, "exists but is not a"
                        + " folder");
            }
        }
    }

    /** Returns the JDBC URL of the embedded H2 store in {@code dataDir} with fsync, as the runtime opens it. */
    public static String embeddedUrl(Path dataDir) {
        return embeddedUrl(dataDir, true);
    }

    /**
     * Returns the JDBC URL of the embedded H2 store in {@code dataDir}, creating the folder when it is missing. With
     * {@code fsync}, each commit returns only after its data is on the disk ({@link SyncedFilePath}).
     */
    public static String embeddedUrl(Path dataDir, boolean fsync) {
        try {
            if (!Files.isDirectory(dataDir)) {
                createOwnerOnly(dataDir);
            }
        } catch (java.io.IOException e) {
            throw new StoreException("Cannot create the data folder " + dataDir.toAbsolutePath()
                    + ": " + e.getMessage() + ". Set DATA_DIR to a writable folder.", e);
        }
        createStoreFileOwnerOnly(dataDir.toAbsolutePath().resolve(STORE_NAME + ".mv.db"));
        // WRITE_DELAY=0 writes each commit to the file before the commit returns, so a 202 survives a killed process.
        // H2 then runs no background writer, and StoreCompaction compacts the file instead.
        // That holds for H2 2.3.232, not for 2.5.252 (see the h2.version comment in pom.xml).
        // NOTE: H2 copies each map to the file at its own moment, so a kill during a store can leave a row version
        // without its undo-log entry. The next start cannot roll that version back and the row may stay locked. A
        // lock timeout on one item_link row after 10 kills fits this, but it was not reproduced.
        // LOCK_TIMEOUT covers a token refresh, which holds its row lock while it calls GHL.
        // async: reads and writes the file through an AsynchronousFileChannel. With H2's default file system, a
        // Thread.interrupt() during a read or write closes the FileChannel, and H2 then closes the whole database.
        // Quartz interrupts its scheduler and cluster threads when it shuts down, which may land in a job-store query.
        // NOTE: H2 calls async: experimental; this project's tests, the crash test included, run on it.
        // DB_CLOSE_ON_EXIT=FALSE: on SIGTERM, H2's own shutdown hook would close the database while the sync lanes
        // still record the events whose GHL calls they made. The runtime closes it after stopping the lanes.
        // CACHE_SIZE=4096 KB instead of H2's 16 MB: with the larger cache, pages of recent commits reached the old
        // generation and caused a full GC of about 100 ms every 20 to 40 s (BENCHMARKS.md, "Garbage collection").
        // fsync: forces each write of the database file to the disk, so a 202 also survives a power loss.
        // TRACE_LEVEL_FILE=0: H2 writes no .trace.db file beside the store. Its errors reach the caller, which logs
        // them, and a failed open of a store in use would otherwise leave a trace file with a stack trace there.
        return "jdbc:h2:" + (fsync ? SyncedFilePath.SCHEME + ":" : "")
                + "async:" + dataDir.toAbsolutePath().resolve(STORE_NAME)
                + ";WRITE_DELAY=0;LOCK_TIMEOUT=30000;DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=4096;TRACE_LEVEL_FILE=0";
    }

    /**
     * Creates the empty store file readable by its owner only, when it does not exist yet. H2 would create it with
     * the process's umask, often rw-r--r--, and it starts a new store in an empty file as in a missing one.
     */
    private static void createStoreFileOwnerOnly(Path storeFile) {
        if (Files.exists(storeFile)) {
            return;
        }
        try {
            Files.createFile(storeFile, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException | java.nio.file.FileAlreadyExistsException e) {
            // Not a POSIX file system, or created meanwhile: H2 creates or opens the file as it is.
        } catch (java.io.IOException e) {
            throw new StoreException("Cannot create the store file " + storeFile + ": " + e.getMessage()
                    + ". Set DATA_DIR to a writable folder.", e);
        }
    }

    /** Returns the URL without user info or parameters, safe to log. */
    static String describe(String jdbcUrl) {
        int parameters = jdbcUrl.indexOf(';');
        String base = parameters < 0 ? jdbcUrl : jdbcUrl.substring(0, parameters);
        int query = base.indexOf('?');
        base = query < 0 ? base : base.substring(0, query);
        // Drops user info after the scheme's //, as in postgres://user:secret@host/db.
        int authority = base.indexOf("//");
        int userInfo = authority < 0 ? -1 : base.indexOf('@', authority + 2);
        int path = authority < 0 ? -1 : base.indexOf('/', authority + 2);
        if (userInfo >= 0 && (path < 0 || userInfo < path)) {
            base = base.substring(0, authority + 2) + base.substring(userInfo + 1);
        }
        return base;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Returns true for a PostgreSQL store, which several runtimes may share: they divide the events among themselves
     * with partition leases ({@link PartitionLeaseStore}).
     */
    public boolean isPostgres() {
        return postgres;
    }

    /** Returns the running compaction, or null when there is none. */
    StoreCompaction compaction() {
        return compaction;
    }

    /**
     * Returns the share, in percent, of the H2 file's chunk space that contains live pages, or -1 for other databases.
     */
    int chunksFillRate() {
        return StoreCompaction.chunksFillRate(dataSource);
    }

    @Override
    public void close() {
        try {
            if (compaction != null) {
                compaction.close();
            }
        } finally {
            dataSource.close();
        }
    }
}
