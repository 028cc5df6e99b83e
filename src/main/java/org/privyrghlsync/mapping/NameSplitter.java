package org.privyrghlsync.mapping;

import java.util.regex.Pattern;

/**
 * Splits a person's name into a first name (the first word) and a last name (the remaining words).
 *
 * <p>Words are separated by any Unicode white space, including no-break and ideographic spaces. Runs of
 * spaces collapse to one space in the last name. Letters, combining marks, joiners and emoji are kept as they
 * are, because only white-space characters (all in the Basic Multilingual Plane) are ever removed.
 */
final class NameSplitter {

    private static final Pattern WHITE_SPACE = Pattern.compile("[\\s\\p{Z}]+", Pattern.UNICODE_CHARACTER_CLASS);

    private NameSplitter() {
    }

    /** Returns the first word of {@code name}, or {@code null} when it has no words. */
    static String firstName(String name) {
        String[] words = words(name);
        return words.length == 0 ? null : words[0];
    }

    /** Returns the words after the first joined by single spaces, or {@code null} for a name of one word. */
    static String lastName(String name) {
        String[] words = words(name);
        if (words.length < 2) {
            return null;
        }
        return String.join(" ", java.util.Arrays.copyOfRange(words, 1, words.length));
    }

    private static String[] words(String name) {
        if (name == null) {
            return new String[0];
        }
        String trimmed = WHITE_SPACE.matcher(name).replaceAll(" ").strip();
        return trimmed.isEmpty() ? new String[0] : trimmed.split(" ");
    }
}
