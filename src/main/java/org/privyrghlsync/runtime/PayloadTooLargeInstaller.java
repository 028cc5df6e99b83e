package org.privyrghlsync.runtime;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.privyrghlsync.events.PayloadTooLargeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds two handlers to the router of the platform-http server when Camel is about to start its routes. The server and
 * its router exist by then, but no route's handler does yet.
 *
 * <ul>
 *   <li>{@link PayloadTooLargeHandler}, so that every 413 the server sends carries the JSON error body.</li>
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

    @Override
    public synchronized void notify(CamelEvent event) {
        if (installed) {
            return;
        }
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            if (router.isMainServer()) {
                router.route().order(-1).failureHandler(new PayloadTooLargeHandler(maxBodyBytes));
                router.route(RECEIVER_PATH).last().handler(NotReadyHandler::handle);
                installed = true;
            }
        }
        if (!installed) {
            LOG.warn("The platform-http server has no router, so its 413 responses stay plain text; check that"
                    + " camel.server.enabled is true");
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
