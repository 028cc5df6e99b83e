package org.privyrghlsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privyrghlsync.cli.Commands.Run;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

class DeadLettersCommandTest {

    private static final String TOKEN = "cli-test-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    private SyncHarness harness;
    private String config;

    @BeforeEach
    void start() throws Exception {
        harness = SyncHarness.start(org.privyrghlsync.sandbox.SandboxConfig.builder(),
                Map.of("sync.admin.token", TOKEN));
        config = writeConfig("runtime.properties", Map.of()).toString();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void commandsWorkAgainstRunningRuntime() throws Exception {
        long id = rejectedUpsert("evt-cli-1", "c-1", "sana.shaikh@example.com", "+919876501234");

        Run list = run("list", "--config", config);
        Run listJson = run("list", "--config", config, "--json");
        Run noMatch = run("list", "--config", config, "--status", "none");
        Run show = run("show", "--config", config, Long.toString(id));
        Run replay = run("replay", "--config", config, Long.toString(id));
        harness.awaitIdle();

        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("ID").contains("REASON").containsPattern(id + " +\\S+ +client.created")
                .contains("422").contains("open").contains("DEAD");
        JsonNode listed = JSON.readTree(listJson.out());
        assertThat(listed.path("dead_letters").get(0).path("id").asLong()).isEqualTo(id);
        assertThat(noMatch.exitCode()).isZero();
        assertThat(noMatch.out()).contains("No dead letters match");
        assertThat(show.exitCode()).isZero();
        assertThat(show.out()).contains("Dead letter " + id + ": open").contains("evt-cli-1 (client.created)")
                .containsPattern("GHL status: +422").contains("phone must be a valid phone number")
                .contains("\"s***@example.com\"").contains("\"+91********34\"")
                .doesNotContain("sana.shaikh@example.com").doesNotContain("9876501234");
        assertThat(replay.exitCode()).isZero();
        assertThat(replay.out()).contains("Replayed 1 dead letter: " + id + " (evt-cli-1)")
                .contains("applying the events now");
        assertThat(harness.sandbox().contacts(harness.sandbox().config().locationId())).hasSize(1);

        Run discard = run("discard", "--config", config, Long.toString(id));
        Run afterDiscard = run("list", "--config", config);
        Run withDiscarded = run("list", "--config", config, "--include-discarded");

        assertThat(discard.exitCode()).isZero();
        assertThat(discard.out()).contains("Discarded dead letter " + id).contains("stays DONE");
        assertThat(afterDiscard.out()).contains("No dead letters match");
        assertThat(withDiscarded.out()).contains("discarded");
    }

    @Test
    void replayByFilterAndClearErrors() throws Exception {
        long first = rejectedUpsert("evt-cli-f1", "f-1", "ana@example.com", "+919876501111");
        long second = rejectedUpsert("evt-cli-f2", "f-2", "bo@example.com", "+919876502222");

        Run byType = run("replay", "--config", config, "--type", "client.created", "--status", "422");
        harness.awaitIdle();
        Run nothingLeft = run("replay", "--config", config, "--all");
        Run unknownId = run("show", "--config", config, "999");
        Run noSelection = run("replay", "--config", config);
        Run idAndAll = run("replay", "--config", config, "--all", Long.toString(first));
        Run badStatus = run("list", "--config", config, "--status", "abc");

        assertThat(byType.exitCode()).isZero();
        assertThat(byType.out()).contains("Replayed 2 dead letters: " + first + " (evt-cli-f1), " + second
                + " (evt-cli-f2)");
        assertThat(harness.components().inbox().statusOf("evt-cli-f2")).containsExactly("DONE", "created");
        assertThat(nothingLeft.exitCode()).isEqualTo(1);
        assertThat(nothingLeft.err()).contains("No dead letter is open");
        assertThat(unknownId.exitCode()).isEqualTo(1);
        assertThat(unknownId.err()).contains("No dead letter has id 999");
        assertThat(noSelection.exitCode()).isEqualTo(2);
        assertThat(noSelection.err()).contains("--all").contains("--help");
        assertThat(idAndAll.exitCode()).isEqualTo(2);
        assertThat(badStatus.exitCode()).isEqualTo(2);
        assertThat(badStatus.err()).contains("Invalid status 'abc'");
    }

    @Test
    void invalidIdIsUsageError() {
        String[][] cases = {{"show", "0"}, {"show", "abc"}, {"discard", "-5"}, {"replay", "12a"}};
        for (String[] args : cases) {
            Run invalid = run(args[0], "--config", config, args[1]);

            String command = String.join(" ", args);
            assertThat(invalid.exitCode()).as(command).isEqualTo(2);
            assertThat(invalid.err().lines().findFirst()).as(command).hasValue("Invalid dead letter id '" + args[1]
                    + "'; expected a whole number from 1 to " + Long.MAX_VALUE + ", such as 12");
            assertThat(invalid.err()).as(command).doesNotContain("Usage:");
            assertThat(invalid.out()).as(command).isEmpty();
        }
    }

    @Test
    void offlineCommandsUseStoreOfStoppedRuntime() throws Exception {
        long id = rejectedUpsert("evt-cli-off", "o-1", "olga@example.com", "+919876503333");
        harness.stopRuntime();

        Run list = run("list", "--config", config, "--offline");
        Run replay = run("replay", "--config", config, "--offline", Long.toString(id));
        Run show = run("show", "--config", config, "--offline", "--json", Long.toString(id));
        Run withUrl = run("list", "--config", config, "--offline", "--url", "http://127.0.0.1:1");

        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).containsPattern(id + " +\\S+ +client.created");
        assertThat(replay.exitCode()).isZero();
        assertThat(replay.out()).contains("Replayed 1 dead letter").contains("when it next starts");
        JsonNode detail = JSON.readTree(show.out());
        assertThat(detail.path("state").asText()).isEqualTo("replayed");
        assertThat(detail.path("event").path("status").asText()).isEqualTo("PENDING");
        assertThat(detail.path("event").path("payload").path("data").path("client").path("email").asText())
                .as("--json is not masked").isEqualTo("olga@example.com");
        assertThat(withUrl.exitCode()).isEqualTo(2);

        harness.startRuntime();
        harness.awaitIdle();

        assertThat(harness.components().inbox().statusOf("evt-cli-off")).containsExactly("DONE", "created");
    }

