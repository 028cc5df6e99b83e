package org.privyrghlsync.events;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import org.privyrghlsync.testing.fuzz.FuzzRequest;
import org.privyrghlsync.testing.fuzz.RequestAuth;

/** The {@code X-Signature} HMAC of Privyr events, and the ways of breaking it that the receiver must reject. */
final class SignatureAuth implements RequestAuth {

    private static final String HEADER = WebhookSignature.HEADER_NAME;
    private static final String[] MALFORMED = {"", " ", "v1=", "t=", "t=,v1=", "garbage", "t=1", "=", ",,,",
        "t=1741944420;v1=00", "t=-1,v1=00", "t=1.5,v1=00", "t=0x1F,v1=00", "t=\u0661\u0662,v1=00", "v2=abc",
        "t=99999999999999,v1=00", "t=1741944420,v1=zz", "t=1741944420,v0=abc"};

    private final byte[] secret;

    SignatureAuth(byte[] secret) {
        this.secret = secret.clone();
    }

    @Override
    public void authorize(FuzzRequest request) {
        request.setHeader(HEADER, sign(now(), request.body()));
    }

    @Override
    public String breakAuthentication(FuzzRequest request, Random random) {
        request.skipAuthorization();
        long now = now();
        byte[] body = request.body();
        switch (random.nextInt(15)) {
            case 0:
                request.removeHeader(HEADER);
                return "missing";
            case 1:
                request.setHeader(HEADER, WebhookSignature.sign("another-secret-0123456789abcdef"
                        .getBytes(StandardCharsets.UTF_8), now, body));
                return "wrong-secret";
            case 2:
                request.setHeader(HEADER, sign(now - 301 - random.nextInt(1_000_000), body));
                return "replayed-old-timestamp";
            case 3:
                request.setHeader(HEADER, sign(now + 301 + random.nextInt(1_000_000), body));
                return "future-timestamp";
            case 4:
                request.setHeader(HEADER, sign(now, concat(body, new byte[] {' '})));
                return "other-body";
            case 5:
                request.setHeader(HEADER, "t=" + now + ",v1=" + randomHex(random, 64));
                return "forged-hex";
            case 6:
                String valid = sign(now, body);
                request.setHeader(HEADER, valid.substring(0, valid.length() - 1 - random.nextInt(10)));
                return "truncated-signature";
            case 7:
                request.setHeader(HEADER, MALFORMED[random.nextInt(MALFORMED.length)]);
                return "malformed";
            case 8:
                return repeatedHeader(request, random, now, body);
            case 9:
                request.setHeader(HEADER, sign(now, body) + ",v0=" + "a".repeat(2_048));
                return "longer-than-2048";
            case 10:
                StringBuilder manyEntries = new StringBuilder("t=" + now);
                for (int i = 0; i < 9; i++) {
                    manyEntries.append(",v1=").append(randomHex(random, 64));
                }
                request.setHeader(HEADER, manyEntries.toString());
                return "more-than-8-v1";
            case 11:
                request.removeHeader(HEADER);
                request.query("?" + HEADER + "=" + URLEncoder.encode(sign(now, body), StandardCharsets.UTF_8));
                return "signature-in-query";
            case 12:
                String signed = sign(now, body);
                int middle = signed.length() - 32;
                request.setHeader(HEADER, signed.substring(0, middle) + "\t" + signed.substring(middle));
                return "tab-inside-hex";
            case 13:
                request.setHeader(HEADER, "t=" + (now - 400) + ",v1=" + hmacHex(now, body));
                return "timestamp-swapped";
            default:
                request.setHeader(HEADER, "t=" + now + ",v1=" + randomHex(random, 64) + ",v1="
                        + randomHex(random, 64));
                return "two-forged-v1";
        }
    }

    /**
     * Sends the header twice. One copy is valid, in either position, so a receiver that read only the first or
     * only the last line would accept the request.
     */
    private String repeatedHeader(FuzzRequest request, Random random, long now, byte[] body) {
        String valid = sign(now, body);
        String other = random.nextBoolean() ? valid : "t=" + now + ",v1=" + randomHex(random, 64);
        request.removeHeader(HEADER);
        boolean validFirst = random.nextBoolean();
        request.addHeader(HEADER, validFirst ? valid : other);
        request.addHeader(random.nextBoolean() ? HEADER : HEADER.toLowerCase(java.util.Locale.ROOT),
                validFirst ? other : valid);
        return "repeated-header";
    }

    private String sign(long t, byte[] body) {
        return WebhookSignature.sign(secret, t, body);
    }

    private String hmacHex(long t, byte[] body) {
        String header = sign(t, body);
        return header.substring(header.indexOf("v1=") + 3);
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static String randomHex(Random random, int digits) {
        byte[] bytes = new byte[digits / 2];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] result = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, result, first.length, second.length);
        return result;
    }
}
