package org.privyrghlsync.mapping;

import org.privyrghlsync.events.EventIds;

/**
 * Masks personal data for warnings and logs, so that no full email address or phone number is ever printed.
 *
 * <p>Masking counts code points, not {@code char}s, so a surrogate pair is never cut in half.
 */
public final class Masking {

    private static final java.util.regex.Pattern EMAIL =
            java.util.regex.Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+");
    // International numbers, and runs of 10 or more digits; shorter digit runs are ids, counts or dates.
    private static final java.util.regex.Pattern PHONE =
            java.util.regex.Pattern.compile("\\+\\d[\\d ().-]{5,}\\d|\\b\\d{10,15}\\b");

    /** Number of hex digits of the SHA-256 that {@link #maskMessageId} appends (8 digits are 32 bits). */
    private static final int MESSAGE_ID_HASH_CHARS = 8;

    private Masking() {
    }

    /**
     * Masks every email address and phone number inside free text such as an error message from GHL, leaving the
     * rest readable.
     */
    public static String maskPersonalData(String message) {
        if (message == null) {
            return null;
        }
        String masked = EMAIL.matcher(message).replaceAll(match ->
                java.util.regex.Matcher.quoteReplacement(maskEmail(match.group())));
        return PHONE.matcher(masked).replaceAll(match ->
                java.util.regex.Matcher.quoteReplacement(maskText(match.group())));
    }

    /** Masks an email address as {@code p***@example.com}; a value without {@code @} is masked as other text. */
    public static String maskEmail(String email) {
        if (email == null) {
            return null;
        }
        int at = email.lastIndexOf('@');
        if (at <= 0) {
            return maskText(email);
        }
        int firstEnd = email.offsetByCodePoints(0, 1);
        return email.substring(0, firstEnd) + "***" + email.substring(at);
    }

    /**
     * Masks a mail Message-ID like an email address, whatever its domain, and appends the first 8 hex digits of the
     * SHA-256 of the whole id in UTF-8, as in {@code <0***@mail.example.net> sha256:2e377e2c}. The hash
     * distinguishes the messages of one domain in logs without showing their local parts, and an operator who has the
     * full id can compute it to find the message's log lines.
     */
    public static String maskMessageId(String messageId) {
        if (messageId == null) {
            return null;
        }
        boolean bracketed = messageId.length() >= 2 && messageId.startsWith("<") && messageId.endsWith(">");
        String masked = bracketed
                ? "<" + maskEmail(messageId.substring(1, messageId.length() - 1)) + ">"
                : maskEmail(messageId);
        return masked + " sha256:" + EventIds.hash(messageId).substring(0, MESSAGE_ID_HASH_CHARS);
    }

    /**
     * Masks a phone number or other text, keeping the first 3 and the last 2 code points and replacing each
     * one in between with {@code *}, as in {@code +91********10}. Text of 6 code points or fewer is masked
     * completely, because keeping 5 of them would reveal almost everything.
     */
    public static String maskText(String text) {
        if (text == null) {
            return null;
        }
        int length = text.codePointCount(0, text.length());
        if (length <= 6) {
            return "*".repeat(length);
        }
        int headEnd = text.offsetByCodePoints(0, 3);
        int tailStart = text.offsetByCodePoints(0, length - 2);
        return text.substring(0, headEnd) + "*".repeat(length - 5) + text.substring(tailStart);
    }
}
