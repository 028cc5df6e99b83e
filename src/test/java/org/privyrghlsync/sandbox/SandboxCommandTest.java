package org.privyrghlsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.cli.SandboxCommand;
import picocli.CommandLine;

class SandboxCommandTest {

    @Test
    void optionsMapToConfig() {
        SandboxCommand command = new SandboxCommand();
        new CommandLine(command).parseArgs("--port", "0", "--location-id", "loc-1", "--access-token-ttl", "60",
                "--rate-limit", "5", "--rate-window", "2", "--allow-duplicates", "--latency", "15");

        SandboxConfig config = command.toConfig();

        assertThat(config.port()).isZero();
        assertThat(config.locationId()).isEqualTo("loc-1");
        assertThat(config.accessTokenTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.rateLimitMax()).isEqualTo(5);
        assertThat(config.rateLimitWindow()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.allowDuplicates()).isTrue();
        assertThat(config.latency()).isEqualTo(Duration.ofMillis(15));
    }

    @Test
    void budgetAndFaultOptionsMapToConfig() {
        SandboxCommand command = new SandboxCommand();
        new CommandLine(command).parseArgs("--rate-limit", "50", "--rate-limit-shared", "10", "--daily-limit", "500",
                "--daily-limit-shared", "100", "--daily-window", "60",
                "--fault", "{\"kind\":\"status\",\"status\":503,\"rate\":0.2}",
                "--fault", "{\"kind\":\"delay\",\"pathRegex\":\"/oauth/token\",\"delayMs\":2000}");

        SandboxConfig config = command.toConfig();

        assertThat(config.rateLimitShared()).isEqualTo(10);
        assertThat(config.dailyLimit()).isEqualTo(500);
        assertThat(config.dailyLimitShared()).isEqualTo(100);
        assertThat(config.dailyWindow()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.faults()).containsExactly(
                FaultSpec.status("*", ".*", 503, null).atRate(0.2),
                FaultSpec.of(FaultSpec.Kind.DELAY, "*", "/oauth/token").withDelay(2000));
    }

    @Test
    void invalidFaultOptionNamesProblem() {
        SandboxCommand command = new SandboxCommand();
        new CommandLine(command).parseArgs("--fault", "{\"kind\":\"status\"}");

        org.assertj.core.api.Assertions.assertThatThrownBy(command::toConfig)
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("Invalid --fault")
                .hasMessageContaining("status must be an HTTP status between 100 and 599");
    }

    @Test
    void configuredFaultsApplyFromStart() {
        SandboxConfig config = SandboxConfig.builder()
                .faults(java.util.List.of(FaultSpec.status("GET", "/contacts/", 500, null).times(1)))
                .build();
        try (GhlSandbox sandbox = GhlSandbox.start(config)) {
            SandboxClient client = new SandboxClient(sandbox);

            assertThat(client.get("/_sandbox/faults").body()).hasSize(1);
            assertThat(client.get("/contacts/?locationId=sandbox-location").status()).isEqualTo(500);
            assertThat(client.get("/contacts/?locationId=sandbox-location").status()).isEqualTo(200);
        }
    }

    @Test
    void defaultsMatchSandboxDefaults() {
        SandboxCommand command = new SandboxCommand();
        new CommandLine(command).parseArgs();

        SandboxConfig config = command.toConfig();
        SandboxConfig defaults = SandboxConfig.defaults();

        assertThat(config.port()).isEqualTo(8090);
        assertThat(config.locationId()).isEqualTo(defaults.locationId());
        assertThat(config.privateToken()).isEqualTo(defaults.privateToken());
        assertThat(config.refreshToken()).isEqualTo(defaults.refreshToken());
        assertThat(config.accessTokenTtl()).isEqualTo(defaults.accessTokenTtl());
        assertThat(config.rateLimitMax()).isEqualTo(defaults.rateLimitMax());
        assertThat(config.rateLimitWindow()).isEqualTo(defaults.rateLimitWindow());
    }

    @Test
    void helpNamesUnitsAndDefaults() {
        StringWriter help = new StringWriter();
        CommandLine commandLine = new CommandLine(new SandboxCommand());
        commandLine.setOut(new PrintWriter(help));

        int exitCode = commandLine.execute("--help");

        String text = help.toString().replaceAll("\\s+", " ");
        assertThat(exitCode).isZero();
        assertThat(text).contains("--access-token-ttl=SECONDS Lifetime of issued access tokens, in seconds.");
        assertThat(text).contains("in milliseconds. Default: 0.");
        assertThat(text).contains("Default: 8090.");
    }
}
