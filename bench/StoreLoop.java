import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
import org.privyrghlsync.store.ContactLink;
import org.privyrghlsync.store.Database;
import org.privyrghlsync.store.GroupCommit;
import org.privyrghlsync.store.InboxEntry;
import org.privyrghlsync.store.InboxStore;
import org.privyrghlsync.store.Outcome;
import org.privyrghlsync.store.SyncLedger;

/**
 * Measures the store's CPU time per event without HTTP, Camel or the mapping: worker threads store each event as a
 * receipt and then record it as applied with a new contact link, through one {@link GroupCommit} on an embedded H2
 * store created by the product's migrations, as the receiver and the sync lanes do. It prints the CPU time per event
 * of the group-commit thread, of the workers and of the whole process, and the store file's growth per event.
 *
 * <p>Run it with the product jar on the class path:
 *
 * <pre>java -XX:TieredStopAtLevel=1 -cp target/privyr-ghl-sync.jar bench/StoreLoop.java --events 20000</pre>
 *
 * <p>The first {@code --warmup-events} (default 20000) are stored the same way but not measured. Each {@code --sql}
 * statement runs once after the migrations, to try a schema change such as a dropped index. Payloads are
 * client.created events of about 560 characters, with a distinct event id, client id, email and phone each.
 * {@code --url-options} is appended to the store's JDBC URL, such as {@code ";RETENTION_TIME=0"}.
 * {@code --compaction-interval-ms} sets the interval of the store's file compaction (the runtime's default when
 * absent; 0 turns it off), and {@code --workers} the number of worker threads (default 16). {@code --fsync false}
 * opens the store without forcing commits to the disk, as the runtime's {@code sync.store.fsync=false} does. With
 * {@code -Dstoreloop.threads=true} it also prints each thread's CPU time since start, the warm-up included.
 */
public final class StoreLoop {

