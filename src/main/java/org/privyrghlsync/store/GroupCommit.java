package org.privyrghlsync.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs small write transactions together. Works that the sync lanes and the inbox writer hand in at about the same
 * time run in one transaction with one commit. Each caller gets a future of that commit and goes on. When it
 * completes, the inbox writer responds to its requests, and a client's next event may start. Each commit rewrites
 * the store pages changed since the last one, and the receipts and records of recent events change the same pages,
 * so one commit for many events costs far less than one commit each. When any work of a batch fails, the
 * batch is rolled back and each work runs again in a transaction of its own, so one failure never takes the others
 * with it. A work may therefore run twice, and only its last run counts.
 *
 * <p>Works commit in the order they were handed in. Callers must not hand in works that write the same rows at the same
 * time. The sync never does: the thread that applies an event of a client holds the client's lock, and taking it waits
 * until the client's last record committed ({@code ClientLocks}). The inbox writer only inserts new events.
 */
public final class GroupCommit implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private record Pending(String action, Transactions.Work<Void> work, CompletableFuture<Void> done) {
    }

    private final DataSource dataSource;
    private final int maxBatch;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile boolean running = true;
    private final Thread thread;

    public GroupCommit(DataSource dataSource, int maxBatch) {
        this.dataSource = dataSource;
        this.maxBatch = maxBatch;
        this.thread = new Thread(this::run, "store-group-commit");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Runs {@code work} in the next group transaction and returns after its commit.
     *
     * @throws StoreException when the work or the commit failed; nothing of the work was stored then
     */
    void run(String action, Transactions.Work<Void> work) {
        await(action, submit(action, work));
    }

    /**
     * Waits for a future of {@link #submit}.
     *
     * @throws StoreException when the work or the commit failed; nothing of the work was stored then
     */
    static void await(String action, CompletableFuture<Void> done) {
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(action + " was interrupted while waiting for its commit; it may or may not"
                    + " be stored", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreException store) {
                throw store;
            }
            throw new StoreException(action + " failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Queues {@code work} for the next group transaction without waiting. The future completes after the commit, or
     * exceptionally with a {@link StoreException} when the work or the commit failed, and nothing of the work was
     * stored. It completes on the writer's thread, or on the caller's once the writer has stopped, so what the caller
     * chains to it must be quick.
     */
    CompletableFuture<Void> submit(String action, Transactions.Work<Void> work) {
        Pending pending = new Pending(action, work, new CompletableFuture<>());
        if (running) {
            queue.add(pending);
            // The writer empties the queue before it ends, so only a work queued after close() can be left behind.
            if (running || !queue.remove(pending)) {
                return pending.done();
            }
        }
        runAlone(pending);
        return pending.done();
    }

    private void runAlone(Pending pending) {
        try {
            Transactions.run(dataSource, pending.action(), pending.work());
            pending.done().complete(null);
        } catch (RuntimeException e) {
            pending.done().completeExceptionally(e);
        }
    }

    /** Returns the number of works waiting for the writer. */
    int queued() {
        return queue.size();
    }

    private void run() {
        try {
            BatchLoop.run(queue, maxBatch, () -> running, batch -> {
                try {
                    write(batch);
                } catch (RuntimeException e) {
                    batch.forEach(pending -> pending.done().completeExceptionally(e));
                }
            });
        } finally {
            // Also reached when an Error ends the loop: later works then run on their callers' threads.
            running = false;
            Pending pending;
            while ((pending = queue.poll()) != null) {
                runAlone(pending);
            }
        }
    }

    private void write(List<Pending> batch) {
        if (batch.size() > 1 && writeTogether(batch)) {
            batch.forEach(pending -> pending.done().complete(null));
            return;
        }
        for (Pending pending : batch) {
            runAlone(pending);
        }
    }

    /** Runs every work of the batch in one transaction; returns false, with nothing stored, when any failed. */
    private boolean writeTogether(List<Pending> batch) {
        boolean committed = false;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                for (Pending pending : batch) {
                    pending.work().run(connection);
                }
                connection.commit();
                committed = true;
                return true;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                LOG.debug("A batch of {} store writes failed together, writing each on its own: {}", batch.size(),
                        e.toString());
                return false;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            if (committed) {
                // Only resetting or closing the connection failed, so running the works again would repeat them.
                return true;
            }
            LOG.debug("Opening a connection for {} store writes failed, writing each on its own: {}", batch.size(),
                    e.toString());
            return false;
        }
    }

    /** Returns once every work submitted before this call has committed or failed. */
    public void flush() {
        submit("Writing the queued records", connection -> null).exceptionally(failure -> null).join();
    }

    /** Stops after writing what is queued; later works run in transactions of their own on the caller's thread. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
