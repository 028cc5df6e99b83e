package org.privyrghlsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.privyrghlsync.admin.AdminRequest;
import org.privyrghlsync.admin.FilterParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Lists, shows, replays and discards dead letters. Exit codes: 0 done, 1 the operation failed (unknown id, nothing
 * matched, runtime not reachable, token rejected), 2 invalid options or an invalid id.
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true, version = Launcher.VERSION,
        description = {"Lists, shows, replays and discards dead letters: events that could not be applied.",
            "By default the command calls the running runtime's admin API, at HOST:PORT and with ADMIN_TOKEN of the"
                + " runtime's configuration. With --offline it opens the store directly, while no runtime runs; an"
                + " offline replay is then applied when the runtime next starts."},
        subcommands = {DeadLettersCommand.ListCommand.class, DeadLettersCommand.ShowCommand.class,
            DeadLettersCommand.ReplayCommand.class, DeadLettersCommand.DiscardCommand.class})
final class DeadLettersCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Filters shared by list and replay, in the admin API's parameter names. */
    static final class FilterOptions {

        @Option(names = "--location", paramLabel = "ID", description = "Only this GHL location id.")
        String location;

        @Option(names = "--type", paramLabel = "TYPE", description = "Only this event type, such as client.created.")
        String type;

        @Option(names = "--status", paramLabel = "STATUS",
                description = "Only this GHL HTTP status, such as 422, or none for dead letters without a GHL"
                        + " response.")
        String status;

        @Option(names = "--since", paramLabel = "TIME",
                description = "Only dead letters created at or after this ISO-8601 time (2025-03-14T09:00:00Z) or"
                        + " date (2025-03-14, UTC).")
        String since;

        @Option(names = "--until", paramLabel = "TIME",
                description = "Only dead letters created before this time, or on or before this date (UTC).")
        String until;

        @Option(names = "--limit", paramLabel = "N", description = "At most N dead letters.")
        String limit;

        Map<String, String> values() {
            Map<String, String> values = new LinkedHashMap<>();
            putIfSet(values, "location", location);
            putIfSet(values, "type", type);
            putIfSet(values, "status", status);
            putIfSet(values, "since", since);
            putIfSet(values, "until", until);
            putIfSet(values, "limit", limit);
            return values;
        }

        private static void putIfSet(Map<String, String> values, String name, String value) {
            if (value != null) {
                values.put(name, value);
            }
        }
    }

    /** Runs one operation and turns failures into a message on standard error and an exit code. */
    abstract static class Operation implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        AdminConnection connection;

        @Override
        public Integer call() {
            return CommandExit.run(spec, out -> {
                parseArguments();
                try (DeadLetterAccess access = connection.openDeadLetters()) {
                    JsonNode result = perform(access);
                    DeadLetterPrinter printer = new DeadLetterPrinter(out);
                    if (connection.json) {
                        printer.printJson(result);
                    } else {
                        print(printer, result);
                    }
                }
            });
        }

        /**
         * Parses the arguments that picocli keeps as text, before the runtime or the store is opened, so that an
         * invalid one exits 2 with its own message.
         */
        void parseArguments() {
        }

        abstract JsonNode perform(DeadLetterAccess access);

        abstract void print(DeadLetterPrinter printer, JsonNode result);
    }

    /** An operation on one dead letter, named by its id. */
    abstract static class SingleLetterOperation extends Operation {

        // Kept as text for parseArguments, because picocli prints its whole usage text for a value it cannot convert.
        @Parameters(paramLabel = "ID", description = "Id of the dead letter, as listed: a whole number from 1 up.")
        String idText;

        long id;

        @Override
        void parseArguments() {
            id = AdminRequest.parseDeadLetterId(idText);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, version = Launcher.VERSION,
            description = "Lists dead letters, newest first: their id, type, GHL status, state and reason.")
    static final class ListCommand extends Operation {

        @Mixin
        FilterOptions filters;

        @Option(names = "--include-discarded", description = "Also list discarded dead letters.")
        boolean includeDiscarded;

        @Override
        JsonNode perform(DeadLetterAccess access) {
            Map<String, String> values = filters.values();
            if (includeDiscarded) {
                values.put("include_discarded", "true");
            }
            FilterParameters.forList(values);
            return access.list(values);
        }

        @Override
        void print(DeadLetterPrinter printer, JsonNode result) {
            printer.printList(result);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, version = Launcher.VERSION,
            description = "Shows one dead letter: its event, reason, GHL status, message and response, attempts,"
                    + " times and the event's payload. Emails and phone numbers are masked, except with --json.")
    static final class ShowCommand extends SingleLetterOperation {

        @Override
        JsonNode perform(DeadLetterAccess access) {
            return access.show(id);
        }

        @Override
        void print(DeadLetterPrinter printer, JsonNode result) {
            printer.printDetail(result);
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true, version = Launcher.VERSION,
            description = {"Replays one dead letter by id, every open one with --all, or the open ones that match"
                    + " filters, oldest first. The event becomes pending with its attempts reset and goes through"
                    + " the normal sync, with the mappings read again from the mappings folder.",
                "Dead letters replayed or discarded before are left out of --all and filters; replay them by id."})
    static final class ReplayCommand extends Operation {

        @Parameters(paramLabel = "ID", arity = "0..1",
                description = "Id of the dead letter to replay, a whole number from 1 up.")
        String idText;

        Long id;

        @Option(names = "--all", description = "Replay every open dead letter.")
        boolean all;

        @Mixin
        FilterOptions filters;

        @Override
        void parseArguments() {
            id = idText == null ? null : AdminRequest.parseDeadLetterId(idText);
        }

        @Override
        JsonNode perform(DeadLetterAccess access) {
            Map<String, String> values = filters.values();
            if (id != null) {
                if (all || !values.isEmpty()) {
                    throw new IllegalArgumentException("Give either a dead letter ID, --all, or filters, not"
                            + " several");
                }
                return access.replay(id);
            }
            boolean filtered = values.keySet().stream().anyMatch(name -> !name.equals("limit"));
            if (all && filtered) {
                throw new IllegalArgumentException("--all replays every open dead letter; give either --all or"
                        + " filters, not both");
            }
            if (!all && !filtered) {
                throw new IllegalArgumentException("No dead letters selected; give a dead letter ID, --all, or"
                        + " filters such as --type client.created");
            }
            if (all) {
                values.put("all", "true");
            }
            FilterParameters.forReplay(values);
            return access.replayMatching(values);
        }

        @Override
        void print(DeadLetterPrinter printer, JsonNode result) {
            printer.printReplay(result);
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true, version = Launcher.VERSION,
            description = "Marks one dead letter discarded. Its event stays dead; the dead letter is kept for audit"
                    + " and hidden from list unless --include-discarded is given.")
    static final class DiscardCommand extends SingleLetterOperation {

        @Override
        JsonNode perform(DeadLetterAccess access) {
            return access.discard(id);
        }

        @Override
        void print(DeadLetterPrinter printer, JsonNode result) {
            printer.printDiscard(result);
        }
    }
}
