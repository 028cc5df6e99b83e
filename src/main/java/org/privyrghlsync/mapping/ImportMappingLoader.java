package org.privyrghlsync.mapping;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Validates the node tree of an import mapping file (mappings/import.yaml). The first problem found stops loading
 * with a {@link MappingException} that names the line and the field. Absent options take their documented defaults.
 */
final class ImportMappingLoader {

    static final String DEFAULT_DATE_PATTERN = "yyyy-MM-dd[ HH:mm[:ss]]";
    static final ZoneId DEFAULT_TIME_ZONE = ZoneOffset.UTC;
    static final String DEFAULT_GROUPS_SEPARATOR = ",";

    /** Longest {@code other_fields} label that the event contract accepts. */
    private static final int MAX_LABEL_CHARS = 255;
    private static final Set<String> TOP_KEYS = MappingLoader.orderedSet("version", "delimiter", "phone-region",
            "date-format", "time-zone", "groups-separator", "columns");
    private static final Set<String> COLUMN_KEYS = MappingLoader.orderedSet("header", "field", "other-field");

    private final YamlNodes yaml;
    private final String source;

    ImportMappingLoader(YamlNodes yaml, String source) {
        this.yaml = yaml;
        this.source = source;
    }

    ImportMapping load(Node root) {
        Map<String, NodeTuple> top = yaml.entries(root, "", TOP_KEYS);
        yaml.requireVersion(root, top, MappingLoader.SUPPORTED_VERSION);
        char delimiter = top.containsKey("delimiter") ? delimiter(top.get("delimiter").getValueNode()) : ',';
        String region = top.containsKey("phone-region") ? region(top.get("phone-region").getValueNode()) : null;
        String pattern = top.containsKey("date-format")
                ? yaml.text(top.get("date-format").getValueNode(), "date-format") : DEFAULT_DATE_PATTERN;
        DateTimeFormatter format = dateFormat(top.get("date-format"), pattern);
        String swappedPattern = DayMonthOrder.swapped(pattern);
        DateTimeFormatter swappedFormat = swappedPattern == null ? null : compile(swappedPattern);
        ZoneId zone = top.containsKey("time-zone")
                ? yaml.zoneId(top.get("time-zone").getValueNode(), "time-zone") : DEFAULT_TIME_ZONE;
        String separator = top.containsKey("groups-separator")
                ? yaml.text(top.get("groups-separator").getValueNode(), "groups-separator")
                : DEFAULT_GROUPS_SEPARATOR;
        NodeTuple columnsEntry = top.get("columns");
        if (columnsEntry == null) {
            throw yaml.error(root, "columns", "missing required key 'columns'; add a 'columns' list with one entry"
                    + " per CSV column to import");
        }
        List<ImportMapping.Column> columns = columns(columnsEntry.getValueNode());
        return new ImportMapping(source, delimiter, columns, region, pattern, format, swappedPattern, swappedFormat,
                zone, separator);
    }

    private char delimiter(Node value) {
        // Read without strip(), so that a tab written as "\t" stays a tab.
        String text = value instanceof ScalarNode scalar ? scalar.getValue() : "";
        if (text.length() != 1 || text.equals("\"") || text.equals("\r") || text.equals("\n")) {
            throw yaml.error(value, "delimiter", "expected one character other than a double quote or a line break,"
                    + " such as ',' or ';', or \"\\t\" for a tab");
        }
        return text.charAt(0);
    }

    private String region(Node value) {
        String code = yaml.text(value, "phone-region");
        return PhoneNormalizer.supportedRegion(code).orElseThrow(() -> yaml.error(value, "phone-region",
                "invalid region code '" + code + "'; expected a two-letter ISO 3166-1 code that libphonenumber"
                        + " supports, such as IN, US or GB"));
    }

