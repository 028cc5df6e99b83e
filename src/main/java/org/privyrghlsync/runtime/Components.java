package org.privyrghlsync.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.VertxOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.model.Model;
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
import org.privyrghlsync.ghl.IdleLocationProbe;
import org.privyrghlsync.ghl.GhlHeaderFilter;
import org.privyrghlsync.ghl.GhlRateLimiter;
import org.privyrghlsync.ghl.LocationAccess;
import org.privyrghlsync.ghl.LocationAuthState;
import org.privyrghlsync.ghl.LocationsHealthCheck;
import org.privyrghlsync.ghl.OAuthTokenProvider;
import org.privyrghlsync.ghl.PrivateTokenProvider;
import org.privyrghlsync.ghl.RateLimitSettings;
import org.privyrghlsync.ghl.RedeliveryLog;
import org.privyrghlsync.ghl.RetryDelayProcessor;
import org.privyrghlsync.ghl.TokenKeepAlive;
import org.privyrghlsync.ghl.TokenProvider;
import org.privyrghlsync.admin.AdminApi;
import org.privyrghlsync.admin.AdminAuth;
import org.privyrghlsync.admin.DeadLetterService;
import org.privyrghlsync.mapping.ContactMapping;
import org.privyrghlsync.mapping.ReloadableMappings;
import org.privyrghlsync.mapping.TaskMapping;
import org.privyrghlsync.store.DataFolderPermissions;
import org.privyrghlsync.store.Database;
import org.privyrghlsync.store.DeadLetterStore;
import org.privyrghlsync.store.GroupCommit;
import org.privyrghlsync.store.InboxStore;
import org.privyrghlsync.store.PartitionLeaseStore;
import org.privyrghlsync.store.PendingEventChannel;
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
import org.privyrghlsync.sync.PartitionLeases;
import org.privyrghlsync.sync.PartitionOwnership;
import org.privyrghlsync.sync.PartitionsHealthCheck;
import org.privyrghlsync.sync.LocationResolver;
import org.privyrghlsync.sync.NoteSyncProcessor;
import org.privyrghlsync.sync.RetrySchedule;
import org.privyrghlsync.sync.TaskSyncProcessor;
import org.privyrghlsync.sync.ClientContacts;
import org.privyrghlsync.sync.ClientLocks;
import org.privyrghlsync.sync.ContactReconciliation;
import org.privyrghlsync.jobs.JobRunRecorder;
import org.privyrghlsync.store.JobRunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the product's objects from configuration and binds the ones that routes refer to by name. */
public final class Components implements AutoCloseable {

    /** Route ids the product needs, with the shipped file that defines each. */
    private static final Map<String, String> REQUIRED_ROUTES = new LinkedHashMap<>();

    static {
        REQUIRED_ROUTES.put("privyr-events-receiver", "privyr-events.yaml");
        REQUIRED_ROUTES.put("contact-sync", "contact-sync.yaml");
        REQUIRED_ROUTES.put("ghl-call", "ghl-api.yaml");
        REQUIRED_ROUTES.put("ghl-send", "ghl-api.yaml");
        REQUIRED_ROUTES.put("retry-sweep", "retry-sweep.yaml");
    }

    private static final Logger LOG = LoggerFactory.getLogger(Components.class);
    /**
     * Smallest {@code sync.datasource.pool-size} of a runtime with partition leases. Five users can each hold a
     * connection at the same time: the LISTEN session of {@link PendingEventChannel}, which keeps its connection while
     * the runtime runs; the lease heartbeat, which must renew before the leases expire; the group commit of received
     * events and records; the sweep thread; and Quartz's cluster check-in or the job it runs. The lanes, the
     * announcements and the admin API take turns with them.
     * NOTE: counted from the code, not measured under load. Busy runtimes need more; the default is 10.
     */
    static final int MIN_LEASED_POOL_SIZE = 5;
    /** Heartbeats between two expiries of waiting events by each runtime with leases: 30 s with the defaults. */
    private static final int WAITING_EXPIRY_HEARTBEATS = 15;

