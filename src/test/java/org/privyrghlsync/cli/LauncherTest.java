package org.privyrghlsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher finds the subcommand's name before the command runs, to choose the log's stream. */
class LauncherTest {

    @TempDir
    Path folder;

    @Test
    void onlyRunSandboxAndDemoLogToOutput() {
        for (String command : new String[] {"run", "sandbox", "demo"}) {
            assertThat(Launcher.logsToStandardError(new String[] {command})).as(command).isFalse();
        }
        for (String command : new String[] {"jobs", "dead-letters", "authorize", "import"}) {
            assertThat(Launcher.logsToStandardError(new String[] {command, "--json"})).as(command).isTrue();
        }
    }

    @Test
    void nameFollowsOptions() {
        assertThat(Launcher.commandName(new String[] {"run", "--config", "app.properties"})).isEqualTo("run");
        assertThat(Launcher.commandName(new String[] {"--help"})).isEmpty();
        assertThat(Launcher.commandName(new String[] {"jobs", "--offline", "--json"})).isEqualTo("jobs");
        assertThat(Launcher.commandName(new String[] {"run", "--no-such-option"})).as("invalid arguments").isEmpty();
    }

    @Test
    void nameReadFromArgumentFile() throws Exception {
        Path arguments = Files.writeString(folder.resolve("args.txt"), "  run\n--config app.properties\n");

        assertThat(Launcher.commandName(new String[] {"@" + arguments})).isEqualTo("run");
    }

    @Test
    void argumentFileReadAsPicocliReadsIt() throws Exception {
        Path nested = Files.writeString(folder.resolve("nested.txt"), "# the demo\n'demo' --timeout 60\n");
        Path comment = Files.writeString(folder.resolve("comment.txt"), "# start the runtime\n\"run\"\n");
        Path outer = Files.writeString(folder.resolve("outer.txt"), "@" + nested + "\n");

        assertThat(Launcher.commandName(new String[] {"@" + comment})).isEqualTo("run");
        assertThat(Launcher.commandName(new String[] {"@" + outer})).isEqualTo("demo");
    }

    @Test
    void missingArgumentFileGivesNoName() {
        assertThat(Launcher.commandName(new String[] {"@" + folder.resolve("missing.txt")})).isEmpty();
    }
}
