package org.privyrghlsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.privyrghlsync.mapping.TaskFixtures.pushed;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskBodiesTest {

    private static final MappedTask LAST = pushed("Call back", "2026-12-05T02:00:00Z", false, "ghlUserAsha");

    @Test
    void createBodyHasRequiredFieldsAndAssignee() {
        Map<String, Object> body = TaskBodies.createBody(LAST);

        assertThat(body).containsExactly(
                Map.entry("title", "Call back"),
                Map.entry("dueDate", "2026-12-05T02:00:00Z"),
                Map.entry("completed", false),
                Map.entry("assignedTo", "ghlUserAsha"));
    }

    @Test
    void createBodyOmitsUnknownAssignee() {
        Map<String, Object> body = TaskBodies.createBody(pushed("Call back", "2026-12-05T02:00:00Z", true, null));

        assertThat(body).containsOnlyKeys("title", "dueDate", "completed");
        assertThat(body).containsEntry("completed", true);
    }

    @Test
    void dueDateHasNoMilliseconds() {
        MappedTask task = pushed("Call back", "2026-12-05T02:00:00.750Z", false, null);

        assertThat(task.dueDate()).isEqualTo(Instant.parse("2026-12-05T02:00:00Z"));
        assertThat(TaskBodies.createBody(task)).containsEntry("dueDate", "2026-12-05T02:00:00Z");
    }

    @Test
    void diffOfEqualTasksIsEmpty() {
        TaskChange change = TaskBodies.diff(LAST, LAST);

        assertThat(change.isEmpty()).isTrue();
        assertThat(change.completionOnly()).isFalse();
        assertThat(change.updateBody()).isEmpty();
    }

    @Test
    void completionOnlyDiff() {
        MappedTask desired = pushed("Call back", "2026-12-05T02:00:00Z", true, "ghlUserAsha");

        TaskChange change = TaskBodies.diff(desired, LAST);

        assertThat(change.isEmpty()).isFalse();
        assertThat(change.completionOnly()).isTrue();
        assertThat(change.completionBody()).isEqualTo(Map.of("completed", true));
    }

    @Test
    void multiFieldDiffHoldsOnlyChangedFields() {
        MappedTask desired = pushed("Call back about site visit", "2026-12-06T02:00:00Z", true, "ghlUserAsha");

        TaskChange change = TaskBodies.diff(desired, LAST);

        assertThat(change.updateBody()).containsExactly(
                Map.entry("title", "Call back about site visit"),
                Map.entry("dueDate", "2026-12-06T02:00:00Z"),
                Map.entry("completed", true));
        assertThat(change.completionOnly()).isFalse();
    }

    @Test
    void completionBodyRejectedForFullChange() {
        TaskChange change = TaskBodies.diff(pushed("New title", "2026-12-05T02:00:00Z", true, null), LAST);

        IllegalStateException error = catchThrowableOfType(IllegalStateException.class, change::completionBody);

        assertThat(error).hasMessageContaining("not completion-only");
    }

    @Test
    void diffSendsChangedAssignee() {
        TaskChange change = TaskBodies.diff(pushed("Call back", "2026-12-05T02:00:00Z", false, "ghlUserRavi"), LAST);

        assertThat(change.updateBody()).isEqualTo(Map.of("assignedTo", "ghlUserRavi"));
    }

    @Test
    void diffNeverSendsMissingAssignee() {
        TaskChange change = TaskBodies.diff(pushed("Call back", "2026-12-05T02:00:00Z", false, null), LAST);

        assertThat(change.isEmpty()).isTrue();
    }

    @Test
    void diffIgnoresSubSecondDueDate() {
        TaskChange change = TaskBodies.diff(pushed("Call back", "2026-12-05T02:00:00.999Z", false, "ghlUserAsha"),
                LAST);

        assertThat(change.isEmpty()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "2021-07-08T02:30:00.000Z,      2021-07-08T02:30:00Z",
        "2021-07-08T02:30:00Z,          2021-07-08T02:30:00Z",
        "2021-07-08T02:30:00.999Z,      2021-07-08T02:30:00Z",
        "2021-07-08T08:00:00.000+05:30, 2021-07-08T02:30:00Z",
        "2021-07-08T02:30Z,             2021-07-08T02:30:00Z",
        "' 2021-07-08T02:30:00.000Z ',  2021-07-08T02:30:00Z",
    })
    void wireDueDateNormalisesGhlValue(String ghlValue, String expected) {
        assertThat(TaskBodies.wireDueDate(ghlValue)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"2021-07-08", "2021-07-08T02:30:00", "tomorrow"})
    void wireDueDateRejectsNonInstant(String ghlValue) {
        IllegalArgumentException error = catchThrowableOfType(IllegalArgumentException.class,
                () -> TaskBodies.wireDueDate(ghlValue));

        assertThat(error).hasMessage("invalid due date '" + ghlValue + "'; expected an ISO-8601 instant such as "
                + "2021-07-08T02:30:00.000Z");
    }

    @Test
    void wireDueDateRejectsNull() {
        IllegalArgumentException error = catchThrowableOfType(IllegalArgumentException.class,
                () -> TaskBodies.wireDueDate((String) null));

        assertThat(error).hasMessageStartingWith("due date is missing");
    }

    @Test
    void jsonRoundTripIsEqual() {
        MappedTask task = new MappedTask("Call back", Instant.parse("2026-12-05T02:00:00Z"), true, "ghlUserAsha",
                true, true, java.util.List.of("a warning"));

        String json = task.toJson();

        assertThat(json).contains("\"dueDate\":\"2026-12-05T02:00:00Z\"");
        assertThat(json).doesNotContain("a warning");
        assertThat(MappedTask.fromJson(json)).isEqualTo(task.withoutWarnings());
    }

    @Test
    void fromJsonTruncatesStoredMilliseconds() {
        MappedTask task = MappedTask.fromJson("{\"title\":\"Call back\",\"dueDate\":\"2021-07-08T02:30:00.000Z\","
                + "\"completed\":false,\"futureKey\":1}");

        assertThat(task.dueDate()).isEqualTo(Instant.parse("2021-07-08T02:30:00Z"));
        assertThat(task.assignedTo()).isNull();
        assertThat(task.undated()).isFalse();
    }

    @Test
    void fromJsonRejectsMissingTitle() {
        IllegalArgumentException error = catchThrowableOfType(IllegalArgumentException.class,
                () -> MappedTask.fromJson("{\"dueDate\":\"2021-07-08T02:30:00Z\"}"));

        assertThat(error).hasMessageStartingWith("invalid mapped task JSON: ");
        assertThat(error).hasMessageContaining("needs a title");
    }
}
