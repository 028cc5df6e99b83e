package org.privyrghlsync.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    static final byte[] SECRET = "demo-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    static final byte[] OTHER_SECRET = "rotated-secret-fedcba9876543210".getBytes(StandardCharsets.UTF_8);
    static final long NOW = 1_741_944_420L;
    static final byte[] BODY = ("{\"schema_version\":\"1\",\"event_id\":\"evt-doc-0001\","
            + "\"event_type\":\"client.created\","
            + "\"occurred_at\":\"2025-03-14T09:26:53Z\",\"account_id\":\"privyr-demo-team\","
            + "\"data\":{\"client\":{\"id\":\"10000001\",\"name\":\"Asha Rao\"}}}").getBytes(StandardCharsets.UTF_8);

    private final WebhookSignature verifier = new WebhookSignature(SECRET, 300);

    private SignatureException failure(String header, byte[] body, long now) {
        SignatureException e = catchThrowableOfType(SignatureException.class,
                () -> verifier.verify(header, body, now));
        assertThat(e).as("expected SignatureException for header %s", header).isNotNull();
        assertThat(e.reason()).doesNotContain(new String(SECRET, StandardCharsets.UTF_8));
        return e;
    }

    @Test
    void documentedExampleMatchesOpenssl() {
        // The same values appear in docs/events.md, computed there with openssl dgst -sha256 -hmac.
        assertThat(WebhookSignature.sign(SECRET, NOW, BODY)).isEqualTo(
                "t=1741944420,v1=a226e4edb6c3e071b4d2e7392ceec2a22ee7fccb2d846142008b08c048fba07d");
    }

    @Test
    void validSignatureIsAccepted() {
        String header = WebhookSignature.sign(SECRET, NOW, BODY);

        assertThatCode(() -> verifier.verify(header, BODY, NOW)).doesNotThrowAnyException();
    }

    @Test
    void upperCaseHexAndSpacesAreAccepted() {
        String header = WebhookSignature.sign(SECRET, NOW, BODY).toUpperCase().replace("T=", "t=")
                .replace("V1=", " v1 = ");

        assertThatCode(() -> verifier.verify(header, BODY, NOW)).doesNotThrowAnyException();
    }

    @Test
    void tamperedBodyIsRejected() {
        String header = WebhookSignature.sign(SECRET, NOW, BODY);
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("Asha", "Asha ")
                .getBytes(StandardCharsets.UTF_8);

        SignatureException e = failure(header, tampered, NOW);

        assertThat(e.failure()).isEqualTo(SignatureException.Failure.SIGNATURE_MISMATCH);
        assertThat(e.reason()).contains("no v1 signature").contains("PRIVYR_WEBHOOK_SECRET");
    }

    @Test
    void wrongSecretIsRejected() {
        String header = WebhookSignature.sign(OTHER_SECRET, NOW, BODY);

        SignatureException e = failure(header, BODY, NOW);

        assertThat(e.failure()).isEqualTo(SignatureException.Failure.SIGNATURE_MISMATCH);
    }

    @Test
    void changedTimestampIsRejected() {
        String header = WebhookSignature.sign(SECRET, NOW, BODY).replace("t=" + NOW, "t=" + (NOW + 1));

        SignatureException e = failure(header, BODY, NOW);

        assertThat(e.failure()).isEqualTo(SignatureException.Failure.SIGNATURE_MISMATCH);
    }

    @Test
    void staleTimestampIsRejected() {
        String header = WebhookSignature.sign(SECRET, NOW - 301, BODY);

        SignatureException e = failure(header, BODY, NOW);

        assertThat(e.failure()).isEqualTo(SignatureException.Failure.TIMESTAMP_OUT_OF_TOLERANCE);
        assertThat(e.reason()).contains("301 seconds behind").contains("maximum is 300 seconds");
    }

    @Test
    void futureTimestampIsRejected() {
        String header = WebhookSignature.sign(SECRET, NOW + 301, BODY);

        SignatureException e = failure(header, BODY, NOW);

        assertThat(e.failure()).isEqualTo(SignatureException.Failure.TIMESTAMP_OUT_OF_TOLERANCE);
        assertThat(e.reason()).contains("301 seconds ahead of");
    }

    @Test
    void timestampAtToleranceIsAccepted() {
        String past = WebhookSignature.sign(SECRET, NOW - 300, BODY);
        String future = WebhookSignature.sign(SECRET, NOW + 300, BODY);

        assertThatCode(() -> verifier.verify(past, BODY, NOW)).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(future, BODY, NOW)).doesNotThrowAnyException();
    }

    @Test
    void toleranceIsConfigurable() {
        WebhookSignature strict = new WebhookSignature(SECRET, 10);
        String header = WebhookSignature.sign(SECRET, NOW - 11, BODY);

        SignatureException e = catchThrowableOfType(SignatureException.class,
                () -> strict.verify(header, BODY, NOW));

        assertThat(e.failure()).isEqualTo(SignatureException.Failure.TIMESTAMP_OUT_OF_TOLERANCE);
        assertThat(e.reason()).contains("maximum is 10 seconds");
    }

    @Test
    void missingHeaderIsRejected() {
        for (String header : new String[] {null, "", "   "}) {
            SignatureException e = failure(header, BODY, NOW);

            assertThat(e.failure()).isEqualTo(SignatureException.Failure.MISSING_HEADER);
            assertThat(e.reason()).startsWith("X-Signature header is missing");
        }
    }

    @Test
    void malformedHeadersAreRejected() {
        String v1 = WebhookSignature.sign(SECRET, NOW, BODY).substring(("t=" + NOW + ",").length());
        String[] headers = {
            "sha256=" + v1.substring(3),
            v1,
            "t=" + NOW,
            "t=" + NOW + "," + v1 + ",",
            "t=," + v1,
            "t=-5," + v1,
            "t=17419444.5," + v1,
            "t=" + NOW + ",t=" + NOW + "," + v1,
            "t=" + NOW + ",v1=abc",
            "t=" + NOW + ",v1=" + "zz".repeat(32),
            "t=" + NOW + ",=" + v1.substring(3),
            "t=" + NOW + ",v1=" + "ab".repeat(1100),
            "t=१२३४," + v1,
        };
        for (String header : headers) {
            SignatureException e = failure(header, BODY, NOW);

            assertThat(e.failure()).as(header).isEqualTo(SignatureException.Failure.MALFORMED_HEADER);
            assertThat(e.reason()).as(header).startsWith("X-Signature header is malformed because ")
                    .endsWith("expected t=<unix seconds>,v1=<64 hex digits>");
        }
    }

    @Test
    void tooManyV1EntriesAreRejected() {
        String wrong = ",v1=" + "0".repeat(64);
        String header = WebhookSignature.sign(SECRET, NOW, BODY) + wrong.repeat(8);

        SignatureException e = failure(header, BODY, NOW);

        assertThat(e.failure()).isEqualTo(SignatureException.Failure.MALFORMED_HEADER);
        assertThat(e.reason()).contains("more than 8 v1 entries");
    }

    @Test
    void oneMatchingV1AmongSeveralIsAccepted() {
        String fromOldSecret = WebhookSignature.sign(OTHER_SECRET, NOW, BODY);
        String fromCurrentSecret = WebhookSignature.sign(SECRET, NOW, BODY);
        String rotating = fromOldSecret + "," + fromCurrentSecret.substring(fromCurrentSecret.indexOf("v1="));

        assertThatCode(() -> verifier.verify(rotating, BODY, NOW)).doesNotThrowAnyException();
    }

    @Test
    void unknownSchemeEntriesAreIgnored() {
        String header = WebhookSignature.sign(SECRET, NOW, BODY) + ",v0=legacy,v2=" + "ab".repeat(40);

        assertThatCode(() -> verifier.verify(header, BODY, NOW)).doesNotThrowAnyException();
    }

    @Test
    void mismatchMessageOmitsExpectedSignature() {
        String expected = WebhookSignature.sign(SECRET, NOW, BODY);
        String expectedHex = expected.substring(expected.indexOf("v1=") + 3);
        String header = WebhookSignature.sign(OTHER_SECRET, NOW, BODY);

        SignatureException e = failure(header, BODY, NOW);

        assertThat(e.getMessage()).doesNotContain(expectedHex);
        assertThat(e.toString()).doesNotContain(expectedHex);
    }

    @Test
    void shortSecretIsRejected() {
        byte[] fifteenBytes = "0123456789abcde".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new WebhookSignature(fifteenBytes, 300))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("PRIVYR_WEBHOOK_SECRET is 15 bytes long; it must be at least 16 bytes")
                .hasMessageNotContaining("0123456789abcde");
        assertThatCode(() -> new WebhookSignature("0123456789abcdef".getBytes(StandardCharsets.UTF_8), 300))
                .doesNotThrowAnyException();
    }

    @Test
    void blankSecretIsRejected() {
        for (byte[] secret : new byte[][] {null, new byte[0], " ".repeat(20).getBytes(StandardCharsets.UTF_8)}) {
            assertThatThrownBy(() -> new WebhookSignature(secret, 300))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("PRIVYR_WEBHOOK_SECRET is missing or blank");
        }
    }

    @Test
    void negativeToleranceIsRejected() {
        assertThatThrownBy(() -> new WebhookSignature(SECRET, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void secretIsCopiedAtConstruction() {
        byte[] secret = SECRET.clone();
        WebhookSignature copyHolder = new WebhookSignature(secret, 300);
        secret[0] = 'X';
        String header = WebhookSignature.sign(SECRET, NOW, BODY);

        assertThatCode(() -> copyHolder.verify(header, BODY, NOW)).doesNotThrowAnyException();
    }

    @Test
    void verifyIsSafeAcrossThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                byte[] body = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                String header = WebhookSignature.sign(SECRET, NOW, body);
                results.add(pool.submit(() -> {
                    verifier.verify(header, body, NOW);
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
