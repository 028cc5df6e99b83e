package org.privyrghlsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
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
}
