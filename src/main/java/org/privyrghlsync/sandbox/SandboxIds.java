package org.privyrghlsync.sandbox;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Generator of the random alphanumeric ids that GHL uses for contacts, custom fields and tokens.
 */
final class SandboxIds {

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    /** Length of a GHL contact id, which looks like a Firebase push id. */
    static final int CONTACT_ID_LENGTH = 20;

    private SandboxIds() {
    }

    static String contactId() {
        return random(CONTACT_ID_LENGTH);
    }

    static String random(int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }

    static String traceId() {
        return java.util.UUID.randomUUID().toString();
    }
}
