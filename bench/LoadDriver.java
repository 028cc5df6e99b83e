import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load driver for privyr-ghl-sync: posts signed Privyr events to the receiver, then polls the GHL sandbox's request
 * log, or the benchmark GHL stub's counters, until the GHL calls that the events must cause have landed.
 *
 * <p>Run with {@code java bench/LoadDriver.java --help}. JDK 17 only, no dependencies. Every event is generated and
 * signed before the timed phase starts. A client's event is posted only after the receiver responded to its
 * previous event, so each client's events are stored and applied in {@code occurred_at} order, which keeps the expected
 * number of GHL calls exact.
 *
 * <p>By default a fixed number of threads post in a closed loop. With {@code --rate N} events are sent on an
 * open-loop schedule of N per second, and each latency runs from the scheduled send time, so a slow response delays
 * no later measurement (no coordinated omission). {@code --write-events FILE} only writes the signed events to a
 * file for {@code bench/wrk/post-events.lua}.
 */
public final class LoadDriver {

    /** Seconds that a signature timestamp stays valid at the receiver (privyr.signature-tolerance-seconds). */
    private static final long SIGNATURE_TOLERANCE_SECONDS = 300;
    private static final long POLL_INTERVAL_MILLIS = 250;
    /**
     * How long the GHL call count must stay unchanged, once the needed calls landed, to count the run as done. With
     * {@code --rate-limit} one rate window is added, because the runtime's limiter sends in bursts with pauses of
     * up to a window.
     */
    private static final long SETTLE_MILLIS = 2000;
    /**
     * Maximum requests in flight with {@code --rate}. The cap only keeps a stalled receiver from getting thousands
     * of connections. A wait for a free slot still counts in the latency, which runs from the scheduled time.
     */
    private static final int MAX_PACED_IN_FLIGHT = 1000;
    private static final Pattern LOG_ENTRY = Pattern.compile("\\{[^{}]*\\}");
    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern PATH = Pattern.compile("\"path\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*(\\d+)");
    private static final Pattern TIME = Pattern.compile("\"time\"\\s*:\\s*\"([^\"]*)\"");

    private static final String[] FIRST_NAMES = {"Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Isha",
        "Aditya", "Meera", "Karthik", "Sneha", "Rahul", "Divya", "Siddharth", "Neha", "Amit", "Pooja", "Nikhil"};
    private static final String[] LAST_NAMES = {"Sharma", "Patel", "Iyer", "Reddy", "Nair", "Gupta", "Menon",
        "Kulkarni", "Desai", "Joshi", "Rao", "Verma", "Bose", "Chatterjee", "Pillai", "Mehta"};
    private static final String[] GROUPS = {"Hot Leads", "Pune", "Mumbai", "Bengaluru", "Site Visit", "Follow Up",
        "Facebook", "Referral"};
    private static final String[] BUDGETS = {"₹45 lakh", "₹60 lakh", "₹85 lakh", "₹1.2 crore", "₹1.5 crore",
        "₹2 crore"};
    private static final String[] TIMELINES = {"Immediately", "Within 1 month", "Within 3 months",
        "Within 6 months", "Next year"};
    private static final String[] SOURCES = {"Facebook Lead Ads", "Google Ads", "Website", "Walk-in"};

    /**
     * Kind of generated event, with the GHL calls that the shipped mapping needs for it. A run is complete once
     * every create and one-field update has made its first call.
     */
    enum Kind {
        /**
         * client.created of a new client: one call that creates the contact ({@code POST /contacts/upsert} or
         * {@code POST /contacts/}), followed today by {@code POST /contacts/{id}/tags} for its groups.
         */
        CREATE,
        /** client.updated that changes one mapped scalar or custom field: one PUT /contacts/{id}. */
        UPDATE,
        /** client.updated whose mapped values equal the last pushed ones: no call. */
        NOOP,
        /** The same bytes and signature as an earlier event: the receiver responds 200 and no GHL call follows. */
        REDELIVERY
    }

    /** A signed event ready to post; {@code waitFor} is the index of the event whose response must arrive
     * first, or -1. */
    record SignedEvent(Kind kind, byte[] body, String signature, int waitFor) {
    }

    /** Mutable state of a generated Privyr client. */
    static final class Client {
        final long id;
        String firstName;
        String lastName;
        String email;
        String phone;
        String source;
        List<String> groups;
        String budget;
        String timeline;
        String createdAt;
        int lastEventIndex;

        Client(long id) {
            this.id = id;
        }
    }

    /**
     * Parsed options. Exactly one of {@code sandboxUrl} and {@code stubUrl} is set unless {@code writeEventsFile}
     * is. A {@code rateLimit} of 0 means that no budget utilisation is reported, and a {@code rate} of 0 posts in a
     * closed loop.
     */
    record Options(String receiverUrl, String sandboxUrl, String stubUrl, String secret, String scenario, int events,
            int concurrency, long seed, int timeoutSeconds, int rateLimit, int rateWindowMillis, int rate,
            int warmupEvents, Path writeEventsFile) {
    }

