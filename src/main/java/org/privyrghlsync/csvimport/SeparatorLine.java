package org.privyrghlsync.csvimport;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * The {@code sep=;} line that Excel reads before the header of a CSV file. It names the character between values and
 * is not part of the CSV data.
 */
final class SeparatorLine {

    private static final String PREFIX = "sep=";

    /** Characters read at most to tell such a line from a header, which also bounds the text quoted in an error. */
    private static final int MAX_LINE = 64;

    private SeparatorLine() {
    }

    /**
     * Reads the separator line at the start of {@code text} and leaves the reader after it. When the first line is
     * not a separator line, the reader is reset to the start.
     *
     * @param name the name of the file in messages
     * @return the separator, or null when the first line does not start with {@code sep=} (in any case)
     * @throws LeadFileException when the line starts with {@code sep=} but does not name one valid separator
     */
    static Character read(BufferedReader text, String name) throws IOException {
        text.mark(MAX_LINE + 1);
        StringBuilder line = new StringBuilder();
        int next = text.read();
        while (next != -1 && next != '\n' && next != '\r' && line.length() < MAX_LINE) {
            line.append((char) next);
            next = text.read();
        }
        if (!line.toString().regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            text.reset();
            return null;
        }
        boolean lineEnded = next == -1 || next == '\n' || next == '\r';
        char separator = line.length() > PREFIX.length() ? line.charAt(PREFIX.length()) : '"';
        if (!lineEnded || line.length() != PREFIX.length() + 1 || separator == '"') {
            throw new LeadFileException(name + " starts with the line '" + line + (lineEnded ? "" : "...")
                    + "', which names no valid separator; expected sep= and one character other than a double"
                    + " quote, such as sep=; or sep=, (a tab is the tab character itself), or remove the line");
        }
        if (next == '\r') {
            text.mark(1);
            if (text.read() != '\n') {
                text.reset();
            }
        }
        return separator;
    }

    /** Returns the separator for a message: {@code ';'}, or {@code tab} for a tab. */
    static String describe(char separator) {
        return separator == '\t' ? "tab" : "'" + separator + "'";
    }
}
