import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Zero-latency stand-in for GHL's API v2, for benchmarks of privyr-ghl-sync. It responds to every GHL path that
 * the runtime calls with a canned JSON body and a fresh id, and counts calls per kind (method and path template).
 *
 * <p>Unlike the product's sandbox it keeps no contacts, validates nothing, has no rate limit and logs no requests,
 * so that it costs as little CPU per call as possible. Run it with the product jar on the class path, which provides
 * Vert.x:
 *
 * <pre>java -cp target/privyr-ghl-sync.jar bench/GhlStub.java --port 18090</pre>
 *
 * <p>{@code GET /_stub/stats} returns the counters as JSON, {@code GET /_stub/stats?format=text} as tab-separated
 * lines ({@code kind, count, request body bytes, epoch milliseconds of the last arrival}) for shell scripts, and
 * {@code POST /_stub/reset} sets them to zero. Both answer on the same port as the GHL paths.
 */
public final class GhlStub {

    /** Custom field keys of the shipped mappings/contact.yaml, listed so that the runtime sends their values. */
    private static final String[] CUSTOM_FIELD_KEYS = {"budget", "timeline", "whatsapp_number", "privyr_client_id",
        "privyr_raw_phone", "privyr_notes"};

    /** A GHL call kind: method and path template, with the status and canned body of its response. */
    enum CallKind {
        CREATE_CONTACT("POST /contacts/", 201, "{\"contact\":" + Bodies.CONTACT + "}"),
        UPSERT_CONTACT("POST /contacts/upsert", 200,
                "{\"new\":true,\"contact\":" + Bodies.CONTACT + ",\"traceId\":\"stub-trace\"}"),
        LIST_CONTACTS("GET /contacts/", 200,
                "{\"contacts\":[],\"count\":0,\"meta\":{\"total\":0,\"currentPage\":1}}"),
        SEARCH_CONTACTS("POST /contacts/search", 200, "{\"contacts\":[],\"total\":0,\"traceId\":\"stub-trace\"}"),
        SEARCH_DUPLICATE("GET /contacts/search/duplicate", 200, "{\"contact\":null}"),
        LIST_BUSINESS_CONTACTS("GET /contacts/business/{id}", 200, "{\"contacts\":[],\"count\":0}"),
        GET_CONTACT("GET /contacts/{id}", 200, "{\"contact\":" + Bodies.CONTACT + "}"),
        UPDATE_CONTACT("PUT /contacts/{id}", 200, "{\"succeded\":true,\"contact\":" + Bodies.CONTACT + "}"),
        DELETE_CONTACT("DELETE /contacts/{id}", 200, "{\"succeded\":true}"),
        ADD_TAGS("POST /contacts/{id}/tags", 201, "{\"tags\":[\"privyr\"]}"),
        REMOVE_TAGS("DELETE /contacts/{id}/tags", 200, "{\"tags\":[\"privyr\"]}"),
        LIST_TASKS("GET /contacts/{id}/tasks", 200, "{\"tasks\":[]}"),
        CREATE_TASK("POST /contacts/{id}/tasks", 201, "{\"task\":" + Bodies.TASK + "}"),
        GET_TASK("GET /contacts/{id}/tasks/{id}", 200, "{\"task\":" + Bodies.TASK + "}"),
        UPDATE_TASK("PUT /contacts/{id}/tasks/{id}", 200, "{\"task\":" + Bodies.TASK + "}"),
        COMPLETE_TASK("PUT /contacts/{id}/tasks/{id}/completed", 200, "{\"task\":" + Bodies.TASK + "}"),
        DELETE_TASK("DELETE /contacts/{id}/tasks/{id}", 200, "{\"succeded\":true}"),
        LIST_NOTES("GET /contacts/{id}/notes", 200, "{\"notes\":[]}"),
        CREATE_NOTE("POST /contacts/{id}/notes", 201, "{\"note\":" + Bodies.NOTE + "}"),
        GET_NOTE("GET /contacts/{id}/notes/{id}", 200, "{\"note\":" + Bodies.NOTE + "}"),
        UPDATE_NOTE("PUT /contacts/{id}/notes/{id}", 200, "{\"note\":" + Bodies.NOTE + "}"),
        DELETE_NOTE("DELETE /contacts/{id}/notes/{id}", 200, "{\"succeded\":true}"),
        LIST_APPOINTMENTS("GET /contacts/{id}/appointments", 200, "{\"events\":[]}"),
        LIST_CUSTOM_FIELDS("GET /locations/{id}/customFields", 200, Bodies.customFields()),
        OAUTH_TOKEN("POST /oauth/token", 200, Bodies.OAUTH_TOKEN),
        LOCATION_TOKEN("POST /oauth/locationToken", 200, Bodies.OAUTH_TOKEN),
        UNKNOWN("other", 404, "{\"statusCode\":404,\"message\":\"The GHL stub does not serve this path\"}");

