package org.privyrghlsync.mapping;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.io.StringReader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The column mapping of CSV imports (mappings/import.yaml): which CSV column fills which field of the client in a
 * {@code client.created} event, how dates are written, and the region of phone numbers without a country code.
 */
public final class ImportMapping {

    /** The copy inside the jar, used when the mappings folder has no import.yaml. */
    public static final String DEFAULT_RESOURCE = "bundled/mappings/import.yaml";

    /** Name of the file in the mappings folder. */
    public static final String FILE_NAME = "import.yaml";

    /** Client fields that a column can fill, in the order of the event schema. */
    public static final List<String> CLIENT_FIELDS = List.of("id", "name", "display_name", "email", "phone",
            "whatsapp_number", "source", "groups", "notes", "created_at");

    /**
     * One mapped column.
     *
     * @param header the CSV header, matched without regard to case and surrounding spaces
     * @param field the client field it fills, one of {@link #CLIENT_FIELDS}, or null for an {@code other-field}
     * @param otherField the {@code other_fields} label it fills, or null for a client field
     */
    public record Column(String header, String field, String otherField) {
    }

    private final String source;
    private final char delimiter;
    private final List<Column> columns;
    private final String phoneRegion;
    private final String datePattern;
    private final DateTimeFormatter dateFormat;
    private final String swappedDatePattern;
    private final DateTimeFormatter swappedDateFormat;
    private final ZoneId timeZone;
    private final String groupsSeparator;

    ImportMapping(String source, char delimiter, List<Column> columns, String phoneRegion, String datePattern,
            DateTimeFormatter dateFormat, String swappedDatePattern, DateTimeFormatter swappedDateFormat,
            ZoneId timeZone, String groupsSeparator) {
        this.source = source;
        this.delimiter = delimiter;
        this.columns = List.copyOf(columns);
        this.phoneRegion = phoneRegion;
        this.datePattern = datePattern;
        this.dateFormat = dateFormat;
        this.swappedDatePattern = swappedDatePattern;
        this.swappedDateFormat = swappedDateFormat;
        this.timeZone = timeZone;
        this.groupsSeparator = groupsSeparator;
    }

    /**
     * Loads and validates an import mapping file.
     *
     * @throws MappingException if the file is missing, unreadable or invalid. The message names the file, line,
     *     column and field
     */
    public static ImportMapping load(Path file) {
        return load(MappingFiles.open(file), file.toString());
    }

    /**
     * Loads the file when it exists and otherwise the classpath resource. An existing but invalid file fails, because
     * the resource is only a fallback for a missing file.
     */
    public static ImportMapping loadFileOrClasspath(Path file, String resourceName) {
        if (Files.exists(file)) {
            return load(file);
        }
        URL resource = MappingFiles.classpathResource(resourceName);
        return load(MappingFiles.open(resource), resource.toString());
    }

    /** Validates import mapping text; {@code sourceName} appears in error messages in place of a file name. */
    public static ImportMapping parse(String yaml, String sourceName) {
        return load(new StringReader(yaml), sourceName);
    }

    private static ImportMapping load(Reader reader, String name) {
        YamlNodes yaml = new YamlNodes(name);
        return new ImportMappingLoader(yaml, name).load(yaml.compose(reader, "a mapping with 'version' and 'columns'"));
    }

    /** Returns the file or resource the mapping was read from. */
    public String source() {
        return source;
    }

    /**
     * Returns where a user changes this mapping, for messages: its file, or for the copy inside the jar, a copy of it
     * passed with {@code --mapping}.
     */
    public String editableSource() {
        return source.startsWith("jar:") || source.contains("!/")
                ? "a copy of the shipped mappings/import.yaml, passed with --mapping" : source;
    }

    /**
     * Returns the SHA-256, in hex, of what the mapping does: its delimiter, columns, phone region, date format, time
     * zone and groups separator. Comments and layout of the file do not change it.
     */
    public String fingerprint() {
        StringBuilder text = new StringBuilder().append(delimiter).append('\n');
        for (Column column : columns) {
            text.append(column.header()).append('\u0000').append(column.field()).append('\u0000')
                    .append(column.otherField()).append('\n');
        }
        text.append(phoneRegion).append('\n').append(datePattern).append('\n').append(timeZone.getId()).append('\n')
                .append(groupsSeparator);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** Returns the character between the values of a row. */
    public char delimiter() {
        return delimiter;
    }

    public List<Column> columns() {
        return columns;
    }

    /** Returns the region for phone numbers without a country code, or null when only international numbers count. */
    public String phoneRegion() {
        return phoneRegion;
    }

    /** Returns the {@link DateTimeFormatter} pattern of date columns, as written in the file. */
    public String datePattern() {
        return datePattern;
    }

    /**
     * Returns {@link #datePattern()} with day and month swapped, such as {@code MM/dd/yyyy} for {@code dd/MM/yyyy}.
     * Returns null when the pattern does not write both as numbers, or starts with the year as ISO 8601 does.
     */
    public String swappedDatePattern() {
        return swappedDatePattern;
    }

    /** Returns the time zone of dates written without an offset. */
    public ZoneId timeZone() {
        return timeZone;
    }

    /** Returns the text between the groups of a {@code groups} column. */
    public String groupsSeparator() {
        return groupsSeparator;
    }

    /**
     * Returns the number in E.164 form, or empty when libphonenumber cannot parse or validate it, with
     * {@link #phoneRegion()} for numbers without a country code.
     */
    public Optional<String> toE164(String raw) {
        return PhoneNormalizer.toE164(raw, phoneRegion);
    }

    /** Returns true when the contact mapping's {@code email} transform would accept the address. */
    public boolean isValidEmail(String email) {
        return Transform.EMAIL.apply(email, null).rejection() == null;
    }

    /**
     * Parses a date column value with {@link #datePattern()}. A value without a time is the start of that day, and
     * one without an offset is read in {@link #timeZone()}.
     *
     * @throws DateTimeParseException when the value does not match the pattern or is not a real date
     */
    public Instant parseDate(String text) {
        TemporalAccessor parsed = dateFormat.parseBest(text, ZonedDateTime::from, OffsetDateTime::from,
                LocalDateTime::from, LocalDate::from);
        if (parsed instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        if (parsed instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (parsed instanceof LocalDateTime local) {
            return local.atZone(timeZone).toInstant();
        }
        return ((LocalDate) parsed).atStartOfDay(timeZone).toInstant();
    }

    /** Returns the day that a date column value gives with {@link #datePattern()}, or null for no real date. */
    public LocalDate calendarDate(String text) {
        return calendarDate(dateFormat, text);
    }

    /**
     * Returns the day that a date column value gives with {@link #swappedDatePattern()}, or null when it is not a
     * real date that way or the pattern has no swapped form.
     */
    public LocalDate swappedCalendarDate(String text) {
        return swappedDateFormat == null ? null : calendarDate(swappedDateFormat, text);
    }

    private static LocalDate calendarDate(DateTimeFormatter format, String text) {
        try {
            return format.parse(text, LocalDate::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
