package org.privyrghlsync.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OffsetDateTimesTest {

    @ParameterizedTest
    @ValueSource(strings = {"2025-03-14T09:26:53Z", "2025-03-14T14:56:53+05:30", "2025-03-14T14:56:53.1Z",
        "2025-03-14T14:56:53.120-08:00", "2025-03-14T14:56:53.123456789+18:00", "2024-02-29T23:59:59-18:00",
        "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2025-03-14T09:26:53-00:00",
        "1969-12-31T23:59:59.5+00:45"})
    void readsEventFormLikeFormatter(String text) {
        assertThat(OffsetDateTimes.byPosition(text)).isEqualTo(formatter(text));
        assertThat(OffsetDateTimes.toInstant(text)).isEqualTo(formatter(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-03-14t09:26:53Z", "2025-03-14T09:26:53z", "2025-03-14T14:56:53+05:30:15",
        "2025-03-14T14:56:53+05", "2025-03-14T09:26Z", "+12025-03-14T09:26:53Z", "2025-03-14T09:26:53.Z"})
    void leavesOtherFormsToFormatter(String text) {
        assertThat(OffsetDateTimes.byPosition(text)).isNull();
        assertThat(OffsetDateTimes.toInstant(text)).isEqualTo(formatter(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2025-02-30T00:00:00Z", "2025-13-01T00:00:00Z", "2025-03-14T24:00:00Z",
        "2025-03-14T23:60:00Z", "2025-03-14T23:59:60Z", "2025-03-14T09:26:53+19:00", "2025-03-14T09:26:53+18:01",
        "2025-03-14T09:26:53+05:60", "2025-03-14T09:26:53.1234567891Z",
        "2025-03-14 09:26:53Z", "2025-03-14T09:26:53", "2025-03-14T09:26:53Z ", "２０２５-03-14T09:26:53Z"})
    void rejectsWhatFormatterRejects(String text) {
        assertThat(OffsetDateTimes.byPosition(text)).isNull();
        assertThat(outcome(text)).startsWith("rejected");
    }

    @Test
    void agreesOnChangedCharacters() {
        Random random = new Random(20251214);
        String[] templates = {"2025-03-14T14:56:53.120+05:30", "2024-02-29T23:59:59Z", "1999-12-31T00:00:00.5-11:45"};
        String alphabet = "0123456789-:.+TZtz ";
        int byPosition = 0;
        for (int i = 0; i < 50_000; i++) {
            char[] text = templates[i % templates.length].toCharArray();
            int changes = 1 + random.nextInt(2);
            for (int change = 0; change < changes; change++) {
                text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String candidate = new String(text);
            String expected;
            try {
                expected = "read " + formatter(candidate);
            } catch (DateTimeParseException e) {
                expected = "rejected";
            }
            assertThat(outcome(candidate)).as(candidate).isEqualTo(expected);
            if (OffsetDateTimes.byPosition(candidate) != null) {
                byPosition++;
            }
        }
        // About a fifth of the changes keep the form valid, such as a digit for a digit. The quick path reads those.
        assertThat(byPosition).isGreaterThan(5_000);
    }

    private static String outcome(String text) {
        try {
            return "read " + OffsetDateTimes.toInstant(text);
        } catch (DateTimeParseException e) {
            return "rejected";
        }
    }

    private static Instant formatter(String text) {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }
}
