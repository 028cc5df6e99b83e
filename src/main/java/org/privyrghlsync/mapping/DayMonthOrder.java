package org.privyrghlsync.mapping;

/**
 * The order of day and month in a date pattern that writes both as numbers, such as {@code dd/MM/yyyy}. A file that
 * writes its dates the other way round reads {@code 01/02/2025} as a valid but wrong date with such a pattern.
 */
final class DayMonthOrder {

    private DayMonthOrder() {
    }

    /**
     * Returns the pattern with its day and month fields swapped, such as {@code MM/dd/yyyy} for {@code dd/MM/yyyy},
     * or null unless the pattern has exactly one numeric day-of-month field ({@code d}, {@code dd}) and exactly one
     * numeric month field ({@code M}, {@code MM}, {@code L}, {@code LL}). A pattern that starts with the year, such
     * as {@code yyyy-MM-dd}, also returns null, because dates written year first follow ISO 8601 with the month
     * before the day. Text in single quotes is left alone.
     */
    static String swapped(String pattern) {
        int[] day = null;
        int[] month = null;
        int yearStart = -1;
        int i = 0;
        while (i < pattern.length()) {
            char letter = pattern.charAt(i);
            if (letter == '\'') {
                i = afterQuotedText(pattern, i);
                continue;
            }
            int end = i + 1;
            while (end < pattern.length() && pattern.charAt(end) == letter && isPatternLetter(letter)) {
                end++;
            }
            boolean numeric = end - i <= 2;
            if ((letter == 'y' || letter == 'u' || letter == 'Y') && yearStart < 0) {
                yearStart = i;
            }
            if (letter == 'd' || letter == 'M' || letter == 'L') {
                boolean isDay = letter == 'd';
                if (!numeric || (isDay ? day : month) != null) {
                    return null;
                }
                if (isDay) {
                    day = new int[] {i, end};
                } else {
                    month = new int[] {i, end};
                }
            }
            i = end;
        }
        if (day == null || month == null) {
            return null;
        }
        int[] first = day[0] < month[0] ? day : month;
        if (yearStart >= 0 && yearStart < first[0]) {
            return null;
        }
        int[] second = first == day ? month : day;
        return pattern.substring(0, first[0]) + pattern.substring(second[0], second[1])
                + pattern.substring(first[1], second[0]) + pattern.substring(first[0], first[1])
                + pattern.substring(second[1]);
    }

    /** Returns the index after the quoted text that starts at {@code quote}, where {@code ''} is a literal quote. */
    private static int afterQuotedText(String pattern, int quote) {
        int i = quote + 1;
        while (i < pattern.length()) {
            if (pattern.charAt(i) != '\'') {
                i++;
            } else if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '\'') {
                i += 2;
            } else {
                return i + 1;
            }
        }
        return i;
    }

    private static boolean isPatternLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
