package org.privyrghlsync.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Loop of a writer thread that stores queued requests in batches, so that requests arriving together share a commit. */
public final class BatchLoop {

    private BatchLoop() {
    }

    /**
     * Waits for a request, takes it with up to {@code maxBatch - 1} more that are queued, and hands them to
     * {@code write}. Runs while {@code running} is true and then until the queue is empty, or until interrupted.
     */
    public static <T> void run(BlockingQueue<T> queue, int maxBatch, BooleanSupplier running,
            Consumer<List<T>> write) {
        run(queue, maxBatch, running, () -> { }, write);
    }

    /** Runs as {@link #run(BlockingQueue, int, BooleanSupplier, Consumer)}, calling {@code beforeTake} before each take. */
    public static <T> void run(BlockingQueue<T> queue, int maxBatch, BooleanSupplier running, Runnable beforeTake,
            Consumer<List<T>> write) {
        List<T> batch = new ArrayList<>(maxBatch);
        while (running.getAsBoolean() || !queue.isEmpty()) {
            try {
                beforeTake.run();
                T first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                write.accept(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }
}