    public static void main(String[] args) throws Exception {
        Options options = parseOptions(args);
        List<SignedEvent> events = generate(options);
        if (options.writeEventsFile() != null) {
            writeEvents(options.writeEventsFile(), events);
            return;
        }
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        Map<Kind, Integer> kindCounts = new TreeMap<>();
        for (SignedEvent event : events) {
            kindCounts.merge(event.kind(), 1, Integer::sum);
        }

        CallSource ghl = options.stubUrl() != null ? new StubCounters(http, options.stubUrl())
                : new SandboxLog(http, options.sandboxUrl());
        ghl.reset();
        long cpuBefore = processCpuNanos();
        PostResults posted = options.rate() > 0 ? postPaced(http, options, events) : postAll(http, options, events);
        long cpuAfterPosting = processCpuNanos();
        Completion completion = awaitGhlCalls(ghl, options, kindCounts);
        long cpuAfterPolling = processCpuNanos();

        printReport(options, events.size(), kindCounts, posted, completion,
                cpuAfterPosting - cpuBefore, cpuAfterPolling - cpuAfterPosting);
        if (!completion.complete() || posted.other() > 0) {
            System.exit(2);
        }
    }

    // ---------------------------------------------------------------- generation

    static List<SignedEvent> generate(Options options) throws Exception {
        Random random = new Random(options.seed());
        int count = options.events();
        // occurred_at advances one second per event and ends an hour in the past, so it always increases per
        // client and never reaches the receiver's 24-hour limit on future instants.
        Instant firstOccurred = Instant.now().minusSeconds(count + 3600L);
        long signedAt = Instant.now().getEpochSecond();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(options.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));