    public static void main(String[] args) throws Exception {
        int events = 20_000;
        int warmup = 20_000;
        int workers = 16;
        List<String> statements = new ArrayList<>();
        String urlOptions = "";
        long compactionMs = Database.Compaction.DEFAULT.interval().toMillis();
        boolean fsync = true;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[i + 1]);
                case "--warmup-events" -> warmup = Integer.parseInt(args[i + 1]);
                case "--workers" -> workers = Integer.parseInt(args[i + 1]);
                case "--sql" -> statements.add(args[i + 1]);
                case "--url-options" -> urlOptions = args[i + 1];
                case "--compaction-interval-ms" -> compactionMs = Long.parseLong(args[i + 1]);
                case "--fsync" -> fsync = Boolean.parseBoolean(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                        + "; expected --events, --warmup-events, --workers, --sql, --url-options,"
                        + " --compaction-interval-ms or --fsync");
            }
        }
        Path dataDir = Files.createTempDirectory("store-loop");
        Database.Compaction compaction = new Database.Compaction(Duration.ofMillis(compactionMs),
                Database.Compaction.DEFAULT.targetFillRate(), Database.Compaction.DEFAULT.maxRewriteBytes());
        try (Database database = Database.open(Database.embeddedUrl(dataDir, fsync) + urlOptions, "", "", dataDir, 10,
                compaction);
                GroupCommit writes = new GroupCommit(database.dataSource(), SyncLedger.GROUP_COMMIT_BATCH)) {
            try (var connection = database.dataSource().getConnection();
                    var statement = connection.createStatement()) {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            }
            InboxStore inbox = new InboxStore(database.dataSource(), writes);
            SyncLedger ledger = new SyncLedger(database.dataSource(), writes);
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            run(pool, workers, inbox, ledger, 0, warmup);

            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long commitThread = commitThreadId();
            long commitCpu = threads.getThreadCpuTime(commitThread);
            long fileBytes = fileBytes(dataDir);
            long processCpu = processCpu();
            long[] workerCpu = run(pool, workers, inbox, ledger, warmup, events);
            commitCpu = threads.getThreadCpuTime(commitThread) - commitCpu;
            long growth = fileBytes(dataDir) - fileBytes;
            processCpu = processCpu() - processCpu;
            pool.shutdown();
            if (Boolean.getBoolean("storeloop.threads")) {
                for (long id : threads.getAllThreadIds()) {
                    var info = threads.getThreadInfo(id);
                    long cpu = threads.getThreadCpuTime(id);
                    if (info != null && cpu > 100_000_000L) {
                        System.out.printf("THREAD %s %.2f s%n", info.getThreadName(), cpu / 1e9);
                    }
                }
            }

            long workersTotal = 0;
            for (long cpu : workerCpu) {
                workersTotal += cpu;
            }
            System.out.printf("STORE events=%d workers=%d commit_thread_us_per_event=%.1f"
                    + " worker_threads_us_per_event=%.1f process_us_per_event=%.1f file_growth_bytes_per_event=%d%n",
                    events, workers, commitCpu / 1000.0 / events, workersTotal / 1000.0 / events,
                    processCpu / 1000.0 / events, growth / events);
        }
    }

    /** Stores and records events [first, first + count) from {@code workers} threads; returns each thread's CPU. */
    private static long[] run(ExecutorService pool, int workers, InboxStore inbox, SyncLedger ledger, int first,
            int count) throws Exception {
        AtomicInteger next = new AtomicInteger(first);
        int end = first + count;
        List<Future<Long>> results = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            results.add(pool.submit(() -> {
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                long start = threads.getCurrentThreadCpuTime();
                for (int n = next.getAndIncrement(); n < end; n = next.getAndIncrement()) {
                    InboxEntry stored = inbox.storeNew(List.of(entry(n))).get(0);
                    ContactLink link = new ContactLink("stub-location", clientId(n), "contact" + n,
                            pushedJson(n), stored.occurredAt(), stored.eventId(), null);
                    ledger.recordApplied(stored, link, Outcome.CREATED, "created contact contact" + n, 1);
                }
                return threads.getCurrentThreadCpuTime() - start;
            }));
        }
        long[] cpu = new long[workers];
        for (int w = 0; w < workers; w++) {
            cpu[w] = results.get(w).get();
        }
        return cpu;
    }

    private static long commitThreadId() {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("store-group-commit")) {
                return thread.getId();
            }
        }
        throw new IllegalStateException("No store-group-commit thread is running");
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long fileBytes(Path dataDir) throws Exception {
        try (var files = Files.list(dataDir)) {
            return files.mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static String clientId(int n) {
        return String.valueOf(21_000_000 + n);
    }

    private static InboxEntry entry(int n) {
        String client = clientId(n);
        String payload = "{\"version\":1,\"id\":\"loop-" + n + "\",\"type\":\"client.created\",\"occurred_at\":"
                + "\"2026-12-05T10:00:00Z\",\"account_id\":\"privyr-bench-team\",\"client\":{\"id\":\"" + client
                + "\",\"name\":\"Kavya Chatterjee\",\"display_name\":\"Kavya C\",\"email\":\"kavya.chatterjee." + client
                + "@example.com\",\"phone\":\"+9198" + String.format("%08d", n % 100_000_000) + "\",\"source\":"
                + "\"Facebook Lead Ads\",\"groups\":[\"Hot Leads\",\"Mumbai\"],\"other_fields\":{\"Budget\":"
                + "\"₹1.2 crore\",\"Timeline\":\"Within 3 months\"},\"notes\":\"Prefers a call after 6 pm\","
                + "\"created_at\":\"2026-12-05T09:59:00Z\",\"updated_at\":\"2026-12-05T09:59:30Z\"}}";
        Instant now = Instant.now();
        return new InboxEntry(0, "loop-" + n, "client.created", "privyr-bench-team", "stub-location", client,
                now, now, payload, 0);
    }

    private static String pushedJson(int n) {
        return "{\"fields\":{\"firstName\":\"Kavya\",\"lastName\":\"Chatterjee\",\"email\":\"kavya.chatterjee."
                + clientId(n) + "@example.com\",\"phone\":\"+9198" + String.format("%08d", n % 100_000_000)
                + "\",\"source\":\"Facebook Lead Ads\"},\"customFields\":{\"key:contact.budget\":\"₹1.2 crore\","
                + "\"key:contact.timeline\":\"Within 3 months\",\"key:contact.privyr_client_id\":\"" + clientId(n)
                + "\"},\"tags\":[\"Hot Leads\",\"Mumbai\",\"privyr\"],\"blankWhenEmpty\":[],\"warnings\":[]}";
    }
}
