package org.privyrghlsync.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code privyr-ghl-sync.jar}: dispatches to the run, sandbox and demo commands. */
@Command(name = "privyr-ghl-sync", mixinStandardHelpOptions = true, version = "privyr-ghl-sync 0.1.0",
        description = "Keeps GoHighLevel contacts in step with Privyr clients.",
        subcommands = {RunCommand.class, SandboxCommand.class, DemoCommand.class})
public final class Launcher implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Launcher()).execute(args));
    }
}
