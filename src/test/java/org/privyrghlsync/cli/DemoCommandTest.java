package org.privyrghlsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {

    @Test
    void demoPrintsExpectedSummaryOfSamples() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exitCode;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exitCode = new CommandLine(new Launcher()).execute("demo");
        } finally {
            System.setOut(original);
        }
        String summary = captured.toString(StandardCharsets.UTF_8);

        assertThat(exitCode).isZero();
        // The expected counts are the ones samples/README.md derives file by file.
        assertThat(summary).containsPattern("events accepted +30\\b");
        assertThat(summary).containsPattern("duplicate deliveries +1\\b");
        assertThat(summary).containsPattern("events rejected +2\\b");
        assertThat(summary).containsPattern("contacts created +10\\b");
        assertThat(summary).containsPattern("contacts updated +7\\b");
        assertThat(summary).containsPattern("contacts unchanged +3\\b");
        assertThat(summary).containsPattern("stale events skipped +1\\b");
        assertThat(summary).containsPattern("tasks created +3\\b");
        assertThat(summary).containsPattern("tasks updated +1\\b");
        assertThat(summary).containsPattern("tasks deleted +1\\b");
        assertThat(summary).containsPattern("notes created +3\\b");
        assertThat(summary).containsPattern("notes updated +1\\b");
        assertThat(summary).containsPattern("waiting for their contact +0\\b");
        assertThat(summary).containsPattern("dead-lettered +0\\b");
        assertThat(summary).containsPattern("GHL calls made +\\d+");
        assertThat(summary).contains("Loading the routes shipped inside the jar");
        assertThat(summary).as("a note about a missing routes folder").doesNotContain("no routes folder");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"run", "sandbox", "demo", "authorize"}) {
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            CommandLine line = new CommandLine(new Launcher());
            line.setOut(new java.io.PrintWriter(captured, true, StandardCharsets.UTF_8));

            int exitCode = line.execute(command, "--help");

            assertThat(exitCode).as(command).isZero();
            assertThat(captured.toString(StandardCharsets.UTF_8)).as(command).contains("Usage:").contains(command);
        }
    }

    @Test
    void demoOutputMasksSampleEmailsAndPhones() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(new Launcher()).execute("demo")).isZero();
        } finally {
            System.setOut(original);
        }
        // Separators inside numbers are dropped, so "098765 43210" and "+91 98765-43210" are caught too.
        String output = captured.toString(StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT)
                .replaceAll("(?<=\\d)[ ()\\-]+(?=\\d)", "");

        java.util.Set<String> secrets = new java.util.TreeSet<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(
                java.nio.file.Path.of("samples"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                com.fasterxml.jackson.databind.JsonNode client;
                try {
                    client = json.readTree(file.toFile()).path("data").path("client");
                } catch (java.io.IOException invalid) {
                    continue;
                }
                String email = client.path("email").asText("").strip().toLowerCase(java.util.Locale.ROOT);
                if (!email.isEmpty()) {
                    secrets.add(email);
                }
                for (String field : new String[] {"phone", "whatsapp_number"}) {
                    String digits = client.path(field).asText("").replaceAll("[^0-9]", "");
                    if (digits.length() >= 8) {
                        secrets.add(digits.substring(digits.length() - 8));
                    }
                }
            }
        }

        assertThat(secrets).as("emails and phone numbers in the samples").hasSizeGreaterThan(10);
        // The last eight digits of a phone never appear together: masking keeps at most the last four.
        for (String secret : secrets) {
            assertThat(output).as("demo output").doesNotContain(secret);
        }
    }

    /**
     * A shell set up for {@code run} contains the variables of a real GHL location, and the demo must still use only
     * its own sandbox. The foreign address stands for that location and its mailbox, and counts every connection.
     */
    @Test
    void demoIgnoresSettingsOfRunFromEnvironment(@TempDir Path folder) throws Exception {
        try (ServerSocket foreign = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            AtomicInteger connections = new AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (!foreign.isClosed()) {
                    try (Socket ignored = foreign.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "foreign-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            String foreignUrl = "http://127.0.0.1:" + foreign.getLocalPort();

            Path log = folder.resolve("demo.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder demo = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    "-Dghl.base-url=" + foreignUrl, "-Dghl.private-token=pit-from-system-property",
                    "-Dcamel.server.port=" + foreign.getLocalPort(),
                    "org.privyrghlsync.cli.Launcher", "demo", "--timeout", "60")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Path routes = Files.createDirectories(folder.resolve("routes-of-run"));
            // A route of an integrator that would call the foreign address for every event.
            Files.writeString(routes.resolve("contact-sync.yaml"), "- route:\n    id: contact-sync\n    from:\n"
                    + "      uri: direct:sync-event\n      steps:\n        - to: \"" + foreignUrl + "/hook\"\n");
            Path mappings = Files.createDirectories(folder.resolve("mappings-of-run"));
            // A broken contact mapping, which stops start-up if the demo reads it.
            Files.writeString(mappings.resolve("contact.yaml"), "fields: [\n");
            demo.environment().keySet().removeIf(name -> name.startsWith("CAMEL_") || name.equals("JDK_JAVA_OPTIONS")
                    || name.equals("JAVA_TOOL_OPTIONS"));
            demo.environment().putAll(Map.ofEntries(
                    Map.entry("CAMEL_SERVER_PORT", Integer.toString(foreign.getLocalPort())),
                    Map.entry("CAMEL_MANAGEMENT_ENABLED", "true"),
                    Map.entry("ROUTES_DIR", routes.toString()),
                    Map.entry("MAPPINGS_DIR", mappings.toString()),
                    Map.entry("PRIVYR_MAILBOX_CRON", "* * * * * ?"),
                    Map.entry("GHL_BASE_URL", foreignUrl),
                    Map.entry("GHL_LOCATION_ID", "location-of-run"),
                    Map.entry("GHL_PRIVATE_TOKEN", "pit-of-run"),
                    Map.entry("GHL_CLIENT_ID", "client-of-run"),
                    Map.entry("GHL_CLIENT_SECRET", "secret-of-run"),
                    Map.entry("GHL_REFRESH_TOKEN", "refresh-of-run"),
                    Map.entry("PRIVYR_WEBHOOK_SECRET", "webhook-secret-of-run-0123456789"),
                    Map.entry("PRIVYR_ACCOUNT_LOCATIONS", "privyr-demo-team:location-of-run"),
                    Map.entry("PRIVYR_MAILBOX_HOST", "127.0.0.1"),
                    Map.entry("PRIVYR_MAILBOX_PORT", Integer.toString(foreign.getLocalPort())),
                    Map.entry("PRIVYR_MAILBOX_PROTOCOL", "imap"),
                    Map.entry("PRIVYR_MAILBOX_USER", "mailbox-of-run"),
                    Map.entry("PRIVYR_MAILBOX_PASSWORD", "mailbox-password-of-run"),
                    Map.entry("DATABASE_URL", "jdbc:h2:" + folder.resolve("store-of-run")),
                    Map.entry("TOKEN_KEY_FILE", folder.resolve("key-of-run").toString())));
            Process process = demo.start();
            boolean exited = process.waitFor(120, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);

            assertThat(exited).as("demo exited within 120 s; output:%n%s", output).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).containsPattern("events accepted +30\\b");
            assertThat(output).containsPattern("contacts created +10\\b");
            assertThat(output).containsPattern("dead-lettered +0\\b");
            Matcher calls = Pattern.compile("GHL calls made +(\\d+) \\(the sandbox served (\\d+) requests\\)")
                    .matcher(output);
            assertThat(calls.find()).as(output).isTrue();
            assertThat(calls.group(2)).isEqualTo(calls.group(1));
            assertThat(connections.get()).as("connections to the foreign GHL and mailbox").isZero();
            assertThat(folder.resolve("key-of-run")).doesNotExist();
            try (var files = Files.list(folder)) {
                assertThat(files.map(path -> path.getFileName().toString()))
                        .noneMatch(name -> name.startsWith("store-of-run"));
            }
        }
    }

    @Test
    void demoStopsOnBrokenMappingsFolder(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("contact.yaml"), Files.readString(Path.of("mappings", "contact.yaml"))
                .replaceFirst("transform: first-name", "transform: first-nam"));
        Files.copy(Path.of("mappings", "task.yaml"), folder.resolve("task.yaml"));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int broken;
        int missing;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            broken = new CommandLine(new Launcher()).execute("demo", "--mappings", folder.toString());
            missing = new CommandLine(new Launcher()).execute("demo", "--mappings", folder.resolve("none").toString());
        } finally {
            System.setErr(original);
        }
        String errors = captured.toString(StandardCharsets.UTF_8);

        assertThat(broken).isEqualTo(1);
        assertThat(errors).contains("The demo could not start the runtime: " + folder.resolve("contact.yaml"),
                "unknown transform 'first-nam'");
        assertThat(missing).isEqualTo(2);
        assertThat(errors).contains("The mappings folder " + folder.resolve("none").toAbsolutePath()
                + " does not exist");
    }
}