        final String label;
        final int status;
        /** The body split at each {@link Bodies#ID} placeholder, as UTF-8 bytes. */
        final byte[][] parts;

        CallKind(String label, int status, String body) {
            this.label = label;
            this.status = status;
            String[] pieces = body.split(Bodies.ID, -1);
            this.parts = new byte[pieces.length][];
            for (int i = 0; i < pieces.length; i++) {
                parts[i] = pieces[i].getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    /** Canned response documents. Each response gets a fresh id in place of {@link #ID}. */
    static final class Bodies {
        static final String ID = "@ID@";
        static final String CONTACT = "{\"id\":\"" + ID + "\",\"locationId\":\"stub-location\","
                + "\"firstName\":\"Priya\",\"lastName\":\"Sharma\",\"email\":\"priya.sharma@example.com\","
                + "\"phone\":\"+919800000000\",\"source\":\"Privyr\",\"tags\":[\"privyr\"],"
                + "\"dateAdded\":\"2026-01-01T00:00:00.000Z\",\"dateUpdated\":\"2026-01-01T00:00:00.000Z\","
                + "\"customFields\":[]}";
        static final String TASK = "{\"id\":\"" + ID + "\",\"title\":\"Call back\","
                + "\"dueDate\":\"2026-01-02T09:00:00.000Z\",\"completed\":false,\"contactId\":\"stub-contact\"}";
        static final String NOTE = "{\"id\":\"" + ID + "\",\"body\":\"Note\",\"dateAdded\":\"2026-01-01T00:00:00.000Z\","
                + "\"contactId\":\"stub-contact\",\"pinned\":false}";
        static final String OAUTH_TOKEN = "{\"access_token\":\"stub-access-" + ID + "\",\"token_type\":\"Bearer\","
                + "\"expires_in\":86399,\"refresh_token\":\"stub-refresh-" + ID + "\",\"scope\":\"contacts.write\","
                + "\"userType\":\"Location\",\"locationId\":\"stub-location\"}";

        private Bodies() {
        }

        /** Lists the shipped mapping's custom fields, so that the runtime resolves their ids as it would in GHL. */
        static String customFields() {
            StringBuilder json = new StringBuilder("{\"customFields\":[");
            for (int i = 0; i < CUSTOM_FIELD_KEYS.length; i++) {
                String key = CUSTOM_FIELD_KEYS[i];
                json.append(i == 0 ? "" : ",")
                        .append("{\"id\":\"stubfield").append(i).append("\",\"name\":\"").append(key)
                        .append("\",\"fieldKey\":\"contact.").append(key)
                        .append("\",\"dataType\":\"TEXT\",\"position\":").append(i * 50)
                        .append(",\"model\":\"contact\",\"locationId\":\"stub-location\"}");
            }
            return json.append("]}").toString();
        }
    }

    /** Per-kind counters: LongAdders, so that concurrent event loops do not contend on one cache line. */
    static final class Counters {
        private final LongAdder[] calls = new LongAdder[CallKind.values().length];
        private final LongAdder[] requestBytes = new LongAdder[CallKind.values().length];
        private final LongAccumulator[] lastArrivalMillis = new LongAccumulator[CallKind.values().length];
        private final AtomicLong ids = new AtomicLong();

        Counters() {
            for (int i = 0; i < calls.length; i++) {
                calls[i] = new LongAdder();
                requestBytes[i] = new LongAdder();
                lastArrivalMillis[i] = new LongAccumulator(Math::max, 0);
            }
        }

        void record(CallKind kind, long arrivalMillis, long bodyBytes) {
            calls[kind.ordinal()].increment();
            requestBytes[kind.ordinal()].add(bodyBytes);
            lastArrivalMillis[kind.ordinal()].accumulate(arrivalMillis);
        }

        /** Returns a fresh id of 20 characters, the length of GHL's ids. */
        String nextId() {
            String serial = Long.toString(ids.incrementAndGet(), 36);
            return "stub" + "0".repeat(Math.max(0, 16 - serial.length())) + serial;
        }

        void reset() {
            for (int i = 0; i < calls.length; i++) {
                calls[i].reset();
                requestBytes[i].reset();
                lastArrivalMillis[i].reset();
            }
        }

        /** Returns the counters of every kind called at least once, as JSON. */
        String json() {
            StringBuilder json = new StringBuilder("{\"now_ms\":").append(System.currentTimeMillis())
                    .append(",\"calls\":{");
            long total = 0;
            boolean first = true;
            for (CallKind kind : CallKind.values()) {
                long count = calls[kind.ordinal()].sum();
                if (count == 0) {
                    continue;
                }
                total += count;
                json.append(first ? "" : ",").append('"').append(kind.label).append("\":{\"count\":").append(count)
                        .append(",\"request_bytes\":").append(requestBytes[kind.ordinal()].sum())
                        .append(",\"last_at_ms\":").append(lastArrivalMillis[kind.ordinal()].get()).append('}');
                first = false;
            }
            return json.append("},\"total\":").append(total).append("}\n").toString();
        }

        /** Returns one line per kind called at least once: kind, count, request body bytes, last arrival. */
        String text() {
            StringBuilder text = new StringBuilder();
            for (CallKind kind : CallKind.values()) {
                long count = calls[kind.ordinal()].sum();
                if (count > 0) {
                    text.append(kind.label).append('\t').append(count).append('\t')
                            .append(requestBytes[kind.ordinal()].sum()).append('\t')
                            .append(lastArrivalMillis[kind.ordinal()].get()).append('\n');
                }
            }
            return text.toString();
        }
    }

    /**
     * Classifies a request by method and path. An id is any single non-empty path segment, as in GHL's routes,
     * but the fixed segments {@code upsert}, {@code search} and {@code business} are matched first.
     */
    static CallKind classify(String method, String path) {
        if (path.startsWith("/contacts")) {
            return classifyContacts(method, path);
        }
        if (path.startsWith("/locations/") && path.endsWith("/customFields") && method.equals("GET")
                && segmentCount(path) == 3) {
            return CallKind.LIST_CUSTOM_FIELDS;
        }
        if (method.equals("POST") && path.equals("/oauth/token")) {
            return CallKind.OAUTH_TOKEN;
        }
        if (method.equals("POST") && path.equals("/oauth/locationToken")) {
            return CallKind.LOCATION_TOKEN;
        }
        return CallKind.UNKNOWN;
    }

    private static CallKind classifyContacts(String method, String path) {
        if (path.equals("/contacts") || path.equals("/contacts/")) {
            return method.equals("POST") ? CallKind.CREATE_CONTACT
                    : method.equals("GET") ? CallKind.LIST_CONTACTS : CallKind.UNKNOWN;
        }
        String[] segments = path.substring(1).split("/", -1);
        if (segments.length == 2 && segments[1].equals("upsert")) {
            return method.equals("POST") ? CallKind.UPSERT_CONTACT : CallKind.UNKNOWN;
        }
        if (segments.length == 2 && segments[1].equals("search")) {
            return method.equals("POST") ? CallKind.SEARCH_CONTACTS : CallKind.UNKNOWN;
        }
        if (segments.length == 3 && segments[1].equals("search") && segments[2].equals("duplicate")) {
            return method.equals("GET") ? CallKind.SEARCH_DUPLICATE : CallKind.UNKNOWN;
        }
        if (segments.length == 3 && segments[1].equals("business")) {
            return method.equals("GET") ? CallKind.LIST_BUSINESS_CONTACTS : CallKind.UNKNOWN;
        }
        for (String segment : segments) {
            if (segment.isEmpty()) {
                return CallKind.UNKNOWN;
            }
        }
        return switch (segments.length) {
            case 2 -> switch (method) {
                case "GET" -> CallKind.GET_CONTACT;
                case "PUT" -> CallKind.UPDATE_CONTACT;
                case "DELETE" -> CallKind.DELETE_CONTACT;
                default -> CallKind.UNKNOWN;
            };
            case 3 -> classifyContactRecord(method, segments[2]);
            case 4 -> classifyRecordItem(method, segments[2]);
            case 5 -> method.equals("PUT") && segments[2].equals("tasks") && segments[4].equals("completed")
                    ? CallKind.COMPLETE_TASK : CallKind.UNKNOWN;
            default -> CallKind.UNKNOWN;
        };
    }

    /** Classifies {@code /contacts/{id}/<collection>}. */
    private static CallKind classifyContactRecord(String method, String collection) {
        return switch (collection + " " + method) {
            case "tags POST" -> CallKind.ADD_TAGS;
            case "tags DELETE" -> CallKind.REMOVE_TAGS;
            case "tasks GET" -> CallKind.LIST_TASKS;
            case "tasks POST" -> CallKind.CREATE_TASK;
            case "notes GET" -> CallKind.LIST_NOTES;
            case "notes POST" -> CallKind.CREATE_NOTE;
            case "appointments GET" -> CallKind.LIST_APPOINTMENTS;
            default -> CallKind.UNKNOWN;
        };
    }

    /** Classifies {@code /contacts/{id}/<collection>/{id}}. */
    private static CallKind classifyRecordItem(String method, String collection) {
        return switch (collection + " " + method) {
            case "tasks GET" -> CallKind.GET_TASK;
            case "tasks PUT" -> CallKind.UPDATE_TASK;
            case "tasks DELETE" -> CallKind.DELETE_TASK;
            case "notes GET" -> CallKind.GET_NOTE;
            case "notes PUT" -> CallKind.UPDATE_NOTE;
            case "notes DELETE" -> CallKind.DELETE_NOTE;
            default -> CallKind.UNKNOWN;
        };
    }

    private static int segmentCount(String path) {
        int count = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                count++;
            }
        }
        return count;
    }

