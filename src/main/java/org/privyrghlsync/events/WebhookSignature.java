package org.privyrghlsync.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifier of the {@code X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>} header that signs each event request.
 *
 * <p>The signed message is the ASCII decimal timestamp, a dot, and the raw body bytes. One header may carry several
 * {@code v1} entries so that a producer can sign with the old and the new secret while the secret is rotated; one
 * match suffices. Keys other than {@code t} and {@code v1} are ignored. Instances are thread-safe.
 */
public final class WebhookSignature {

    /** Name of the HTTP header that carries the signature. */
    public static final String HEADER_NAME = "X-Signature";

    /** Environment variable that contains the shared secret. */
    public static final String SECRET_ENV_VAR = "PRIVYR_WEBHOOK_SECRET";

    /** Default maximum distance between the header timestamp and the receiver clock, in seconds. */
    public static final long DEFAULT_TOLERANCE_SECONDS = 300;

    /** Minimum secret length in bytes. */
    public static final int MIN_SECRET_BYTES = 16;

    /** Maximum header length in characters; longer headers are rejected before any HMAC is computed. */
    static final int MAX_HEADER_CHARS = 2048;

    /** Maximum number of {@code v1} entries checked, which bounds the work per request. */
    static final int MAX_SIGNATURES = 8;

    private static final String ALGORITHM = "HmacSHA256";
    private static final int SIGNATURE_HEX_CHARS = 64;
    private static final int MAX_TIMESTAMP_DIGITS = 12;
    private static final String EXPECTED_FORMAT = "expected t=<unix seconds>,v1=<64 hex digits>";

    private final SecretKeySpec key;
    private final long toleranceSeconds;
    private final ThreadLocal<Mac> macs;

    /**
     * Creates a verifier.
     *
     * @param secret the shared secret, at least {@link #MIN_SECRET_BYTES} bytes and not only whitespace
     * @param toleranceSeconds maximum distance in seconds between the header timestamp and the receiver clock
     * @throws IllegalArgumentException if the secret is missing, blank or too short, or the tolerance is negative
     */
    public WebhookSignature(byte[] secret, long toleranceSeconds) {
        this.key = new SecretKeySpec(checkSecret(secret), ALGORITHM);
        if (toleranceSeconds < 0) {
            throw new IllegalArgumentException(
                    "Signature tolerance must be zero or more seconds, but was " + toleranceSeconds);
        }
        this.toleranceSeconds = toleranceSeconds;
        this.macs = ThreadLocal.withInitial(() -> newMac(key));
    }

    /**
     * Computes a complete header value for {@code body} signed at {@code t}, for producers, the demo and tests.
     *
     * @return a header value of the form {@code t=<t>,v1=<64 lower-case hex digits>}
     */
    public static String sign(byte[] secret, long t, byte[] body) {
        Mac mac = newMac(new SecretKeySpec(checkSecret(secret), ALGORITHM));
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(hmac(mac, t, body));
    }

    /**
     * Verifies the {@code X-Signature} header against the raw body, given every value the request carried.
     *
     * @param headerValues the values of each {@code X-Signature} header line, empty when the header is absent
     * @throws SignatureException as {@link #verify(String, byte[], long)} does, and as a malformed header when the
     *     header was sent more than once, because a proxy and the receiver could then read different signatures
     */
    public void verify(List<String> headerValues, byte[] body, long nowEpochSeconds) {
        if (headerValues.size() > 1) {
            throw new SignatureException(SignatureException.Failure.MALFORMED_HEADER, HEADER_NAME + " header is"
                    + " malformed because it was sent " + headerValues.size() + " times; send it once, with several"
                    + " v1 entries in that one header while rotating the secret");
        }
        verify(headerValues.isEmpty() ? null : headerValues.get(0), body, nowEpochSeconds);
    }

