package org.privyrghlsync.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts the embedded H2 store's file while the runtime runs.
 *
 * <p>H2 writes each commit as a new chunk at the end of its file and leaves the older versions of the changed pages
 * in the earlier chunks. Its background writer rewrites the live pages of mostly stale chunks, so that their space
 * can be used again. With {@code WRITE_DELAY=0}, which makes each commit reach the file before it returns, H2 runs no
 * background writer, so nothing rewrites them and the file keeps every chunk it ever wrote. Under the sync's writes
 * (bench/StoreLoop.java) about nine tenths of each chunk turned stale, and the file grew by about 11 KB per applied
 * event. This task does the rewrite through {@link MVStore#compact(int, int)} on a schedule. H2 rewrites only chunks
 * older than its retention time (45 s by default), so the file still contains about that much recent writing on top
 * of the live data.
 *
 * <p>Each run holds H2's store lock while it rewrites up to {@code maxRewriteBytes}, so a commit may wait for it.
 * Small runs at a short interval keep that wait short. While the store commits more than
 * {@code busyCommitsPerSecond}, runs are skipped for at most {@code maxDeferral}, so that a burst of events gets the
 * CPU and the compaction catches up after it.
 */
final class StoreCompaction implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreCompaction.class);

    private final DataSource dataSource;
    private final int targetFillRate;
    private final int maxRewriteBytes;
    private final long busyCommitsPerSecond;
    private final long maxDeferralNanos;
    private final ScheduledExecutorService executor;
    private boolean warned;
    private long lastVersion = -1;
    private long lastCheckNanos;
    private long lastCompactionNanos = System.nanoTime();
    private volatile long runs;
    private volatile long skipped;

    private StoreCompaction(DataSource dataSource, Database.Compaction settings) {
        this.dataSource = dataSource;
        this.targetFillRate = settings.targetFillRate();
        this.maxRewriteBytes = settings.maxRewriteBytes();
        this.busyCommitsPerSecond = settings.busyCommitsPerSecond();
        this.maxDeferralNanos = toNanosSaturated(settings.maxDeferral());
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "store-compaction");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.interval().toMillis();
        executor.scheduleWithFixedDelay(this::runOnce, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Starts compacting the H2 store behind {@code dataSource}, or returns null when the settings turn it off. */
    static StoreCompaction start(DataSource dataSource, Database.Compaction settings) {
        return settings.enabled() ? new StoreCompaction(dataSource, settings) : null;
    }

    private void runOnce() {
        try (Connection connection = dataSource.getConnection()) {
            MVStore store = mvStore(connection);
            if (store == null) {
                // A server or in-memory H2 database has no file here to compact.
                LOG.debug("The store has no local H2 file, so its compaction stops");
                executor.shutdown();
                return;
            }
            if (store.isClosed()) {
                return;
            }
            long now = System.nanoTime();
            if (isBusy(store.getCurrentVersion(), now) && now - lastCompactionNanos < maxDeferralNanos) {
                skipped++;
                return;
            }
            if (store.compact(targetFillRate, maxRewriteBytes)) {
                // The rewritten pages reach the file with the next commit, and an idle store makes none.
                store.commit();
            }
            lastCompactionNanos = System.nanoTime();
            runs++;
        } catch (SQLException | RuntimeException e) {
            if (executor.isShutdown()) {
                return;
            }
            // The next run tries again. When H2's own rewrite fails, H2 closes the store, and later runs then stop.
            if (!warned) {
                warned = true;
                LOG.warn("Compacting the store file failed, will try again: {}", e.toString());
            } else {
                LOG.debug("Compacting the store file failed again: {}", e.toString());
            }
        }
    }

    /** Returns true when the store committed more than busyCommitsPerSecond since the previous check. */
    private boolean isBusy(long version, long now) {
        // In double, because a rate such as Long.MAX_VALUE would overflow the product in long.
        boolean busy = lastVersion >= 0
                && (version - lastVersion) * 1e9 > (double) busyCommitsPerSecond * (now - lastCheckNanos);
        lastVersion = version;
        lastCheckNanos = now;
        return busy;
    }

    private static long toNanosSaturated(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Returns the number of runs that were not skipped. */
    long runs() {
        return runs;
    }

    /** Returns the number of runs skipped because the store was busy. */
    long skipped() {
        return skipped;
    }

    /**
     * Returns the share, in percent, of the chunk space in the file that contains live pages, or -1 when the store is
     * not an H2 file store.
     */
    static int chunksFillRate(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            MVStore store = mvStore(connection);
            return store == null || store.getFileStore() == null ? -1 : store.getFileStore().getChunksFillRate();
        } catch (SQLException e) {
            throw new StoreException("Reading the fill rate of the store file failed: " + e.getMessage(), e);
        }
    }

    /** Returns the MVStore of an embedded H2 connection, or null for any other database. */
    private static MVStore mvStore(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)) {
            return null;
        }
        Session session = connection.unwrap(JdbcConnection.class).getSession();
        if (!(session instanceof SessionLocal local) || local.getDatabase().getStore() == null) {
            return null;
        }
        return local.getDatabase().getStore().getMvStore();
    }

    /** Stops the schedule and waits for a running compaction to end. */
    @Override
    public void close() {
        // No interrupt: a run ends after at most maxRewriteBytes.
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("A store compaction was still running 10 s after the store began to close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
