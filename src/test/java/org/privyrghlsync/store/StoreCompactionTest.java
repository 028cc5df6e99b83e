package org.privyrghlsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Compaction of the embedded H2 store while it is open. The stores here keep no retention time (RETENTION_TIME=0), so
 * that chunks may be rewritten at once rather than after H2's default 45 s.
 */
class StoreCompactionTest {

    private static final int EVENTS = 4_000;

    private final Path dataRoot = createRoot();

    @Test
    void compactedStoreKeepsItsFileSmall() throws Exception {
        Database.Compaction often = new Database.Compaction(Duration.ofMillis(50), 50, 1 << 20);
        try (Database compacted = open("compacted", often);
                Database plain = open("plain", Database.Compaction.OFF)) {
            writeEvents(compacted);
            writeEvents(plain);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(compacted.chunksFillRate()).as("live share of the compacted file's chunks")
                            .isGreaterThanOrEqualTo(40));
            assertThat(plain.chunksFillRate()).as("live share of the chunks without compaction").isLessThan(30);
            assertThat(fileBytes("compacted")).as("compacted file against the same writes without compaction")
                    .isLessThan(fileBytes("plain") * 6 / 10);
        }
    }

    @Test
    void closingStopsTheCompaction() throws Exception {
        // Stores that other tests of this JVM left open keep their own compaction threads.
        long before = compactionThreads();
        Database database = open("closing", new Database.Compaction(Duration.ofMillis(10), 50, 1 << 20));
        writeEvents(database);
        assertThat(compactionThreads()).as("compaction threads while open").isEqualTo(before + 1);

        database.close();

        assertThat(compactionThreads()).as("compaction threads after closing").isEqualTo(before);
    }

    @Test
    void otherDatabasesReportNoFillRate() {
        try (Database memory = Database.open("jdbc:h2:mem:compaction-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "", "", dataRoot.resolve("memory"), 2)) {
            assertThat(memory.chunksFillRate()).isEqualTo(-1);
        }
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> new Database.Compaction(Duration.ofMillis(-1), 50, 1024))
                .hasMessageContaining("0 (off) or more, got -1 ms");
        assertThatThrownBy(() -> new Database.Compaction(Duration.ofSeconds(1), 100, 1024))
                .hasMessageContaining("between 1 and 99 percent, got 100");
        assertThatThrownBy(() -> new Database.Compaction(Duration.ofSeconds(1), 50, 0))
                .hasMessageContaining("at least 1 byte, got 0");
    }

    private static long compactionThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("store-compaction") && thread.isAlive()).count();
    }

    private static Path createRoot() {
        try {
            return Files.createTempDirectory("store-compaction");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Database open(String name, Database.Compaction compaction) {
        Path dir = dataRoot.resolve(name);
        return Database.open(Database.embeddedUrl(dir) + ";RETENTION_TIME=0", "", "", dir, 10, compaction);
    }

    private long fileBytes(String name) throws Exception {
        try (var files = Files.list(dataRoot.resolve(name))) {
            return files.mapToLong(file -> file.toFile().length()).sum();
        }
    }

    /**
     * Stores and records {@link #EVENTS} events from 8 threads through one group commit, as the receiver and the sync
     * lanes do: each event is inserted, then marked done with a new contact link.
     */
    private static void writeEvents(Database database) throws Exception {
        try (GroupCommit writes = new GroupCommit(database.dataSource(), SyncLedger.GROUP_COMMIT_BATCH)) {
            InboxStore inbox = new InboxStore(database.dataSource(), writes);
            SyncLedger ledger = new SyncLedger(database.dataSource(), writes);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                workers.add(pool.submit(() -> {
                    for (int n = next.getAndIncrement(); n < EVENTS; n = next.getAndIncrement()) {
                        InboxEntry stored = inbox.storeNew(List.of(entry(n))).get(0);
                        ledger.recordApplied(stored, new ContactLink("loc-1", "client-" + n, "contact-" + n,
                                "{\"fields\":{\"email\":\"lead" + n + "@example.com\"},\"tags\":[\"privyr\"]}",
                                stored.occurredAt(), stored.eventId(), null), Outcome.CREATED, "created", 1);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            pool.shutdown();
        }
    }

    private static InboxEntry entry(int n) {
        String payload = "{\"version\":1,\"id\":\"evt-" + n + "\",\"type\":\"client.created\",\"client\":{\"id\":"
                + "\"client-" + n + "\",\"name\":\"Lead " + n + "\",\"email\":\"lead" + n + "@example.com\","
                + "\"notes\":\"" + "n".repeat(300) + "\"}}";
        Instant now = Instant.now();
        return new InboxEntry(0, "evt-" + n, "client.created", "acct-1", "loc-1", "client-" + n, now, now, payload,
                0);
    }
}