    /** Returns the response body of {@code kind} with a fresh id in place of each placeholder. */
    static byte[] responseBody(CallKind kind, Counters counters) {
        if (kind.parts.length == 1) {
            return kind.parts[0];
        }
        byte[] id = counters.nextId().getBytes(StandardCharsets.US_ASCII);
        int length = 0;
        for (byte[] part : kind.parts) {
            length += part.length;
        }
        byte[] body = new byte[length + id.length * (kind.parts.length - 1)];
        int offset = 0;
        for (int i = 0; i < kind.parts.length; i++) {
            if (i > 0) {
                System.arraycopy(id, 0, body, offset, id.length);
                offset += id.length;
            }
            System.arraycopy(kind.parts[i], 0, body, offset, kind.parts[i].length);
            offset += kind.parts[i].length;
        }
        return body;
    }

    // ---------------------------------------------------------------- servers

    /** Serves the stub with Vert.x: one verticle, and so one event loop, per thread. */
    static void serveWithVertx(String host, int port, int threads, Counters counters) throws InterruptedException {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads));
        CountDownLatch started = new CountDownLatch(1);
        Throwable[] failure = new Throwable[1];
        vertx.deployVerticle(() -> new StubVerticle(host, port, counters), new DeploymentOptions().setInstances(threads))
                .onComplete(result -> {
                    failure[0] = result.cause();
                    started.countDown();
                });
        started.await();
        if (failure[0] != null) {
            System.err.println("GHL stub failed to listen on " + host + ":" + port + ": " + failure[0].getMessage());
            System.exit(1);
        }
    }

    static final class StubVerticle extends AbstractVerticle {
        private static final String JSON = "application/json";

        private final String host;
        private final int port;
        private final Counters counters;

        StubVerticle(String host, int port, Counters counters) {
            this.host = host;
            this.port = port;
            this.counters = counters;
        }

        @Override
        public void start(io.vertx.core.Promise<Void> startPromise) {
            HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port).setTcpNoDelay(true);
            vertx.createHttpServer(options)
                    .requestHandler(this::handle)
                    .listen()
                    .<Void>mapEmpty()
                    .onComplete(startPromise);
        }

        private void handle(HttpServerRequest request) {
            long arrivalMillis = System.currentTimeMillis();
            String path = request.path();
            String method = request.method().name();
            if (path.startsWith("/_stub/")) {
                request.end().onComplete(ignored -> handleControl(request, method, path));
                return;
            }
            CallKind kind = classify(method, path);
            // The request body is read to its end before the response, as a real server does.
            request.end().onComplete(ignored -> {
                counters.record(kind, arrivalMillis, request.bytesRead());
                request.response().setStatusCode(kind.status).putHeader("Content-Type", JSON)
                        .end(Buffer.buffer(responseBody(kind, counters)));
            });
        }

        private void handleControl(HttpServerRequest request, String method, String path) {
            if (path.equals("/_stub/stats") && method.equals("GET")) {
                boolean text = "text".equals(request.getParam("format"));
                request.response().putHeader("Content-Type", text ? "text/plain" : JSON)
                        .end(text ? counters.text() : counters.json());
            } else if (path.equals("/_stub/reset") && method.equals("POST")) {
                counters.reset();
                request.response().setStatusCode(204).end();
            } else {
                request.response().setStatusCode(404).putHeader("Content-Type", JSON)
                        .end("{\"message\":\"expected GET /_stub/stats or POST /_stub/reset\"}");
            }
        }
    }

    /** Serves the stub with the JDK's HttpServer and a fixed pool of handler threads. */
    static void serveWithJdk(String host, int port, int threads, Counters counters) throws IOException {
        // Without TCP_NODELAY the JDK server's separate header and body writes wait for delayed ACKs, about 40 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 1024);
        server.setExecutor(Executors.newFixedThreadPool(threads));
        server.createContext("/", exchange -> {
            try (exchange) {
                handleJdk(exchange, counters);
            }
        });
        server.start();
    }

    private static void handleJdk(HttpExchange exchange, Counters counters) throws IOException {
        long arrivalMillis = System.currentTimeMillis();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        long bodyBytes;
        try (InputStream body = exchange.getRequestBody()) {
            bodyBytes = body.transferTo(OutputStream.nullOutputStream());
        }

        int status;
        byte[] response;
        String contentType = "application/json";
        if (path.equals("/_stub/stats") && method.equals("GET")) {
            boolean text = "format=text".equals(exchange.getRequestURI().getRawQuery());
            status = 200;
            response = (text ? counters.text() : counters.json()).getBytes(StandardCharsets.UTF_8);
            contentType = text ? "text/plain" : contentType;
        } else if (path.equals("/_stub/reset") && method.equals("POST")) {
            counters.reset();
            exchange.sendResponseHeaders(204, -1);
            return;
        } else {
            CallKind kind = classify(method, path);
            counters.record(kind, arrivalMillis, bodyBytes);
            status = kind.status;
            response = responseBody(kind, counters);
        }

        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, response.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response);
        }
    }

    // ---------------------------------------------------------------- command line

    private static final String USAGE = """
            Usage: java -cp target/privyr-ghl-sync.jar bench/GhlStub.java [options]
              --port N          TCP port. Default: 18090
              --host HOST       Interface to listen on. Default: 127.0.0.1
              --server NAME     vertx (Vert.x event loops) or jdk (com.sun.net.httpserver). Default: vertx
              --threads N       Vert.x event loops, or JDK handler threads. Default: 1 for vertx, 8 for jdk
            Responds to GHL API v2 paths with canned JSON. GET /_stub/stats (add ?format=text for tab-separated
            lines) returns the calls per kind, POST /_stub/reset sets them to zero.
            """;

    public static void main(String[] args) throws Exception {
        int port = 18090;
        String host = "127.0.0.1";
        String server = "vertx";
        Integer threads = null;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                System.out.print(USAGE);
                return;
            }
            if (i + 1 >= args.length) {
                fail("Missing value of " + name + ".");
            }
            String value = args[++i];
            switch (name) {
                case "--port" -> port = positive(name, value);
                case "--host" -> host = value;
                case "--server" -> server = value.toLowerCase(Locale.ROOT);
                case "--threads" -> threads = positive(name, value);
                default -> fail("Unknown option " + name + ".");
            }
        }
        Counters counters = new Counters();
        if (server.equals("vertx")) {
            serveWithVertx(host, port, threads == null ? 1 : threads, counters);
        } else if (server.equals("jdk")) {
            serveWithJdk(host, port, threads == null ? 8 : threads, counters);
        } else {
            fail("Invalid --server '" + server + "': expected vertx or jdk.");
        }
        System.out.println("GHL stub (" + server + ") listening on http://" + host + ":" + port);
        // Blocks main, so the process runs until it is killed whatever kind of threads the server uses.
        new CountDownLatch(1).await(Long.MAX_VALUE, TimeUnit.DAYS);
    }

    private static int positive(String name, String value) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // Reported below with the value.
        }
        fail("Invalid " + name + " '" + value + "': expected a positive integer.");
        return 0;
    }

    private static void fail(String message) {
        System.err.println(message);
        System.err.print(USAGE);
        System.exit(64);
    }
}