    private final Database database;
    private final InboxStore inbox;
    private final SyncLedger ledger;
    private final TokenStore tokenStore;
    private final LocationAuthState authState;
    private final LocationAccess access;
    private final IdleLocationProbe idleProbe;
    private final GhlAuthProcessor ghlAuth;
    private final InboxDispatcher dispatcher;
    private final InboxWriter writer;
    private final ReloadableMappings mappings;
    private final DeadLetterService deadLetters;
    private final String receiverUrl;
    /** The health check's URL on the management port, or null when the management server is off. */
    private final String healthUrl;
    private final boolean adminEnabled;
    private final GhlRateLimiter rateLimiter;
    private final CamelContext camelContext;
    private final String routesDir;
    private final MailboxSource mailbox;
    private final JobsSetup jobs;
    private final ContactReconciliation reconciliation;
    private final PartitionOwnership partitions;
    private boolean workersStarted;

    Components(CamelContext camelContext) {
        this.camelContext = camelContext;
        Settings settings = new Settings(camelContext);
        routesDir = settings.text("sync.routes-dir");
        requirePortFree(settings.text("camel.server.host"), "HOST", port(settings, "camel.server.port", "PORT"),
                "PORT");
        if ("true".equalsIgnoreCase(settings.text("camel.management.enabled"))) {
            requirePortFree(settings.text("camel.management.host"), "MANAGEMENT_HOST",
                    port(settings, "camel.management.port", "MANAGEMENT_PORT"), "MANAGEMENT_PORT");
        }
        requireHttpUrl(settings.text("ghl.base-url"));
        receiverUrl = "http://" + settings.text("camel.server.host") + ":" + settings.text("camel.server.port")
                + "/privyr/events";
        healthUrl = "true".equalsIgnoreCase(settings.text("camel.management.enabled"))
                ? "http://" + settings.text("camel.management.host") + ":" + settings.text("camel.management.port")
                        + "/observe/health"
                : null;
        ObjectMapper json = new ObjectMapper();
        Clock clock = Clock.systemUTC();

        String secret = settings.required("privyr.webhook-secret",
                "set PRIVYR_WEBHOOK_SECRET to the shared secret that signs Privyr events (at least 16 bytes)");
        WebhookSignature signature = new WebhookSignature(secret.getBytes(StandardCharsets.UTF_8),
                settings.number("privyr.signature-tolerance-seconds"));
        LocationResolver locations = new LocationResolver(settings.text("ghl.location-id"),
                settings.text("privyr.account-locations"));
        requireCredentials(settings);
        mailbox = MailboxSource.fromSettings(settings, locations);
        String adminToken = adminToken(settings);
        adminEnabled = !adminToken.isEmpty();
        mappings = new ReloadableMappings(Path.of(settings.text("sync.mappings-dir")), camelContext, clock);

        requirePoolSize(settings);
        database = Database.open(settings.text("sync.datasource.url"), settings.text("sync.datasource.user"),
                settings.text("sync.datasource.password"), Path.of(settings.text("sync.data-dir")),
                settings.integer("sync.datasource.pool-size"), storeCompaction(settings),
                settings.bool("sync.store.fsync"));
        if (settings.text("sync.datasource.url").isEmpty()) {
            DataFolderPermissions.warnIfOpen(Path.of(settings.text("sync.data-dir")));
        }
        // Receipts and records share commits. The ledger closes the group commit.
        GroupCommit writes = new GroupCommit(database.dataSource(), SyncLedger.GROUP_COMMIT_BATCH);
        inbox = new InboxStore(database.dataSource(), writes);
        ledger = new SyncLedger(database.dataSource(), writes);
        try {
            tokenStore = new TokenStore(database.dataSource(), tokenCipher(settings));
            tokenStore.verifyKey();
            authState = new LocationAuthState(new LocationStateStore(database.dataSource()),
                    settings.integer("ghl.oauth.max-refresh-failures"), clock);
            resumeWithConfiguredToken(settings);
            jobs = new JobsSetup(camelContext, settings, database.dataSource(), clock);
        } catch (RuntimeException e) {
            ledger.close();
            database.close();
            throw e;
        }
        if (!settings.text("sync.sweep-interval-ms").isEmpty()) {
            LOG.warn("Configuration key sync.sweep-interval-ms is no longer read; the retry-sweep job reads due events"
                    + " on the schedule of sync.jobs.retry-sweep.cron instead");
        }

        try {
            requireStartingToken(settings);
        } catch (IllegalStateException e) {
            ledger.close();
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
        long recheckSeconds = settings.number("ghl.access-denied.recheck-seconds");
        if (recheckSeconds < 1) {
            throw new IllegalStateException("ghl.access-denied.recheck-seconds must be at least 1, got "
                    + recheckSeconds + "; it is how often a location whose token GHL denied asks GHL again");
        }
        access = new LocationAccess(Duration.ofSeconds(recheckSeconds), clock);
        GhlClient ghl = new GhlClient(template, tokens, json, access);
        idleProbe = new IdleLocationProbe(access, ghl, Duration.ofSeconds(Math.min(recheckSeconds, 5)));
        EnvelopeParser parser = new EnvelopeParser();

        RetrySchedule retries = new RetrySchedule(settings.integer("sync.max-attempts"),
                Duration.ofMillis(settings.number("sync.retry.initial-delay-ms")),
                Duration.ofMillis(settings.number("sync.retry.max-delay-ms")));
        long clientWaitHours = settings.number("sync.client-wait-hours");
        if (clientWaitHours < 1) {
            throw new IllegalArgumentException("sync.client-wait-hours must be at least 1, got " + clientWaitHours
                    + "; it is how long a task or note event waits for its client's contact");
        }
        ClientLocks clientLocks = new ClientLocks();
        partitions = partitionOwnership(settings, database, jobs.node());
        EventApplier applier = new EventApplier(template, parser, inbox, ledger, retries,
                Duration.ofHours(clientWaitHours), clock, clientLocks, partitions);
        if (!partitions.ownsAll()) {
            // An event whose partition moved to another runtime sends no further GHL call.
            ghlAuth.checkBeforeSend(applier::requireClaimHeld);
        }
        rateLimiter = new GhlRateLimiter(rateLimitSettings(settings), clock);
        dispatcher = new InboxDispatcher(inbox, applier, new GhlBudgetGate(rateLimiter, access), partitions,
                settings.integer("sync.workers"), settings.integer("sync.queue-capacity"));
        if (partitions instanceof PartitionLeases leases) {
            shareBudgetsByPartitions(leases, rateLimiter);
            leases.whenIdle(dispatcher::isIdle);
            // The retry-sweep job runs on one runtime per fire time, and each runtime expires only the waiting events
            // of its own partitions, so each one also expires them on its own.
            dispatcher.expireWaitingEvery(Duration.ofMillis(settings.number("sync.partitions.heartbeat-ms")
                    * WAITING_EXPIRY_HEARTBEATS));
        }
        applier.onHoldReleased(dispatcher::signalSweep);
        access.onResume(dispatcher::signalSweep);
        applier.locationsPaused(locationId -> access.isDenied(locationId) || rateLimiter.isPaused(locationId)
                || authState.reauthRequired().containsKey(locationId));
        registry.bind("inboxDispatcher", dispatcher);
        writer = new InboxWriter(inbox, dispatcher::submit, settings.integer("privyr.inbox.max-batch"),
                settings.integer("privyr.inbox.queue-capacity"));

        // The receiver's HTTP server creates its Vert.x instance from the VertxOptions in the registry, if any.
        int receiverWorkers = settings.integer("privyr.receiver.workers");
        if (receiverWorkers < 1 || receiverWorkers > InboxDispatcher.MAX_WORKERS) {
            throw new IllegalStateException("Configuration key privyr.receiver.workers must be from 1 to "
                    + InboxDispatcher.MAX_WORKERS + ", got " + receiverWorkers + ". Set it to the number of threads"
                    + " that receive events.");
        }
        registry.bind("receiverVertxOptions", new VertxOptions().setWorkerPoolSize(receiverWorkers));
        registry.bind("eventReceiver", new EventReceiver(parser, signature, writer, locations, json,
                settings.integer("privyr.max-body-size"), settings.number("privyr.inbox.store-timeout-ms"), clock));
        RouterHandlers installer = new RouterHandlers(camelContext,
                settings.number("camel.server.max-body-size"));
        if (!installer.watchRouterBinding()) {
            LOG.warn("The Camel registry is not the default one, so the receiver answers 404 instead of 503 for a"
                    + " moment after the server starts listening");
        }
        camelContext.getManagementStrategy().addEventNotifier(installer);
        if (mailbox != null) {
            mailbox.bind(registry, parser, writer, settings.number("privyr.inbox.store-timeout-ms"), clock);
        }
        GhlContacts contacts = new GhlContacts(ghl, new CustomFieldDirectory(ghl, clock), ledger, mappings,
                MissingContactPolicy.fromConfig(settings.text("sync.missing-contact")),
                settings.bool("ghl.allow-duplicate-contacts"),
                Duration.ofMillis(settings.number("camel.component.http.response-timeout")), clock);
        ClientContacts clientContacts = new ClientContacts(ledger, contacts, mappings);
        NoteSyncProcessor noteSync = new NoteSyncProcessor(ghl, ledger, clientContacts);
        registry.bind("contactSync", new ContactSyncProcessor(mappings, contacts, ledger, noteSync));
        registry.bind("taskSync", new TaskSyncProcessor(mappings, ghl, ledger, clientContacts));
        registry.bind("noteSync", noteSync);
        reconciliation = new ContactReconciliation(ledger, inbox, ghl, contacts, rateLimiter, clientLocks,
                settings.integer("sync.jobs.contact-reconcile.page-size"),
                settings.integer("sync.jobs.contact-reconcile.checks-per-second"), clock, partitions);
        registry.bind("contactReconciliation", reconciliation);
        registry.bind("ghlAuth", ghlAuth);
        registry.bind("ghlHeaderFilter", new GhlHeaderFilter());
        registry.bind("ghlRateLimiter", rateLimiter);
        // Processors rather than bean method calls: the GHL send route runs them around every HTTP attempt.
        registry.bind("ghlRateLimitAcquire", (Processor) rateLimiter::acquire);
        registry.bind("ghlRateLimitRelease", (Processor) rateLimiter::release);
        registry.bind("ghlRetryDelay", new RetryDelayProcessor(settings.number("ghl.retry.max-delay-ms")));
        registry.bind("ghlRedeliveryLog", new RedeliveryLog(Duration.ofMillis(
                settings.number("ghl.retry.log-interval-ms"))));
        registry.bind("ghlClient", ghl);
        // Beans of the operation routes in routes/ghl-contacts-api.yaml.
        GhlApiCalls apiCalls = new GhlApiCalls(ghl, json, settings.text("ghl.location-id"));
        registry.bind("ghlApi", apiCalls);
        registry.bind("ghlContactPager", new ContactPager(apiCalls, template));
        registry.bind("ghlLocationsHealthCheck", new LocationsHealthCheck(authState, access));
        registry.bind("eventPartitionsHealthCheck", new PartitionsHealthCheck(partitions));
        // Beans of the admin API routes in routes/admin-api.yaml.
        deadLetters = new DeadLetterService(new DeadLetterStore(database.dataSource()), mappings, dispatcher, clock);
        registry.bind("adminAuth", new AdminAuth(adminToken));
        registry.bind("adminApi", new AdminApi(deadLetters, mappings, jobs.runs(), json));
    }

    /**
     * Rejects a connection pool too small for a runtime with partition leases on PostgreSQL: the runtime could not
     * renew its leases in time, and would lose its partitions. The embedded H2 store runs without leases and without
     * this check.
     */
    private static void requirePoolSize(Settings settings) {
        if (!settings.text("sync.datasource.url").startsWith("jdbc:postgresql:")) {
            return;
        }
        int poolSize = settings.integer("sync.datasource.pool-size");
        if (poolSize < MIN_LEASED_POOL_SIZE) {
            throw new IllegalStateException("Configuration key sync.datasource.pool-size is " + poolSize + ", but a"
                    + " runtime on PostgreSQL needs at least " + MIN_LEASED_POOL_SIZE + " connections; set it to "
                    + MIN_LEASED_POOL_SIZE + " or more");
        }
    }

    /**
     * Returns the partition leases of a PostgreSQL store, which several runtimes may share, from the
     * {@code sync.partitions.*} keys. The embedded H2 store is opened by one process, which holds every partition.
     */
    private static PartitionOwnership partitionOwnership(Settings settings, Database database, String node) {
        if (!database.isPostgres()) {
            return PartitionOwnership.ALL;
        }
        try {
            return new PartitionLeases(new PartitionLeaseStore(database.dataSource()),
                    new PendingEventChannel(database.dataSource()), node,
                    Duration.ofMillis(settings.number("sync.partitions.heartbeat-ms")),
                    Duration.ofMillis(settings.number("sync.partitions.lease-ms")));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Invalid partition lease configuration: " + e.getMessage(), e);
        }
    }

    /**
     * Makes the limiter follow the partitions that this runtime holds, so that the runtimes sharing the database stay
     * within each location's GHL budget together. A runtime that holds all 64 partitions keeps the whole budget.
     *
     * <p>The share starts at no partition, as the runtime has none before its first heartbeat. So the partitions it
     * takes at start-up raise its part like any later move, and the larger burst part waits for GHL's count or one
     * window. A process that stopped cleanly released its partitions at once, but GHL still counts that process's
     * calls of the last window.
     */
    private static void shareBudgetsByPartitions(PartitionLeases leases, GhlRateLimiter rateLimiter) {
        rateLimiter.shareBudgets(0, PartitionOwnership.PARTITIONS);
        Runnable update = () -> rateLimiter.shareBudgets(leases.heldCount(), PartitionOwnership.PARTITIONS);
        leases.addListener(new PartitionOwnership.Listener() {
            @Override
            public void acquired(Set<Integer> partitions) {
                update.run();
            }

            @Override
            public void lost(Set<Integer> partitions) {
                update.run();
            }

            @Override
            public void renewed() {
                update.run();
            }
        });
    }

    /** Returns the admin token, or "" when the admin API is disabled; a short token stops start-up. */
    private static String adminToken(Settings settings) {
        String token = settings.text("sync.admin.token");
        if (!token.isEmpty() && token.length() < AdminAuth.MIN_TOKEN_LENGTH) {
            throw new IllegalStateException("Configuration key sync.admin.token is shorter than "
                    + AdminAuth.MIN_TOKEN_LENGTH + " characters; set ADMIN_TOKEN to a random value such as the"
                    + " output of `openssl rand -hex 32`, or leave it empty to disable the admin API");
        }
        return token;
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

    /** Checks GHL_BASE_URL before camel-http reads it, whose own error names no setting. */
    private static void requireHttpUrl(String baseUrl) {
        String problem = null;
        try {
            java.net.URI uri = new java.net.URI(baseUrl);
            if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
                problem = "does not start with https:// or http://";
            } else if (uri.getHost() == null && (uri.getRawAuthority() == null || uri.getRawAuthority().isBlank())) {
                // A host name with "_", such as a container name, has an authority but no host for java.net.URI.
                problem = "has no host";
            } else if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                problem = "has a query or fragment";
            }
        } catch (java.net.URISyntaxException e) {
            problem = "is not a valid URL (" + e.getReason() + ")";
        }
        if (problem != null) {
            throw new IllegalStateException("GHL_BASE_URL (ghl.base-url) '" + baseUrl + "' " + problem + "; set it"
                    + " to https://services.leadconnectorhq.com, or to the sandbox's address");
        }
    }

