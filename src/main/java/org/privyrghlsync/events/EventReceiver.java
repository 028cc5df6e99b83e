package org.privyrghlsync.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.privyrghlsync.mapping.Masking;
import org.privyrghlsync.store.InboxEntry;
import org.privyrghlsync.sync.LocationResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles {@code POST /privyr/events}. It checks method, content type, size and signature, validates the envelope,
 * and responds 202 only after the event is committed to the inbox (200 when its event_id was stored before). A
 * rejected request stores nothing. Every request header is removed before the response, so nothing from the request is echoed
 * back or reaches a later call.
 */
public final class EventReceiver implements Processor {

    /** The {@code error} code of a 413 response, shared with {@link PayloadTooLargeHandler}. */
    static final String PAYLOAD_TOO_LARGE = "payload_too_large";

    private static final Logger LOG = LoggerFactory.getLogger(EventReceiver.class);
    private static final int MAX_ECHOED_CHARS = 60;
    private static final String OTHER_FIELDS = "other_fields.";

    private final EnvelopeParser parser;
    private final WebhookSignature signature;
    private final InboxWriter writer;
    private final LocationResolver locations;
    private final ObjectMapper json;
    private final int maxBodyBytes;
    private final long storeTimeoutMillis;
    private final Clock clock;
    private final Map<String, LogLimiter> unsignedLogLimiters = new ConcurrentHashMap<>();

    public EventReceiver(EnvelopeParser parser, WebhookSignature signature, InboxWriter writer,
            LocationResolver locations, ObjectMapper json, int maxBodyBytes, long storeTimeoutMillis, Clock clock) {
        this.parser = parser;
        this.signature = signature;
        this.writer = writer;
        this.locations = locations;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
        this.storeTimeoutMillis = storeTimeoutMillis;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        RequestHeaders headers = RequestHeaders.of(message);
        byte[] body = message.getBody(byte[].class);
        message.removeHeaders("*");
        message.setBody(null);
        receive(message, headers, body == null ? new byte[0] : body);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    private void receive(Message message, RequestHeaders headers, byte[] body) {
        if (!headers.method().equals("POST")) {
            message.setHeader("Allow", "POST");
            rejectUnsigned(message, 405, "method_not_allowed", null, "Only POST is accepted here; got "
                    + clip(headers.method()));
            return;
        }
        String mediaTypeProblem = mediaTypeProblem(headers);
        if (mediaTypeProblem != null) {
            rejectUnsigned(message, 415, "unsupported_media_type", null, mediaTypeProblem);
            return;
        }
        if (body.length > maxBodyBytes) {
            rejectUnsigned(message, 413, PAYLOAD_TOO_LARGE, null, "the body is " + body.length + " bytes; the limit is "
                    + maxBodyBytes + " bytes (privyr.max-body-size)");
            return;
        }
        try {
            signature.verify(headers.signatures(), body, clock.instant().getEpochSecond());
        } catch (SignatureException e) {
            rejectUnsigned(message, 401, "invalid_signature", e.failure(), e.reason());
            return;
        }
        EventEnvelope event;
        try {
            event = parser.parse(body);
        } catch (InvalidEventException e) {
            LOG.info("Rejected an event with 400: field '{}' {}", maskField(e.field()),
                    Masking.maskPersonalData(e.reason()));
            respond(message, 400, invalidEventBody(e));
            return;
        }
        String locationId = locations.locationFor(event.accountId());
        if (locationId == null) {
            reject(message, 400, "invalid_event", "account_id", "no GHL location is configured for account '"
                    + clip(event.accountId()) + "'; add it to privyr.account-locations or set GHL_LOCATION_ID");
            return;
        }
        store(message, event, locationId);
    }

    /**
     * Returns why the body's media type is not accepted, or {@code null}. The request must carry exactly one JSON
     * Content-Type and no Content-Encoding other than {@code identity}, because the signature and the stored copy
     * cover the bytes as sent.
     */
    private static String mediaTypeProblem(RequestHeaders headers) {
        List<String> contentTypes = headers.contentTypes();
        if (contentTypes.isEmpty()) {
            return "Content-Type must be application/json; got none";
        }
        if (contentTypes.size() > 1) {
            return "Content-Type must be sent once, as application/json; got " + contentTypes.size() + " headers";
        }
        if (!isJson(contentTypes.get(0))) {
            return "Content-Type must be application/json; got '" + clip(contentTypes.get(0)) + "'";
        }
        for (String encoding : headers.contentEncodings()) {
            if (!encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
                return "Content-Encoding '" + clip(encoding) + "' is not supported; send the body uncompressed";
            }
        }
        return null;
    }

    private void store(Message message, EventEnvelope event, String locationId) {
        InboxEntry stored;
        try {
            stored = writer.storeAndWait(event, locationId, clock.instant(), storeTimeoutMillis);
        } catch (ExecutionException | TimeoutException e) {
            LOG.error("Event {} could not be stored; responding 503: {}", event.eventId(),
                    e instanceof ExecutionException ? Masking.maskPersonalData(e.getCause().toString()) : "timed out");
            reject(message, 503, "store_unavailable", null, "the event could not be stored; retry later");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reject(message, 503, "store_unavailable", null, "the receiver is shutting down; retry later");
            return;
        }
        // An event_id contains only A-Z, a-z, 0-9 and . _ : - (EnvelopeParser), so it needs no JSON escaping.
        boolean duplicate = stored == null;
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, duplicate ? 200 : 202);
        message.setBody("{\"event_id\":\"" + event.eventId() + "\",\"status\":\""
                + (duplicate ? "duplicate" : "accepted") + "\"}");
    }