    /**
     * Verifies the header against the raw body.
     *
     * @param headerValue the {@code X-Signature} value, or {@code null} when the header is absent
     * @param body the request body exactly as received
     * @param nowEpochSeconds the receiver clock in Unix seconds
     * @throws SignatureException naming the failed check: missing header, malformed header, timestamp out of
     *     tolerance, or signature mismatch
     */
    public void verify(String headerValue, byte[] body, long nowEpochSeconds) {
        if (headerValue == null || headerValue.isBlank()) {
            throw new SignatureException(SignatureException.Failure.MISSING_HEADER,
                    HEADER_NAME + " header is missing; sign each request with the secret in " + SECRET_ENV_VAR);
        }
        ParsedHeader header = ParsedHeader.parse(headerValue);
        long skew = Math.abs(nowEpochSeconds - header.timestamp);
        if (skew > toleranceSeconds) {
            String direction = header.timestamp > nowEpochSeconds ? "ahead of" : "behind";
            throw new SignatureException(SignatureException.Failure.TIMESTAMP_OUT_OF_TOLERANCE,
                    HEADER_NAME + " timestamp is " + skew + " seconds " + direction + " the receiver clock;"
                            + " the maximum is " + toleranceSeconds + " seconds, so sign each request when it is sent");
        }
        byte[] expected = hmac(macs.get(), header.timestamp, body);
        boolean matched = false;
        for (byte[] candidate : header.signatures) {
            // Check every entry, so the time taken does not reveal which entry matched.
            matched |= MessageDigest.isEqual(expected, candidate);
        }
        if (!matched) {
            throw new SignatureException(SignatureException.Failure.SIGNATURE_MISMATCH,
                    "no v1 signature in " + HEADER_NAME + " matches the body; check that the producer uses the"
                            + " same " + SECRET_ENV_VAR + " and signs the body bytes exactly as sent");
        }
    }

    private static byte[] checkSecret(byte[] secret) {
        if (secret == null || secret.length == 0 || new String(secret, StandardCharsets.UTF_8).isBlank()) {
            throw new IllegalArgumentException(SECRET_ENV_VAR + " is missing or blank; set it to a random value of"
                    + " at least " + MIN_SECRET_BYTES + " bytes, for example the output of `openssl rand -hex 32`");
        }
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(SECRET_ENV_VAR + " is " + secret.length + " bytes long; it must be at"
                    + " least " + MIN_SECRET_BYTES + " bytes, for example the output of `openssl rand -hex 32`");
        }
        return secret.clone();
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            // Every Java SE runtime must provide HmacSHA256, so this means a broken JDK.
            throw new IllegalStateException(ALGORITHM + " is not available in this Java runtime", e);
        }
    }

    private static byte[] hmac(Mac mac, long t, byte[] body) {
        mac.reset();
        mac.update(Long.toString(t).getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '.');
        mac.update(body);
        return mac.doFinal();
    }

    /** The timestamp and the decoded {@code v1} signatures of one header value. */
    private record ParsedHeader(long timestamp, List<byte[]> signatures) {

        static ParsedHeader parse(String headerValue) {
            if (headerValue.length() > MAX_HEADER_CHARS) {
                throw malformed("it is longer than " + MAX_HEADER_CHARS + " characters");
            }
            Long timestamp = null;
            List<byte[]> signatures = new ArrayList<>();
            for (String item : headerValue.split(",", -1)) {
                int equals = item.indexOf('=');
                if (equals <= 0) {
                    throw malformed("an entry is not of the form key=value");
                }
                String name = item.substring(0, equals).trim();
                String value = item.substring(equals + 1).trim();
                if (name.equals("t")) {
                    if (timestamp != null) {
                        throw malformed("t appears more than once");
                    }
                    timestamp = parseTimestamp(value);
                } else if (name.equals("v1")) {
                    signatures.add(parseSignature(value));
                    if (signatures.size() > MAX_SIGNATURES) {
                        throw malformed("it has more than " + MAX_SIGNATURES + " v1 entries");
                    }
                }
            }
            if (timestamp == null) {
                throw malformed("the t entry is missing");
            }
            if (signatures.isEmpty()) {
                throw malformed("no v1 entry is present");
            }
            return new ParsedHeader(timestamp, signatures);
        }

        private static long parseTimestamp(String value) {
            boolean digitsOnly = value.chars().allMatch(c -> c >= '0' && c <= '9');
            if (value.isEmpty() || value.length() > MAX_TIMESTAMP_DIGITS || !digitsOnly) {
                throw malformed("t must be Unix time in whole seconds, such as 1741944413");
            }
            return Long.parseLong(value);
        }

        private static byte[] parseSignature(String value) {
            if (value.length() != SIGNATURE_HEX_CHARS) {
                throw malformed("v1 must be " + SIGNATURE_HEX_CHARS + " hex digits");
            }
            try {
                return HexFormat.of().parseHex(value);
            } catch (IllegalArgumentException e) {
                throw malformed("v1 must be " + SIGNATURE_HEX_CHARS + " hex digits");
            }
        }

        private static SignatureException malformed(String detail) {
            return new SignatureException(SignatureException.Failure.MALFORMED_HEADER,
                    HEADER_NAME + " header is malformed because " + detail + "; " + EXPECTED_FORMAT);
        }
    }
}
