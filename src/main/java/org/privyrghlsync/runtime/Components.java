package org.privyrghlsync.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.Registry;
import org.privyrghlsync.events.EnvelopeParser;
import org.privyrghlsync.events.EventReceiver;
import org.privyrghlsync.events.InboxWriter;
import org.privyrghlsync.events.WebhookSignature;
import org.privyrghlsync.ghl.ContactPager;
import org.privyrghlsync.ghl.CustomFieldDirectory;
import org.privyrghlsync.ghl.GhlApiCalls;
import org.privyrghlsync.ghl.GhlAuthProcessor;
import org.privyrghlsync.ghl.GhlClient;
import org.privyrghlsync.ghl.GhlRateLimiter;
import org.privyrghlsync.ghl.LocationAuthState;
import org.privyrghlsync.ghl.LocationsHealthCheck;
import org.privyrghlsync.ghl.OAuthTokenProvider;
import org.privyrghlsync.ghl.PrivateTokenProvider;
import org.privyrghlsync.ghl.RateLimitSettings;
import org.privyrghlsync.ghl.RetryDelayProcessor;
import org.privyrghlsync.ghl.TokenKeepAlive;
import org.privyrghlsync.ghl.TokenProvider;
import org.privyrghlsync.mapping.ContactMapping;
import org.privyrghlsync.mapping.TaskMapping;
import org.privyrghlsync.store.Database;
import org.privyrghlsync.store.InboxStore;
import org.privyrghlsync.store.LocationStateStore;
import org.privyrghlsync.store.SyncLedger;
import org.privyrghlsync.store.TokenCipher;
import org.privyrghlsync.store.TokenStore;
import org.privyrghlsync.sync.ContactSyncProcessor;
import org.privyrghlsync.sync.GhlContacts;
import org.privyrghlsync.sync.MissingContactPolicy;
import org.privyrghlsync.sync.EventApplier;
import org.privyrghlsync.sync.GhlBudgetGate;
import org.privyrghlsync.sync.InboxDispatcher;
import org.privyrghlsync.sync.LocationResolver;
import org.privyrghlsync.sync.NoteSyncProcessor;
import org.privyrghlsync.sync.TaskSyncProcessor;
import org.privyrghlsync.sync.ClientContacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the product's objects from configuration and binds the ones that routes refer to by name. */
public final class Components implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Components.class);

    private final Database database;
    private final InboxStore inbox;
    private final SyncLedger ledger;
    private final TokenStore tokenStore;
    private final LocationAuthState authState;
    private final GhlAuthProcessor ghlAuth;
    private final InboxDispatcher dispatcher;
    private final InboxWriter writer;
    private final ContactMapping mapping;
    private final TaskMapping taskMapping;
    private final String receiverUrl;
    private final GhlRateLimiter rateLimiter;
    private boolean workersStarted;

    Components(CamelContext camelContext) {
        Settings settings = new Settings(camelContext);
        requirePortFree(settings.text("camel.server.host"), settings.integer("camel.server.port"), "PORT");
        if ("true".equalsIgnoreCase(settings.text("camel.management.enabled"))) {
            requirePortFree(settings.text("camel.management.host"), settings.integer("camel.management.port"),
                    "MANAGEMENT_PORT");
        }
        receiverUrl = "http://" + settings.text("camel.server.host") + ":" + settings.text("camel.server.port")
                + "/privyr/events";
        ObjectMapper json = new ObjectMapper();
        Clock clock = Clock.systemUTC();

        String secret = settings.required("privyr.webhook-secret",
                "set PRIVYR_WEBHOOK_SECRET to the shared secret that signs Privyr events (at least 16 bytes)");
        WebhookSignature signature = new WebhookSignature(secret.getBytes(StandardCharsets.UTF_8),
                settings.number("privyr.signature-tolerance-seconds"));
        LocationResolver locations = new LocationResolver(settings.text("ghl.location-id"),
                settings.text("privyr.account-locations"));
        requireCredentials(settings);
        Path mappingFile = Path.of(settings.text("sync.mappings-dir"), "contact.yaml");
        mapping = ContactMapping.loadFileOrClasspath(mappingFile, ContactMapping.DEFAULT_RESOURCE,
                camelContext);
        taskMapping = TaskMapping.loadFileOrClasspath(Path.of(settings.text("sync.mappings-dir"), "task.yaml"),
                TaskMapping.DEFAULT_RESOURCE);

        database = Database.open(settings.text("sync.datasource.url"), settings.text("sync.datasource.user"),
                settings.text("sync.datasource.password"), Path.of(settings.text("sync.data-dir")),
                settings.integer("sync.datasource.pool-size"));
        inbox = new InboxStore(database.dataSource());
        ledger = new SyncLedger(database.dataSource());
        try {
            tokenStore = new TokenStore(database.dataSource(), tokenCipher(settings));
            tokenStore.verifyKey();
            authState = new LocationAuthState(new LocationStateStore(database.dataSource()),
                    settings.integer("ghl.oauth.max-refresh-failures"), clock);
            resumeWithConfiguredToken(settings);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }

        try {
            requireStartingToken(settings);
        } catch (IllegalStateException e) {
            database.close();
            throw e;
        }
        Registry registry = camelContext.getRegistry();
        ProducerTemplate template = camelContext.createProducerTemplate();
        TokenProvider tokens = tokenProvider(settings, template, json, clock);
        registry.bind("ghlTokenKeepAlive", new TokenKeepAlive(tokenStore,
                tokens instanceof OAuthTokenProvider oauth ? oauth : null,
                Duration.ofHours(settings.number("ghl.token-keepalive.max-age-hours")), clock));
        ghlAuth = new GhlAuthProcessor(tokens);
        GhlClient ghl = new GhlClient(template, tokens, json);
        EnvelopeParser parser = new EnvelopeParser();

        EventApplier applier = new EventApplier(template, parser, inbox, ledger, settings.integer("sync.max-attempts"),
                Duration.ofHours(settings.number("sync.client-wait-hours")), clock);
        rateLimiter = new GhlRateLimiter(rateLimitSettings(settings), clock);
        dispatcher = new InboxDispatcher(inbox, applier, new GhlBudgetGate(rateLimiter),
                settings.integer("sync.workers"), settings.integer("sync.queue-capacity"),
                settings.number("sync.sweep-interval-ms"));
        writer = new InboxWriter(inbox, dispatcher::submit, settings.integer("privyr.inbox.max-batch"),
                settings.integer("privyr.inbox.queue-capacity"));

        registry.bind("eventReceiver", new EventReceiver(parser, signature, writer, locations, json,
                settings.integer("privyr.max-body-size"), settings.number("privyr.inbox.store-timeout-ms"), clock));
        GhlContacts contacts = new GhlContacts(ghl, new CustomFieldDirectory(ghl, clock),
                MissingContactPolicy.fromConfig(settings.text("sync.missing-contact")));
        ClientContacts clientContacts = new ClientContacts(ledger, contacts, mapping);
        NoteSyncProcessor noteSync = new NoteSyncProcessor(ghl, ledger, clientContacts);
        registry.bind("contactSync", new ContactSyncProcessor(mapping, contacts, ledger,
                taskMapping.notes().firstSyncNote() ? noteSync : null));
        registry.bind("taskSync", new TaskSyncProcessor(taskMapping, ghl, ledger, clientContacts));
        registry.bind("noteSync", noteSync);
        registry.bind("ghlAuth", ghlAuth);
        registry.bind("ghlRateLimiter", rateLimiter);
        registry.bind("ghlRetryDelay", new RetryDelayProcessor(settings.number("ghl.retry.max-delay-ms")));
        registry.bind("ghlClient", ghl);
        // Beans of the operation routes in routes/ghl-contacts-api.yaml.
        GhlApiCalls apiCalls = new GhlApiCalls(ghl, json, settings.text("ghl.location-id"));
        registry.bind("ghlApi", apiCalls);
        registry.bind("ghlContactPager", new ContactPager(apiCalls, template));
        registry.bind("ghlLocationsHealthCheck", new LocationsHealthCheck(authState));
    }

    /** Reads the {@code ghl.rate-limit.*} keys. */
    static RateLimitSettings rateLimitSettings(Settings settings) {
        LocalTime time = dateTimeSetting(settings, "ghl.rate-limit.daily-reset-time", LocalTime::parse,
                "a time of day such as 00:00 or 07:30");
        ZoneId zone = dateTimeSetting(settings, "ghl.rate-limit.daily-reset-zone", ZoneId::of,
                "a time zone such as UTC or America/New_York");
        try {
            return new RateLimitSettings(settings.integer("ghl.rate-limit.max-requests"),
                    settings.number("ghl.rate-limit.period-ms"), settings.number("ghl.rate-limit.daily-max-requests"),
                    settings.integer("ghl.rate-limit.daily-reserve"), time, zone,
                    Duration.ofSeconds(settings.number("ghl.rate-limit.daily-recheck-seconds")));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Invalid rate-limit configuration: " + e.getMessage(), e);
        }
    }

    private static <T> T dateTimeSetting(Settings settings, String key, Function<String, T> parser,
            String expected) {
        String value = settings.text(key);
        try {
            return parser.apply(value);
        } catch (DateTimeException e) {
            throw new IllegalStateException("Configuration key " + key + " must be " + expected + ", got '" + value
                    + "'", e);
        }
    }

    /** Returns the cipher of stored tokens: TOKEN_ENCRYPTION_KEY, else the key file (token.key in the data folder). */
    static TokenCipher tokenCipher(Settings settings) {
        String keyFile = settings.text("sync.token-key-file");
        return TokenCipher.fromConfiguration(settings.text("sync.token-encryption-key"),
                keyFile.isEmpty() ? Path.of(settings.text("sync.data-dir"), "token.key") : Path.of(keyFile));
    }

    private static void requirePortFree(String host, int port, String variable) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); stop the process that uses the port or set " + variable + " to a free one", e);
        }
    }

    /** Checks that one complete set of GHL credentials is configured, before anything is created on disk. */
    private static void requireCredentials(Settings settings) {
        boolean privateToken = !settings.text("ghl.private-token").isEmpty();
        boolean anyOAuth = !settings.text("ghl.client-id").isEmpty() || !settings.text("ghl.client-secret").isEmpty()
                || !settings.text("ghl.refresh-token").isEmpty();
        if (privateToken && anyOAuth) {
            LOG.warn("GHL_PRIVATE_TOKEN is set, so the OAuth settings GHL_CLIENT_ID, GHL_CLIENT_SECRET and"
                    + " GHL_REFRESH_TOKEN are ignored");
        }
        if (privateToken) {
            return;
        }
        if (!anyOAuth) {
            throw new IllegalStateException("No GHL credentials are configured; set GHL_PRIVATE_TOKEN, or"
                    + " GHL_CLIENT_ID, GHL_CLIENT_SECRET and GHL_REFRESH_TOKEN for OAuth");
        }
        if (settings.text("ghl.client-id").isEmpty() || settings.text("ghl.client-secret").isEmpty()) {
            throw new IllegalStateException("OAuth needs GHL_CLIENT_ID, GHL_CLIENT_SECRET and GHL_REFRESH_TOKEN;"
                    + " set the missing ones, or use GHL_PRIVATE_TOKEN instead");
        }
    }

    /**
     * Resumes a location that needs to be authorized again when a refresh token is configured: the configured token
     * replaces the stored one, and the location's pending events are applied with it.
     */
    private void resumeWithConfiguredToken(Settings settings) {
        String locationId = settings.text("ghl.location-id");
        String refreshToken = settings.text("ghl.refresh-token");
        if (refreshToken.isEmpty() || !settings.text("ghl.private-token").isEmpty()
                || !authState.reauthRequired().containsKey(locationId)) {
            return;
        }
        tokenStore.replaceRefreshToken(locationId, refreshToken);
        authState.resume(locationId);
    }

    /** Fails start-up when OAuth has neither a stored token nor a refresh token to begin with. */
    private void requireStartingToken(Settings settings) {
        String locationId = settings.text("ghl.location-id");
        if (!settings.text("ghl.private-token").isEmpty() || !settings.text("ghl.refresh-token").isEmpty()
                || locationId.isEmpty() || tokenStore.find(locationId).isPresent()) {
            return;
        }
        throw new IllegalStateException("No OAuth token is stored for location " + locationId
                + " and GHL_REFRESH_TOKEN is empty; set GHL_REFRESH_TOKEN to the refresh token of the location's"
                + " install");
    }

    private TokenProvider tokenProvider(Settings settings, ProducerTemplate template, ObjectMapper json,
            Clock clock) {
        String privateToken = settings.text("ghl.private-token");
        if (!privateToken.isEmpty()) {
            LOG.info("Calling GHL at {} with a private integration token", settings.text("ghl.base-url"));
            return new PrivateTokenProvider(privateToken);
        }
        LOG.info("Calling GHL at {} with OAuth tokens of app {}", settings.text("ghl.base-url"),
                settings.text("ghl.client-id"));
        return new OAuthTokenProvider(template, tokenStore, json, settings.text("ghl.client-id"),
                settings.text("ghl.client-secret"), settings.text("ghl.refresh-token"),
                Duration.ofSeconds(settings.number("ghl.token-refresh-margin-seconds")), clock, authState);
    }

    synchronized void startWorkers() {
        if (workersStarted) {
            return;
        }
        workersStarted = true;
        writer.start();
        dispatcher.start();
        LOG.info("Ready: POST Privyr events to {}", receiverUrl);
    }

    synchronized void stopWorkers() {
        workersStarted = false;
        writer.stop();
        dispatcher.stop(20_000);
    }

    public InboxStore inbox() {
        return inbox;
    }

    public SyncLedger ledger() {
        return ledger;
    }

    public TokenStore tokenStore() {
        return tokenStore;
    }

    public InboxDispatcher dispatcher() {
        return dispatcher;
    }

    /** Returns the number of HTTP attempts made to GHL's contacts API since start, retries included. */
    public long ghlCalls() {
        return ghlAuth.attempts();
    }

    /** Returns the limiter of GHL calls, which also decides when each location's events may start. */
    public GhlRateLimiter rateLimiter() {
        return rateLimiter;
    }

    public LocationAuthState authState() {
        return authState;
    }

    public ContactMapping mapping() {
        return mapping;
    }

    /** Returns the task and note options of mappings/task.yaml, validated at start-up. */
    public TaskMapping taskMapping() {
        return taskMapping;
    }

    @Override
    public void close() {
        database.close();
    }
}
