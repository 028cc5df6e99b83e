package org.privyrghlsync.runtime;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.DefaultRegistry;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.support.SimpleRegistry;
import org.privyrghlsync.events.InvalidQueryHandler;
import org.privyrghlsync.events.PayloadTooLargeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds three handlers to the router of the platform-http server before any route's handler. The server binds its
 * router in the Camel registry right before it listens, and {@link #watchRouterBinding} adds the handlers at that
 * moment. When the registry cannot be watched, they are added when Camel is about to start its routes, and a request
 * that arrives after the server listens and before then gets 404.
 *
 * <ul>
 *   <li>{@link PayloadTooLargeHandler}, so that every 413 the server sends carries the JSON error body.</li>
 *   <li>{@link InvalidQueryHandler}, so that the server's 400 for a query string with a broken {@code %} escape
 *       carries the JSON error body too.</li>
 *   <li>A last handler for the receiver's path that returns 503 with {@code Retry-After} while the receiver route is
 *       not running, during start-up and shutdown. Without it the path would answer 404, which producers treat as
 *       final.</li>
 * </ul>
 */
final class PayloadTooLargeInstaller extends SimpleEventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(PayloadTooLargeInstaller.class);

    /** The path of the receiver route in routes/privyr-events.yaml. */
    static final String RECEIVER_PATH = "/privyr/events";

    private final CamelContext context;
    private final long maxBodyBytes;
    private boolean installed;

    PayloadTooLargeInstaller(CamelContext context, long maxBodyBytes) {
        this.context = context;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event.getType() == CamelEvent.Type.RoutesStarting;
    }

    /**
     * Replaces the fallback registry of Camel's {@link DefaultRegistry}, where beans bound at run time go, with one
     * that adds the handlers when the server binds its router. Returns false, and changes nothing, when the registry
     * is of another kind.
     */
    boolean watchRouterBinding() {
        if (!(context.getRegistry() instanceof DefaultRegistry registry)
                || registry.getFallbackRegistry() == null
                || registry.getFallbackRegistry().getClass() != SimpleRegistry.class) {
            return false;
        }
        RouterWatchingRegistry watching = new RouterWatchingRegistry(this);
        watching.putAll((SimpleRegistry) registry.getFallbackRegistry());
        registry.setFallbackRegistry(watching);
        return true;
    }

    @Override
    public synchronized void notify(CamelEvent event) {
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            install(router);
        }
        if (!installed) {
            LOG.warn("The platform-http server has no router, so its 413 responses, and its 400 responses to an"
                    + " invalid query string, stay plain text; check that camel.server.enabled is true");
        }
    }

    private synchronized void install(VertxPlatformHttpRouter router) {
        if (installed || !router.isMainServer()) {
            return;
        }
        router.route().order(-1).failureHandler(new PayloadTooLargeHandler(maxBodyBytes));
        router.route().order(-1).failureHandler(new InvalidQueryHandler());
        router.route(RECEIVER_PATH).last().handler(NotReadyHandler::handle);
        installed = true;
    }

    /** Registry of the beans bound at run time that installs the handlers when a platform-http router is bound. */
    private static final class RouterWatchingRegistry extends SimpleRegistry {

        private final transient PayloadTooLargeInstaller installer;

        RouterWatchingRegistry(PayloadTooLargeInstaller installer) {
            this.installer = installer;
        }

        @Override
        public void bind(String id, Class<?> type, Object bean) {
            super.bind(id, type, bean);
            if (bean instanceof VertxPlatformHttpRouter router) {
                installer.install(router);
            }
        }
    }

    /** Returns 503 to requests that reach the receiver's path while its route is not running. */
    private static final class NotReadyHandler {

        private static final String BODY = "{\"error\":\"not_ready\",\"reason\":\"the receiver is starting or stopping;"
                + " send the event again shortly\"}";

        static void handle(io.vertx.ext.web.RoutingContext routing) {
            if (routing.response().headWritten()) {
                return;
            }
            routing.response()
                    .setStatusCode(503)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Retry-After", "1")
                    .end(BODY);
        }

        private NotReadyHandler() {
        }
    }
}
