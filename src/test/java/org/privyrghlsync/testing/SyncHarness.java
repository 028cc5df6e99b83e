package org.privyrghlsync.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.privyrghlsync.events.EnvelopeParser;
import org.privyrghlsync.events.EventEnvelope;
import org.privyrghlsync.events.InvalidEventException;
import org.privyrghlsync.events.WebhookSignature;
import org.privyrghlsync.runtime.Components;
import org.privyrghlsync.runtime.SyncRuntime;
import org.privyrghlsync.sandbox.GhlSandbox;
import org.privyrghlsync.sandbox.RecordedRequest;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.store.Database;
import org.privyrghlsync.store.EventPartitions;
import org.privyrghlsync.store.InboxEntry;
import org.privyrghlsync.store.InboxStatus;
import org.privyrghlsync.store.InboxStore;
import org.privyrghlsync.sync.LocationResolver;

/** Runs the GHL sandbox and the runtime on loopback with a fresh store, and posts signed events to the receiver. */
public final class SyncHarness implements AutoCloseable {

    public static final String SECRET = "harness-webhook-secret-0123456789";

    private final GhlSandbox sandbox;
    private final Path dataDir;
    private final int port;
    private final Map<String, String> overrides;
    private final HttpClient http = HttpClient.newHttpClient();
    private Path configFile;
    private SyncRuntime runtime;

    private SyncHarness(GhlSandbox sandbox, Map<String, String> extra) throws Exception {
        this.sandbox = sandbox;
        this.dataDir = Files.createTempDirectory("privyr-ghl-sync-test");
        this.port = freePort();
        this.overrides = new HashMap<>();
        overrides.put("camel.server.port", Integer.toString(port));
        overrides.put("camel.server.host", "127.0.0.1");
        overrides.put("camel.management.enabled", "false");
        overrides.put("sync.data-dir", dataDir.toString());
        overrides.put("sync.datasource.url", "");
        overrides.put("sync.jobs.retry-sweep.cron", "* * * * * ?");
        overrides.put("privyr.webhook-secret", SECRET);
        overrides.put("ghl.base-url", sandbox.baseUrl());
        overrides.put("ghl.location-id", sandbox.config().locationId());
        overrides.put("ghl.private-token", sandbox.config().privateToken());
        overrides.put("ghl.retry.initial-delay-ms", "50");
        overrides.put("ghl.retry.max-delay-ms", "2000");
        overrides.putAll(extra);
    }

    /** Starts a sandbox with GHL's defaults and a runtime against it. */
    public static SyncHarness start() throws Exception {
        return start(SandboxConfig.builder(), Map.of());
    }

    /** Starts a sandbox from {@code sandboxConfig} and a runtime whose keys {@code extra} overrides. */
    public static SyncHarness start(SandboxConfig.Builder sandboxConfig, Map<String, String> extra)
            throws Exception {
        GhlSandbox sandbox = GhlSandbox.start(sandboxConfig.port(0).build());
        SyncHarness harness = new SyncHarness(sandbox, extra);
        try {
            harness.startRuntime();
        } catch (Exception e) {
            harness.close();
            throw e;
        }
        return harness;
    }

    /** Creates a harness whose runtime is not started, for tests of start-up failures. */
    public static SyncHarness withoutRuntime(Map<String, String> extra) throws Exception {
        return withoutRuntime(SandboxConfig.builder(), extra);
    }

    /** Creates a harness with a sandbox from {@code sandboxConfig} and a runtime that is not started yet. */
    public static SyncHarness withoutRuntime(SandboxConfig.Builder sandboxConfig, Map<String, String> extra)
            throws Exception {
        return new SyncHarness(GhlSandbox.start(sandboxConfig.port(0).build()), extra);
    }

    /**
     * Stores events in the inbox as the receiver would, before the runtime starts, so that the runtime finds them
     * as a backlog on its first sweep. Each event goes to the location that the harness settings give its account.
     */
    public void seedInbox(List<String> events) {
        List<InboxEntry> entries = inboxEntries(events);
        try (Database database = Database.open("", "", "", dataDir, 2)) {
            new InboxStore(database.dataSource()).insertNew(entries);
        }
    }

