package org.privyrghlsync.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.privyrghlsync.events.EventType;
import org.privyrghlsync.store.DeadLetterFilter;

/**
 * Parses dead-letter filters given as text: HTTP query parameters, fields of a JSON body, or command-line options.
 * Every invalid value raises an {@link InvalidParameterException} that names the parameter and the expected form.
 */
public final class FilterParameters {

    /** Dead letters listed when no {@code limit} is given. */
    public static final int DEFAULT_LIST_LIMIT = 50;
    /** Most dead letters one list request returns. */
    public static final int MAX_LIST_LIMIT = 1000;

    /** Longest filter value; GHL location ids and ISO-8601 times are far shorter. */
    private static final int MAX_VALUE_CHARS = 200;

    private static final List<String> LIST_NAMES = List.of("location", "type", "status", "since", "until", "limit",
            "include_discarded");
    private static final List<String> REPLAY_NAMES = List.of("location", "type", "status", "since", "until",
            "limit", "all");

    /** Dead letters to replay in bulk: those matching {@code filter}, or every open one when {@code all} is set. */
    public record ReplaySelection(DeadLetterFilter filter, boolean all) {
    }

    private FilterParameters() {
    }

    /** Parses the filters of a list request; without {@code limit}, at most {@link #DEFAULT_LIST_LIMIT}. */
    public static DeadLetterFilter forList(Map<String, String> values) {
        requireKnown(values, LIST_NAMES);
        String limit = text(values, "limit");
        int max = limit == null ? DEFAULT_LIST_LIMIT : wholeNumber("limit", limit, MAX_LIST_LIMIT);
        return filter(values, max, bool(values, "include_discarded"));
    }

    /**
     * Parses the selection of a bulk replay: {@code all=true}, or at least one of location, type, status, since and
     * until. {@code limit} caps the number replayed, oldest first.
     */
    public static ReplaySelection forReplay(Map<String, String> values) {
        requireKnown(values, REPLAY_NAMES);
        String limit = text(values, "limit");
        Integer max = limit == null ? null : wholeNumber("limit", limit, Integer.MAX_VALUE);
        DeadLetterFilter filter = filter(values, max, false);
        boolean all = bool(values, "all");
        if (all && filter.narrows()) {
            throw new InvalidParameterException("all", "all=true replays every open dead letter and cannot be combined with"
                    + " the filters " + filter.describe() + "; give either all or filters");
        }
        if (!all && !filter.narrows()) {
            throw new InvalidParameterException("all", "No dead letters selected; give at least one of the filters location,"
                    + " type, status, since and until, or all=true to replay every open dead letter");
        }
        return new ReplaySelection(filter, all);
    }

    private static DeadLetterFilter filter(Map<String, String> values, Integer limit, boolean includeDiscarded) {
        String type = text(values, "type");
        if (type != null && EventType.fromWireName(type).isEmpty()) {
            throw new InvalidParameterException("type", "Invalid type '" + clip(type) + "'; expected an event type, one of: "
                    + Arrays.stream(EventType.values()).map(EventType::wireName)
                            .collect(Collectors.joining(", ")));
        }
        String status = text(values, "status");
        boolean withoutStatus = status != null && status.equalsIgnoreCase("none");
        Integer ghlStatus = status == null || withoutStatus ? null : httpStatus(status);
        Instant since = time("since", text(values, "since"), false);
        Instant until = time("until", text(values, "until"), true);
        if (since != null && until != null && !since.isBefore(until)) {
            throw new InvalidParameterException("since", "since " + since + " is not before until " + until
                    + "; swap them or widen the range");
        }
        return new DeadLetterFilter(text(values, "location"), type, ghlStatus, withoutStatus, since, until, limit,
                includeDiscarded);
    }

    private static void requireKnown(Map<String, String> values, List<String> names) {
        for (String name : values.keySet()) {
            if (!names.contains(name)) {
                throw new InvalidParameterException(name, "Unknown parameter '" + clip(name) + "'; expected one of: "
                        + String.join(", ", names));
            }
        }
    }

    /** Returns a filter's trimmed value, or null when it is missing or blank. */
    private static String text(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_VALUE_CHARS || value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidParameterException(name, "Invalid " + name + " '" + clip(value) + "'; a filter value"
                    + " has at most " + MAX_VALUE_CHARS + " characters and no control characters");
        }
        return value.trim();
    }

    private static String clip(String value) {
        return InvalidParameterException.clip(value);
    }

    private static boolean bool(Map<String, String> values, String name) {
        String value = text(values, name);
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw new InvalidParameterException(name, "Invalid " + name + " '" + clip(value) + "'; expected true or false");
    }

    private static int wholeNumber(String name, String value, int max) {
        try {
            int number = Integer.parseInt(value);
            if (number >= 1 && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below with the allowed range.
        }
        throw new InvalidParameterException(name, "Invalid " + name + " '" + clip(value) + "'; expected a whole number from 1 to "
                + max);
    }

    private static Integer httpStatus(String value) {
        try {
            int status = Integer.parseInt(value);
            if (status >= 100 && status <= 599) {
                return status;
            }
        } catch (NumberFormatException e) {
            // Reported below with the expected form.
        }
        throw new InvalidParameterException("status", "Invalid status '" + clip(value) + "'; expected GHL's HTTP status such as 422,"
                + " or none for dead letters without a GHL response");
    }

    /**
     * Reads an ISO-8601 instant ({@code 2025-03-14T09:00:00Z}, an offset instead of Z is accepted) or a date
     * ({@code 2025-03-14}, in UTC). A date as {@code until} means the end of that day, so the day is included.
     */
    private static Instant time(String name, String value, boolean endOfDay) {
        if (value == null) {
            return null;
        }
        // ISO-8601 also allows years such as +999999999, which the store cannot compare, so years are 4 digits.
        boolean fourDigitYear = value.length() > 4 && Character.isDigit(value.charAt(0)) && value.charAt(4) == '-';
        try {
            return OffsetDateTime.parse(fourDigitYear ? value : "").toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                LocalDate date = LocalDate.parse(fourDigitYear ? value : "");
                return (endOfDay ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                throw new InvalidParameterException(name, "Invalid " + name + " '" + clip(value) + "'; expected an ISO-8601 time"
                        + " such as 2025-03-14T09:00:00Z or a date such as 2025-03-14 (UTC)"
                        + (name.equals("until") ? ", which includes that whole day" : ""));
            }
        }
    }
}
