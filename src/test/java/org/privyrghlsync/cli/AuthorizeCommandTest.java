package org.privyrghlsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

class AuthorizeCommandTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void authorizeStoresWorkingTokensFromCode() throws Exception {
        SandboxConfig defaults = SandboxConfig.defaults();
        Map<String, String> oauth = Map.of("ghl.private-token", "", "ghl.client-id", defaults.clientId(),
                "ghl.client-secret", defaults.clientSecret(), "ghl.refresh-token", "");
        try (SyncHarness harness = SyncHarness.withoutRuntime(oauth)) {
            AuthorizeCommand command = new AuthorizeCommand();
            command.overrides = new HashMap<>(harness.overrides());
            command.timeoutSeconds = 30;
            command.redirectUri = null;
            command.scopes = AuthorizeCommand.DEFAULT_SCOPES;
            command.marketplaceUrl = "https://marketplace.gohighlevel.com/v2/oauth/chooselocation";
            CompletableFuture<Integer> exitCode = CompletableFuture.supplyAsync(() -> {
                try {
                    return command.call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            URI callback = URI.create("http://127.0.0.1:" + harness.port() + "/oauth/callback");
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> get(callback).statusCode() == 400);

            String code = harness.sandbox().issueAuthorizationCode(defaults.locationId());
            HttpResponse<String> redirect = get(URI.create(callback + "?code=" + code));

            assertThat(redirect.statusCode()).isEqualTo(200);
            assertThat(redirect.body()).contains(defaults.locationId());
            assertThat(exitCode.get(30, TimeUnit.SECONDS)).isZero();

            harness.startRuntime();
            harness.post(Events.created("evt-auth-1", "au1", "Sia Kapoor", "sia@example.com", "+919800000500"));
            harness.awaitIdle();

            assertThat(harness.sandbox().contacts(defaults.locationId())).hasSize(1);
            assertThat(harness.ghlRequests("POST", "/oauth/token")).hasSize(1);
            assertThat(harness.ghlRequests("POST", "/contacts/").get(0).header("Authorization"))
                    .isNotEqualTo("Bearer " + defaults.privateToken());
        }
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
