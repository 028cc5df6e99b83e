package org.privyrghlsync.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.privyrghlsync.mapping.Masking;
import org.privyrghlsync.store.BatchLoop;
import org.privyrghlsync.store.Futures;
import org.privyrghlsync.store.InboxEntry;
import org.privyrghlsync.store.InboxStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores accepted events with group commit: requests that arrive together are inserted in one transaction, and each
 * request learns whether its event was new or a duplicate only after that transaction committed.
 */
public final class InboxWriter {

    private static final Logger LOG = LoggerFactory.getLogger(InboxWriter.class);

    /** Receives each event that was newly stored, after the commit. */
    public interface StoredListener {
        void stored(InboxEntry entry, EventEnvelope envelope);
    }

    private record Pending(InboxEntry entry, byte[] payload, EventEnvelope envelope,
            CompletableFuture<InboxEntry> result) {
    }

    private final InboxStore inbox;
    private final StoredListener listener;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue;
    private volatile boolean running;
    /** Futures of the batch handed to the group commit last; only the writer's thread uses them. */
    private CompletableFuture<?> previousStarted = CompletableFuture.completedFuture(null);
    private CompletableFuture<?> previousDone = CompletableFuture.completedFuture(null);
    private Thread thread;

    public InboxWriter(InboxStore inbox, StoredListener listener, int maxBatch, int queueCapacity) {
        this.inbox = inbox;
        this.listener = listener;
        this.maxBatch = maxBatch;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "inbox-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops after handing what is already queued to the group commit, whose close commits it. */
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Queues an event for the next commit. The future completes with the stored entry, with null when the event_id
     * was already stored, or exceptionally when storing failed or the queue is full.
     */
    public CompletableFuture<InboxEntry> store(InboxEntry entry, EventEnvelope envelope) {
        CompletableFuture<InboxEntry> result = new CompletableFuture<>();
        // Encoded on the caller's thread, so that the writer and the group commit only pass the bytes on.
        byte[] payload = InboxStore.utf8Payload(entry);
        if (!running || !queue.offer(new Pending(entry, payload, envelope, result))) {
            result.completeExceptionally(new IllegalStateException("the inbox write queue is full or stopped"));
        }
        return result;
    }

    /**
     * Stores a validated event for the GHL location {@code locationId} and waits for its commit. Returns the stored
     * entry, or null when the event_id was stored before.
     *
     * @throws ExecutionException when storing failed or the queue is full or stopped
     * @throws TimeoutException when the commit did not complete within {@code timeoutMillis}; the event may still be
     *     stored afterwards
     */
    public InboxEntry storeAndWait(EventEnvelope event, String locationId, Instant receivedAt, long timeoutMillis)
            throws ExecutionException, TimeoutException, InterruptedException {
        InboxEntry entry = new InboxEntry(0, event.eventId(), event.eventType().wireName(), event.accountId(),
                locationId, event.client().id(), event.occurredAt(), receivedAt, event.rawJson(), 0);
        return store(entry, event).get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void run() {
        BatchLoop.run(queue, maxBatch, () -> running, this::awaitPreviousStart, this::write);
    }

    /**
     * Waits until the group commit has started to insert the previous batch. Requests that arrive meanwhile make the
     * next batch, which then joins the next commit: one batch per commit keeps a commit's inserts in few statements.
     */
    private void awaitPreviousStart() {
        try {
            CompletableFuture.anyOf(previousStarted, previousDone).join();
        } catch (CompletionException | CancellationException e) {
            // The previous batch failed, and its requests got the failure.
        }
    }

    private void write(List<Pending> batchToCopy) {
        // BatchLoop reuses its list, and this batch is completed after the commit.
        List<Pending> batch = List.copyOf(batchToCopy);
        List<InboxEntry> entries = new ArrayList<>(batch.size());
        List<byte[]> payloads = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            entries.add(pending.entry());
            payloads.add(pending.payload());
        }
        // The writer takes the next batch once the group commit has started this one, not after its commit, so that
        // no batch waits for a commit that started without it.
        CompletableFuture<Void> started = new CompletableFuture<>();
        CompletableFuture<List<InboxEntry>> done = inbox.submitNew(entries, payloads, started);
        previousStarted = started;
        previousDone = done;
        done.whenComplete((stored, failure) -> {
            if (failure != null) {
                Throwable cause = Futures.cause(failure);
                LOG.error("Storing {} events failed; their senders get 503 and must retry: {}", batch.size(),
                        Masking.maskPersonalData(cause.toString()));
                batch.forEach(pending -> pending.result().completeExceptionally(cause));
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(stored.get(i));
            }
            for (int i = 0; i < batch.size(); i++) {
                InboxEntry entry = stored.get(i);
                if (entry == null) {
                    continue;
                }
                try {
                    listener.stored(entry, batch.get(i).envelope());
                } catch (RuntimeException e) {
                    LOG.error("Queueing stored event {} for the sync failed; it stays pending for the next sweep: {}",
                            entry.eventId(), Masking.maskPersonalData(e.toString()));
                }
            }
        });
    }
}
