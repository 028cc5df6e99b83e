package org.privyrghlsync.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs the work of the {@code dead-letters} and {@code jobs} commands and turns its failures into a message on
 * standard error and an exit code: 0 done, 1 the operation failed ({@link CommandFailedException}), 2 invalid options
 * ({@link IllegalArgumentException}).
 */
final class CommandExit {

    /** Work that prints its result to the command's standard output. */
    interface Work {
        void run(PrintWriter out);
    }

    private CommandExit() {
    }

    static int run(CommandSpec spec, Work work) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            work.run(out);
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println("Run '" + spec.qualifiedName() + " --help' for the options.");
            return 2;
        } catch (CommandFailedException e) {
            err.println(e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
