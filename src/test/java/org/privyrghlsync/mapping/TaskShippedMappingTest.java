package org.privyrghlsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class TaskShippedMappingTest {

    private static Path shippedFile() {
        return MappingFixtures.projectDir().resolve("mappings/task.yaml");
    }

    @Test
    void shippedFileHasDocumentedDefaults() {
        TaskMapping shipped = TaskMapping.load(shippedFile());
        TaskMapping defaults = TaskMapping.parse("version: 1\n", "defaults.yaml");

        assertThat(shipped.timeZone()).isEqualTo(defaults.timeZone());
        assertThat(shipped.assignees()).isEmpty();
        assertThat(shipped.cancelledAction()).isEqualTo(defaults.cancelledAction());
        assertThat(shipped.notes().firstSyncNote()).isFalse();
        assertThat(shipped.defaultDue(TaskFixtures.FRIDAY)).isEqualTo(defaults.defaultDue(TaskFixtures.FRIDAY));
    }

    @Test
    void defaultDueDefaultsMatchDocs() {
        assertThat(DefaultDue.NEXT_WORKING_DAY_AT_NINE.daysAhead()).isEqualTo(1);
        assertThat(DefaultDue.NEXT_WORKING_DAY_AT_NINE.time()).hasToString("09:00");
        assertThat(DefaultDue.NEXT_WORKING_DAY_AT_NINE.workingDays())
                .isEqualTo(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
    }

    @Test
    void classpathCopyMatchesFile() throws IOException {
        String file = Files.readString(shippedFile(), StandardCharsets.UTF_8);
        try (InputStream stream = TaskMapping.class.getClassLoader()
                .getResourceAsStream(TaskMapping.DEFAULT_RESOURCE)) {
            assertThat(stream).as("classpath resource %s", TaskMapping.DEFAULT_RESOURCE).isNotNull();
            assertThat(new String(stream.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(file);
        }
    }

    @Test
    void classpathFallbackLoads() {
        TaskMapping mapping = TaskMapping.loadFileOrClasspath(
                MappingFixtures.projectDir().resolve("no-such-dir/task.yaml"), TaskMapping.DEFAULT_RESOURCE);

        assertThat(mapping.source()).endsWith("mappings/task.yaml");
    }
}
