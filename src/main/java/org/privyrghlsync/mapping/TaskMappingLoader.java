package org.privyrghlsync.mapping;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Validates the node tree of a task mapping file (mappings/task.yaml). The first problem found stops loading with
 * a {@link MappingException} that names the line and the field. Absent options take their documented defaults.
 */
final class TaskMappingLoader {

    static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("Asia/Kolkata");
    static final String NEXT_WORKING_DAY = "next-working-day";

    private static final Set<String> TOP_KEYS =
            MappingLoader.orderedSet("version", "time-zone", "default-due", "assignees", "cancelled", "notes");
    private static final Set<String> DEFAULT_DUE_KEYS = MappingLoader.orderedSet("days-ahead", "time", "working-days");
    private static final Set<String> NOTES_KEYS = MappingLoader.orderedSet("first-sync-note");
    private static final DateTimeFormatter TIME_OF_DAY =
            DateTimeFormatter.ofPattern("H:mm", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    private final YamlNodes yaml;

    TaskMappingLoader(YamlNodes yaml) {
        this.yaml = yaml;
    }

    /** The validated content of a task mapping file. */
    record Loaded(ZoneId timeZone, DefaultDue defaultDue, Map<String, String> assignees,
            TaskMapping.CancelledAction cancelledAction, boolean firstSyncNote) {
    }

    Loaded load(Node root) {
        Map<String, NodeTuple> top = yaml.entries(root, "", TOP_KEYS);
        yaml.requireVersion(root, top, MappingLoader.SUPPORTED_VERSION);
        ZoneId zone = top.containsKey("time-zone") ? yaml.zoneId(top.get("time-zone").getValueNode(), "time-zone")
                : DEFAULT_TIME_ZONE;
        DefaultDue defaultDue = top.containsKey("default-due") ? defaultDue(top.get("default-due").getValueNode())
                : DefaultDue.NEXT_WORKING_DAY_AT_NINE;
        Map<String, String> assignees = top.containsKey("assignees")
                ? assignees(top.get("assignees").getValueNode()) : Map.of();
        TaskMapping.CancelledAction cancelled = top.containsKey("cancelled")
                ? cancelledAction(top.get("cancelled").getValueNode()) : TaskMapping.CancelledAction.COMPLETE;
        boolean firstSyncNote = top.containsKey("notes") && firstSyncNote(top.get("notes").getValueNode());
        return new Loaded(zone, defaultDue, assignees, cancelled, firstSyncNote);
    }

    private DefaultDue defaultDue(Node node) {
        Map<String, NodeTuple> keys = yaml.entries(node, "default-due", DEFAULT_DUE_KEYS);
        DefaultDue defaults = DefaultDue.NEXT_WORKING_DAY_AT_NINE;
        int daysAhead = keys.containsKey("days-ahead") ? daysAhead(keys.get("days-ahead").getValueNode())
                : defaults.daysAhead();
        LocalTime time = keys.containsKey("time") ? timeOfDay(keys.get("time").getValueNode()) : defaults.time();
        Set<DayOfWeek> workingDays = keys.containsKey("working-days")
                ? workingDays(keys.get("working-days").getValueNode()) : defaults.workingDays();
        return new DefaultDue(daysAhead, time, workingDays);
    }

    private int daysAhead(Node value) {
        String path = "default-due.days-ahead";
        if (value instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT)) {
            long days = yaml.integer(value, path);
            if (days < 0 || days > DefaultDue.MAX_DAYS_AHEAD) {
                throw yaml.error(value, path, "days-ahead " + days + " is out of range; expected 0 to "
                        + DefaultDue.MAX_DAYS_AHEAD);
            }
            return (int) days;
        }
        String text = yaml.text(value, path);
        if (!text.equals(NEXT_WORKING_DAY)) {
            throw yaml.error(value, path, "expected '" + NEXT_WORKING_DAY + "' or a whole number of days from 0 to "
                    + DefaultDue.MAX_DAYS_AHEAD + " but found '" + text + "'");
        }
        return 1;
    }

    /**
     * Reads a 24-hour time of day. The raw scalar text is used, so an unquoted {@code 17:30}, which YAML 1.1
     * resolves to the base-60 number 1050, still reads as half past five.
     */
    private LocalTime timeOfDay(Node value) {
        String path = "default-due.time";
        String text = yaml.text(value, path);
        try {
            return LocalTime.parse(text, TIME_OF_DAY);
        } catch (DateTimeParseException e) {
            throw yaml.error(value, path, "invalid time '" + text + "'; expected a 24-hour time of day as HH:mm, "
                    + "such as 09:00 or 17:30");
        }
    }

    private Set<DayOfWeek> workingDays(Node node) {
        String path = "default-due.working-days";
        List<Node> items = yaml.sequence(node, path);
        if (items.isEmpty()) {
            throw yaml.error(node, path, "the list is empty; add at least one working day, such as MON");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < items.size(); i++) {
            String itemPath = path + "[" + i + "]";
            DayOfWeek day = dayOfWeek(items.get(i), itemPath);
            if (!days.add(day)) {
                throw yaml.error(items.get(i), itemPath, "duplicate day '" + yaml.text(items.get(i), itemPath) + "'");
            }
        }
        return days;
    }

    /** Reads a day as its English three-letter abbreviation or full name, in any case. */
    private DayOfWeek dayOfWeek(Node value, String path) {
        String text = yaml.text(value, path);
        String upper = text.toUpperCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().equals(upper) || day.name().substring(0, 3).equals(upper)) {
                return day;
            }
        }
        throw yaml.error(value, path, "unknown day '" + text + "'; expected one of: MON, TUE, WED, THU, FRI, SAT, "
                + "SUN, or the full English name");
    }

    /** Reads the GHL user id per Privyr team member id. An empty value ({@code assignees:} alone) means none. */
    private Map<String, String> assignees(Node node) {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)) {
            return Map.of();
        }
        Map<String, String> assignees = new LinkedHashMap<>();
        yaml.entriesWithAnyKey(node, "assignees").forEach((memberId, entry) -> {
            String path = YamlNodes.child("assignees", memberId);
            if (memberId.isBlank()) {
                throw yaml.error(entry.getKeyNode(), path, "empty Privyr team member id; write the member's id "
                        + "as the key");
            }
            String userId = yaml.text(entry.getValueNode(), path);
            if (userId.codePoints().anyMatch(Character::isWhitespace)) {
                throw yaml.error(entry.getValueNode(), path, "invalid GHL user id '" + userId + "': ids contain no "
                        + "white space; write the user's id, not their name");
            }
            if (userId.contains("@")) {
                throw yaml.error(entry.getValueNode(), path, "invalid GHL user id '" + userId + "': ids contain no "
                        + "'@'; write the user's id, not their email");
            }
            assignees.put(memberId.strip(), userId);
        });
        return Collections.unmodifiableMap(assignees);
    }

    private TaskMapping.CancelledAction cancelledAction(Node value) {
        String text = yaml.text(value, "cancelled");
        for (TaskMapping.CancelledAction action : TaskMapping.CancelledAction.values()) {
            if (action.yamlName().equals(text)) {
                return action;
            }
        }
        throw yaml.error(value, "cancelled", "unknown action '" + text + "'; expected one of: complete, delete");
    }

    private boolean firstSyncNote(Node node) {
        Map<String, NodeTuple> keys = yaml.entries(node, "notes", NOTES_KEYS);
        NodeTuple entry = keys.get("first-sync-note");
        return entry != null && yaml.bool(entry.getValueNode(), "notes.first-sync-note");
    }
}
