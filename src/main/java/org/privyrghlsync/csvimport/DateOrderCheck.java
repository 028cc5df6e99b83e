package org.privyrghlsync.csvimport;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.privyrghlsync.mapping.ImportMapping;

/**
 * Checks whether the date column of a file confirms the order of day and month in a date format that writes
 * both as numbers, such as {@code dd/MM/yyyy}. A value confirms the order when only one of the two orders reads it
 * as a real date, such as {@code 25/03/2025}. When no value does, but some value gives different days in the two
 * orders, such as {@code 01/02/2025}, a file written the other way round would import every date wrong without a
 * rejected row, so the import prints a warning.
 */
final class DateOrderCheck {

    private static final DateTimeFormatter SPELLED_OUT = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private final ImportMapping mapping;
    /** The header of the date column, or null when the check does not apply to this file and mapping. */
    private final String header;
    private final int index;
    private boolean confirmed;
    /** The first value that the two orders read as different days, or null while none has been seen. */
    private String example;

    private DateOrderCheck(ImportMapping mapping, String header, int index) {
        this.mapping = mapping;
        this.header = header;
        this.index = index;
    }

    /** Creates the check for one file; it does nothing when the file has no date column or the format no swap. */
    static DateOrderCheck create(ImportMapping mapping, ColumnBinding binding) {
        if (mapping.swappedDatePattern() != null) {
            for (ColumnBinding.Bound bound : binding.bound()) {
                if ("created_at".equals(bound.column().field())) {
                    return new DateOrderCheck(mapping, bound.column().header(), bound.index());
                }
            }
        }
        return new DateOrderCheck(mapping, null, -1);
    }

    /** Reads the date value of one row, given in header order. */
    void observe(List<String> values) {
        if (header == null || confirmed || index >= values.size()) {
            return;
        }
        String value = values.get(index).strip();
        if (value.isEmpty()) {
            return;
        }
        LocalDate date = mapping.calendarDate(value);
        LocalDate swapped = mapping.swappedCalendarDate(value);
        if ((date == null) != (swapped == null)) {
            confirmed = true;
        } else if (date != null && !date.equals(swapped) && example == null) {
            example = value;
        }
    }

    /**
     * Returns the warning line after every row was observed, or null when no value was ambiguous or some value
     * confirmed one order. A value that only the swapped order reads is rejected with a hint of its own.
     *
     * @param fileName the name of the file in the warning
     */
    String warning(String fileName) {
        if (header == null || confirmed || example == null) {
            return null;
        }
        return "Warning: no date in column '" + header + "' of " + fileName + " is a real date in only one order of"
                + " day and month, so the file cannot confirm the order of the date format '"
                + mapping.datePattern() + "'. The import reads " + example + " as "
                + SPELLED_OUT.format(mapping.calendarDate(example)) + ", not "
                + SPELLED_OUT.format(mapping.swappedCalendarDate(example)) + ". Check the date of one lead that you"
                + " know, and if it is wrong, set 'date-format' in " + mapping.editableSource() + " to '"
                + mapping.swappedDatePattern() + "' and import the file again.";
    }
}
