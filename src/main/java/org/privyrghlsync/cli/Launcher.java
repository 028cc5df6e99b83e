package org.privyrghlsync.cli;

import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/**
 * Entry point of {@code privyr-ghl-sync.jar}: dispatches to the run, sandbox, demo, authorize, dead-letters, import
 * and jobs commands.
 */
@Command(name = "privyr-ghl-sync", mixinStandardHelpOptions = true, version = Launcher.VERSION,
        description = "Keeps GoHighLevel contacts in step with Privyr clients.",
        subcommands = {RunCommand.class, SandboxCommand.class, DemoCommand.class, AuthorizeCommand.class,
            DeadLettersCommand.class, ImportCommand.class, JobsCommand.class})
public final class Launcher implements Runnable {

    static final String VERSION = "privyr-ghl-sync 0.1.0";

    /**
     * The system property that logback.xml reads for the console's stream. Commands that print results or JSON on
     * standard output log to standard error, so that a warning does not mix with their output.
     */
    static final String LOG_TARGET = "privyr.log.target";

    /** The commands whose log is their output, and which keep it on standard output. */
    private static final Set<String> LOGS_TO_OUTPUT = Set.of("run", "sandbox", "demo");

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Returns the command line with an error handler that prints invalid option values as one line. */
    static CommandLine commandLine() {
        CommandLine line = new CommandLine(new Launcher());
        line.setExecutionExceptionHandler((failure, command, parsed) -> {
            if (failure instanceof IllegalArgumentException) {
                command.getErr().println(failure.getMessage());
                command.getErr().println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for the"
                        + " options.");
                return 2;
            }
            throw failure;
        });
        return line;
    }

    public static void main(String[] args) {
        // Before the first logger exists: logback reads the target when it starts.
        if (System.getProperty(LOG_TARGET) == null && logsToStandardError(args)) {
            System.setProperty(LOG_TARGET, "System.err");
        }
        System.exit(commandLine().execute(args));
    }

    /** Returns whether the command of these arguments logs to standard error, leaving standard output to results. */
    static boolean logsToStandardError(String[] args) {
        return !LOGS_TO_OUTPUT.contains(commandName(args));
    }

    /**
     * Returns the subcommand's name as picocli parses the arguments, {@code @FILE} arguments included, or "" when there
     * is none or the arguments are invalid (picocli reports them when the command runs). The parse creates the command
     * objects, none of which logs, so logback has not started yet.
     */
    static String commandName(String[] args) {
        try {
            ParseResult parsed = new CommandLine(new Launcher()).parseArgs(args);
            return parsed.hasSubcommand() ? parsed.subcommand().commandSpec().name() : "";
        } catch (CommandLine.ParameterException e) {
            return "";
        }
    }
}