    /**
     * Compiles the date pattern. Parsing is strict, so 30 February is rejected instead of moved to the 29th. A
     * pattern must give at least a year, month and day, which is checked by parsing a sample date it formats.
     */
    private DateTimeFormatter dateFormat(NodeTuple entry, String pattern) {
        DateTimeFormatter format;
        try {
            format = compile(pattern);
        } catch (IllegalArgumentException e) {
            throw yaml.error(entry.getValueNode(), "date-format", "invalid date pattern '" + pattern + "': "
                    + e.getMessage() + "; write a java.time pattern such as dd/MM/yyyy HH:mm");
        }
        String sample = DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH)
                .format(ZonedDateTime.of(2025, 3, 14, 9, 20, 0, 0, ZoneOffset.UTC));
        try {
            format.parseBest(sample, ZonedDateTime::from, OffsetDateTime::from, LocalDateTime::from,
                    LocalDate::from);
        } catch (DateTimeParseException e) {
            throw yaml.error(entry.getValueNode(), "date-format", "date pattern '" + pattern + "' does not give a"
                    + " whole date; it needs at least year, month and day, such as dd/MM/yyyy");
        }
        return format;
    }

    /** Compiles a date pattern for strict, case-insensitive parsing with English month names. */
    private static DateTimeFormatter compile(String pattern) {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern)
                .parseDefaulting(ChronoField.ERA, 1).toFormatter(Locale.ENGLISH)
                .withResolverStyle(ResolverStyle.STRICT);
    }

    private List<ImportMapping.Column> columns(Node node) {
        List<Node> items = yaml.sequence(node, "columns");
        if (items.isEmpty()) {
            throw yaml.error(node, "columns", "the list is empty; add at least the column that contains the name");
        }
        List<ImportMapping.Column> columns = new ArrayList<>();
        Map<String, String> headers = new HashMap<>();
        Map<String, String> targets = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "columns[" + i + "]";
            ImportMapping.Column column = column(items.get(i), path);
            claim(headers, column.header().toLowerCase(Locale.ROOT), items.get(i), path,
                    "duplicate header '" + column.header() + "' (headers are matched without regard to case)");
            String target = column.field() != null ? column.field() : "other-field " + column.otherField();
            claim(targets, target, items.get(i), path, "duplicate target '" + target + "'");
            columns.add(column);
        }
        if (!targets.containsKey("name")) {
            throw yaml.error(node, "columns", "no column fills 'name'; every client.created event needs a name, so"
                    + " add an entry such as '- header: Name' with 'field: name'");
        }
        return columns;
    }

    private void claim(Map<String, String> claimed, String key, Node node, String path, String problem) {
        String earlier = claimed.putIfAbsent(key, path);
        if (earlier != null) {
            throw yaml.error(node, path, problem + "; " + earlier + " already has it");
        }
    }

    private ImportMapping.Column column(Node node, String path) {
        Map<String, NodeTuple> keys = yaml.entries(node, path, COLUMN_KEYS);
        NodeTuple header = keys.get("header");
        if (header == null) {
            throw yaml.error(node, path, "missing required key 'header'; add the CSV column's header");
        }
        String headerText = yaml.text(header.getValueNode(), YamlNodes.child(path, "header"));
        NodeTuple field = keys.get("field");
        NodeTuple otherField = keys.get("other-field");
        if ((field == null) == (otherField == null)) {
            throw yaml.error(node, path, "a column needs exactly one of 'field' (a client field) and 'other-field'"
                    + " (an other_fields label)");
        }
        if (field != null) {
            String fieldPath = YamlNodes.child(path, "field");
            String name = yaml.text(field.getValueNode(), fieldPath);
            if (!ImportMapping.CLIENT_FIELDS.contains(name)) {
                throw yaml.error(field.getValueNode(), fieldPath, "unknown client field '" + name + "'; expected one"
                        + " of: " + String.join(", ", ImportMapping.CLIENT_FIELDS)
                        + " (use 'other-field' for any other column)");
            }
            return new ImportMapping.Column(headerText, name, null);
        }
        String labelPath = YamlNodes.child(path, "other-field");
        String label = yaml.text(otherField.getValueNode(), labelPath);
        if (label.length() > MAX_LABEL_CHARS) {
            throw yaml.error(otherField.getValueNode(), labelPath, "the label has " + label.length()
                    + " characters; the event contract allows at most " + MAX_LABEL_CHARS);
        }
        return new ImportMapping.Column(headerText, null, label);
    }
}
