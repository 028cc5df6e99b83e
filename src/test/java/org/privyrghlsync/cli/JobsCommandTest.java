package org.privyrghlsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privyrghlsync.cli.Commands.Run;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.testing.SyncHarness;

/** The {@code jobs} command, through the admin API of a running runtime and offline on its store. */
class JobsCommandTest {

    private static final String TOKEN = "jobs-test-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    @Test
    void listsLastRunAndNextFireTime() throws Exception {
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder(), Map.of("sync.admin.token", TOKEN,
                "sync.jobs.contact-reconcile.cron", "* * * * * ?"))) {
            String config = Commands.writeConfig(folder.resolve("runtime.properties"), harness.overrides())
                    .toString();
            String node = harness.components().nodeId();

            // The reconciliation runs every second, so a listing can catch its latest run still running.
            Run text = runUntil(output -> output.contains(" ok "), "jobs", "--config", config);
            Run json = runUntil(output -> output.contains("\"result\" : \"ok\""), "jobs", "--config", config,
                    "--json");
            harness.stopRuntime();
            Run offline = Commands.run("jobs", "--config", config, "--offline");
            Run offlineWithToken = Commands.run("jobs", "--config", config, "--offline", "--token", TOKEN);

            assertThat(text.exitCode()).as(text.err()).isZero();
            assertThat(text.out()).containsPattern("JOB +CRON +NEXT FIRE +LAST FIRE +NODE +RESULT +TOOK +COUNTS");
            assertThat(text.out()).containsPattern("contact-reconcile +\\* \\* \\* \\* \\* \\? +\\S+Z +\\S+Z +"
                    + node + " +ok +\\d+ ms +checked=0 missing=0 relinked=0 recreated=0 dead_lettered=0 skipped=0"
                    + " errors=0");
            assertThat(text.out()).containsPattern("token-keepalive +0 17 3 \\* \\* \\? +\\S+T03:17:00Z +never");
            assertThat(text.out()).contains("Nodes: " + node + " (last check-in ");
            assertThat(json.exitCode()).isZero();
            JsonNode jobs = JSON.readTree(json.out()).path("jobs");
            assertThat(jobs).extracting(job -> job.path("name").asText())
                    .containsExactly("retry-sweep", "token-keepalive", "contact-reconcile");
            JsonNode reconcile = jobs.get(2);
            assertThat(reconcile.path("next_fire_time").asText()).endsWith("Z");
            assertThat(reconcile.path("last_run").path("node").asText()).isEqualTo(node);
            assertThat(reconcile.path("last_run").path("result").asText()).isEqualTo("ok");
            assertThat(reconcile.path("last_run").path("counts").path("checked").asInt()).isZero();
            assertThat(offline.exitCode()).as(offline.err()).isZero();
            assertThat(offline.out()).containsPattern("contact-reconcile +\\* \\* \\* \\* \\* \\? +\\S+Z +\\S+Z +"
                    + node + " +ok");
            assertThat(offline.out()).as("nodes after a clean stop").contains("Nodes: none checked in");
            assertThat(offlineWithToken.exitCode()).isEqualTo(2);
            assertThat(offlineWithToken.err()).contains("--offline opens the store directly");
        }
    }

    /** Runs the command until the line of contact-reconcile in its output matches {@code ready}. */
    private static Run runUntil(Predicate<String> ready, String... args) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> Commands.run(args),
                run -> reconcileLine(run.out()).map(ready::test).orElse(false));
    }

    /** Returns the text line, or the JSON object, of the contact-reconcile job in a jobs listing. */
    private static Optional<String> reconcileLine(String output) {
        int start = output.indexOf("contact-reconcile");
        if (start < 0) {
            return Optional.empty();
        }
        int end = output.indexOf(output.startsWith("{") ? "} ]" : "\n", start);
        return Optional.of(output.substring(start, end < 0 ? output.length() : end));
    }

    @Test
    void wrongTokenAndMissingStoreAreExplained() throws Exception {
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder(), Map.of("sync.admin.token", TOKEN))) {
            Map<String, String> noStore = new HashMap<>(harness.overrides());
            noStore.put("sync.data-dir", folder.resolve("empty").toString());
            String config = Commands.writeConfig(folder.resolve("runtime.properties"), harness.overrides())
                    .toString();
            String noStoreConfig = Commands.writeConfig(folder.resolve("no-store.properties"), noStore).toString();

            Run wrongToken = Commands.run("jobs", "--config", config, "--token", "wrong-token-0123456789");
            Run missingStore = Commands.run("jobs", "--config", noStoreConfig, "--offline");
            Run help = Commands.run("jobs", "--help");

            assertThat(wrongToken.exitCode()).isEqualTo(1);
            assertThat(wrongToken.err()).contains("rejected the admin token");
            assertThat(missingStore.exitCode()).isEqualTo(1);
            assertThat(missingStore.err()).contains("No store found").contains("DATA_DIR");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("Usage:").contains("--offline").contains("--json");
        }
    }
}
