package org.privyrghlsync.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Prints the commands' text output: tables with aligned columns, cell values, and JSON for {@code --json}. */
final class TextTable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TextTable() {
    }

    /** Prints the rows with each column as wide as its widest cell. The first row is the headings. */
    static void print(PrintWriter out, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                text.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(text.toString().stripTrailing());
        }
    }

    /** Prints the JSON as it came, pretty-printed, for {@code --json}. */
    static void printJson(PrintWriter out, JsonNode body) {
        try {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A parsed JSON tree always serializes", e);
        }
    }

    /** Returns an ISO-8601 time to the second, or "-" for null. */
    static String seconds(JsonNode time) {
        if (time.isNull() || time.isMissingNode()) {
            return "-";
        }
        return Instant.parse(time.asText()).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Returns the value as text, or "-" for null. */
    static String orDash(JsonNode value) {
        return value.isNull() || value.isMissingNode() ? "-" : value.asText();
    }
}
