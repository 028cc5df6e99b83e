package org.privyrghlsync.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Lists the scheduled jobs with their schedule and latest run. Exit codes: 0 done, 1 the runtime or the store could
 * not be read, 2 invalid options.
 */
@Command(name = "jobs", mixinStandardHelpOptions = true, version = Launcher.VERSION,
        description = {"Lists the scheduled jobs (retry sweep, mailbox poll, token keep-alive, contact"
                + " reconciliation): each one's cron, next fire time, and latest run with its node, result, duration"
                + " and counts, then the runtimes that share the job store.",
            "By default the command calls the running runtime's admin API, at HOST:PORT and with ADMIN_TOKEN of the"
                + " runtime's configuration. With --offline it reads the store directly."})
final class JobsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AdminConnection connection;

    @Override
    public Integer call() {
        return CommandExit.run(spec, out -> {
            try (JobsAccess access = connection.openJobs()) {
                JobsPrinter printer = new JobsPrinter(out);
                if (connection.json) {
                    printer.printJson(access.jobs());
                } else {
                    printer.print(access.jobs());
                }
            }
        });
    }
}
