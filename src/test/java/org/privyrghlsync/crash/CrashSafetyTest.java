package org.privyrghlsync.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.events.WebhookSignature;
import org.privyrghlsync.sandbox.GhlSandbox;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.testing.Events;

/**
 * Runs the runtime as a separate process, sends 1,000 events (creates, updates, tasks, notes and repeated
 * deliveries) while killing the process with SIGKILL at random moments, and checks that GHL ends with every event
 * applied once: no contact, task or note missing or doubled.
 *
 * <p>The number of kills is {@code -Dcrash.kills} (3 by default; {@code bench/crash.sh} runs 10) and the random seed
 * {@code -Dcrash.seed}; the seed is printed so that a failing run can be repeated.
 */
class CrashSafetyTest {

    private static final String SECRET = "crash-test-webhook-secret-0123456789";
    private static final int CLIENTS = 150;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void killedRuntimeAppliesEveryEventOnce() throws Exception {
        // Under target/, so that the runtime's log and store stay for a look after a failure.
        Path work = Files.createDirectories(Path.of("target", "crash-safety"))
                .resolve("run-" + System.currentTimeMillis());
        Files.createDirectories(work);
        int kills = Integer.getInteger("crash.kills", 3);
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("CrashSafetyTest seed " + seed + ", kills " + kills);
        Random random = new Random(seed);

        SandboxConfig sandboxConfig = SandboxConfig.builder().port(0).rateLimitMax(1_000_000)
                .rateLimitWindow(Duration.ofSeconds(1)).build();
        try (GhlSandbox sandbox = GhlSandbox.start(sandboxConfig);
                ChildRuntime child = new ChildRuntime(work, sandbox)) {
            child.start();
            List<String> events = events(random);
            AtomicInteger delivered = new AtomicInteger();
            AtomicInteger killed = new AtomicInteger();
            Thread killer = new Thread(() -> killRepeatedly(child, random, kills, events.size(), delivered, killed),
                    "crash-killer");
            killer.start();

            for (String event : events) {
                deliver(child, event);
                delivered.incrementAndGet();
            }
            killer.join();
            assertThat(killed.get()).as("kills made while events were sent").isEqualTo(kills);

            String location = sandbox.config().locationId();
            System.out.println("CrashSafetyTest runtime log: " + child.log.toAbsolutePath());
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertFinalState(sandbox, location));
        }
    }

    /** Builds the sequence: per client a create, an update, a task created then completed, a note created then edited. */
    private static List<String> events(Random random) {
        List<String> events = new ArrayList<>();
        for (int step = 0; step < 6; step++) {
            for (int c = 0; c < CLIENTS; c++) {
                String client = clientId(c);
                String time = "2025-03-14T10:%02d:%02dZ".formatted(step, c % 60);
                events.add(switch (step) {
                    case 0 -> Events.client("client.created", "crash-" + c + "-create", "2025-03-14T09:00:00Z",
                            client, clientFields(c, "Lead Number" + c));
                    case 1 -> Events.client("client.updated", "crash-" + c + "-update", time, client,
                            clientFields(c, "Lead Renamed" + c));
                    case 2 -> Events.task("task.created", "crash-" + c + "-task", time, client, "task-" + c,
                            Map.of("title", "Call lead " + c, "due_at", "2025-03-20T05:00:00Z"));
                    case 3 -> Events.task("task.updated", "crash-" + c + "-done", time, client, "task-" + c,
                            Map.of("status", "COMPLETED"));
                    case 4 -> Events.note("note.created", "crash-" + c + "-note", time, client, "note-" + c,
                            Map.of("body", "First note " + c));
                    default -> Events.note("note.updated", "crash-" + c + "-edit", time, client, "note-" + c,
                            Map.of("body", "Edited note " + c));
                });
            }
        }
        // Repeated deliveries of earlier events, as a producer that retries would send them.
        int originals = events.size();
        for (int i = 0; events.size() < 1000; i++) {
            int copy = random.nextInt(originals);
            events.add(Math.min(events.size(), copy + 1 + random.nextInt(50)), events.get(copy));
        }
        return events;
    }

    private static String clientId(int c) {
        return "9" + String.format("%07d", c);
    }

    /**
     * Returns the client's name, email and phone. Every fourth client has only a name, so GHL's duplicate rule cannot
     * find its contact after a lost create, and the client id field must.
     */
    private static Map<String, String> clientFields(int c, String name) {
        return c % 4 == 3 ? Map.of("name", name) : Map.of("name", name, "email", "crash" + c + "@example.com",
                "phone", "+9198" + String.format("%08d", c));
    }

    private static void assertFinalState(GhlSandbox sandbox, String location) {
        List<ObjectNode> contacts = sandbox.contacts(location);
        assertThat(contacts).as("contacts").hasSize(CLIENTS);
        // The shipped mapping writes the client id into a custom field of every contact.
        Map<String, ObjectNode> byClient = new HashMap<>();
        contacts.forEach(contact -> contact.path("customFields").forEach(
                field -> byClient.put(field.path("value").asText(), contact)));
        for (int c = 0; c < CLIENTS; c++) {
            ObjectNode contact = byClient.get(clientId(c));
            assertThat(contact).as("contact of client %d", c).isNotNull();
            assertThat(contact.path("lastName").asText()).as("name of client %d", c).isEqualTo("Renamed" + c);
            String id = contact.path("id").asText();
            List<ObjectNode> tasks = sandbox.tasks(id);
            assertThat(tasks).as("tasks of client %d", c).hasSize(1);
            assertThat(tasks.get(0).path("completed").asBoolean()).as("task of client %d completed", c).isTrue();
            List<ObjectNode> notes = sandbox.notes(id);
            assertThat(notes).as("notes of client %d", c).hasSize(1);
            assertThat(notes.get(0).path("body").asText()).as("note of client %d", c).isEqualTo("Edited note " + c);
        }
    }

    /** Posts one event until the runtime stores it (202) or reports it stored before (200), across restarts. */
    private void deliver(ChildRuntime child, String event) throws Exception {
        byte[] body = event.getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            String signature = WebhookSignature.sign(SECRET.getBytes(StandardCharsets.UTF_8),
                    System.currentTimeMillis() / 1000, body);
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + child.port
                            + "/privyr/events"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("X-Signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 202) {
                    return;
                }
                assertThat(status).as("answer to a valid event").isGreaterThanOrEqualTo(500);
            } catch (IOException e) {
                // The process was killed or is starting; the producer sends the same event again.
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The runtime did not accept an event within 2 minutes; see " + child.log);
            }
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(child::listening);
        }
    }

    /**
     * Kills and restarts the runtime {@code kills} times, each after a random number of further delivered events, so
     * that kills land while events are being received, stored and applied.
     */
    private static void killRepeatedly(ChildRuntime child, Random random, int kills, int total,
            AtomicInteger delivered, AtomicInteger killed) {
        int gap = Math.max(2, total / (kills + 1));
        try {
            while (killed.get() < kills) {
                int target = delivered.get() + gap / 2 + random.nextInt(gap);
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(5))
                        .until(() -> delivered.get() >= Math.min(target, total - 1));
                child.kill();
                killed.incrementAndGet();
                child.start();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Restarting the runtime failed; see " + child.log, e);
        }
    }

    /** The runtime in its own JVM, started from the test class path with a properties file. */
    private static final class ChildRuntime implements AutoCloseable {

        private final Path config;
        private final Path log;
        private final int port;
        private volatile Process process;

        ChildRuntime(Path work, GhlSandbox sandbox) throws IOException {
            this.port = freePort();
            this.config = work.resolve("crash.properties");
            this.log = work.resolve("runtime.log");
            Files.writeString(config, String.join("\n",
                    "camel.server.port = " + port,
                    "camel.server.host = 127.0.0.1",
                    "camel.management.enabled = false",
                    "sync.data-dir = " + work.resolve("data"),
                    "sync.datasource.url = ",
                    "sync.jobs.retry-sweep.cron = * * * * * ?",
                    "sync.retry.initial-delay-ms = 200",
                    "privyr.webhook-secret = " + SECRET,
                    "ghl.base-url = " + sandbox.baseUrl(),
                    "ghl.location-id = " + sandbox.config().locationId(),
                    "ghl.private-token = " + sandbox.config().privateToken(),
                    "ghl.rate-limit.max-requests = 100000",
                    "ghl.rate-limit.period-ms = 1000",
                    "ghl.retry.initial-delay-ms = 50",
                    "ghl.retry.max-delay-ms = 1000", ""));
        }

        void start() throws IOException, InterruptedException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    "org.privyrghlsync.cli.Launcher", "run", "--config", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Process started = process;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!started.isAlive()) {
                    throw new IllegalStateException("The runtime exited with " + started.exitValue() + "; see " + log);
                }
                return listening();
            });
        }

        /** Returns true when the process is alive and its receiver port accepts connections. */
        boolean listening() {
            Process current = process;
            if (current == null || !current.isAlive()) {
                return false;
            }
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        /** Kills the process with SIGKILL, as a power loss or the OOM killer would. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            if (process != null && process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }
}
