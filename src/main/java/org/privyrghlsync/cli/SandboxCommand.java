package org.privyrghlsync.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.privyrghlsync.sandbox.FaultSpec;
import org.privyrghlsync.sandbox.GhlSandbox;
import org.privyrghlsync.sandbox.SandboxConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Command that runs the local GHL API v2 sandbox on loopback until the JVM stops.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true, version = Launcher.VERSION,
        description = "Runs a local simulator of the GoHighLevel API v2 (OAuth token, contacts, tags, search, tasks,"
                + " notes, appointments) on 127.0.0.1 until the process is stopped. docs/sandbox.md lists every"
                + " endpoint.")
public final class SandboxCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", defaultValue = "8090", paramLabel = "PORT",
            description = "TCP port to listen on; 0 picks a free port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--location-id", defaultValue = "sandbox-location",
            description = "Location id of the private token and the initial refresh token. Default: ${DEFAULT-VALUE}.")
    String locationId;

    @Option(names = "--private-token", defaultValue = "pit-sandbox-token",
            description = "Private integration token accepted as a bearer token. Default: ${DEFAULT-VALUE}.")
    String privateToken;

    @Option(names = "--client-id", defaultValue = "sandbox-client",
            description = "OAuth client id that POST /oauth/token accepts. Default: ${DEFAULT-VALUE}.")
    String clientId;

    @Option(names = "--client-secret", defaultValue = "sandbox-secret",
            description = "OAuth client secret that POST /oauth/token accepts. Default: ${DEFAULT-VALUE}.")
    String clientSecret;

    @Option(names = "--refresh-token", defaultValue = "sandbox-refresh-token",
            description = "Refresh token that is valid at start; it is single-use. Default: ${DEFAULT-VALUE}.")
    String refreshToken;

    @Option(names = "--access-token-ttl", defaultValue = "86399", paramLabel = "SECONDS",
            description = "Lifetime of issued access tokens, in seconds. Default: ${DEFAULT-VALUE}.")
    long accessTokenTtlSeconds;

    @Option(names = "--rate-limit", defaultValue = "100", paramLabel = "REQUESTS",
            description = "Max requests per location in one rate window; 0 disables the limit. "
                    + "Default: ${DEFAULT-VALUE}.")
    int rateLimit;

    @Option(names = "--rate-window", defaultValue = "10", paramLabel = "SECONDS",
            description = "Length of the sliding rate-limit window, in seconds. Default: ${DEFAULT-VALUE}.")
    long rateWindowSeconds;

    @Option(names = "--rate-limit-shared", defaultValue = "0", paramLabel = "REQUESTS",
            description = "Requests of every rate window that other apps use on each location; the location gets"
                    + " that many fewer and X-RateLimit-Remaining reports that many fewer. Default: ${DEFAULT-VALUE}.")
    int rateLimitShared;

    @Option(names = "--daily-limit", defaultValue = "200000", paramLabel = "REQUESTS",
            description = "Max requests per location in one daily period; 0 disables the limit. "
                    + "Default: ${DEFAULT-VALUE}.")
    int dailyLimit;

    @Option(names = "--daily-limit-shared", defaultValue = "0", paramLabel = "REQUESTS",
            description = "Requests of every daily period that other apps use on each location. "
                    + "Default: ${DEFAULT-VALUE}.")
    int dailyLimitShared;

    @Option(names = "--daily-window", defaultValue = "86400", paramLabel = "SECONDS",
            description = "Length of the daily period, in seconds; it starts with a location's first request. "
                    + "Default: ${DEFAULT-VALUE}.")
    long dailyWindowSeconds;

    @Option(names = "--fault", paramLabel = "JSON",
            description = "A fault to inject from the start, as the JSON that POST /_sandbox/faults takes, such as "
                    + "'{\"kind\":\"status\",\"status\":503,\"rate\":0.2}'. Repeat for several; they are tried in"
                    + " order.")
    List<String> faults = new ArrayList<>();

    @Option(names = "--allow-duplicates", defaultValue = "false",
            description = "Accept new contacts whose email or phone already exists in the location. "
                    + "Default: ${DEFAULT-VALUE}.")
    boolean allowDuplicates;

    @Option(names = "--latency", defaultValue = "0", paramLabel = "MILLISECONDS",
            description = "Delay added before every response, in milliseconds. Default: ${DEFAULT-VALUE}.")
    long latencyMillis;

    @Option(names = "--request-log-limit", defaultValue = "200000", paramLabel = "REQUESTS",
            description = "Requests kept for GET /_sandbox/requests; older ones are dropped. Default: ${DEFAULT-VALUE}.")
    int requestLogLimit;

    /**
     * Builds the sandbox configuration from the parsed options.
     *
     * @throws ParameterException when a value is invalid, naming the option
     */
    public SandboxConfig toConfig() {
        List<FaultSpec> parsedFaults = new ArrayList<>();
        for (String fault : faults) {
            try {
                parsedFaults.add(FaultSpec.fromJson(JSON.readTree(fault)));
            } catch (JsonProcessingException e) {
                throw new ParameterException(spec.commandLine(), "Invalid --fault '" + fault
                        + "': not valid JSON (" + e.getOriginalMessage() + ")");
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "Invalid --fault '" + fault + "': "
                        + e.getMessage());
            }
        }
        try {
            return SandboxConfig.builder()
                .port(port)
                .locationId(locationId)
                .privateToken(privateToken)
                .clientId(clientId)
                .clientSecret(clientSecret)
                .refreshToken(refreshToken)
                .accessTokenTtl(Duration.ofSeconds(accessTokenTtlSeconds))
                .rateLimitMax(rateLimit)
                .rateLimitWindow(Duration.ofSeconds(rateWindowSeconds))
                .rateLimitShared(rateLimitShared)
                .dailyLimit(dailyLimit)
                .dailyLimitShared(dailyLimitShared)
                .dailyWindow(Duration.ofSeconds(dailyWindowSeconds))
                .faults(parsedFaults)
                .allowDuplicates(allowDuplicates)
                .latency(Duration.ofMillis(latencyMillis))
                .requestLogLimit(requestLogLimit)
                .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        SandboxConfig config = toConfig();
        GhlSandbox sandbox = GhlSandbox.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "ghl-sandbox-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        // The sandbox has logged its address and location already.
        out.println("Press Ctrl+C to stop the sandbox.");
        out.flush();
        stopped.await();
        return 0;
    }
}
