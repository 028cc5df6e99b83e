package org.privyrghlsync.runtime;

import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.DefaultRegistry;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.support.SimpleRegistry;
import org.privyrghlsync.events.DotSegmentHandler;
import org.privyrghlsync.events.InvalidQueryHandler;
import org.privyrghlsync.events.PayloadTooLargeHandler;
import org.privyrghlsync.events.ServerErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds handlers to the routers of the platform-http servers, the receiver's and the management server's, before any
 * route's handler. Each server binds its router in the Camel registry right before it listens, and
 * {@link #watchRouterBinding} adds the handlers at that moment. When the registry cannot be watched, they are added
 * when Camel is about to start its routes, and a request that arrives after the server listens and before then gets
 * 404.
 *
 * <ul>
 *   <li>{@link ServerErrorHandler} on both routers, so that the 400, 404, 405 and 500 responses that no route sends
 *       carry a JSON error body and cannot flood the log.</li>
 *   <li>{@link InvalidQueryHandler} on both routers, so that the 400 for a query string with a broken {@code %}
 *       escape carries the JSON error body too. The management server's health check reads the query itself and
 *       would fail with 500.</li>
 *   <li>{@link DotSegmentHandler} on both routers, so that a path with a {@code ..} segment, plain or
 *       percent-encoded, cannot reach the admin API through a prefix that a reverse proxy lets through.</li>
 *   <li>{@link PayloadTooLargeHandler} on the receiver's router, so that every 413 it sends carries the JSON error
 *       body.</li>
 *   <li>A last handler for the receiver's path that returns 503 with {@code Retry-After} while the receiver route is
 *       not running, during start-up and shutdown. Without it the path would answer 404, which producers treat as
 *       final.</li>
 * </ul>
 */
final class RouterHandlers extends SimpleEventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RouterHandlers.class);

    /** The path of the receiver route in routes/privyr-events.yaml. */
    static final String RECEIVER_PATH = "/privyr/events";

    private static final String RECEIVER_PATHS = "Events go to POST " + RECEIVER_PATH
            + ", and the admin API, enabled by ADMIN_TOKEN, is under /admin/";
    private static final String MANAGEMENT_PATHS = "Health checks are under /observe/health";
    /** The methods of every path of the management server, whose health checks serve GET. */
    private static final String MANAGEMENT_METHODS = "GET, HEAD";

    private final CamelContext context;
    private final long maxBodyBytes;
    private final Set<VertxPlatformHttpRouter> installed = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Router> topRouters = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean receiverInstalled;

    RouterHandlers(CamelContext context, long maxBodyBytes) {
        this.context = context;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event.getType() == CamelEvent.Type.RoutesStarting
                || event.getType() == CamelEvent.Type.CamelContextStarted;
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
            installServerErrors(router);
        }
        if (event.getType() == CamelEvent.Type.RoutesStarting && !receiverInstalled) {
            LOG.warn("The platform-http server has no router, so its 413 responses, and its 400 responses to an"
                    + " invalid query string, stay plain text; check that camel.server.enabled is true");
        }
    }

    private synchronized void install(VertxPlatformHttpRouter router) {
        if (!installed.add(router)) {
            return;
        }
        if (!router.isMainServer()) {
            ServerErrorHandler.install(router, MANAGEMENT_PATHS, MANAGEMENT_METHODS);
            router.route().order(-2).handler(new DotSegmentHandler("/observe/health"));
            router.route().order(-1).failureHandler(new InvalidQueryHandler());
            return;
        }
        if (receiverInstalled) {
            return;
        }
        ServerErrorHandler.install(router, RECEIVER_PATHS, null);
        router.route().order(-2).handler(new DotSegmentHandler(RECEIVER_PATH));
        router.route().order(-1).failureHandler(new PayloadTooLargeHandler(maxBodyBytes));
        router.route().order(-1).failureHandler(new InvalidQueryHandler());
        router.route(RECEIVER_PATH).last().handler(NotReadyHandler::handle);
        receiverInstalled = true;
    }

    /**
     * Sets the JSON error handlers on the router that the server's listener calls. The router in the registry is
     * mounted under that one, which matches the path first and responds to a path that no route serves, so the
     * handlers must be on both. The listener exists once the server started, which it does before Camel starts the
     * routes. A server that starts later gets them when the Camel context has started.
     */
    private void installServerErrors(VertxPlatformHttpRouter router) {
        VertxPlatformHttpServer server = router.getServer();
        HttpServer listener = server == null ? null : server.getServer();
        if (listener != null && listener.requestHandler() instanceof Router top && topRouters.add(top)) {
            if (router.isMainServer()) {
                ServerErrorHandler.install(top, RECEIVER_PATHS, null);
            } else {
                ServerErrorHandler.install(top, MANAGEMENT_PATHS, MANAGEMENT_METHODS);
            }
        }
    }

    /** Registry of the beans bound at run time that installs the handlers when a platform-http router is bound. */
    private static final class RouterWatchingRegistry extends SimpleRegistry {

        private final transient RouterHandlers installer;

        RouterWatchingRegistry(RouterHandlers installer) {
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
