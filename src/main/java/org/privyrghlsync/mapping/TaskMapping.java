package org.privyrghlsync.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A validated task mapping file (mappings/task.yaml) that turns Privyr tasks into GHL task values.
 *
 * <p>Instances are immutable and thread-safe. The mapping is pure: it reads only its arguments and the loaded
 * options, and makes no network or database calls.
 */
public final class TaskMapping {

    /** Classpath location of the copy of mappings/task.yaml that the build puts in the jar. */
    public static final String DEFAULT_RESOURCE = "bundled/mappings/task.yaml";

    /** Title of a GHL task whose Privyr task has no title and was never pushed, because GHL requires a title. */
    static final String FALLBACK_TITLE = "Privyr follow-up";

    private static final Logger LOG = LoggerFactory.getLogger(TaskMapping.class);

    /** Action taken on the GHL task when the Privyr task's status is CANCELLED. */
    public enum CancelledAction {
        /** Marks the GHL task completed, so that it stays visible in the contact's history. */
        COMPLETE("complete"),
        /** Deletes the GHL task. */
        DELETE("delete");

        private final String yamlName;

        CancelledAction(String yamlName) {
            this.yamlName = yamlName;
        }

        /** Returns the value of {@code cancelled} in the YAML file that selects this action. */
        public String yamlName() {
            return yamlName;
        }
    }

    private final String source;
    private final ZoneId timeZone;
    private final DefaultDue defaultDue;
    private final Map<String, String> assignees;
    private final CancelledAction cancelledAction;
    private final NoteMapping notes;

    private TaskMapping(String source, TaskMappingLoader.Loaded loaded) {
        this.source = source;
        this.timeZone = loaded.timeZone();
        this.defaultDue = loaded.defaultDue();
        this.assignees = loaded.assignees();
        this.cancelledAction = loaded.cancelledAction();
        this.notes = new NoteMapping(loaded.firstSyncNote());
    }

    /**
     * Loads and validates a task mapping file.
     *
     * @throws MappingException if the file is missing, unreadable or invalid; the message names the file, line,
     *     column and field
     */
    public static TaskMapping load(Path file) {
        return load(MappingFiles.open(file), file.toString());
    }

    /**
     * Loads and validates a task mapping from the classpath, such as {@link #DEFAULT_RESOURCE}.
     *
     * @throws MappingException if the resource does not exist or is invalid
     */
    public static TaskMapping loadFromClasspath(String resourceName) {
        java.net.URL resource = MappingFiles.classpathResource(resourceName);
        return load(MappingFiles.open(resource), resource.toString());
    }

    /**
     * Loads the task mapping file when it exists and otherwise the classpath resource. An existing but invalid file
     * fails; the resource is only a fallback for a missing file.
     */
    public static TaskMapping loadFileOrClasspath(Path file, String resourceName) {
        if (Files.exists(file)) {
            return load(file);
        }
        LOG.info("Loading the task mapping shipped inside the jar ({}), because there is no file at {}; set"
                + " MAPPINGS_DIR to load a mapping of your own", resourceName, file.toAbsolutePath());
        return loadFromClasspath(resourceName);
    }

    /** Validates task mapping text; {@code sourceName} appears in error messages in place of a file name. */
    public static TaskMapping parse(String yaml, String sourceName) {
        return load(new StringReader(yaml), sourceName);
    }

    private static TaskMapping load(Reader reader, String name) {
        YamlNodes yaml = new YamlNodes(name);
        TaskMappingLoader.Loaded loaded = new TaskMappingLoader(yaml).load(yaml.compose(reader,
                "a mapping with 'version'"));
        LOG.info("Loaded task mapping {}: time zone {}, cancelled tasks {}, team members with a GHL user: {}", name,
                loaded.timeZone(), loaded.cancelledAction().yamlName(), loaded.assignees().size());
        return new TaskMapping(name, loaded);
    }

    /**
     * Maps the Privyr task of a {@code task.created} event. Absent fields take their defaults: no {@code due_at}
     * gives the default due date, no {@code status} means PENDING, no {@code assigned_to} means unassigned.
     *
     * @param task {@code data.task} as validated by the event parser, with ids as strings
     * @param occurredAt the event's {@code occurred_at}, from which the default due date is counted
     * @throws IllegalArgumentException if {@code due_at} or {@code status} has a value the event contract rejects
     */
    public MappedTask map(JsonNode task, Instant occurredAt) {
        return mapUpdate(task, occurredAt, null);
    }