    @Test
    void unreachableRuntimeOrWrongTokenIsExplained() throws Exception {
        String noToken = writeConfig("no-token.properties", Map.of("sync.admin.token", "")).toString();
        String noStore = writeConfig("no-store.properties", Map.of("sync.data-dir",
                folder.resolve("empty").toString())).toString();

        Run unreachable = run("list", "--config", config, "--url", "http://127.0.0.1:" + freePort());
        Run wrongToken = run("list", "--config", config, "--token", "wrong-token-0123456789");
        Run missingToken = run("list", "--config", noToken);
        Run missingStore = run("list", "--config", noStore, "--offline");

        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.err()).contains("Connecting to the runtime at http://127.0.0.1:").contains("--offline");
        assertThat(wrongToken.exitCode()).isEqualTo(1);
        assertThat(wrongToken.err()).contains("rejected the admin token").contains("wrong");
        assertThat(wrongToken.err()).doesNotContain(TOKEN);
        assertThat(missingToken.exitCode()).isEqualTo(1);
        assertThat(missingToken.err()).contains("No admin token is configured");
        assertThat(missingStore.exitCode()).isEqualTo(1);
        assertThat(missingStore.err()).contains("No store found").contains("DATA_DIR");
    }

    @Test
    void everySubcommandHasHelp() {
        for (String command : new String[] {"list", "show", "replay", "discard"}) {
            Run help = run(command, "--help");

            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).as(command).contains("Usage:").contains("--offline").contains("--token");
        }
    }

    private long rejectedUpsert(String eventId, String clientId, String email, String phone) throws Exception {
        harness.sandbox().injectFault("POST", "/contacts/", 422, "{\"statusCode\":422,\"message\":"
                + "[\"phone must be a valid phone number\"],\"error\":\"Unprocessable Entity\"}", 1);
        harness.post(Events.created(eventId, clientId, "Sana Shaikh", email, phone));
        harness.awaitIdle();
        return harness.components().ledger().deadLetters().stream()
                .filter(letter -> letter.eventId().equals(eventId)).findFirst().orElseThrow().id();
    }

    /** Writes the harness runtime's configuration, changed by {@code changes}, as a properties file. */
    private Path writeConfig(String name, Map<String, String> changes) throws IOException {
        Map<String, String> settings = new HashMap<>(harness.overrides());
        settings.putAll(changes);
        return Commands.writeConfig(folder.resolve(name), settings);
    }

    private static Run run(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "dead-letters";
        System.arraycopy(args, 0, full, 1, args.length);
        return Commands.run(full);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
