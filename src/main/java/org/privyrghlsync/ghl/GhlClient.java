package org.privyrghlsync.ghl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.privyrghlsync.store.LeaseLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls GHL's API v2 through the {@code direct:ghl-call} route, which owns the rate limiter, the token processor and
 * the redelivery policy. After a 401 about the token, the client refreshes the token once and calls once more.
 */
public final class GhlClient {

    private static final Logger LOG = LoggerFactory.getLogger(GhlClient.class);
    public static final String CALL_ENDPOINT = "direct:ghl-call";

    private final ProducerTemplate template;
    private final TokenProvider tokens;
    private final ObjectMapper json;
    private final LocationAccess access;
    /** Looked up once: given as a string, Camel would normalise the URI and look it up on every call. */
    private final Endpoint callEndpoint;

    public GhlClient(ProducerTemplate template, TokenProvider tokens, ObjectMapper json, LocationAccess access) {
        this.template = template;
        this.tokens = tokens;
        this.json = json;
        this.access = access;
        this.callEndpoint = template.getCamelContext().getEndpoint(CALL_ENDPOINT);
    }

    /**
     * Sends one request and returns GHL's response.
     *
     * @param path path below the API base URL, such as {@code /contacts/upsert}
     * @param query raw query string without {@code ?}, already URL-encoded, or null
     * @param body request body, serialised as JSON; null for none
     * @throws GhlException when GHL answers an error status after the retries the policy allows
     * @throws GhlAccessDeniedException when GHL denied the location's token, now or before
     */
    public GhlResponse send(String locationId, String method, String path, String query, Object body) {
        return send(locationId, method, path, query, body, false);
    }

    /**
     * Sends a request that creates something GHL cannot deduplicate, such as a task or a note. A connection error or
     * a 5xx is not resent, because GHL may have stored the item before the failure; the caller checks before trying
     * again. A 429 is still retried, because GHL rejected the request before acting on it.
     */
    public GhlResponse sendOnce(String locationId, String method, String path, String query, Object body) {
        return send(locationId, method, path, query, body, true);
    }

    private GhlResponse send(String locationId, String method, String path, String query, Object body,
            boolean once) {
        boolean probe = access.requireAllowed(locationId);
        byte[] payload = body == null ? null : toJson(body);
        Exchange result = attempt(locationId, method, path, query, payload, once);
        HttpOperationFailedException failure = result.getException(HttpOperationFailedException.class);
        if (failure != null && failure.getStatusCode() == 401 && isAboutToken(failure.getResponseBody())) {
            String usedToken = result.getProperty(GhlProperties.ACCESS_TOKEN_USED, String.class);
            if (tokens.invalidate(locationId, usedToken)) {
                LOG.info("GHL rejected the access token of location {} on {} {}; refreshed it, calling once more",
                        locationId, method, path);
                result = attempt(locationId, method, path, query, payload, once);
            }
        }
        if (result.getException() != null) {
            RuntimeException error = toGhlException(method, path, result.getException(),
                    result.getProperty(GhlProperties.ACCESS_TOKEN_USED, String.class));
            if (error instanceof GhlException ghl && LocationAccess.isDenial(ghl.status(), ghl.ghlMessage())
                    && deniesLocation(locationId, ghl, path, query, payload)) {
                // Without GHL's exception as its cause: callers that look for a GhlException among the causes
                // would take the denial for a rejected request.
                throw access.deny(locationId, ghl.status() + " " + ghl.ghlMessage(),
                        LocationAccess.operation(method, path), probe);
            }
            if (probe && error instanceof GhlException ghl && passedAccessCheck(ghl.status())
                    && namesLocation(locationId, path, query, payload)) {
                // GHL checks the token's location and scopes before it validates the request. A request about one
                // contact that does not exist gets 400 without that check, so it must name the location.
                access.probeAccepted(locationId, LocationAccess.operation(method, path));
            }
            throw error;
        }
        if (probe) {
            access.probeAccepted(locationId, LocationAccess.operation(method, path));
        }
        Integer status = result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        // camel-http returns a small response as bytes and a larger one as a stream cache, read here as bytes.
        byte[] responseBody = result.getMessage().getBody(byte[].class);
        return new GhlResponse(status == null ? 200 : status, parse(responseBody));
    }

    /**
     * Returns the query of {@code GET /contacts/} for one contact of the location, the cheapest call that names the
     * location and so shows whether the token may call it.
     */
    static String firstContactQuery(String locationId) {
        return "locationId=" + URLEncoder.encode(locationId, StandardCharsets.UTF_8) + "&limit=1";
    }

    /**
     * Returns whether a response status shows that GHL accepted the call's token before it rejected the call. That is
     * a 4xx other than 401, 403 and 429, such as 400 for a contact that does not exist or 422 for an invalid field.
     */
    private static boolean passedAccessCheck(int status) {
        return status >= 400 && status < 500 && status != 401 && status != 403 && status != 429;
    }