    /** Builds the 400 body; the offending value is echoed with emails and phone numbers masked. */
    private ObjectNode invalidEventBody(InvalidEventException e) {
        ObjectNode body = json.createObjectNode();
        body.put("error", "invalid_event");
        body.put("field", maskField(e.field()));
        body.put("reason", Masking.maskPersonalData(e.reason()));
        if (e.value() != null) {
            body.put("value", isContactField(e.field()) ? Masking.maskText(e.value())
                    : Masking.maskPersonalData(e.value()));
        }
        return body;
    }

    /**
     * Returns the field's path with the keys below {@code other_fields} masked, because such a key is the producer's
     * own text and may be an email address or phone number.
     */
    private static String maskField(String field) {
        if (field == null) {
            return null;
        }
        int keys = field.indexOf(OTHER_FIELDS);
        return keys < 0 ? field : field.substring(0, keys + OTHER_FIELDS.length())
                + Masking.maskPersonalData(field.substring(keys + OTHER_FIELDS.length()));
    }

    private static boolean isContactField(String field) {
        return field != null && (field.endsWith("email") || field.endsWith("phone") || field.endsWith("number"));
    }

    /**
     * Rejects a request before its signature was checked, or whose signature failed, and logs at most one line a
     * minute for each status and failed signature check, because anyone who reaches the port can send such requests.
     * Each signature check has its own limit, so requests without a signature do not hide a producer that signs with
     * another secret or a skewed clock.
     *
     * @param failure the failed signature check of a 401, or null for other statuses
     */
    private void rejectUnsigned(Message message, int status, String error, SignatureException.Failure failure,
            String reason) {
        String kind = failure == null ? Integer.toString(status) : status + " " + failure;
        long heldBack = unsignedLogLimiters.computeIfAbsent(kind, any -> new LogLimiter(Duration.ofMinutes(1)))
                .tryLog();
        if (heldBack >= 0) {
            LOG.info("Rejected a request with {} {}: {}{}", status, error, Masking.maskPersonalData(reason),
                    LogLimiter.heldBackNote(heldBack));
        }
        respond(message, status, errorBody(error, null, reason));
    }

    private void reject(Message message, int status, String error, String field, String reason) {
        LOG.info("Rejected an event with {} {}: {}", status, error, Masking.maskPersonalData(reason));
        respond(message, status, errorBody(error, field, reason));
    }

    private ObjectNode errorBody(String error, String field, String reason) {
        ObjectNode body = json.createObjectNode();
        body.put("error", error);
        if (field != null) {
            body.put("field", field);
        }
        body.put("reason", reason);
        return body;
    }

    private void respond(Message message, int status, ObjectNode body) {
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setBody(body.toString());
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || (mediaType.startsWith("application/")
                && mediaType.endsWith("+json"));
    }

    /** Returns the first 60 characters of a request value for an error message, control characters as '?'. */
    private static String clip(String value) {
        int end = Math.min(value.length(), MAX_ECHOED_CHARS);
        StringBuilder printable = new StringBuilder(end + 3);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            printable.append(Character.isISOControl(c) ? '?' : c);
        }
        return value.length() > end ? printable.append("...").toString() : printable.toString();
    }
}
