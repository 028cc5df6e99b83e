package org.privyrghlsync.mapping;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds GHL task request bodies from mapped tasks and works out what changed since the last push. All methods
 * are pure functions.
 */
public final class TaskBodies {

    private TaskBodies() {
    }

    /**
     * Returns the JSON body for {@code POST /contacts/{contactId}/tasks}: {@code title}, {@code dueDate} and
     * {@code completed}, which GHL requires, and {@code assignedTo} when the task has a known assignee. It has no
     * {@code body}, because a Privyr task has only a title.
     */
    public static Map<String, Object> createBody(MappedTask task) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", task.title());
        body.put("dueDate", wireDueDate(task.dueDate()));
        body.put("completed", task.completed());
        if (task.assignedTo() != null) {
            body.put("assignedTo", task.assignedTo());
        }
        return body;
    }

    /**
     * Compares the desired values with those last pushed and returns what {@code PUT
     * /contacts/{contactId}/tasks/{taskId}} must send: only the fields whose values differ. A desired task without
     * an assignee sends no {@code assignedTo}, so GHL keeps the user it has. The flags {@code cancelled} and
     * {@code undated} are not GHL fields and are not compared.
     *
     * @param lastPushed the values stored after the previous push; a task that was never pushed is created with
     *     {@link #createBody} instead
     */
    public static TaskChange diff(MappedTask desired, MappedTask lastPushed) {
        Objects.requireNonNull(lastPushed, "lastPushed: a task that was never pushed is created, not updated");
        Map<String, Object> body = new LinkedHashMap<>();
        if (!desired.title().equals(lastPushed.title())) {
            body.put("title", desired.title());
        }
        if (!desired.dueDate().equals(lastPushed.dueDate())) {
            body.put("dueDate", wireDueDate(desired.dueDate()));
        }
        if (desired.completed() != lastPushed.completed()) {
            body.put("completed", desired.completed());
        }
        if (desired.assignedTo() != null && !desired.assignedTo().equals(lastPushed.assignedTo())) {
            body.put("assignedTo", desired.assignedTo());
        }
        return new TaskChange(body);
    }

    /** Formats a due date as GHL's wire form: ISO-8601 UTC in whole seconds, such as 2026-12-05T02:00:00Z. */
    public static String wireDueDate(Instant dueDate) {
        return DateTimeFormatter.ISO_INSTANT.format(dueDate.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Normalises an ISO-8601 instant, such as the {@code 2021-07-08T02:30:00.000Z} that GHL returns, to the wire
     * form {@code 2021-07-08T02:30:00Z}. A value with an offset is converted to UTC, and fractional seconds are
     * dropped, not rounded.
     *
     * @throws IllegalArgumentException if {@code ghlValue} is {@code null} or not an ISO-8601 instant with
     *     {@code Z} or an offset
     */
    public static String wireDueDate(String ghlValue) {
        if (ghlValue == null) {
            throw new IllegalArgumentException("due date is missing; expected an ISO-8601 instant such as "
                    + "2021-07-08T02:30:00.000Z");
        }
        try {
            return wireDueDate(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(ghlValue.strip(), Instant::from));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid due date '" + ghlValue + "'; expected an ISO-8601 instant "
                    + "such as 2021-07-08T02:30:00.000Z", e);
        }
    }
}
