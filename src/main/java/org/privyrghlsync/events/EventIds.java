package org.privyrghlsync.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Deterministic ids for producers that derive an event id from the content they read, such as a mail or a CSV row. */
public final class EventIds {

    private static final int HASH_HEX_CHARS = 32;

    private EventIds() {
    }

    /** Returns the first 32 hex digits (128 bits) of the SHA-256 of {@code text} in UTF-8. */
    public static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_HEX_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }
}