    /**
     * Reads a listen port. When the value is not a number, the message names the environment variable if the value
     * came from it, else the key, as set in a configuration file or a -D option.
     */
    private static int port(Settings settings, String key, String portVariable) {
        String value = settings.text(key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            String name = value.equals(System.getenv(portVariable)) ? portVariable : "Configuration key " + key;
            String problem = value.isEmpty() ? " is empty" : " is '" + value + "', which is not a whole number";
            throw new IllegalStateException(name + problem + "; set it to a port number from 1 to 65535", e);
        }
    }

    private static void requirePortFree(String host, String hostVariable, int port, String portVariable) {
        if (host.isBlank()) {
            // An empty HOST variable reaches here. camel-main rejects an empty value from a file or -D before this
            // runs, and StartupErrors in the cli package rewords that failure.
            throw new IllegalStateException(hostVariable + " is empty; set it to 0.0.0.0 (every interface),"
                    + " 127.0.0.1 or an address of this machine");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalStateException(portVariable + " is " + port + "; set it to a port number from 1 to"
                    + " 65535");
        }
        java.net.InetSocketAddress address = new java.net.InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalStateException(hostVariable + " is '" + host + "', which is not an address of this"
                    + " machine or a host name that resolves; set it to 0.0.0.0 (every interface), 127.0.0.1 or an"
                    + " address of this machine");
        }
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
        } catch (java.net.BindException e) {
            throw new IllegalStateException("Cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); stop the process that uses the port or set " + portVariable + " to a free one, or set "
                    + hostVariable + " to an address of this machine", e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); check " + hostVariable + " and " + portVariable, e);
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
        if (partitions instanceof PartitionLeases leases) {
            leases.start();
        }
        writer.start();
        dispatcher.start();
        idleProbe.start();
        jobs.removeSchedulesWithoutRoute(camelContext);
        LOG.info("Ready: POST Privyr events to {}", receiverUrl);
        if (healthUrl != null) {
            LOG.info("Health checks at {}, {}/live and {}/ready", healthUrl, healthUrl, healthUrl);
        }
        if (adminEnabled) {
            LOG.info("Admin API enabled under {}", receiverUrl.replace("/privyr/events", "/admin/"));
        } else {
            LOG.info("Admin API disabled because sync.admin.token is empty: set ADMIN_TOKEN, or sync.admin.token in"
                    + " the configuration file, which wins over ADMIN_TOKEN, to enable /admin/ on the receiver's port");
        }
        if (mailbox == null) {
            LOG.info("Privyr mailbox source disabled: set PRIVYR_MAILBOX_HOST to read Privyr's lead alert emails");
        } else {
            LOG.info(mailbox.startupMessage());
            if (mailbox.plainTextWarning() != null) {
                LOG.warn(mailbox.plainTextWarning());
            }
        }
    }

    /**
     * Stops start-up when a route the product relies on is missing, as when ROUTES_DIR names a folder with only an
     * integrator's own routes. Otherwise the receiver would return 404 while the runtime reports itself ready.
     */
    void requireShippedRoutes() {
        Model routes = camelContext.getCamelContextExtension().getContextPlugin(Model.class);
        Map<String, String> required = new LinkedHashMap<>(REQUIRED_ROUTES);
        if (mailbox != null) {
            required.put(MailboxSource.ROUTE_ID, "privyr-mailbox.yaml");
        }
        List<String> missing = new ArrayList<>();
        for (String routeId : required.keySet()) {
            if (routes.getRouteDefinition(routeId) == null) {
                missing.add("'" + routeId + "' (" + required.get(routeId) + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The routes folder " + Path.of(routesDir).toAbsolutePath()
                    + " has no route " + String.join(", ", missing) + ". Copy the shipped routes/*.yaml into it next to"
                    + " your own routes, or unset ROUTES_DIR to use the shipped ones");
        }
    }

    /**
     * Stops receiving work and applying events, and releases this runtime's partition leases. Camel runs it first
     * when the JVM is asked to stop.
     */
    public synchronized void stopWorkers() {
        workersStarted = false;
        // Each step runs even when an earlier one failed: Camel skips its own stop and close after an exception here.
        stopStep("the idle-location probe", idleProbe::stop);
        stopStep("the contact reconciliation", reconciliation::stop);
        stopStep("the scheduled jobs", jobs::standby);
        stopStep("the inbox writer", writer::stop);
        stopStep("the sync lanes", () -> dispatcher.stop(20_000));
        if (partitions instanceof PartitionLeases leases) {
            // Here rather than in close(): on SIGTERM the JVM may exit before Camel's last stop callbacks run, and
            // the other runtimes would then wait for the leases to expire. The records of the lanes' last events
            // commit first, so that none of them is rolled back for a released lease.
            stopStep("the last records", ledger::flush);
            stopStep("the partition leases", leases::close);
        }
    }

    private static void stopStep(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.error("Stopping {} failed; the stop goes on: {}", what, e.toString(), e);
        }
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

    /** Returns the store's connection pool. */
    public DataSource dataSource() {
        return database.dataSource();
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

    public LocationAccess access() {
        return access;
    }

    public LocationAuthState authState() {
        return authState;
    }

    /** Returns the contact mapping in use. */
    public ContactMapping mapping() {
        return mappings.contact();
    }

    /** Returns the task and note options of mappings/task.yaml in use. */
    public TaskMapping taskMapping() {
        return mappings.task();
    }

    /** Returns the contact and task mappings, which the admin API can reload. */
    public ReloadableMappings mappings() {
        return mappings;
    }

    /** Returns the dead-letter operations that the admin API calls. */
    public DeadLetterService deadLetters() {
        return deadLetters;
    }

    /** Returns the runs of the scheduled jobs and their schedules. */
    public JobRunStore jobRuns() {
        return jobs.runs();
    }

    /** Returns the recorder of job runs, which counts the fires it skipped as run by another node. */
    public JobRunRecorder jobRecorder() {
        return jobs.recorder();
    }

    /** Returns this runtime's node id in the cluster of runtimes that share the database. */
    public String nodeId() {
        return jobs.node();
    }

    /** Reads the sync.store.compaction-* settings of the embedded store. */
    static Database.Compaction storeCompaction(Settings settings) {
        try {
            long rewriteBytes = Math.multiplyExact(settings.number("sync.store.compaction-max-rewrite-kb"), 1024);
            return new Database.Compaction(Duration.ofMillis(settings.number("sync.store.compaction-interval-ms")),
                    settings.integer("sync.store.compaction-fill-rate"), Math.toIntExact(rewriteBytes));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalStateException("Reading the store compaction settings failed: " + e.getMessage()
                    + ". Check sync.store.compaction-interval-ms, sync.store.compaction-fill-rate and"
                    + " sync.store.compaction-max-rewrite-kb (at most 2097151 KB).", e);
        }
    }

    /** Returns which event partitions this runtime applies. */
    public PartitionOwnership partitions() {
        return partitions;
    }

    @Override
    public void close() {
        try {
            // A runtime rejected for a node id in use keeps the other process's entry among the job cluster's nodes.
            jobs.shutdown(!(partitions instanceof PartitionLeases leases && leases.nodeIdInUse()));
        } finally {
            ledger.close();
            // After the group commit wrote the last records, so that none of them is rolled back for a lost lease.
            if (partitions instanceof PartitionLeases leases) {
                leases.close();
            }
            database.close();
            LOG.info("Stopped, with the store closed");
        }
    }
}
