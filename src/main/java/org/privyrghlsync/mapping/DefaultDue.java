package org.privyrghlsync.mapping;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The due date that an undated Privyr task gets in GHL: a time of day on a working day, a number of days after
 * the event.
 *
 * @param daysAhead calendar days after the event's local date, 0 to {@link #MAX_DAYS_AHEAD}; a day that is not a
 *     working day moves forward to the next working day, so 1 is the next working day
 * @param time local time of day of the due date
 * @param workingDays days of the week on which a default due date may fall; not empty
 */
record DefaultDue(int daysAhead, LocalTime time, Set<DayOfWeek> workingDays) {

    static final int MAX_DAYS_AHEAD = 365;

    /** The default: the next working day at 09:00, Monday to Friday. */
    static final DefaultDue NEXT_WORKING_DAY_AT_NINE = new DefaultDue(1, LocalTime.of(9, 0),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));

    /** Checks the ranges and copies the working days. */
    DefaultDue {
        if (daysAhead < 0 || daysAhead > MAX_DAYS_AHEAD) {
            throw new IllegalArgumentException("daysAhead must be 0 to " + MAX_DAYS_AHEAD + ", not " + daysAhead);
        }
        Objects.requireNonNull(time, "time");
        if (workingDays.isEmpty()) {
            throw new IllegalArgumentException("workingDays must not be empty");
        }
        workingDays = Collections.unmodifiableSet(EnumSet.copyOf(workingDays));
    }

    /**
     * Computes the due date for a task that was undated when {@code occurredAt} happened. The days are counted
     * from the date of {@code occurredAt} in {@code zone}, whatever its time of day, so with {@code daysAhead} 1 a
     * task created on Tuesday at 07:00 is due on Wednesday. A local time that a daylight saving change skips is
     * moved forward by the length of the gap.
     */
    Instant after(Instant occurredAt, ZoneId zone) {
        LocalDate day = occurredAt.atZone(zone).toLocalDate().plusDays(daysAhead);
        while (!workingDays.contains(day.getDayOfWeek())) {
            day = day.plusDays(1);
        }
        return ZonedDateTime.of(day, time, zone).toInstant().truncatedTo(ChronoUnit.SECONDS);
    }
}
