package org.privyrghlsync.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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

    /** Argument files read inside each other at most, so that a file that names itself ends the search. */
    private static final int MAX_ARGUMENT_FILE_DEPTH = 5;

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
     * Returns the first argument that is not an option, the subcommand's name, or "" when there is none. An argument
     * {@code @FILE}, which picocli replaces with the arguments in the file, is read the same way: lines that start
     * with {@code #} are comments, quotes around a word are dropped, and a nested {@code @FILE} is read too.
     */
    static String commandName(String[] args) {
        return commandName(List.of(args), 0);
    }

    private static String commandName(List<String> args, int depth) {
        for (String arg : args) {
            if (arg.startsWith("@") && arg.length() > 1) {
                if (depth < MAX_ARGUMENT_FILE_DEPTH) {
                    String inFile = commandName(argumentsIn(Path.of(arg.substring(1))), depth + 1);
                    if (!inFile.isEmpty()) {
                        return inFile;
                    }
                }
            } else if (!arg.startsWith("-")) {
                return arg;
            }
        }
        return "";
    }

    /** Returns the words of an argument file, or none when it cannot be read; picocli reports that case itself. */
    private static List<String> argumentsIn(Path file) {
        List<String> words = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                for (String word : text.split("\\s+")) {
                    words.add(unquoted(word));
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return words;
    }

    private static String unquoted(String word) {
        boolean quoted = word.length() >= 2 && (word.startsWith("\"") && word.endsWith("\"")
                || word.startsWith("'") && word.endsWith("'"));
        return quoted ? word.substring(1, word.length() - 1) : word;
    }
}
