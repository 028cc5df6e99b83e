package org.privyrghlsync.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.DefaultMainShutdownStrategy;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The privyr-ghl-sync runtime on camel-main: YAML routes from the routes folder, the receiver on the embedded HTTP
 * server, the inbox store and the sync workers.
 */
public final class SyncRuntime implements AutoCloseable {

    private static final String SHIPPED_ROUTES = "classpath:bundled/routes/*.yaml";

    private static final Logger LOG = LoggerFactory.getLogger(SyncRuntime.class);
    /** Time for the lanes' last events (20 s) and for closing the jobs and the store, on top of Camel's own stop. */
    private static final long STOP_MARGIN_SECONDS = 30;

    private final Main main;
    private volatile Components components;
    private final AtomicBoolean closing = new AtomicBoolean();

    private SyncRuntime(Path configFile, Map<String, String> overrides) {
        main = new Main();
        main.setPropertyPlaceholderLocations(propertyLocations(configFile));
        Map<String, String> effective = new LinkedHashMap<>(overrides);
        effective.putIfAbsent("camel.main.routes-include-pattern", routesPattern(effective));
        effective.forEach(main::addOverrideProperty);
        main.configure().addConfiguration(new CamelConfiguration() {
            @Override
            public void configure(CamelContext camelContext) {
                components = new Components(camelContext);
            }
        });
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeStart(BaseMainSupport support) {
                components.requireShippedRoutes();
            }

            @Override
            public void afterStart(BaseMainSupport support) {
                components.startWorkers();
            }

            @Override
            public void beforeStop(BaseMainSupport support) {
                if (components != null) {
                    components.stopWorkers();
                }
            }

            @Override
            public void afterStop(BaseMainSupport support) {
                closeComponents();
            }
        });
    }

    /**
     * Creates a runtime; {@code configFile} (may be null) overrides the defaults, and {@code overrides} override both,
     * but not an environment variable or -D property named after the key, which Camel reads first.
     */
    public static SyncRuntime create(Path configFile, Map<String, String> overrides) {
        return new SyncRuntime(configFile, overrides);
    }

    /** Starts the runtime and returns once it is ready to receive events. */
    public SyncRuntime start() throws Exception {
        main.start();
        // MainListener callbacks run only under main.run(), so check the routes and start the workers here as well.
        try {
            components.requireShippedRoutes();
        } catch (IllegalStateException e) {
            close();
            throw e;
        }
        components.startWorkers();
        return this;
    }

    /**
     * Starts the runtime and blocks until the JVM is asked to stop (Ctrl-C or SIGTERM), then stops it completely.
     *
     * <p>Camel's own hook for that signal only makes {@code main.run()} return, and the JVM exits once the hook is
     * done, often before the lanes' last records, the release of partition leases and the store's close have run.
     * This runtime's hook waits for them instead, up to {@code camel.main.shutdown-timeout} and 30 seconds more.
     */
    public void runUntilStopped() throws Exception {
        if (main.getShutdownStrategy() instanceof DefaultMainShutdownStrategy camelHook) {
            camelHook.disableHangupSupport();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            main.completed();
            try {
                long waitSeconds = stopWaitSeconds();
                if (!stopped.await(waitSeconds, TimeUnit.SECONDS)) {
                    LOG.warn("The runtime did not stop within {} s; exiting without waiting further", waitSeconds);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "privyr-ghl-sync-stop"));
        try {
            main.run();
        } catch (Exception e) {
            if (!jvmStopping()) {
                throw e;
            }
        } finally {
            try {
                // A stop signal during the start makes a start step fail, such as one that adds a JVM shutdown hook.
                // Camel then skips its stop: main.run() throws, or logs the failure and returns.
                if (!closing.get() && jvmStopping()) {
                    stopAfterInterruptedStart();
                }
            } finally {
                stopped.countDown();
            }
        }
    }

    /** Stops what a start that a stop signal ended had started, and closes the store if it was opened. */
    private void stopAfterInterruptedStart() {
        if (components == null) {
            LOG.info("Stopped during start-up, before the store was opened, because the process received a stop"
                    + " signal");
            return;
        }
        LOG.info("Stopped during start-up, because the process received a stop signal");
        components.stopWorkers();
        try {
            main.stop();
        } catch (Exception e) {
            LOG.warn("Stopping Camel after the interrupted start failed; the store is closed next: {}", e.toString());
        }
        closeComponents();
    }

    /** Returns whether the JVM runs its shutdown hooks, after which no hook can be added. */
    private static boolean jvmStopping() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /** Closes the jobs and the store once, whichever of the stop paths gets here first. */
    private void closeComponents() {
        Components current = components;
        if (current != null && closing.compareAndSet(false, true)) {
            current.close();
        }
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public Components components() {
        return components;
    }

    @Override
    public void close() throws Exception {
        if (components != null) {
            components.stopWorkers();
        }
        main.stop();
        closeComponents();
    }

    /** Returns the longest wait for a complete stop: Camel's {@code camel.main.shutdown-timeout} and a margin. */
    private long stopWaitSeconds() {
        return Math.max(0, main.configure().getShutdownTimeout()) + STOP_MARGIN_SECONDS;
    }

    /**
     * Returns the properties locations: the operator's file (may be null) before the shipped defaults, because the
     * first location that defines a key wins.
     */
    static String propertyLocations(Path configFile) {
        String locations = "classpath:application.properties";
        return configFile == null ? locations : "file:" + configFile.toAbsolutePath() + "," + locations;
    }

    /**
     * Uses the routes folder when it exists, else the copies of the shipped routes inside the jar. An empty folder
     * setting, as the demo gives, chooses the shipped routes.
     */
    private static String routesPattern(Map<String, String> overrides) {
        String folder = overrides.getOrDefault("sync.routes-dir", System.getenv().getOrDefault("ROUTES_DIR", "routes"));
        if (folder.isEmpty()) {
            LOG.info("Loading the routes shipped inside the jar");
            return SHIPPED_ROUTES;
        }
        if (Files.isDirectory(Path.of(folder))) {
            LOG.info("Loading the routes of folder {}", Path.of(folder).toAbsolutePath());
            return "file:" + folder + "/*.yaml";
        }
        LOG.info("Loading the routes shipped inside the jar, because there is no routes folder at {}; set ROUTES_DIR"
                + " to load routes of your own", Path.of(folder).toAbsolutePath());
        return SHIPPED_ROUTES;
    }
}