    /**
     * Returns whether a denial of the call denies the token the whole location. A 401 about a scope or a token class
     * always does. GHL also sends its 403 "The token does not have access to this location." for one contact of
     * another location. So a 403 counts when the request named the location, when the location is denied already,
     * or when {@code GET /contacts/?locationId=...&limit=1} gets it too.
     */
    private boolean deniesLocation(String locationId, GhlException denial, String path, String query,
            byte[] payload) {
        if (denial.status() == 401 || access.isDenied(locationId) || namesLocation(locationId, path, query, payload)) {
            return true;
        }
        Exchange check = attempt(locationId, "GET", "/contacts/", firstContactQuery(locationId), null, false);
        HttpOperationFailedException failure = check.getException(HttpOperationFailedException.class);
        return failure != null && LocationAccess.isDenial(failure.getStatusCode(),
                errorMessage(failure.getResponseBody()));
    }

    private Exchange attempt(String locationId, String method, String path, String query, byte[] payload,
            boolean once) {
        return template.send(callEndpoint, exchange -> {
            exchange.setProperty(GhlProperties.LOCATION_ID, locationId);
            if (once) {
                exchange.setProperty(GhlProperties.SEND_ONCE, Boolean.TRUE);
            }
            // The enum spares camel-http a String-to-enum type conversion on every call.
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(method));
            exchange.getMessage().setHeader(Exchange.HTTP_PATH, path);
            if (query != null) {
                exchange.getMessage().setHeader(Exchange.HTTP_QUERY, query);
            }
            if (payload != null) {
                exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            }
            exchange.getMessage().setBody(payload);
        });
    }

    /**
     * Returns whether the request names its location: {@code locationId} in the query or the JSON body, or
     * {@code /locations/{id}} in the path. A 403 to such a request denies the token the whole location, unlike a 403
     * to a request about one record, such as a contact of another location.
     */
    private boolean namesLocation(String locationId, String path, String query, byte[] payload) {
        if (path.startsWith("/locations/" + locationId)) {
            return true;
        }
        if (query != null) {
            for (String parameter : query.split("&")) {
                if (parameter.equals("locationId=" + URLEncoder.encode(locationId, StandardCharsets.UTF_8))) {
                    return true;
                }
            }
        }
        return parse(payload).path("locationId").asText("").equals(locationId);
    }

    /**
     * Returns the exception for a failed call. GHL's message and body lose the call's token and anything that looks
     * like a token ({@link SecretRedaction}), because they reach the log and the dead letter.
     */
    private RuntimeException toGhlException(String method, String path, Exception cause, String usedToken) {
        for (Throwable step = cause; step != null; step = step.getCause()) {
            if (step instanceof TokenRefreshException tokenFailure) {
                // Not a GHL response to this call: the call was never sent because no token could be obtained.
                return tokenFailure;
            }
            if (step instanceof DailyBudgetSpentException budgetSpent) {
                // Not a GHL response either: the limiter did not send the call.
                return budgetSpent;
            }
            if (step instanceof LeaseLostException leaseLost) {
                // Nor this: another runtime holds the event's partition now, and the call was not sent.
                return leaseLost;
            }
        }
        if (cause instanceof HttpOperationFailedException http) {
            String message = SecretRedaction.redact(errorMessage(http.getResponseBody()), usedToken);
            return new GhlException("GHL returned " + http.getStatusCode() + " for " + method + " " + path
                    + (message == null ? "" : ": " + message), http.getStatusCode(), message,
                    SecretRedaction.redactBody(http.getResponseBody(), usedToken), cause);
        }
        return new GhlException("Calling GHL " + method + " " + path + " failed: " + cause, 0, null, null, cause);
    }

    /** Returns GHL's error {@code message}, joining the array form that 422 responses use. */
    public String errorMessage(String responseBody) {
        JsonNode body = parse(responseBody);
        JsonNode message = body.path("message");
        if (message.isArray()) {
            StringBuilder joined = new StringBuilder();
            message.forEach(item -> joined.append(joined.length() == 0 ? "" : "; ").append(item.asText()));
            return joined.toString();
        }
        if (message.isTextual()) {
            return message.asText();
        }
        JsonNode error = body.path("error_description").isMissingNode() ? body.path("error")
                : body.path("error_description");
        return error.isTextual() ? error.asText() : null;
    }

    private boolean isAboutToken(String responseBody) {
        String message = errorMessage(responseBody);
        if (message == null) {
            return false;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("invalid token") || lower.contains("invalid jwt") || lower.contains("token expired")
                || lower.contains("jwt expired") || lower.contains("access token is invalid");
    }

    private JsonNode parse(String body) {
        return body == null ? MissingNode.getInstance() : parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode tree = json.readTree(body);
            return tree == null ? MissingNode.getInstance() : tree;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** Returns the request body as UTF-8 JSON bytes, which camel-http sends as they are. */
    private byte[] toJson(Object body) {
        try {
            return body instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise a GHL request body: " + e.getOriginalMessage(), e);
        }
    }
}
