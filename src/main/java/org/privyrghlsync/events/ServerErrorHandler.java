package org.privyrghlsync.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.privyrghlsync.mapping.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Router error handler for the responses that the HTTP server sends without any route: 400 to a path with a broken
 * {@code %} escape, 404 to a path that no route serves, 405 to a method that the path's route does not accept, and
 * 500 to a failure that no route handled. Vert.x Web would send them with a plain-text or HTML body and log each
 * 400 and 500 as an unhandled error with a stack trace. These handlers write the product's JSON error body, and log
 * at most one line a minute for each status and kind of failure (the exception's class, or the broken path escape),
 * so requests that anyone can send cannot flood the log, and repeats of one failure do not hide another.
 */
public final class ServerErrorHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ServerErrorHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

    private static final String INVALID_PATH = "The path is invalid: '%' must be followed by two hexadecimal digits;"
            + " percent-encode each path segment as UTF-8";

    private final int status;
    private final String paths;
    /** The Allow header of a 405, or null to send none. */
    private final String allow;
    /** Limiters by kind of failure: an exception class name, "path" or "none", so the map stays small. */
    private final Map<String, LogLimiter> logLimiters = new ConcurrentHashMap<>();

    private ServerErrorHandler(int status, String paths, String allow) {
        this.status = status;
        this.paths = paths;
        this.allow = allow;
    }

    /**
     * Sets the handlers of 400, 404, 405 and 500 on {@code router}. {@code paths} names, for a client that reached no
     * route, where the server's routes are, as in {@code "Events go to POST /privyr/events"}. {@code allow} is the
     * Allow header of a 405, for a server whose paths all accept the same methods, or null to send none.
     */
    public static void install(Router router, String paths, String allow) {
        for (int status : new int[] {400, 404, 405, 500}) {
            router.errorHandler(status, new ServerErrorHandler(status, paths, allow));
        }
    }

    @Override
    public void handle(RoutingContext context) {
        if (context.response().headWritten()) {
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        switch (status) {
            case 400 -> badRequest(context, body);
            case 404 -> {
                body.put("error", "not_found");
                body.put("reason", "No route serves this path. " + paths);
            }
            case 405 -> {
                if (servesHeadAsGet(context)) {
                    return;
                }
                if (allow != null) {
                    context.response().putHeader(HttpHeaders.ALLOW, allow);
                }
                body.put("error", "method_not_allowed");
                body.put("reason", "This path does not accept the method " + context.request().method().name()
                        + ". " + paths);
            }
            default -> {
                long heldBack = tryLog(failureKind(context));
                if (heldBack >= 0) {
                    LOG.error("The HTTP server failed to handle a request to {} and answered 500"
                            + LogLimiter.heldBackNote(heldBack), Masking.maskPersonalData(context.request().path()),
                            context.failure());
                }
                body.put("error", "internal_error");
                body.put("reason", "The server failed to handle the request; its log names the cause");
            }
        }
        context.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body.toString());
    }

    /**
     * Serves a HEAD request as its GET when the server's paths accept GET, for monitors that check health with HEAD.
     * Vert.x sends the GET's status and headers without the body, because the request's own method is HEAD.
     */
    private boolean servesHeadAsGet(RoutingContext context) {
        if (allow == null || !allow.contains("HEAD") || context.request().method() != HttpMethod.HEAD) {
            return false;
        }
        // A request target in absolute form (http://host/path) makes reroute throw, so the GET gets the path and query.
        String query = context.request().query();
        String target = query == null ? context.request().path() : context.request().path() + "?" + query;
        context.reroute(HttpMethod.GET, target);
        return true;
    }

    private void badRequest(RoutingContext context, ObjectNode body) {
        body.put("error", "invalid_request");
        String what;
        String kind;
        if (hasBrokenEscape(context.request().path())) {
            kind = "path";
            body.put("field", "path");
            body.put("reason", INVALID_PATH);
            what = "its path has a '%' that is not followed by two hexadecimal digits";
        } else {
            body.put("reason", "The server could not read the request line or headers; check the request's"
                    + " encoding");
            what = "the server could not read it (" + (context.failure() == null ? "no cause given"
                    : context.failure().getClass().getSimpleName()) + ")";
            kind = failureKind(context);
        }
        long heldBack = tryLog(kind);
        if (heldBack >= 0) {
            LOG.info("Rejected a request with 400 invalid_request: {}{}", what, LogLimiter.heldBackNote(heldBack));
        }
    }

    /** Returns the held-back count of {@link LogLimiter#tryLog} for this kind of failure, or -1 to skip the line. */
    private long tryLog(String kind) {
        return logLimiters.computeIfAbsent(kind, any -> new LogLimiter(LOG_INTERVAL)).tryLog();
    }

    private static String failureKind(RoutingContext context) {
        return context.failure() == null ? "none" : context.failure().getClass().getName();
    }

    /** Returns true when a {@code %} in {@code path} is not followed by two hexadecimal digits. */
    static boolean hasBrokenEscape(String path) {
        if (path == null) {
            return false;
        }
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
                    || Character.digit(path.charAt(i + 2), 16) < 0) {
                return true;
            }
        }
        return false;
    }
}
