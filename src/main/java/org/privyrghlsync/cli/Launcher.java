package org.privyrghlsync.cli;

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
        System.exit(commandLine().execute(args));
    }
}
