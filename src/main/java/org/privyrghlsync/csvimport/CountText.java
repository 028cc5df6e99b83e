package org.privyrghlsync.csvimport;

/** Counts written with a noun that agrees with them: "1 row", "0 rows", "2 rows". */
public final class CountText {

    private CountText() {
    }

    /** Returns the count and the noun, such as {@code 1 row} or {@code 3 rows}. */
    public static String format(long count, String singular) {
        return count + " " + noun(count, singular);
    }

    /** Returns {@code singular} for a count of 1, else {@code singular} with "s" appended, as for regular nouns. */
    public static String noun(long count, String singular) {
        return count == 1 ? singular : singular + "s";
    }
}
