package org.privyrghlsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImportMappingTest {

    /** A columns list with only the required name column; {@code \\n} stands for a line break, as in the cases below. */
    private static final String NAME_COLUMN = "columns:\\n  - header: Name\\n    field: name\\n";

    private static ImportMapping parse(String yaml) {
        return ImportMapping.parse(yaml.replace("\\n", "\n"), "import.yaml");
    }

    @Test
    void shippedMappingLoads() {
        ImportMapping mapping = ImportMapping.load(Path.of("mappings", "import.yaml"));

        assertThat(mapping.delimiter()).isEqualTo(',');
        assertThat(mapping.phoneRegion()).isEqualTo("IN");
        assertThat(mapping.timeZone()).isEqualTo(ZoneId.of("Asia/Kolkata"));
        assertThat(mapping.columns()).extracting(ImportMapping.Column::field).contains("id", "name", "email",
                "phone", "groups", "notes", "created_at");
        assertThat(mapping.columns()).extracting(ImportMapping.Column::otherField).contains("Budget", "Timeline");
    }

    @Test
    void defaultsApplyWhenOptionsAreAbsent() {
        ImportMapping mapping = parse("version: 1\\n" + NAME_COLUMN);

        assertThat(mapping.delimiter()).isEqualTo(',');
        assertThat(mapping.phoneRegion()).isNull();
        assertThat(mapping.groupsSeparator()).isEqualTo(",");
        assertThat(mapping.parseDate("2025-03-14")).isEqualTo(Instant.parse("2025-03-14T00:00:00Z"));
        assertThat(mapping.parseDate("2025-03-14 09:20")).isEqualTo(Instant.parse("2025-03-14T09:20:00Z"));
        assertThat(mapping.toE164("98450 12345")).as("national number without a region").isEmpty();
        assertThat(mapping.toE164("+91 98450 12345")).contains("+919845012345");
    }

    @Test
    void datesReadInFormatAndZone() {
        ImportMapping mapping = parse("version: 1\\ndate-format: \"dd MMM yyyy, hh:mm a\"\\n"
                + "time-zone: Asia/Kolkata\\ndelimiter: \"\\t\"\\n" + NAME_COLUMN);

        assertThat(mapping.delimiter()).isEqualTo('\t');
        assertThat(mapping.parseDate("14 Mar 2025, 02:50 pm")).isEqualTo(Instant.parse("2025-03-14T09:20:00Z"));
        assertThat(catchThrowableOfType(DateTimeParseException.class, () -> mapping.parseDate("30 Feb 2025, 02:50 PM")))
                .as("30 February").isNotNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "none", value = {
        "dd/MM/yyyy[ HH:mm]|MM/dd/yyyy[ HH:mm]",
        "M/d/yy|d/M/yy",
        "d.MM.yyyy|MM.d.yyyy",
        "'Day' dd 'of' LL, yyyy|'Day' LL 'of' dd, yyyy",
        "dd MMM yyyy|none",
        "yyyy-MM-dd[ HH:mm[:ss]]|none",
        "yyyy-DDD|none",
    })
    void swappedDatePatternSwapsNumericDayAndMonth(String pattern, String swapped) {
        ImportMapping mapping = parse("version: 1\\ndate-format: \"" + pattern + "\"\\n" + NAME_COLUMN);

        assertThat(mapping.swappedDatePattern()).as(pattern).isEqualTo(swapped);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "version: 1|missing required key 'columns'",
        "version: 2\\n" + NAME_COLUMN + "|unsupported version 2",
        "version: 1\\ncolumns:\\n  - header: Email\\n    field: email|no column fills 'name'",
        "version: 1\\ncolumns:\\n  - header: Name\\n    field: nmae|unknown client field 'nmae'",
        "version: 1\\ncolumns:\\n  - header: Name\\n    field: name\\n  - header: NAME\\n    field: notes"
                + "|duplicate header 'NAME'",
        "version: 1\\ncolumns:\\n  - header: Name\\n    field: name\\n  - header: Full name\\n    field: name"
                + "|duplicate target 'name'",
        "version: 1\\ncolumns:\\n  - header: Name|a column needs exactly one of 'field'",
        "version: 1\\ndate-format: HH:mm\\n" + NAME_COLUMN + "|does not give a whole date",
        "version: 1\\ndate-format: yyyy-MM-dd bbb\\n" + NAME_COLUMN + "|invalid date pattern",
        "version: 1\\nphone-region: XX\\n" + NAME_COLUMN + "|invalid region code 'XX'",
        "version: 1\\ndelimiter: ';;'\\n" + NAME_COLUMN + "|expected one character",
        "version: 1\\ntime-zone: asia/kolkata\\n" + NAME_COLUMN + "|(did you mean 'Asia/Kolkata'?)",
        "version: 1\\nheaders: []\\n" + NAME_COLUMN + "|unknown key 'headers'",
    })
    void invalidMappingNamesTheProblem(String yaml, String problem) {
        MappingException error = catchThrowableOfType(MappingException.class, () -> parse(yaml));

        assertThat(error).as(yaml).isNotNull();
        assertThat(error.getMessage()).startsWith("import.yaml");
        assertThat(error.getProblem()).contains(problem);
    }
}
