package org.privyrghlsync.runtime;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.privyrghlsync.events.PayloadTooLargeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds {@link PayloadTooLargeHandler} to the router of the platform-http server when Camel is about to start its
 * routes. The server and its router exist by then, but no route's body handler does yet, so every 413 the server
 * sends carries the JSON error body.
 */
final class PayloadTooLargeInstaller extends SimpleEventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(PayloadTooLargeInstaller.class);

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
                installed = true;
            }
        }
        if (!installed) {
            LOG.warn("The platform-http server has no router, so its 413 responses stay plain text; check that"
                    + " camel.server.enabled is true");
        }
    }
}