        List<SignedEvent> events = new ArrayList<>(count);
        List<Client> clients = new ArrayList<>();
        // Client ids depend on the seed, so runs with different seeds use different clients (up to 1 million each).
        long runTag = Math.floorMod(options.seed(), 90L) * 1_000_000L;
        int phoneBase = random.nextInt(50_000_000);
        AtomicInteger phoneSerial = new AtomicInteger();
        for (int i = 0; i < count; i++) {
            Kind kind = nextKind(options.scenario(), random, clients.isEmpty());
            String occurredAt = firstOccurred.plusSeconds(i).toString();
            String eventId = "bench-" + options.seed() + "-" + i;
            if (kind == Kind.REDELIVERY) {
                int original = random.nextInt(events.size());
                while (events.get(original).kind() == Kind.REDELIVERY) {
                    original = random.nextInt(events.size());
                }
                SignedEvent source = events.get(original);
                events.add(new SignedEvent(kind, source.body(), source.signature(), original));
                continue;
            }
            Client client;
            int waitFor = -1;
            if (kind == Kind.CREATE) {
                long clientId = 10_000_000L + runTag + clients.size();
                client = newClient(clientId, random, phoneBase, phoneSerial, occurredAt);
                clients.add(client);
            } else {
                client = clients.get(random.nextInt(clients.size()));
                waitFor = client.lastEventIndex;
                if (kind == Kind.UPDATE) {
                    changeOneField(client, random, phoneBase, phoneSerial);
                }
            }
            client.lastEventIndex = i;
            String eventType = kind == Kind.CREATE ? "client.created" : "client.updated";
            byte[] body = envelope(eventId, eventType, occurredAt, client).getBytes(StandardCharsets.UTF_8);
            events.add(new SignedEvent(kind, body, sign(mac, signedAt, body), waitFor));
        }
        return events;
    }

    private static Kind nextKind(String scenario, Random random, boolean noClientYet) {
        if (scenario.equals("create") || noClientYet) {
            return Kind.CREATE;
        }
        int draw = random.nextInt(100);
        if (draw < 40) {
            return Kind.CREATE;
        }
        if (draw < 70) {
            return Kind.UPDATE;
        }
        return draw < 90 ? Kind.NOOP : Kind.REDELIVERY;
    }

    private static Client newClient(long id, Random random, int phoneBase, AtomicInteger phoneSerial,
            String createdAt) {
        Client client = new Client(id);
        client.firstName = pick(random, FIRST_NAMES);
        client.lastName = pick(random, LAST_NAMES);
        client.email = emailOf(client, 0);
        client.phone = nextPhone(phoneBase, phoneSerial);
        client.source = pick(random, SOURCES);
        client.groups = List.of(pick(random, GROUPS), pick(random, GROUPS)).stream().distinct().toList();
        client.budget = pick(random, BUDGETS);
        client.timeline = pick(random, TIMELINES);
        client.createdAt = createdAt;
        return client;
    }

    /** Changes exactly one field that the shipped mapping sends on update, so the update needs one PUT. */
    private static void changeOneField(Client client, Random random, int phoneBase, AtomicInteger phoneSerial) {
        switch (random.nextInt(4)) {
            case 0 -> client.email = emailOf(client, phoneSerial.incrementAndGet());
            case 1 -> client.phone = nextPhone(phoneBase, phoneSerial);
            case 2 -> client.budget = pickOther(random, BUDGETS, client.budget);
            default -> client.timeline = pickOther(random, TIMELINES, client.timeline);
        }
    }

    private static String emailOf(Client client, int variant) {
        String local = (client.firstName + "." + client.lastName).toLowerCase(Locale.ROOT);
        return local + "." + client.id + (variant == 0 ? "" : "." + variant) + "@example.com";
    }

    /**
     * Returns an Indian mobile number in E.164 (+9198 followed by eight digits). The numbers of one run are unique
     * up to 50 million numbers, because the sandbox rejects a new contact whose phone already exists.
     */
    private static String nextPhone(int phoneBase, AtomicInteger phoneSerial) {
        return String.format(Locale.ROOT, "+9198%08d", phoneBase + phoneSerial.incrementAndGet());
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String pickOther(Random random, String[] values, String current) {
        String value = pick(random, values);
        while (value.equals(current)) {
            value = pick(random, values);
        }
        return value;
    }

    private static String envelope(String eventId, String eventType, String occurredAt, Client client) {
        StringBuilder groups = new StringBuilder("[");
        for (int i = 0; i < client.groups.size(); i++) {
            groups.append(i == 0 ? "" : ",").append(quote(client.groups.get(i)));
        }
        groups.append(']');
        return "{\"schema_version\":\"1\",\"event_id\":" + quote(eventId)
                + ",\"event_type\":" + quote(eventType)
                + ",\"occurred_at\":" + quote(occurredAt)
                + ",\"account_id\":\"privyr-bench-team\",\"source\":\"privyr-relay\""
                + ",\"data\":{\"client\":{\"id\":" + client.id
                + ",\"name\":" + quote(client.firstName + " " + client.lastName)
                + ",\"display_name\":" + quote(client.firstName)
                + ",\"email\":" + quote(client.email)
                + ",\"phone\":" + quote(client.phone)
                + ",\"source\":" + quote(client.source)
                + ",\"groups\":" + groups
                + ",\"other_fields\":{\"Budget\":" + quote(client.budget)
                + ",\"Timeline\":" + quote(client.timeline) + "}"
                + ",\"created_at\":" + quote(client.createdAt)
                + ",\"updated_at\":" + quote(occurredAt) + "}}}";
    }

    /** Quotes a string for JSON; generated values contain no quote, backslash or control character. */
    private static String quote(String value) {
        return "\"" + value + "\"";
    }

    private static String sign(Mac mac, long timestamp, byte[] body) {
        mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
        byte[] digest = mac.doFinal(body);
        StringBuilder hex = new StringBuilder(64);
        for (byte b : digest) {
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return "t=" + timestamp + ",v1=" + hex;
    }


    /**
     * Writes one event per line as {@code <X-Signature value><TAB><body>}, in posting order, for
     * {@code bench/wrk/post-events.lua}. Bodies never contain a tab or a line break.
     */
    static void writeEvents(Path file, List<SignedEvent> events) throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (SignedEvent event : events) {
                out.write(event.signature());
                out.write('\t');
                out.write(new String(event.body(), StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
        System.out.println("Wrote " + events.size() + " signed events to " + file + "; their signatures expire "
                + SIGNATURE_TOLERANCE_SECONDS + " s after now.");
    }

    // ---------------------------------------------------------------- posting

    /**
     * Results of the posting phase. {@code latencyNanos} has one entry per event, and the first {@code warmupEvents}
     * entries are left out of the latency percentiles.
     */
    record PostResults(Instant startedAt, long startNanos, long endNanos, long[] latencyNanos, int warmupEvents,
            Map<Integer, Integer> statusCounts, int accepted, int duplicate, int other, String firstFailure,
            long maxSendLagNanos) {
    }

    static PostResults postAll(HttpClient http, Options options, List<SignedEvent> events) throws Exception {
        int count = events.size();
        URI uri = URI.create(options.receiverUrl() + "/privyr/events");
        long[] latencies = new long[count];
        int[] statuses = new int[count];
        CountDownLatch[] responded = new CountDownLatch[count];
        for (int i = 0; i < count; i++) {
            responded[i] = new CountDownLatch(1);
        }
        AtomicInteger next = new AtomicInteger();
        String[] firstFailure = new String[1];

        Instant startedAt = Instant.now();
        long startNanos = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < options.concurrency(); w++) {
            Thread worker = new Thread(() -> {
                int index;
                while ((index = next.getAndIncrement()) < count) {
                    SignedEvent event = events.get(index);
                    try {
                        if (event.waitFor() >= 0) {
                            responded[event.waitFor()].await();
                        }
                        long sent = System.nanoTime();
                        HttpResponse<String> response = http.send(eventRequest(uri, event),
                                HttpResponse.BodyHandlers.ofString());
                        latencies[index] = System.nanoTime() - sent;
                        statuses[index] = response.statusCode();
                        if (response.statusCode() != 202 && response.statusCode() != 200) {
                            recordFailure(firstFailure, "event " + index + ": HTTP " + response.statusCode()
                                    + " " + response.body());
                        }
                    } catch (Exception e) {
                        statuses[index] = -1;
                        recordFailure(firstFailure, "event " + index + ": " + e);
                        if (e instanceof InterruptedException) {
                            Thread.currentThread().interrupt();
                        }
                    } finally {
                        responded[index].countDown();
                    }
                }
            }, "post-" + w);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        long endNanos = System.nanoTime();
        return results(startedAt, startNanos, endNanos, latencies, options.warmupEvents(), statuses, firstFailure[0],
                0);
    }

    /**
     * Sends event i at {@code start + i / rate} seconds, without waiting for earlier responses (open loop), except
     * that an event of a client still waits for the response to that client's previous event. Each latency runs from
     * the scheduled send time to the response, so it contains any delay of the send itself.
     */
    static PostResults postPaced(HttpClient http, Options options, List<SignedEvent> events) {
        int count = events.size();
        URI uri = URI.create(options.receiverUrl() + "/privyr/events");
        long[] latencies = new long[count];
        int[] statuses = new int[count];
        String[] firstFailure = new String[1];
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] responded = new CompletableFuture[count];
        Semaphore inFlight = new Semaphore(MAX_PACED_IN_FLIGHT);
        long maxLag = 0;

        Instant startedAt = Instant.now();
        long startNanos = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long scheduled = startNanos + (long) (i * 1e9 / options.rate());
            for (long wait = scheduled - System.nanoTime(); wait > 0; wait = scheduled - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            maxLag = Math.max(maxLag, System.nanoTime() - scheduled);
            inFlight.acquireUninterruptibly();
            SignedEvent event = events.get(i);
            CompletableFuture<Void> previous = event.waitFor() >= 0 ? responded[event.waitFor()]
                    : CompletableFuture.completedFuture(null);
            int index = i;
            responded[i] = previous
                    .thenCompose(ignored -> http.sendAsync(eventRequest(uri, event),
                            HttpResponse.BodyHandlers.ofString()))
                    .handle((response, error) -> {
                        latencies[index] = System.nanoTime() - scheduled;
                        if (error != null) {
                            statuses[index] = -1;
                            recordFailure(firstFailure, "event " + index + ": " + error);
                        } else {
                            statuses[index] = response.statusCode();
                            if (response.statusCode() != 202 && response.statusCode() != 200) {
                                recordFailure(firstFailure, "event " + index + ": HTTP " + response.statusCode()
                                        + " " + response.body());
                            }
                        }
                        inFlight.release();
                        return null;
                    });
        }
        CompletableFuture.allOf(responded).join();
        long endNanos = System.nanoTime();
        return results(startedAt, startNanos, endNanos, latencies, options.warmupEvents(), statuses, firstFailure[0],
                maxLag);
    }

    private static HttpRequest eventRequest(URI uri, SignedEvent event) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Signature", event.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(event.body()))
                .build();
    }

    private static PostResults results(Instant startedAt, long startNanos, long endNanos, long[] latencies,
            int warmupEvents, int[] statuses, String firstFailure, long maxLagNanos) {
        Map<Integer, Integer> statusCounts = new TreeMap<>();
        int accepted = 0;
        int duplicate = 0;
        int other = 0;
        for (int status : statuses) {
            statusCounts.merge(status, 1, Integer::sum);
            if (status == 202) {
                accepted++;
            } else if (status == 200) {
                duplicate++;
            } else {
                other++;
            }
        }
        return new PostResults(startedAt, startNanos, endNanos, latencies, warmupEvents, statusCounts, accepted,
                duplicate, other, firstFailure, maxLagNanos);
    }

    private static synchronized void recordFailure(String[] firstFailure, String message) {
        if (firstFailure[0] == null) {
            firstFailure[0] = message;
        }
    }

    // ---------------------------------------------------------------- completion

    record LoggedCall(String method, String path, int status, Instant time) {
    }

    /**
     * GHL calls counted so far. {@code calls} lists every call with its arrival time when the source records them
     * (the sandbox) and is empty for the stub, which only counts. {@code byStatus} is empty when the source does
     * not record statuses.
     */
    record CallSnapshot(Map<String, Long> byKind, Map<Integer, Long> byStatus, Instant lastCallAt,
            List<LoggedCall> calls, long total) {

        long count(String kind) {
            return byKind.getOrDefault(kind, 0L);
        }

        /** Returns the calls that create a contact: upserts and plain creates. */
        long contactCreations() {
            return count("POST /contacts/upsert") + count("POST /contacts/");
        }

        /** Returns the calls on {@code /contacts} paths, which are the ones that events cause. */
        long contactCalls() {
            long count = 0;
            for (Map.Entry<String, Long> entry : byKind.entrySet()) {
                if (entry.getKey().contains(" /contacts")) {
                    count += entry.getValue();
                }
            }
            return count;
        }
    }

    /** Source of the GHL calls that the runtime made: the sandbox's request log or the stub's counters. */
    interface CallSource {
        /** Forgets every call recorded so far. */
        void reset() throws Exception;

        CallSnapshot read() throws Exception;

        /** Returns the bytes of all responses read so far. */
        long bytesRead();
    }

    /** The sandbox's request log at {@code /_sandbox/requests}, which has every call's status and arrival time. */
    static final class SandboxLog implements CallSource {
        private final HttpClient http;
        private final URI log;
        private long bytesRead;

        SandboxLog(HttpClient http, String sandboxUrl) {
            this.http = http;
            this.log = URI.create(sandboxUrl + "/_sandbox/requests");
        }

        @Override
        public void reset() throws Exception {
            int status = http.send(HttpRequest.newBuilder(log).DELETE().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            if (status != 204) {
                throw new IllegalStateException("DELETE " + log + " returned HTTP " + status
                        + "; expected 204. Is --sandbox the GHL sandbox?");
            }
        }

        @Override
        public CallSnapshot read() throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(log).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            bytesRead += response.body().length();
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + log + " returned HTTP " + response.statusCode());
            }
            List<LoggedCall> calls = parseLog(response.body());
            Map<String, Long> byKind = new TreeMap<>();
            Map<Integer, Long> byStatus = new TreeMap<>();
            for (LoggedCall call : calls) {
                byKind.merge(kindOf(call), 1L, Long::sum);
                byStatus.merge(call.status(), 1L, Long::sum);
            }
            return new CallSnapshot(byKind, byStatus, lastCallTime(calls), calls, calls.size());
        }

        @Override
        public long bytesRead() {
            return bytesRead;
        }
    }

    /**
     * The counters of {@code bench/GhlStub.java} at {@code /_stub/stats?format=text}: per call kind the count and the
     * arrival time of the last call, in epoch milliseconds. The stub records no statuses because it never responds
     * with 429 or another error to a path it serves.
     */
    static final class StubCounters implements CallSource {
        private final HttpClient http;
        private final String stubUrl;
        private long bytesRead;

        StubCounters(HttpClient http, String stubUrl) {
            this.http = http;
            this.stubUrl = stubUrl;
        }

        @Override
        public void reset() throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(stubUrl + "/_stub/reset"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 204) {
                throw new IllegalStateException("POST " + stubUrl + "/_stub/reset returned HTTP " + status
                        + "; expected 204. Is --stub the benchmark GHL stub (bench/GhlStub.java)?");
            }
        }

        @Override
        public CallSnapshot read() throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(stubUrl + "/_stub/stats?format=text")).GET()
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            bytesRead += response.body().length();
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + stubUrl + "/_stub/stats returned HTTP "
                        + response.statusCode());
            }
            Map<String, Long> byKind = new TreeMap<>();
            long total = 0;
            long lastMillis = 0;
            for (String line : response.body().split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                // kind, count, request body bytes, epoch milliseconds of the last arrival
                String[] columns = line.split("\t");
                long count = Long.parseLong(columns[1]);
                byKind.put(columns[0], count);
                total += count;
                lastMillis = Math.max(lastMillis, Long.parseLong(columns[3]));
            }
            return new CallSnapshot(byKind, Map.of(), lastMillis == 0 ? null : Instant.ofEpochMilli(lastMillis),
                    List.of(), total);
        }

        @Override
        public long bytesRead() {
            return bytesRead;
        }
    }

    record Completion(boolean complete, CallSnapshot calls, int polls, long pollBytes, long waitedMillis) {
    }

    /**
     * Polls the GHL calls every 250 ms, starting after the last post got its response. The run is complete once
     * there is one contact creation per create and one PUT per one-field update, and the total count has not
     * changed for the settle time ({@link #SETTLE_MILLIS}). The settle time catches later calls, such as tag
     * additions and calls beyond the needed ones, and it does not count towards the end-to-end time.
     */
    static Completion awaitGhlCalls(CallSource ghl, Options options, Map<Kind, Integer> kindCounts)
            throws Exception {
        int creates = kindCounts.getOrDefault(Kind.CREATE, 0);
        int updates = kindCounts.getOrDefault(Kind.UPDATE, 0);
        long settleMillis = SETTLE_MILLIS + (options.rateLimit() > 0 ? options.rateWindowMillis() : 0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.timeoutSeconds());
        long waitStart = System.nanoTime();
        int polls = 0;
        long lastTotal = -1;
        long lastChange = System.nanoTime();
        while (true) {
            CallSnapshot calls = ghl.read();
            polls++;
            long now = System.nanoTime();
            if (calls.total() != lastTotal) {
                lastTotal = calls.total();
                lastChange = now;
            }
            boolean settled = now - lastChange >= TimeUnit.MILLISECONDS.toNanos(settleMillis);
            boolean complete = calls.contactCreations() >= creates && calls.count("PUT /contacts/{id}") >= updates
                    && settled;
            if (complete || now > deadline) {
                return new Completion(complete, calls, polls, ghl.bytesRead(),
                        TimeUnit.NANOSECONDS.toMillis(now - waitStart));
            }
            Thread.sleep(POLL_INTERVAL_MILLIS);
        }
    }

    static List<LoggedCall> parseLog(String json) {
        List<LoggedCall> calls = new ArrayList<>();
        Matcher entries = LOG_ENTRY.matcher(json);
        while (entries.find()) {
            String entry = entries.group();
            calls.add(new LoggedCall(field(METHOD, entry), field(PATH, entry), Integer.parseInt(field(STATUS, entry)),
                    Instant.parse(field(TIME, entry))));
        }
        return calls;
    }

    private static String field(Pattern pattern, String entry) {
        Matcher matcher = pattern.matcher(entry);
        if (!matcher.find()) {
            throw new IllegalStateException("Sandbox log entry without " + pattern + ": " + entry);
        }
        return matcher.group(1);
    }

    private static Instant lastCallTime(List<LoggedCall> calls) {
        Instant last = null;
        for (LoggedCall call : calls) {
            if (last == null || call.time().isAfter(last)) {
                last = call.time();
            }
        }
        return last;
    }

    /** Returns the method and the path with ids replaced, such as {@code PUT /contacts/{id}}, as the stub labels it. */
    static String kindOf(LoggedCall call) {
        String path = call.path();
        if (path.equals("/contacts/upsert") || path.equals("/contacts/search")
                || path.equals("/contacts/search/duplicate")) {
            return call.method() + " " + path;
        }
        path = path.replaceFirst("^/contacts/[^/]+", "/contacts/{id}")
                .replaceFirst("^(/contacts/\\{id}/(tasks|notes))/[^/]+", "$1/{id}")
                .replaceFirst("^/locations/[^/]+", "/locations/{id}");
        return call.method() + " " + path;
    }

    // ---------------------------------------------------------------- report

    static void printReport(Options options, int eventCount, Map<Kind, Integer> kindCounts, PostResults posted,
            Completion completion, long postingCpuNanos, long pollingCpuNanos) {
        double acceptSeconds = (posted.endNanos() - posted.startNanos()) / 1e9;
        long[] latencies = posted.latencyNanos();
        long[] sorted = Arrays.copyOfRange(latencies, Math.min(posted.warmupEvents(), latencies.length),
                latencies.length);
        Arrays.sort(sorted);
        CallSnapshot calls = completion.calls();
        long contactCalls = calls.contactCalls();
        double endToEndSeconds = calls.lastCallAt() == null ? Double.NaN
                : Duration.between(posted.startedAt(), calls.lastCallAt()).toNanos() / 1e9;

        Map<String, String> result = new LinkedHashMap<>();
        result.put("scenario", options.scenario());
        result.put("events", Integer.toString(eventCount));
        result.put("concurrency", options.rate() > 0 ? "paced" : Integer.toString(options.concurrency()));
        result.put("offered_rate", options.rate() > 0 ? Integer.toString(options.rate()) : "none");
        result.put("warmup_events", Integer.toString(posted.warmupEvents()));
        result.put("accepted_202", Integer.toString(posted.accepted()));
        result.put("duplicate_200", Integer.toString(posted.duplicate()));
        result.put("other_status", Integer.toString(posted.other()));
        result.put("accept_seconds", format(acceptSeconds));
        result.put("accept_events_per_s", format(eventCount / acceptSeconds));
        result.put("accept_p50_ms", format(percentile(sorted, 50) / 1e6));
        result.put("accept_p90_ms", format(percentile(sorted, 90) / 1e6));
        result.put("accept_p99_ms", format(percentile(sorted, 99) / 1e6));
        result.put("accept_p999_ms", format(percentile(sorted, 99.9) / 1e6));
        result.put("accept_max_ms", format(sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6));
        result.put("max_send_lag_ms", format(posted.maxSendLagNanos() / 1e6));
        result.put("complete", Boolean.toString(completion.complete()));
        result.put("e2e_seconds", format(endToEndSeconds));
        result.put("e2e_events_per_s", format(eventCount / endToEndSeconds));
        result.put("ghl_calls", Long.toString(calls.total()));
        result.put("ghl_contact_calls", Long.toString(contactCalls));
        result.put("ghl_contact_creations", Long.toString(calls.contactCreations()));
        result.put("ghl_calls_per_event", format((double) calls.total() / eventCount));
        result.put("ghl_429", Long.toString(calls.byStatus().getOrDefault(429, 0L)));
        if (options.rateLimit() > 0) {
            result.put("budget_utilisation", String.format(Locale.ROOT, "%.3f", utilisation(calls.calls(),
                    options.rateLimit(), options.rateWindowMillis())));
        }
        perKindFigures(kindCounts, calls, result);
        result.put("driver_cpu_posting_s", format(postingCpuNanos / 1e9));
        result.put("driver_cpu_polling_s", format(pollingCpuNanos / 1e9));
        result.put("ghl_polls", Integer.toString(completion.polls()));
        result.put("ghl_poll_mb", format(completion.pollBytes() / 1e6));

        String mode = options.rate() > 0 ? "paced at " + options.rate() + " events/s"
                : options.concurrency() + " connections";
        System.out.println("== LoadDriver " + options.scenario() + ": " + eventCount + " events, " + mode
                + (options.stubUrl() != null ? ", GHL stub" : ", GHL sandbox"));
        System.out.println("events by kind:        " + kindCounts);
        System.out.println("receiver statuses:     " + posted.statusCounts() + " (202 accepted " + posted.accepted()
                + ", 200 duplicate " + posted.duplicate() + ", other " + posted.other() + ")");
        if (posted.firstFailure() != null) {
            System.out.println("first failure:         " + posted.firstFailure());
        }
        System.out.println("accept throughput:     " + result.get("accept_events_per_s") + " events/s ("
                + result.get("accept_seconds") + " s for all responses)");
        System.out.println("accept latency:        p50 " + result.get("accept_p50_ms") + " ms, p90 "
                + result.get("accept_p90_ms") + " ms, p99 " + result.get("accept_p99_ms") + " ms, p99.9 "
                + result.get("accept_p999_ms") + " ms, max " + result.get("accept_max_ms") + " ms ("
                + sorted.length + " events after " + posted.warmupEvents() + " warm-up events"
                + (options.rate() > 0 ? ", from each scheduled send time" : ", from each send") + ")");
        if (options.rate() > 0) {
            System.out.println("send schedule:         latest send " + result.get("max_send_lag_ms")
                    + " ms after its scheduled time");
        }
        System.out.println("end to end:            " + result.get("e2e_events_per_s") + " events/s ("
                + result.get("e2e_seconds") + " s from the first post to the last GHL call)"
                + (completion.complete() ? "" : " INCOMPLETE: timed out after " + options.timeoutSeconds() + " s"));
        System.out.println("GHL contact calls:     " + contactCalls + ", of which " + calls.contactCreations()
                + " contact creations for " + kindCounts.getOrDefault(Kind.CREATE, 0) + " creates; "
                + landingSummary(posted.startedAt(), calls));
        System.out.println("GHL calls by kind:     " + calls.byKind());
        System.out.println("GHL calls by status:   " + (calls.byStatus().isEmpty()
                ? "not recorded by the stub, which never responds with 429" : calls.byStatus() + " (429: "
                + result.get("ghl_429") + ")"));
        System.out.println("GHL calls per event:   " + result.get("ghl_calls_per_event") + " overall; per kind "
                + perKindSummary(result));
        if (options.rateLimit() > 0) {
            System.out.println("budget utilisation:    " + result.get("budget_utilisation") + " of "
                    + options.rateLimit() + " calls per " + options.rateWindowMillis() + " ms");
        }
        System.out.println("GHL call polling:      " + completion.polls() + " polls, " + result.get("ghl_poll_mb")
                + " MB read, " + completion.waitedMillis() + " ms after the last response");
        System.out.println("driver CPU:            " + result.get("driver_cpu_posting_s") + " s posting, "
                + result.get("driver_cpu_polling_s") + " s polling");
        StringBuilder line = new StringBuilder("RESULT");
        result.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        System.out.println(line);
    }

    /**
     * Returns the used share of a sliding-window budget of {@code max} calls per {@code windowMillis}, from the
     * arrival times of the calls that got no 429. Call k may arrive at the earliest one window after call k - max,
     * so the result is the window divided by the mean of those gaps: 1 when every call came as early as the budget
     * allowed. Returns NaN when there are not more than {@code max} calls.
     */
    static double utilisation(List<LoggedCall> calls, int max, int windowMillis) {
        List<Instant> arrivals = new ArrayList<>();
        for (LoggedCall call : calls) {
            if (call.status() != 429) {
                arrivals.add(call.time());
            }
        }
        if (arrivals.size() <= max) {
            return Double.NaN;
        }
        arrivals.sort(null);
        double gapNanos = 0;
        for (int k = max; k < arrivals.size(); k++) {
            gapNanos += Duration.between(arrivals.get(k - max), arrivals.get(k)).toNanos();
        }
        return windowMillis * 1e6 / (gapNanos / (arrivals.size() - max));
    }

    /**
     * Attributes calls to event kinds by the call shapes that only one kind makes: contact creations and tag
     * additions come from creates (the generated updates never change groups), PUTs from one-field updates. Every
     * other contact call, and every PUT beyond one per update, is a surplus, so a surplus of 0 means that no-op
     * updates and redeliveries made no call.
     */
    private static void perKindFigures(Map<Kind, Integer> kindCounts, CallSnapshot calls,
            Map<String, String> result) {
        int creates = kindCounts.getOrDefault(Kind.CREATE, 0);
        int updates = kindCounts.getOrDefault(Kind.UPDATE, 0);
        long createCalls = calls.contactCreations() + calls.count("POST /contacts/{id}/tags");
        long puts = calls.count("PUT /contacts/{id}");
        if (creates > 0) {
            result.put("calls_per_create", format((double) createCalls / creates));
        }
        if (updates > 0) {
            result.put("calls_per_update", format((double) puts / updates));
        }
        long surplus = calls.contactCalls() - createCalls - Math.min(puts, updates);
        result.put("surplus_contact_calls", Long.toString(surplus));
    }

    private static String perKindSummary(Map<String, String> result) {
        StringBuilder summary = new StringBuilder();
        if (result.containsKey("calls_per_create")) {
            summary.append("create ").append(result.get("calls_per_create")).append(", ");
        }
        if (result.containsKey("calls_per_update")) {
            summary.append("one-field update ").append(result.get("calls_per_update")).append(", ");
        }
        summary.append("contact calls of no create and beyond one PUT per update ")
                .append(result.get("surplus_contact_calls"));
        return summary.toString();
    }

    /**
     * Describes when 50%, 90%, 99% and all of the GHL calls had landed, in seconds since the first post. The stub
     * records only the last arrival.
     */
    private static String landingSummary(Instant startedAt, CallSnapshot snapshot) {
        if (snapshot.lastCallAt() == null) {
            return "no call landed";
        }
        List<LoggedCall> calls = snapshot.calls();
        if (calls.isEmpty()) {
            return "the last call landed after "
                    + format(Duration.between(startedAt, snapshot.lastCallAt()).toNanos() / 1e9) + " s";
        }
        long[] offsets = new long[calls.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = Duration.between(startedAt, calls.get(i).time()).toNanos();
        }
        Arrays.sort(offsets);
        return "50% of all calls landed after " + format(percentile(offsets, 50) / 1e9) + " s, 90% after "
                + format(percentile(offsets, 90) / 1e9) + " s, 99% after " + format(percentile(offsets, 99) / 1e9)
                + " s, 100% after " + format(offsets[offsets.length - 1] / 1e9) + " s";
    }

    /** Returns the nearest-rank percentile of sorted values, or NaN when there are none. */
    private static double percentile(long[] sorted, double percent) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean bean) {
            return bean.getProcessCpuTime();
        }
        return 0;
    }

    // ---------------------------------------------------------------- options

    private static final String USAGE = """
            Usage: java bench/LoadDriver.java --receiver URL (--sandbox URL | --stub URL) --secret SECRET [options]
                   java bench/LoadDriver.java --write-events FILE --secret SECRET [--events N] [--seed S]
              --receiver URL       Base URL of the runtime, such as http://127.0.0.1:18080
              --sandbox URL        Base URL of the GHL sandbox, such as http://127.0.0.1:18090; calls are
                                   read from its request log
              --stub URL           Base URL of the benchmark GHL stub (bench/GhlStub.java); calls are read
                                   from its per-kind counters
              --secret SECRET      PRIVYR_WEBHOOK_SECRET of the runtime, at least 16 bytes
              --scenario NAME      create (distinct client.created events) or mix (40% new clients,
                                   30% one-field updates, 20% updates that change nothing,
                                   10% exact redeliveries). Default: create
              --events N           Events to post. Default: 2000
              --concurrency C      Concurrent connections of the closed loop. Default: 16
              --rate N             Send N events per second on a fixed schedule instead (open loop), and
                                   measure each latency from the event's scheduled send time. Default: off
              --warmup-events N    Leave the first N events out of the latency percentiles. Default: 0
              --seed S             Seed of the generator; it also makes event and client ids unique
                                   per seed. Default: the current time in seconds
              --timeout SECONDS    Maximum wait for the GHL calls after the last response. Default: 300
              --rate-limit N       The sandbox's calls per window; when set, the report gives the share of
                                   that budget that the GHL calls used (needs --sandbox). Default: not reported
              --rate-window-ms MS  Length of that window in milliseconds. Default: 10000
              --write-events FILE  Write the signed events of the create scenario to FILE, one
                                   "<X-Signature>TAB<body>" line each, and exit without posting
            Exits with 2 when an event got a status other than 202 or 200, or the calls did not land in time.
            """;

    static Options parseOptions(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                System.out.print(USAGE);
                System.exit(0);
            }
            if (!name.startsWith("--") || i + 1 >= args.length) {
                fail("Invalid argument '" + name + "': expected --name VALUE.");
            }
            values.put(name.substring(2), args[++i]);
        }
        List<String> known = List.of("receiver", "sandbox", "stub", "secret", "scenario", "events", "concurrency",
                "rate", "warmup-events", "seed", "timeout", "rate-limit", "rate-window-ms", "write-events");
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                fail("Unknown option --" + name + ".");
            }
        }
        boolean writeOnly = values.containsKey("write-events");
        List<String> required = writeOnly ? List.of("secret") : List.of("receiver", "secret");
        for (String name : required) {
            if (!values.containsKey(name)) {
                fail("Missing option --" + name + ".");
            }
        }
        if (!writeOnly && values.containsKey("sandbox") == values.containsKey("stub")) {
            fail("Give exactly one of --sandbox and --stub: the driver reads the GHL calls from it.");
        }
        String scenario = values.getOrDefault("scenario", "create");
        if (!scenario.equals("create") && !scenario.equals("mix")) {
            fail("Invalid --scenario '" + scenario + "': expected create or mix.");
        }
        if (writeOnly && !scenario.equals("create")) {
            fail("Invalid --scenario '" + scenario + "' with --write-events: only create events can be posted in"
                    + " any order, so only create is written.");
        }
        if (values.get("secret").getBytes(StandardCharsets.UTF_8).length < 16) {
            fail("Invalid --secret: it must be at least 16 bytes, like the runtime's PRIVYR_WEBHOOK_SECRET.");
        }
        int rateLimit = values.containsKey("rate-limit") ? positive(values, "rate-limit", 0) : 0;
        if (rateLimit > 0 && !values.containsKey("sandbox")) {
            fail("Invalid --rate-limit with --stub: the budget share needs each call's arrival time, which only the"
                    + " sandbox's request log records.");
        }
        int events = positive(values, "events", 2000);
        int warmupEvents = nonNegative(values, "warmup-events");
        if (warmupEvents >= events) {
            fail("Invalid --warmup-events " + warmupEvents + ": it must be less than --events " + events + ".");
        }
        Options options = new Options(stripSlash(values.get("receiver")), stripSlash(values.get("sandbox")),
                stripSlash(values.get("stub")), values.get("secret"), scenario, events,
                positive(values, "concurrency", 16),
                Long.parseLong(values.getOrDefault("seed", Long.toString(Instant.now().getEpochSecond()))),
                positive(values, "timeout", 300), rateLimit, positive(values, "rate-window-ms", 10_000),
                values.containsKey("rate") ? positive(values, "rate", 0) : 0, warmupEvents,
                writeOnly ? Path.of(values.get("write-events")) : null);
        if (options.rate() > 0 && (double) options.events() / options.rate() > SIGNATURE_TOLERANCE_SECONDS) {
            System.err.println("Warning: events are signed before posting, and a signature expires after "
                    + SIGNATURE_TOLERANCE_SECONDS + " s; at --rate " + options.rate() + " the last of "
                    + options.events() + " events is sent after " + options.events() / options.rate()
                    + " s and gets 401.");
        } else if (options.events() > SIGNATURE_TOLERANCE_SECONDS * 1000) {
            System.err.println("Warning: events are signed before posting, and a signature expires after "
                    + SIGNATURE_TOLERANCE_SECONDS + " s; a run that posts for longer gets 401 responses.");
        }
        return options;
    }

    private static int positive(Map<String, String> values, String name, int fallback) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // Reported below with the value.
        }
        fail("Invalid --" + name + " '" + text + "': expected a positive integer.");
        return fallback;
    }

    private static int nonNegative(Map<String, String> values, String name) {
        String text = values.getOrDefault(name, "0");
        try {
            int value = Integer.parseInt(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // Reported below with the value.
        }
        fail("Invalid --" + name + " '" + text + "': expected zero or a positive integer.");
        return 0;
    }

    private static String stripSlash(String url) {
        if (url == null) {
            return null;
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void fail(String message) {
        System.err.println(message);
        System.err.print(USAGE);
        System.exit(64);
    }
}
