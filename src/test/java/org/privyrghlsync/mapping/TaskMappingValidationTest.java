package org.privyrghlsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskMappingValidationTest {

    private static MappingException parseError(String... lines) {
        return catchThrowableOfType(MappingException.class,
                () -> TaskMapping.parse(String.join("\n", lines) + "\n", "task.yaml"));
    }

    @Test
    void badTimeZoneNamesLineAndField() {
        MappingException error = parseError(
                "version: 1",
                "time-zone: Asia/Kolkatta");

        assertThat(error.getMessage()).isEqualTo("task.yaml line 2, column 12, field 'time-zone': unknown time zone "
                + "'Asia/Kolkatta'; expected an IANA time zone id such as Asia/Kolkata, Asia/Singapore or "
                + "America/New_York");
    }

    @Test
    void timeZoneInWrongCaseSuggestsId() {
        MappingException error = parseError(
                "version: 1",
                "time-zone: asia/singapore");

        assertThat(error.getProblem())
                .startsWith("unknown time zone 'asia/singapore' (did you mean 'Asia/Singapore'?)");
    }

    @Test
    void badTimeNamesLineAndField() {
        MappingException error = parseError(
                "version: 1",
                "default-due:",
                "  days-ahead: 1",
                "  time: 9am");

        assertThat(error.getMessage()).isEqualTo("task.yaml line 4, column 9, field 'default-due.time': invalid time "
                + "'9am'; expected a 24-hour time of day as HH:mm, such as 09:00 or 17:30");
    }

    @Test
    void unknownKeyNamesLineAndSuggestion() {
        MappingException error = parseError(
                "version: 1",
                "timezone: Asia/Kolkata");

        assertThat(error.getLine()).isEqualTo(2);
        assertThat(error.getField()).isEqualTo("timezone");
        assertThat(error.getProblem()).isEqualTo("unknown key 'timezone' (did you mean 'time-zone'?); expected one of: "
                + "version, time-zone, default-due, assignees, cancelled, notes");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "time: '24:00'               | default-due.time            | invalid time '24:00'",
        "time: '09:60'               | default-due.time            | invalid time '09:60'",
        "time: '09:00:00'            | default-due.time            | invalid time '09:00:00'",
        "days-ahead: -1              | default-due.days-ahead      | days-ahead -1 is out of range; expected 0 to 365",
        "days-ahead: 366             | default-due.days-ahead      | days-ahead 366 is out of range",
        "days-ahead: tomorrow        | default-due.days-ahead      | expected 'next-working-day' or a whole number",
        "working-days: []            | default-due.working-days    | the list is empty; add at least one working day",
        "working-days: [MON, Funday] | default-due.working-days[1] | unknown day 'Funday'; expected one of: MON,",
        "working-days: [MON, monday] | default-due.working-days[1] | duplicate day 'monday'",
        "working-days: MON-FRI       | default-due.working-days    | expected a list but found 'MON-FRI'",
        "weekdays: [MON]             | default-due.weekdays        | unknown key 'weekdays'; expected one of:",
    })
    void badDefaultDueRejected(String option, String field, String problem) {
        MappingException error = parseError("version: 1", "default-due:", "  " + option);

        assertThat(error).as("no error for %s", option).isNotNull();
        assertThat(error.getLine()).isEqualTo(3);
        assertThat(error.getField()).isEqualTo(field);
        assertThat(error.getProblem()).startsWith(problem);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cancelled: archive              | cancelled              | unknown action 'archive'; expected one of:",
        "notes: {first-sync-note: sure}  | notes.first-sync-note  | expected true or false but found 'sure'",
        "notes: {first-sync-notes: true} | notes.first-sync-notes | unknown key 'first-sync-notes' (did you mean",
        "assignees: {u-77: Asha Rao}     | assignees.u-77         | invalid GHL user id 'Asha Rao'",
        "assignees: {u-77: a@example.com} | assignees.u-77         | invalid GHL user id 'a@example.com': ids contain no '@'",
        "assignees: {u-77: }             | assignees.u-77         | expected a text value but found no value",
        "assignees: [u-77]               | assignees              | expected a mapping of keys to values",
        "time-zone:                      | time-zone              | expected a text value but found no value",
    })
    void badTopLevelOptionRejected(String option, String field, String problem) {
        MappingException error = parseError("version: 1", option);

        assertThat(error).as("no error for %s", option).isNotNull();
        assertThat(error.getLine()).isEqualTo(2);
        assertThat(error.getField()).isEqualTo(field);
        assertThat(error.getProblem()).startsWith(problem);
    }

    @Test
    void unsupportedVersionRejected() {
        MappingException error = parseError("version: 2");

        assertThat(error.getField()).isEqualTo("version");
        assertThat(error.getProblem()).isEqualTo("unsupported version 2; this release reads version 1");
    }

    @Test
    void duplicateAssigneeRejected() {
        MappingException error = parseError(
                "version: 1",
                "assignees:",
                "  u-77: userA",
                "  u-77: userB");

        assertThat(error.getLine()).isEqualTo(4);
        assertThat(error.getField()).isEqualTo("assignees.u-77");
        assertThat(error.getProblem()).isEqualTo("duplicate key 'u-77'");
    }

    @Test
    void missingVersionRejected() {
        MappingException error = parseError("time-zone: Asia/Kolkata");

        assertThat(error.getField()).isEqualTo("version");
        assertThat(error.getProblem()).isEqualTo("missing required key 'version'; add 'version: 1'");
    }

    @Test
    void emptyFileRejected() {
        MappingException error = parseError("# only a comment");

        assertThat(error.getProblem()).isEqualTo("the file is empty; expected a mapping with 'version'");
    }

    @Test
    void missingFileNamed() {
        MappingException error = catchThrowableOfType(MappingException.class,
                () -> TaskMapping.load(Path.of("no-such-dir/task.yaml")));

        assertThat(error.getFile()).isEqualTo(Path.of("no-such-dir/task.yaml").toString());
        assertThat(error.getProblem()).startsWith("file not found");
    }

    @Test
    void versionAloneGivesDefaults() {
        TaskMapping mapping = TaskMapping.parse("version: 1\n", "task.yaml");

        assertThat(mapping.timeZone()).hasToString("Asia/Kolkata");
        assertThat(mapping.assignees()).isEmpty();
        assertThat(mapping.cancelledAction()).isEqualTo(TaskMapping.CancelledAction.COMPLETE);
        assertThat(mapping.notes().firstSyncNote()).isFalse();
    }

    @Test
    void emptyAssigneesAccepted() {
        TaskMapping mapping = TaskMapping.parse("version: 1\nassignees:\n", "task.yaml");

        assertThat(mapping.assignees()).isEmpty();
    }
}
