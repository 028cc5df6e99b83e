package org.privyrghlsync.admin;

import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.privyrghlsync.events.LogLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First step of every admin API route. It keeps the request's method, path, id, query and body as the exchange
 * property {@link AdminRequest#PROPERTY}, removes every request header and the body, so that nothing from the
 * request is echoed in the response, and then checks the {@code Authorization: Bearer} token.
 *
 * <p>Without a configured token the admin API is disabled and every request gets 503. The tokens are compared as
 * SHA-256 digests with {@link MessageDigest#isEqual}, which takes the same time wherever they differ. The token is
 * never logged.
 */
public final class AdminAuth implements Processor {

    /** Shortest token accepted by the runtime's configuration check. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private static final Logger LOG = LoggerFactory.getLogger(AdminAuth.class);

    private final byte[] tokenDigest;
    private final AtomicLong rejected = new AtomicLong();
    private final LogLimiter logLimiter = new LogLimiter(Duration.ofMinutes(1));

    /** @param token the configured admin token; empty disables the admin API */
    public AdminAuth(String token) {
        this.tokenDigest = token == null || token.isEmpty() ? null : sha256(token);
    }

    /** Returns true when a token is configured. */
    public boolean enabled() {
        return tokenDigest != null;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        List<String> authorizations = new ArrayList<>();
        AdminRequest request = read(message, authorizations);
        message.removeHeaders("*");
        message.setBody(null);
        exchange.setProperty(AdminRequest.PROPERTY, request);
        if (tokenDigest == null) {
            throw new AdminException(503, "admin_disabled", "The admin API is disabled because no admin token is"
                    + " configured; set ADMIN_TOKEN (sync.admin.token) to a random value of at least "
                    + MIN_TOKEN_LENGTH + " characters and restart the runtime");
        }
        if (authorizations.size() > 1) {
            throw unauthorized("the request has " + authorizations.size() + " Authorization headers");
        }
        String presented = authorizations.isEmpty() ? null : bearerToken(authorizations.get(0));
        if (presented == null) {
            throw unauthorized("the request has no 'Authorization: Bearer <token>' header");
        }
        if (!MessageDigest.isEqual(tokenDigest, sha256(presented))) {
            throw unauthorized("the admin token is wrong");
        }
    }

    /**
     * Reads the request behind {@code message} and adds its Authorization headers to {@code authorizations}.
     *
     * <p>On the platform-http server the method, path, query and headers come from the Vert.x request itself.
     * Camel's message headers are not used there, because platform-http also copies query parameters into them, so
     * that {@code ?Authorization=Bearer ...} would pose as the header.
     */
    private static AdminRequest read(Message message, List<String> authorizations) {
        byte[] body = message.getBody(byte[].class);
        body = body == null ? new byte[0] : body;
        String pathId = message.getHeader("id", String.class);
        if (message instanceof HttpMessage http && http.getRequest() != null) {
            HttpServerRequest request = http.getRequest();
            authorizations.addAll(request.headers().getAll("Authorization"));
            return new AdminRequest(request.method().name(), request.path(), pathId, request.query(),
                    List.copyOf(request.headers().getAll("Content-Type")), body);
        }
        String authorization = message.getHeader("Authorization", String.class);
        if (authorization != null) {
            authorizations.add(authorization);
        }
        String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        return new AdminRequest(message.getHeader(Exchange.HTTP_METHOD, String.class),
                message.getHeader(Exchange.HTTP_PATH, String.class), pathId,
                message.getHeader(Exchange.HTTP_QUERY, String.class),
                contentType == null ? List.of() : List.of(contentType), body);
    }

    private AdminException unauthorized(String reason) {
        long count = rejected.incrementAndGet();
        if (logLimiter.tryLog() >= 0) {
            LOG.warn("Rejected an admin API request with 401: {} ({} rejected since start; logged at most once a"
                    + " minute)", reason, count);
        }
        return new AdminException(401, "unauthorized", "Authentication failed: " + reason + ". Send the token of"
                + " ADMIN_TOKEN (sync.admin.token) as 'Authorization: Bearer <token>'");
    }

    private static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        // RFC 6750 allows one or more spaces after the scheme and a token without white space; HTTP ignores white
        // space at the end of a header value.
        String token = authorization.substring(7).strip();
        return token.isEmpty() || token.chars().anyMatch(c -> c <= ' ' || c == 0x7F) ? null : token;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }
}
