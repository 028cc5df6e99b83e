package org.privyrghlsync.csvimport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.privyrghlsync.events.EnvelopeParser;
import org.privyrghlsync.events.EventEnvelope;
import org.privyrghlsync.events.InvalidEventException;
import org.privyrghlsync.mapping.ImportMapping;
import org.privyrghlsync.mapping.Masking;
import org.privyrghlsync.store.ImportStore.ImportReject;

/**
 * Turns one CSV row into a validated {@code client.created} event, or into a rejection that names the row, the
 * column, the masked value and what to change.
 *
 * <p>Phone and WhatsApp numbers are converted to E.164 here, with the import mapping's {@code phone-region}, because
 * the region of a CSV file is known while the contact mapping's region is a default for every producer. The event
 * then goes through the same {@link EnvelopeParser} as a webhook event, which enforces the contract's length and
 * character rules.
 */
final class RowConverter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CLIENT_FIELD_PATH = Pattern.compile("data\\.client\\.([a-z_]+)(\\[\\d+])?");
    private static final String OTHER_FIELDS_PATH = "data.client.other_fields.";
    /** The maximum characters of one value. A longer one is most likely rows that an unclosed quote took in. */
    static final int MAX_VALUE_CHARS = 100_000;
    /** The characters of a rejected row that the store keeps, divided evenly among its values. */
    private static final int MAX_REJECT_ROW_CHARS = 500_000;

    /** The outcome of one row. */
    sealed interface Result permits Converted, Rejected, Blank {
    }

    /** A row that became an event. */
    record Converted(EventEnvelope event) implements Result {
    }

    /** A row with a value that cannot be imported. */
    record Rejected(ImportReject reject) implements Result {
    }

    /** A row whose values are all empty, which spreadsheets write for blank rows. It is skipped. */
    record Blank() implements Result {
    }

    private enum Field { ID, NAME, DISPLAY_NAME, EMAIL, PHONE, WHATSAPP_NUMBER, SOURCE, GROUPS, NOTES, CREATED_AT }

    private final ImportMapping mapping;
    private final ColumnBinding binding;
    private final EnvelopeParser parser;
    private final String accountId;
    /** The start of the mapping's fingerprint, which import event ids carry. */
    private final String mappingTag;
    private final Instant occurredAt;
    private final Clock clock;
    private final Map<String, String> headerByField = new HashMap<>();
    /** The client field of each bound column, null for an other-field column, in the order of the binding. */
    private final List<Field> fieldOfColumn = new ArrayList<>();

    /**
     * Creates the converter for one file.
     *
     * @param occurredAt the {@code occurred_at} of every event of the file
     */
    RowConverter(ImportMapping mapping, ColumnBinding binding, EnvelopeParser parser, String accountId,
            Instant occurredAt, Clock clock) {
        this.mapping = mapping;
        this.mappingTag = mapping.fingerprint().substring(0, ImportEvent.MAPPING_TAG_LENGTH);
        this.binding = binding;
        this.parser = parser;
        this.accountId = accountId;
        this.occurredAt = occurredAt;
        this.clock = clock;
        for (ColumnBinding.Bound bound : binding.bound()) {
            ImportMapping.Column column = bound.column();
            headerByField.put(column.field() != null ? column.field() : OTHER_FIELDS_PATH + column.otherField(),
                    column.header());
            fieldOfColumn.add(column.field() == null ? null
                    : Field.valueOf(column.field().toUpperCase(Locale.ROOT)));
        }
    }

    /**
     * Converts one row.
     *
     * @param fileRow the spreadsheet row number, counting the header as row 1
     * @param values the row's values in header order
     */
    Result convert(int fileRow, List<String> values) {
        if (values.stream().allMatch(String::isBlank)) {
            return new Blank();
        }
        if (values.size() != binding.headerSize()) {
            return reject(fileRow, null, "the row has " + CountText.format(values.size(), "value")
                    + " but the header has " + CountText.format(binding.headerSize(), "column")
                    + "; check the quotes in this row and the row before it", values);
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).length() > MAX_VALUE_CHARS) {
                return reject(fileRow, headerAt(i), "value " + (i + 1) + " has " + values.get(i).length()
                        + " characters, more than " + MAX_VALUE_CHARS + "; a quote that is not closed makes one"
                        + " value take in the rows after it, so check the quotes from this row on (the rejects file"
                        + " keeps the start of the value only)", values);
            }
        }
        Map<Field, String> fields = new EnumMap<>(Field.class);
        Map<String, String> otherFields = new TreeMap<>();
        for (int i = 0; i < binding.bound().size(); i++) {
            ColumnBinding.Bound bound = binding.bound().get(i);
            String value = values.get(bound.index()).strip();
            if (value.isEmpty()) {
                continue;
            }
            ImportMapping.Column column = bound.column();
            Field field = fieldOfColumn.get(i);
            if (field == null) {
                otherFields.put(column.otherField(), value);
                continue;
            }
            Checked checked = check(field, value);
            if (checked.problem() != null) {
                return reject(fileRow, column.header(), checked.problem(), values);
            }
            fields.put(field, checked.value());
        }
        if (!fields.containsKey(Field.NAME)) {
            return reject(fileRow, headerByField.get("name"), "the name is empty; every lead needs a name, so fill"
                    + " it in", values);
        }
        byte[] json = ImportEvent.toJson(client(fields, otherFields), fields.get(Field.ID), occurredAt, accountId,
                mappingTag);
        try {
            return new Converted(parser.parse(json));
        } catch (InvalidEventException e) {
            return reject(fileRow, headerOf(e.field()), "the value breaks the event contract: " + e.field() + " "
                    + Masking.maskPersonalData(e.reason()) + "; correct it", values);
        }
    }

    /** A value in the form the event carries, or what is wrong with it and how to fix it. */
    private record Checked(String value, String problem) {

        static Checked valid(String value) {
            return new Checked(value, null);
        }

        static Checked invalid(String problem) {
            return new Checked(null, problem);
        }
    }

    /** Checks a non-empty value: phone numbers become E.164 and dates ISO-8601 instants, others stay as written. */
    private Checked check(Field field, String value) {
        switch (field) {
            case EMAIL:
                return mapping.isValidEmail(value) ? Checked.valid(value) : Checked.invalid("value '"
                        + Masking.maskEmail(value) + "' is not a valid email address; correct it, or clear the cell"
                        + " to import the lead without an email");
            case PHONE, WHATSAPP_NUMBER:
                return mapping.toE164(value).map(Checked::valid).orElseGet(() -> Checked.invalid(phoneProblem(value)));
            case CREATED_AT:
                return checkDate(value);
            default:
                return Checked.valid(value);
        }
    }

    private String phoneProblem(String value) {
        String region = mapping.phoneRegion() == null ? "no phone-region is set, so only numbers with a country code"
                + " are read" : "numbers without a country code are read as " + mapping.phoneRegion();
        return "value '" + Masking.maskText(value) + "' is not a valid phone number (" + region + "); write it with +"
                + " and its country code, or clear the cell";
    }

    private Checked checkDate(String value) {
        Instant created;
        try {
            created = mapping.parseDate(value);
        } catch (DateTimeParseException e) {
            return Checked.invalid(dateProblem(value));
        }
        if (created.isAfter(clock.instant().plus(EnvelopeParser.MAX_FUTURE_SKEW))) {
            return Checked.invalid("date '" + value + "' is in the future; correct it, or check 'time-zone' in "
                    + mapping.editableSource());
        }
        return Checked.valid(created.toString());
    }

    private String dateProblem(String value) {
        String problem = "value '" + Masking.maskPersonalData(value) + "' is not a real date in the format '"
                + mapping.datePattern() + "'";
        if (mapping.swappedCalendarDate(value) != null) {
            // A value such as 03/25/2025 under dd/MM/yyyy hints that the file's other dates import swapped.
            return problem + " but is one with day and month swapped, in '" + mapping.swappedDatePattern() + "', so"
                    + " the file may write its dates in that order; if it does, set 'date-format' in "
                    + mapping.editableSource() + " to '" + mapping.swappedDatePattern() + "', else correct the value";
        }
        return problem + "; write it in that format, or set 'date-format' in " + mapping.editableSource()
                + " to the format of the file";
    }

    /** Builds {@code data.client} without {@code id}, with fields in schema order and other fields by label. */
    private ObjectNode client(Map<Field, String> fields, Map<String, String> otherFields) {
        ObjectNode client = JSON.createObjectNode();
        fields.forEach((field, value) -> {
            switch (field) {
                case ID:
                    break;
                case GROUPS:
                    client.set("groups", groups(value));
                    break;
                default:
                    client.put(field.name().toLowerCase(Locale.ROOT), value);
            }
        });
        if (!otherFields.isEmpty()) {
            ObjectNode other = client.putObject("other_fields");
            otherFields.forEach(other::put);
        }
        return client;
    }

    private ArrayNode groups(String value) {
        ArrayNode groups = JSON.createArrayNode();
        for (String group : value.split(Pattern.quote(mapping.groupsSeparator()))) {
            if (!group.isBlank()) {
                groups.add(group.strip());
            }
        }
        return groups;
    }

    /** Returns the header of the mapped column at {@code index} of a row, or null when no mapped column is there. */
    private String headerAt(int index) {
        for (ColumnBinding.Bound bound : binding.bound()) {
            if (bound.index() == index) {
                return bound.column().header();
            }
        }
        return null;
    }

    /** Returns the header of the column behind an event contract field path, or null when no column is. */
    private String headerOf(String fieldPath) {
        if (fieldPath.startsWith(OTHER_FIELDS_PATH)) {
            return headerByField.get(fieldPath);
        }
        Matcher matcher = CLIENT_FIELD_PATH.matcher(fieldPath);
        return matcher.matches() ? headerByField.get(matcher.group(1)) : null;
    }

    /**
     * Returns the rejected row. Values are cut so that the row fits the store: each to
     * {@link #MAX_REJECT_ROW_CHARS} divided by the number of values.
     */
    private static Rejected reject(int fileRow, String column, String reason, List<String> values) {
        int maxValueChars = Math.max(100, MAX_REJECT_ROW_CHARS / Math.max(1, values.size()));
        List<String> storedValues = new ArrayList<>(values.size());
        for (String value : values) {
            storedValues.add(value.length() > maxValueChars ? value.substring(0, maxValueChars) : value);
        }
        return new Rejected(new ImportReject(fileRow, column, reason, storedValues));
    }
}