    /**
     * Stores an event in the running runtime's embedded store as a failed one: with {@code attempts} made and its next
     * attempt at {@code nextAttemptAt}. One transaction writes it, so no sweep reads it before it has that schedule.
     */
    public void storeScheduledRetry(String event, int attempts, Instant nextAttemptAt) throws SQLException {
        InboxEntry entry = inboxEntries(List.of(event)).get(0);
        String sql = "INSERT INTO inbox_event (event_id, event_type, account_id, location_id, client_id, occurred_at,"
                + " received_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        String state = "INSERT INTO inbox_state (id, status, attempts, next_attempt_at, partition_id)"
                + " VALUES (?, 'PENDING', ?, ?, ?)";
        // H2 shares the runtime's open database within this JVM only under the runtime's own URL.
        try (Connection connection = DriverManager.getConnection(storeUrl(), "", "");
                PreparedStatement insert = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
                PreparedStatement insertState = connection.prepareStatement(state)) {
            connection.setAutoCommit(false);
            insert.setString(1, entry.eventId());
            insert.setString(2, entry.eventType());
            insert.setString(3, entry.accountId());
            insert.setString(4, entry.locationId());
            insert.setString(5, entry.clientId());
            insert.setTimestamp(6, Timestamp.from(entry.occurredAt()));
            insert.setTimestamp(7, Timestamp.from(entry.receivedAt()));
            insert.setBytes(8, entry.payload().getBytes(StandardCharsets.UTF_8));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                insertState.setLong(1, keys.getLong(1));
            }
            insertState.setInt(2, attempts);
            insertState.setTimestamp(3, Timestamp.from(nextAttemptAt));
            insertState.setInt(4, EventPartitions.partitionOf(entry.orderingKey()));
            insertState.executeUpdate();
            connection.commit();
        }
    }

    /** Returns inbox rows of the events, each for the location that the harness settings give its account. */
    private List<InboxEntry> inboxEntries(List<String> events) {
        LocationResolver locations = new LocationResolver(overrides.get("ghl.location-id"),
                overrides.getOrDefault("privyr.account-locations", ""));
        EnvelopeParser parser = new EnvelopeParser();
        List<InboxEntry> entries = new ArrayList<>(events.size());
        Instant now = Instant.now();
        for (String json : events) {
            EventEnvelope event;
            try {
                event = parser.parse(json.getBytes(StandardCharsets.UTF_8));
            } catch (InvalidEventException e) {
                throw new IllegalArgumentException("Invalid test event: " + e.getMessage(), e);
            }
            entries.add(new InboxEntry(0, event.eventId(), event.eventType().wireName(), event.accountId(),
                    locations.locationFor(event.accountId()), event.client().id(), event.occurredAt(), now,
                    event.rawJson(), 0));
        }
        return entries;
    }

    public void startRuntime() throws Exception {
        runtime = SyncRuntime.create(configFile, overrides).start();
    }

    /** Returns the configuration keys the harness sets, for commands that read the same configuration. */
    public Map<String, String> overrides() {
        return Map.copyOf(overrides);
    }

    /** Returns the receiver port of the harness runtime. */
    public int port() {
        return port;
    }

    /** Changes one configuration key for the next start of the runtime. */
    public void setOverride(String key, String value) {
        overrides.put(key, value);
    }

    /** Removes a configuration key that the harness sets, so that the next start reads the shipped default. */
    public void removeOverride(String key) {
        overrides.remove(key);
    }

    /** Makes the next start read this properties file, as {@code run --config FILE} does. */
    public void useConfigFile(Path file) {
        configFile = file;
    }

    public void stopRuntime() throws Exception {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }

    /** Stops the runtime and starts a new one on the same store. */
    public void restart() throws Exception {
        stopRuntime();
        startRuntime();
    }

    public GhlSandbox sandbox() {
        return sandbox;
    }

    public SyncRuntime runtime() {
        return runtime;
    }

    public Components components() {
        return runtime.components();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** An additional runtime on the same store and sandbox, with its own receiver port. */
    public record ExtraRuntime(SyncRuntime runtime, int port) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            runtime.close();
        }
    }

    /** Returns the JDBC URL under which the runtime opens its embedded store, with or without fsync. */
    public String storeUrl() {
        return Database.embeddedUrl(dataDir, !"false".equalsIgnoreCase(overrides.get("sync.store.fsync")));
    }

    /** Starts another runtime on the same store and sandbox, as a second process sharing the database would. */
    public ExtraRuntime startExtraRuntime(Map<String, String> extra) throws Exception {
        int extraPort = freePort();
        Map<String, String> settings = new HashMap<>(overrides);
        settings.put("camel.server.port", Integer.toString(extraPort));
        settings.putAll(extra);
        return new ExtraRuntime(SyncRuntime.create(configFile, settings).start(), extraPort);
    }

    /** Posts an event signed with the harness secret. */
    public HttpResponse<String> post(String json) throws IOException, InterruptedException {
        return postTo(port, json);
    }

    /** Posts a signed event to the receiver on {@code receiverPort}. */
    public HttpResponse<String> postTo(int receiverPort, String json) throws IOException, InterruptedException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.sign(SECRET.getBytes(StandardCharsets.UTF_8),
                Instant.now().getEpochSecond(), body);
        return send(receiverPort, "application/json", signature, body, Map.of());
    }

    /** Posts a request exactly as given; null content type or signature leaves the header out. */
    public HttpResponse<String> postRaw(String contentType, String signature, byte[] body,
            Map<String, String> headers) throws IOException, InterruptedException {
        return send(port, contentType, signature, body, headers);
    }

    private HttpResponse<String> send(int receiverPort, String contentType, String signature, byte[] body,
            Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiverPort
                + "/privyr/events")).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (signature != null) {
            request.header("X-Signature", signature);
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until no event is pending or being applied. */
    public void awaitIdle() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() ->
                components().inbox().countByStatus().get(InboxStatus.PENDING) == 0
                        && components().dispatcher().inFlight() == 0);
    }

    public long inboxCount() {
        return components().inbox().countByStatus().values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Calls the sandbox directly with the location's private token, as a GHL user or another tool would, and returns
     * the response body.
     */
    public String callGhlDirectly(String method, String path, String jsonBody) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Authorization", "Bearer " + sandbox.config().privateToken())
                .header("Version", "2021-07-28")
                .header("Content-Type", "application/json")
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    /** Returns the sandbox's recorded requests with this method whose path matches the regular expression. */
    public List<RecordedRequest> ghlRequests(String method, String pathRegex) {
        Pattern path = Pattern.compile(pathRegex);
        return sandbox.requests().stream()
                .filter(request -> request.method().equals(method) && path.matcher(request.path()).matches())
                .toList();
    }

    @Override
    public void close() throws Exception {
        try {
            stopRuntime();
        } finally {
            sandbox.close();
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Returns a port on which nothing listens now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
