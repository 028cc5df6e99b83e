package org.privyrghlsync.events;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vert.x handler that rejects with 400 a request whose path has a dot segment, {@code .} or {@code ..}, written
 * plainly or percent-encoded ({@code %2e}). Vert.x Web removes such segments before it chooses a route, so
 * {@code /privyr/%2e%2e/admin/jobs} would reach the admin API. A reverse proxy that passes only {@code /privyr/} to
 * the receiver's port may forward such a path without decoding it, so neither of the runtime's ports accepts them.
 * Every other request goes on to the routes.
 */
public final class DotSegmentHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(DotSegmentHandler.class);
    private final String reason;
    private final LogLimiter logLimiter = new LogLimiter(Duration.ofMinutes(1));

    /** Creates the handler of a server whose endpoints include {@code examplePath}, which the 400 names. */
    public DotSegmentHandler(String examplePath) {
        this.reason = "The path has a '.' or '..' segment, plain or percent-encoded; send the path of the endpoint"
                + " itself, such as " + examplePath;
    }

    @Override
    public void handle(RoutingContext context) {
        String path = context.request().path();
        if (path == null || !hasDotSegment(path)) {
            context.next();
            return;
        }
        long heldBack = logLimiter.tryLog();
        if (heldBack >= 0) {
            LOG.info("Rejected a request with 400 invalid_request: its path has a dot segment{}",
                    LogLimiter.heldBackNote(heldBack));
        }
        InvalidRequestResponse.send(context, "path", reason);
    }

    /** Returns true when a segment of the raw path, with {@code %2e} read as a dot, is {@code .} or {@code ..}. */
    static boolean hasDotSegment(String rawPath) {
        if (rawPath.indexOf('.') < 0 && rawPath.indexOf('%') < 0) {
            return false;
        }
        for (String segment : rawPath.split("/", -1)) {
            String dots = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
            if (dots.equals(".") || dots.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