    /**
     * Maps the Privyr task of a {@code task.updated} event onto the values last pushed to GHL. A field that is
     * absent from the event keeps its last pushed value, and so does a {@code null} or blank {@code title}. An
     * explicit {@code "due_at": null} makes the task undated: it gets the default due date counted from
     * {@code occurredAt}, unless it was undated already, in which case its due date stays as pushed. An explicit
     * {@code "assigned_to": null} removes the assignee.
     *
     * @param lastPushed the values stored after the previous push, or {@code null} when the task was never pushed;
     *     then this method works as {@link #map(JsonNode, Instant)}
     * @throws IllegalArgumentException as for {@link #map(JsonNode, Instant)}
     */
    public MappedTask mapUpdate(JsonNode task, Instant occurredAt, MappedTask lastPushed) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(occurredAt, "occurredAt");
        String taskId = task.path("id").asText("?");
        List<String> warnings = new ArrayList<>();
        String title = title(task, taskId, lastPushed, warnings);
        Due due = due(task, taskId, occurredAt, lastPushed);
        Status status = status(task, taskId, lastPushed);
        JsonNode assignee = task.get("assigned_to");
        String assignedTo;
        if (assignee == null) {
            assignedTo = lastPushed != null ? lastPushed.assignedTo() : null;
        } else {
            assignedTo = assignee(assignee, taskId, warnings);
        }
        return new MappedTask(title, due.at(), status.completed(), assignedTo, status.cancelled(), due.undated(),
                warnings);
    }

    private record Due(Instant at, boolean undated) {
    }

    private record Status(boolean completed, boolean cancelled) {
    }

    private static String title(JsonNode task, String taskId, MappedTask lastPushed, List<String> warnings) {
        String title = text(task.get("title"));
        if (title != null) {
            return title;
        }
        if (lastPushed != null) {
            return lastPushed.title();
        }
        warnings.add("task '" + taskId + "' has no title; sent with the title '" + FALLBACK_TITLE + "'");
        return FALLBACK_TITLE;
    }

    private Due due(JsonNode task, String taskId, Instant occurredAt, MappedTask lastPushed) {
        JsonNode dueAt = task.get("due_at");
        if (dueAt == null) {
            return lastPushed != null ? new Due(lastPushed.dueDate(), lastPushed.undated())
                    : new Due(defaultDue(occurredAt), true);
        }
        if (dueAt.isNull()) {
            // Keeping an undated task's default due date stops it from moving on every update that repeats null.
            boolean wasUndated = lastPushed != null && lastPushed.undated();
            return new Due(wasUndated ? lastPushed.dueDate() : defaultDue(occurredAt), true);
        }
        return new Due(parseDueAt(dueAt, taskId), false);
    }

    private static Status status(JsonNode task, String taskId, MappedTask lastPushed) {
        String status = text(task.get("status"));
        if (status == null) {
            return lastPushed != null ? new Status(lastPushed.completed(), lastPushed.cancelled())
                    : new Status(false, false);
        }
        return switch (status) {
            case "PENDING" -> new Status(false, false);
            case "COMPLETED" -> new Status(true, false);
            case "CANCELLED" -> new Status(true, true);
            default -> throw new IllegalArgumentException("task '" + taskId + "': unknown status '" + status
                    + "'; expected PENDING, COMPLETED or CANCELLED");
        };
    }

    /**
     * Returns whether the caller must delete the GHL task instead of pushing {@code task}: the Privyr task is
     * cancelled and the file sets {@code cancelled: delete}. For a task that was never pushed, this means that
     * nothing is created.
     */
    public boolean deletes(MappedTask task) {
        return task.cancelled() && cancelledAction == CancelledAction.DELETE;
    }

    /** Computes the due date of a task that is undated at {@code occurredAt}, as configured under default-due. */
    public Instant defaultDue(Instant occurredAt) {
        return defaultDue.after(occurredAt, timeZone);
    }

    /**
     * Converts a Privyr {@code due_at} to an instant in whole seconds. A value with {@code Z} or an offset names
     * its instant. A local date-time is read in the configured time zone. A local time that a daylight saving
     * change skips moves forward by the length of the gap, and a time that occurs twice takes the earlier offset.
     */
    private Instant parseDueAt(JsonNode due, String taskId) {
        String text = due.isTextual() ? due.textValue() : due.toString();
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(timeZone).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("task '" + taskId + "': due_at '" + text + "' is neither an "
                        + "ISO-8601 instant such as 2025-03-15T04:30:00Z nor a local date-time such as "
                        + "2025-03-15T10:30:00", e);
            }
        }
    }

    /** Looks up the GHL user of {@code assigned_to}. A member without one gives a warning that names only the id. */
    private String assignee(JsonNode assignee, String taskId, List<String> warnings) {
        if (assignee.isNull()) {
            return null;
        }
        String memberId = text(assignee.get("id"));
        if (memberId == null) {
            warnings.add("task '" + taskId + "': assigned_to has no id; assignedTo is not sent");
            return null;
        }
        String userId = assignees.get(memberId);
        if (userId == null) {
            warnings.add("task '" + taskId + "': Privyr team member '" + memberId + "' has no GHL user under "
                    + "'assignees' in " + source + "; assignedTo is not sent");
        }
        return userId;
    }

    /** Returns the stripped text of a value node, or {@code null} when it is absent, {@code null} or blank. */
    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String value = node.asText().strip();
        return value.isEmpty() ? null : value;
    }

    /** Returns the file or resource name the mapping was loaded from. */
    public String source() {
        return source;
    }

    /** Returns the zone in which a {@code due_at} without an offset is read, and default due dates are set. */
    public ZoneId timeZone() {
        return timeZone;
    }

    /** Returns the GHL user id per Privyr team member id, as configured under assignees. */
    public Map<String, String> assignees() {
        return assignees;
    }

    /** Returns the action taken on the GHL task of a cancelled Privyr task. */
    public CancelledAction cancelledAction() {
        return cancelledAction;
    }

    /** Returns the note options of the same file. */
    public NoteMapping notes() {
        return notes;
    }
}
