package org.privyrghlsync.ghl;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redaction of tokens and secrets in text that GHL sent back, such as an error message or body, before it is logged
 * or stored with a dead letter. A server may echo part of the request in its error, and the request carried the
 * token.
 */
public final class SecretRedaction {

    /** Text that replaces each secret. */
    public static final String REDACTED = "[redacted]";

    /** Secrets shorter than this are not searched for, because they would match ordinary words. */
    private static final int MIN_SECRET_LENGTH = 8;

    // A Bearer credential, a JSON Web Token (three base64url parts, the first one a JSON object), and a private
    // integration token (pit- and a UUID), whatever request they came from.
    private static final Pattern BEARER = Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/=-]+");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final Pattern PRIVATE_TOKEN = Pattern.compile("\\bpit-[0-9A-Fa-f-]{8,}");

    private SecretRedaction() {
    }

    /**
     * Returns {@code text} with each of {@code secrets} and every Bearer credential, JSON Web Token and private
     * integration token replaced by {@value #REDACTED}. Null stays null.
     */
    public static String redact(String text, String... secrets) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String redacted = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= MIN_SECRET_LENGTH) {
                redacted = redacted.replace(secret, REDACTED);
            }
        }
        redacted = BEARER.matcher(redacted).replaceAll(Matcher.quoteReplacement("Bearer " + REDACTED));
        redacted = JWT.matcher(redacted).replaceAll(Matcher.quoteReplacement(REDACTED));
        return PRIVATE_TOKEN.matcher(redacted).replaceAll(Matcher.quoteReplacement(REDACTED));
    }
}
