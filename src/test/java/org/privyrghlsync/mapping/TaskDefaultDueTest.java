package org.privyrghlsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.privyrghlsync.mapping.TaskFixtures.taskMapping;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskDefaultDueTest {

    private static final TaskMapping KOLKATA = taskMapping();

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "2026-12-04T04:30:00Z | 2026-12-07T03:30:00Z | Friday 10:00 gives Monday 09:00",
        "2026-12-05T04:30:00Z | 2026-12-07T03:30:00Z | Saturday gives Monday",
        "2026-12-06T04:30:00Z | 2026-12-07T03:30:00Z | Sunday gives Monday",
        "2026-12-08T01:00:00Z | 2026-12-09T03:30:00Z | Tuesday 06:30, before 09:00, gives Wednesday",
        "2026-12-08T17:00:00Z | 2026-12-09T03:30:00Z | Tuesday 22:30 gives Wednesday 09:00",
        "2026-12-08T19:00:00Z | 2026-12-10T03:30:00Z | Tuesday in UTC but Wednesday 00:30 in Kolkata gives Thursday",
        "2026-12-03T20:00:00Z | 2026-12-07T03:30:00Z | Thursday in UTC but Friday 01:30 in Kolkata gives Monday",
    })
    void nextWorkingDayIsAlwaysLaterDay(String occurredAt, String expected, String description) {
        assertThat(KOLKATA.defaultDue(Instant.parse(occurredAt))).as(description)
                .isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', value = {
        "days-ahead: 0 | 2026-12-08T10:00:00Z | 2026-12-08T03:30:00Z | 0 days is the same day, even when past",
        "days-ahead: 0 | 2026-12-05T04:30:00Z | 2026-12-07T03:30:00Z | 0 days on a Saturday moves to Monday",
        "days-ahead: 7 | 2026-12-08T04:30:00Z | 2026-12-15T03:30:00Z | 7 days is the same weekday",
        "days-ahead: 2 | 2026-12-04T04:30:00Z | 2026-12-07T03:30:00Z | 2 days from Friday is Sunday, so Monday",
        "time: '17:30' | 2026-12-04T04:30:00Z | 2026-12-07T12:00:00Z | quoted time of day",
        "time: 17:30   | 2026-12-04T04:30:00Z | 2026-12-07T12:00:00Z | unquoted time of day, base 60 in YAML 1.1",
        "time: 9:05    | 2026-12-04T04:30:00Z | 2026-12-07T03:35:00Z | one-digit hour",
        "working-days: [SUN, MON, TUE, WED, THU] | 2026-12-04T04:30:00Z | 2026-12-06T03:30:00Z | Sunday to Thursday",
        "working-days: [saturday, Sunday] | 2026-12-07T04:30:00Z | 2026-12-12T03:30:00Z | full names in any case",
    })
    void defaultDueOptions(String option, String occurredAt, String expected, String description) {
        TaskMapping mapping = taskMapping("default-due:", "  " + option);

        assertThat(mapping.defaultDue(Instant.parse(occurredAt))).as(description)
                .isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Asia/Singapore   | 2026-12-04T04:30:00Z | 2026-12-07T01:00:00Z",
        "America/New_York | 2026-12-04T16:00:00Z | 2026-12-07T14:00:00Z",
        "Europe/London    | 2026-06-05T12:00:00Z | 2026-06-08T08:00:00Z",
    })
    void defaultDueUsesTimeZone(String zone, String occurredAt, String expected) {
        TaskMapping mapping = taskMapping("time-zone: " + zone);

        assertThat(mapping.defaultDue(Instant.parse(occurredAt))).isEqualTo(Instant.parse(expected));
    }

    @Test
    void timeSkippedByDaylightSavingMovesForward() {
        // New York skips 02:00 to 03:00 on Sunday 2026-03-08, so 02:30 does not exist that day.
        TaskMapping mapping = taskMapping("time-zone: America/New_York", "default-due:", "  time: '02:30'",
                "  working-days: [MON, TUE, WED, THU, FRI, SAT, SUN]");

        Instant due = mapping.defaultDue(Instant.parse("2026-03-07T17:00:00Z"));

        assertThat(due).isEqualTo(Instant.parse("2026-03-08T07:30:00Z"));
    }
}
