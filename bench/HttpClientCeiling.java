import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * Ceiling of GHL calls per second that a bare Apache HttpClient 5 loop reaches on this machine, to compare the
 * runtime's sync with. Each thread repeats the call of a contact create as the sync makes it ({@code POST /contacts/}
 * with a contact body that carries the tags), with the same headers, one call at a time, as one sync lane does.
 *
 * <p>The client is configured like the runtime's camel-http client in application.properties: pooled keep-alive
 * connections, no automatic retries, redirects, cookies or compression. Responses are read in full but not parsed.
 * Run it with the product jar on the class path, which provides HttpClient 5:
 *
 * <pre>java -cp target/privyr-ghl-sync.jar bench/HttpClientCeiling.java --url http://127.0.0.1:18090</pre>
 */
public final class HttpClientCeiling {

    /**
     * A create body as the runtime sends it for a bench/LoadDriver.java client with the shipped mapping: 5 scalar
     * fields, 3 custom fields by id and the tags, about 360 bytes.
     */
    private static final String CREATE_BODY = "{\"locationId\":\"stub-location\",\"firstName\":\"Kavya\","
            + "\"lastName\":\"Chatterjee\",\"email\":\"kavya.chatterjee.21000123@example.com\","
            + "\"phone\":\"+919812345678\",\"source\":\"Facebook Lead Ads\",\"customFields\":["
            + "{\"id\":\"stubfield0\",\"field_value\":\"₹1.2 crore\"},"
            + "{\"id\":\"stubfield1\",\"field_value\":\"Within 3 months\"},"
            + "{\"id\":\"stubfield3\",\"field_value\":\"21000123\"}],"
            + "\"tags\":[\"Hot Leads\",\"Pune\",\"privyr\"]}";

    public static void main(String[] args) throws Exception {
        String url = "http://127.0.0.1:18090";
        int concurrency = 8;
        int warmupSeconds = 3;
        int seconds = 10;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--url" -> url = args[i + 1].replaceAll("/+$", "");
                case "--concurrency" -> concurrency = positive(args[i], args[i + 1]);
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = positive(args[i], args[i + 1]);
                default -> fail("Unknown option " + args[i] + ".");
            }
        }
        if (args.length % 2 != 0) {
            fail("Missing value of " + args[args.length - 1] + ".");
        }

        try (CloseableHttpClient client = newClient(concurrency)) {
            run(client, url, concurrency, warmupSeconds);
            long[] counts = run(client, url, concurrency, seconds);
            double perSecond = counts[0] / (double) seconds;
            System.out.printf(Locale.ROOT, "HttpClient 5 ceiling: %.0f requests/s (%d calls in %d s, %d threads,"
                    + " %d errors; one call per create)%n", perSecond, counts[0], seconds, concurrency, counts[1]);
            System.out.printf(Locale.ROOT, "RESULT client_requests_per_s=%.1f concurrency=%d seconds=%d errors=%d%n",
                    perSecond, concurrency, seconds, counts[1]);
        }
    }

    private static CloseableHttpClient newClient(int concurrency) {
        ConnectionConfig connections = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.ofSeconds(10))
                .setSocketTimeout(Timeout.ofSeconds(30))
                .build();
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(Math.max(200, concurrency))
                .setMaxConnPerRoute(Math.max(100, concurrency))
                .setDefaultConnectionConfig(connections)
                .build();
        RequestConfig requests = RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.ofSeconds(30))
                .setRedirectsEnabled(false)
                .build();
        return HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(requests)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching()
                .build();
    }

    /** Runs {@code threads} loops for {@code seconds} and returns the completed calls and the failed calls. */
    private static long[] run(CloseableHttpClient client, String url, int threads, int seconds)
            throws InterruptedException {
        LongAdder calls = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicBoolean running = new AtomicBoolean(true);
        byte[] create = CREATE_BODY.getBytes(StandardCharsets.UTF_8);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                while (running.get()) {
                    try {
                        int status = post(client, url + "/contacts/", create);
                        if (status / 100 == 2) {
                            calls.increment();
                        } else {
                            errors.increment();
                        }
                    } catch (Exception e) {
                        errors.increment();
                    }
                }
            }, "client-" + t);
            worker.start();
            workers.add(worker);
        }
        TimeUnit.SECONDS.sleep(seconds);
        running.set(false);
        for (Thread worker : workers) {
            worker.join();
        }
        return new long[] {calls.sum(), errors.sum()};
    }

    private static int post(CloseableHttpClient client, String uri, byte[] body) throws Exception {
        HttpPost request = new HttpPost(uri);
        request.setHeader("Authorization", "Bearer pit-stub-token");
        request.setHeader("Version", "2021-07-28");
        request.setHeader("Accept", "application/json");
        request.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        return client.execute(request, response -> {
            EntityUtils.toByteArray(response.getEntity());
            return response.getCode();
        });
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
        System.err.println("Usage: java -cp target/privyr-ghl-sync.jar bench/HttpClientCeiling.java [--url URL]"
                + " [--concurrency N] [--warmup-seconds S] [--seconds S]");
        System.err.println("  --url URL            Base URL of the GHL stub. Default: http://127.0.0.1:18090");
        System.err.println("  --concurrency N      Threads, each with one call in flight; the runtime's sync.workers."
                + " Default: 8");
        System.err.println("  --warmup-seconds S   Seconds run first and not counted. Default: 3");
        System.err.println("  --seconds S          Seconds measured. Default: 10");
        System.exit(64);
    }
}
