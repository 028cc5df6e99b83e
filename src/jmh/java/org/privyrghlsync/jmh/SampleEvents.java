package org.privyrghlsync.jmh;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Event bodies of the shape and size that bench/LoadDriver.java posts, for the benchmarks. */
final class SampleEvents {

    /** Shared secret of the benchmarks, at least the 16 bytes that WebhookSignature requires. */
    static final byte[] SECRET = "jmh-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private SampleEvents() {
    }

    /**
     * Returns a client.created body of about 540 bytes with two groups and the Budget and Timeline form fields.
     * {@code occurred_at} is one hour ago, inside the parser's window for past and future instants.
     */
    static byte[] clientCreated(long clientId, String budget) {
        String occurredAt = Instant.now().minusSeconds(3600).toString();
        String json = "{\"schema_version\":\"1\",\"event_id\":\"jmh-" + clientId + "\","
                + "\"event_type\":\"client.created\",\"occurred_at\":\"" + occurredAt + "\","
                + "\"account_id\":\"privyr-bench-team\",\"source\":\"privyr-relay\",\"data\":{\"client\":{"
                + "\"id\":" + clientId + ",\"name\":\"Kavya Chatterjee\",\"display_name\":\"Kavya\","
                + "\"email\":\"kavya.chatterjee." + clientId + "@example.com\",\"phone\":\"+919812345678\","
                + "\"source\":\"Facebook Lead Ads\",\"groups\":[\"Hot Leads\",\"Pune\"],"
                + "\"other_fields\":{\"Budget\":\"" + budget + "\",\"Timeline\":\"Within 3 months\"},"
                + "\"created_at\":\"" + occurredAt + "\",\"updated_at\":\"" + occurredAt + "\"}}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
