package org.privyrghlsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.privyrghlsync.mapping.TaskFixtures.FRIDAY;
import static org.privyrghlsync.mapping.TaskFixtures.json;
import static org.privyrghlsync.mapping.TaskFixtures.pushed;
import static org.privyrghlsync.mapping.TaskFixtures.taskMapping;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskMappingTest {

    private static final TaskMapping KOLKATA = taskMapping(
            "assignees:",
            "  u-77: ghlUserAsha",
            "  10000101: ghlUserRavi");

    private static final TaskMapping SINGAPORE = taskMapping("time-zone: Asia/Singapore");

    @Test
    void localDueAtUsesTimeZone() {
        MappedTask task = SINGAPORE.map(json("{'id':'fu-1','title':'Call back','due_at':'2026-12-05T10:00:00'}"),
                FRIDAY);

        assertThat(task.dueDate()).isEqualTo(Instant.parse("2026-12-05T02:00:00Z"));
        assertThat(task.undated()).isFalse();
    }

    @Test
    void localDueAtDefaultsToKolkata() {
        MappedTask task = KOLKATA.map(json("{'id':'fu-1','title':'Call back','due_at':'2026-12-05T10:00:00'}"),
                FRIDAY);

        assertThat(task.dueDate()).isEqualTo(Instant.parse("2026-12-05T04:30:00Z"));
    }

    @ParameterizedTest
    @CsvSource({
        "2026-12-05T10:00:00+05:30,    2026-12-05T04:30:00Z",
        "2026-12-05T04:30:00Z,         2026-12-05T04:30:00Z",
        "2026-12-04T23:15:00-05:00,    2026-12-05T04:15:00Z",
        "2026-12-05T04:30:59.999Z,     2026-12-05T04:30:59Z",
        "2026-12-05T10:00:00.5+05:30,  2026-12-05T04:30:00Z",
    })
    void offsetDueAtConvertsToUtc(String dueAt, String expected) {
        MappedTask task = SINGAPORE.map(json("{'id':'fu-1','title':'t','due_at':'" + dueAt + "'}"), FRIDAY);

        assertThat(task.dueDate()).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({
        "2026-12-05T10:00:00.123456, 2026-12-05T02:00:00Z",
        "2026-12-05T10:00:59.9,      2026-12-05T02:00:59Z",
        "2026-12-05T10:00,           2026-12-05T02:00:00Z",
    })
    void localDueAtTruncatedToSeconds(String dueAt, String expected) {
        MappedTask task = SINGAPORE.map(json("{'id':'fu-1','title':'t','due_at':'" + dueAt + "'}"), FRIDAY);

        assertThat(task.dueDate()).isEqualTo(Instant.parse(expected));
    }

    @Test
    void undatedTaskGetsDefaultDue() {
        MappedTask task = KOLKATA.map(json("{'id':'fu-1','title':'Call back','due_at':null}"), FRIDAY);

        assertThat(task.dueDate()).isEqualTo(Instant.parse("2026-12-07T03:30:00Z"));
        assertThat(task.undated()).isTrue();
    }

    @Test
    void absentDueAtOnCreateGetsDefaultDue() {
        MappedTask task = KOLKATA.map(json("{'id':'fu-1','title':'Call back'}"), FRIDAY);

        assertThat(task.dueDate()).isEqualTo(Instant.parse("2026-12-07T03:30:00Z"));
        assertThat(task.undated()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "PENDING,   false, false",
        "COMPLETED, true,  false",
        "CANCELLED, true,  true",
    })
    void statusSetsCompletedAndCancelled(String status, boolean completed, boolean cancelled) {
        MappedTask task = KOLKATA.map(json("{'id':'fu-1','title':'t','status':'" + status + "'}"), FRIDAY);

        assertThat(task.completed()).isEqualTo(completed);
        assertThat(task.cancelled()).isEqualTo(cancelled);
    }

    @Test
    void absentStatusOnCreateIsPending() {
        MappedTask task = KOLKATA.map(json("{'id':'fu-1','title':'t'}"), FRIDAY);

        assertThat(task.completed()).isFalse();
        assertThat(task.cancelled()).isFalse();
    }

    @Test
    void unknownStatusRejected() {
        IllegalArgumentException error = catchThrowableOfType(IllegalArgumentException.class,
                () -> KOLKATA.map(json("{'id':'fu-1','title':'t','status':'DONE'}"), FRIDAY));

        assertThat(error).hasMessage("task 'fu-1': unknown status 'DONE'; expected PENDING, COMPLETED or CANCELLED");
    }

    @Test
    void invalidDueAtRejected() {
        IllegalArgumentException error = catchThrowableOfType(IllegalArgumentException.class,
                () -> KOLKATA.map(json("{'id':'fu-1','title':'t','due_at':'2026-12-05'}"), FRIDAY));

        assertThat(error).hasMessageStartingWith("task 'fu-1': due_at '2026-12-05' is neither an ISO-8601 instant");
    }

    @Test
    void cancelledCompletesByDefault() {
        MappedTask task = KOLKATA.map(json("{'id':'fu-1','title':'t','status':'CANCELLED'}"), FRIDAY);

        assertThat(KOLKATA.cancelledAction()).isEqualTo(TaskMapping.CancelledAction.COMPLETE);
        assertThat(KOLKATA.deletes(task)).isFalse();
        assertThat(task.completed()).isTrue();
    }

    @Test
    void cancelledDeletesWhenConfigured() {
        TaskMapping mapping = taskMapping("cancelled: delete");
        MappedTask cancelled = mapping.map(json("{'id':'fu-1','title':'t','status':'CANCELLED'}"), FRIDAY);
        MappedTask completed = mapping.map(json("{'id':'fu-1','title':'t','status':'COMPLETED'}"), FRIDAY);

        assertThat(mapping.deletes(cancelled)).isTrue();
        assertThat(mapping.deletes(completed)).isFalse();
    }

    @Test
    void knownAssigneeMapsToGhlUser() {
        MappedTask task = KOLKATA.map(json("{'id':'fu-1','title':'t','assigned_to':{'id':'u-77','name':'Asha Rao'}}"),
                FRIDAY);

        assertThat(task.assignedTo()).isEqualTo("ghlUserAsha");
        assertThat(task.warnings()).isEmpty();
    }

    @Test
    void numericMemberIdMatchesYamlKey() {
        MappedTask task = KOLKATA.map(json("{'id':'fu-1','title':'t','assigned_to':{'id':'10000101'}}"), FRIDAY);

        assertThat(task.assignedTo()).isEqualTo("ghlUserRavi");
    }

    @Test
    void unknownAssigneeWarnsWithIdOnly() {
        MappedTask task = KOLKATA.map(json("{'id':'fu-1','title':'t',"
                + "'assigned_to':{'id':'u-99','name':'Meera Iyer','email':'meera@example.com'}}"), FRIDAY);

        assertThat(task.assignedTo()).isNull();
        assertThat(task.warnings()).containsExactly("task 'fu-1': Privyr team member 'u-99' has no GHL user under "
                + "'assignees' in task-test.yaml; assignedTo is not sent");
        assertThat(task.warnings().get(0)).doesNotContain("Meera").doesNotContain("meera@example.com");
    }

    @Test
    void unassignedTaskHasNoWarning() {
        MappedTask absent = KOLKATA.map(json("{'id':'fu-1','title':'t'}"), FRIDAY);
        MappedTask explicitNull = KOLKATA.map(json("{'id':'fu-1','title':'t','assigned_to':null}"), FRIDAY);

        assertThat(absent.assignedTo()).isNull();
        assertThat(absent.warnings()).isEmpty();
        assertThat(explicitNull.assignedTo()).isNull();
        assertThat(explicitNull.warnings()).isEmpty();
    }

    @Test
    void titleIsStripped() {
        MappedTask task = KOLKATA.map(json("{'id':'fu-1','title':'  Call back about site visit '}"), FRIDAY);

        assertThat(task.title()).isEqualTo("Call back about site visit");
    }

    @Test
    void updateKeepsAbsentFields() {
        MappedTask last = new MappedTask("Call back", Instant.parse("2026-12-05T04:30:00Z"), true, "ghlUserAsha",
                false, false, null);

        MappedTask task = KOLKATA.mapUpdate(json("{'id':'fu-1','title':'Call back today'}"), FRIDAY, last);

        assertThat(task.title()).isEqualTo("Call back today");
        assertThat(task.dueDate()).isEqualTo(last.dueDate());
        assertThat(task.completed()).isTrue();
        assertThat(task.assignedTo()).isEqualTo("ghlUserAsha");
        assertThat(task.undated()).isFalse();
        assertThat(task.warnings()).isEmpty();
    }

    @Test
    void updateKeepsTitleWhenNullOrBlank() {
        MappedTask last = pushed("Call back", "2026-12-05T04:30:00Z", false, null);

        MappedTask nullTitle = KOLKATA.mapUpdate(json("{'id':'fu-1','title':null}"), FRIDAY, last);
        MappedTask blankTitle = KOLKATA.mapUpdate(json("{'id':'fu-1','title':'  '}"), FRIDAY, last);

        assertThat(nullTitle.title()).isEqualTo("Call back");
        assertThat(blankTitle.title()).isEqualTo("Call back");
    }

    @Test
    void updateWithNullDueAtBecomesUndated() {
        MappedTask last = pushed("Call back", "2026-12-05T04:30:00Z", false, null);

        MappedTask task = KOLKATA.mapUpdate(json("{'id':'fu-1','due_at':null}"), FRIDAY, last);

        assertThat(task.dueDate()).isEqualTo(Instant.parse("2026-12-07T03:30:00Z"));
        assertThat(task.undated()).isTrue();
    }

    @Test
    void repeatedNullDueAtKeepsDefaultDue() {
        MappedTask created = KOLKATA.map(json("{'id':'fu-1','title':'Call back','due_at':null}"), FRIDAY);
        Instant nextWeek = FRIDAY.plusSeconds(7 * 24 * 3600);

        MappedTask updated = KOLKATA.mapUpdate(json("{'id':'fu-1','title':'Call back','due_at':null}"), nextWeek,
                created);

        assertThat(updated.dueDate()).isEqualTo(created.dueDate());
        assertThat(updated.undated()).isTrue();
    }

    @Test
    void updateWithDueAtDatesTask() {
        MappedTask created = KOLKATA.map(json("{'id':'fu-1','title':'Call back'}"), FRIDAY);

        MappedTask updated = KOLKATA.mapUpdate(json("{'id':'fu-1','due_at':'2026-12-10T18:00:00'}"), FRIDAY, created);

        assertThat(updated.dueDate()).isEqualTo(Instant.parse("2026-12-10T12:30:00Z"));
        assertThat(updated.undated()).isFalse();
    }

    @Test
    void updateWithNullAssigneeRemovesIt() {
        MappedTask last = pushed("Call back", "2026-12-05T04:30:00Z", false, "ghlUserAsha");

        MappedTask task = KOLKATA.mapUpdate(json("{'id':'fu-1','assigned_to':null}"), FRIDAY, last);

        assertThat(task.assignedTo()).isNull();
    }

    @Test
    void updateChangesStatusOnly() {
        MappedTask last = pushed("Call back", "2026-12-05T04:30:00Z", false, "ghlUserAsha");

        MappedTask task = KOLKATA.mapUpdate(json("{'id':'fu-1','status':'COMPLETED'}"), FRIDAY, last);

        assertThat(task).isEqualTo(new MappedTask("Call back", last.dueDate(), true, "ghlUserAsha", false, false,
                null));
    }

    @Test
    void reopenedTaskIsNotCancelled() {
        MappedTask cancelled = KOLKATA.map(json("{'id':'fu-1','title':'t','status':'CANCELLED'}"), FRIDAY);

        MappedTask reopened = KOLKATA.mapUpdate(json("{'id':'fu-1','status':'PENDING'}"), FRIDAY, cancelled);

        assertThat(reopened.completed()).isFalse();
        assertThat(reopened.cancelled()).isFalse();
    }

    @Test
    void updateOfUnpushedTaskWithoutTitleWarns() {
        MappedTask task = KOLKATA.mapUpdate(json("{'id':'fu-1','status':'PENDING'}"), FRIDAY, null);

        assertThat(task.title()).isEqualTo(TaskMapping.FALLBACK_TITLE);
        assertThat(task.warnings()).containsExactly("task 'fu-1' has no title; sent with the title 'Privyr follow-up'");
        assertThat(task.undated()).isTrue();
    }
}
