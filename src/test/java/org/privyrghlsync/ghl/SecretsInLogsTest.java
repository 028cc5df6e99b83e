package org.privyrghlsync.ghl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.FaultSpec;
import org.privyrghlsync.store.DeadLetter;
import org.privyrghlsync.sandbox.RecordedRequest;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.LogCapture;
import org.privyrghlsync.testing.SyncHarness;
import org.slf4j.LoggerFactory;

class SecretsInLogsTest {

    private static final String REFRESH_TOKEN = "debug-scan-refresh-token";

    @Test
    void debugLogsHoldNoTokenOrSecret() throws Exception {
        // Everything at DEBUG except what logback.xml pins to protect secrets (Apache HttpClient's wire log).
        List<Logger> loggers = List.of((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME),
                (Logger) LoggerFactory.getLogger("org.apache.camel"), (Logger) LoggerFactory.getLogger("org.privyrghlsync"),
                (Logger) LoggerFactory.getLogger("com.zaxxer.hikari"), (Logger) LoggerFactory.getLogger("io.vertx"));
        List<Level> previous = loggers.stream().map(Logger::getLevel).toList();
        SandboxConfig defaults = SandboxConfig.defaults();
        Map<String, String> oauth = Map.of("ghl.private-token", "", "ghl.client-id", defaults.clientId(),
                "ghl.client-secret", defaults.clientSecret(), "ghl.refresh-token", REFRESH_TOKEN);
        List<String> secrets = new ArrayList<>(List.of(REFRESH_TOKEN, defaults.clientSecret()));
        loggers.forEach(logger -> logger.setLevel(Level.DEBUG));
        try (LogCapture logs = new LogCapture();
                SyncHarness harness = SyncHarness.start(SandboxConfig.builder().refreshToken(REFRESH_TOKEN), oauth)) {
            harness.post(Events.created("evt-debug-1", "d1", "Anaya Jain", "anaya@example.com", "+919800000600"));
            harness.awaitIdle();
            harness.sandbox().expireAccessTokens();
            harness.post(Events.created("evt-debug-2", "d2", "Reyansh Iyer", "reyansh@example.com",
                    "+919800000601"));
            harness.awaitIdle();
            for (RecordedRequest request : harness.sandbox().requests()) {
                String authorization = request.header("Authorization");
                if (authorization != null) {
                    secrets.add(authorization.substring("Bearer ".length()));
                }
            }
            TokenStoreSecrets.addStored(harness, secrets);
            restore(loggers, previous);

            assertThat(logs.lines()).hasSizeGreaterThan(100);
            assertThat(secrets).hasSizeGreaterThanOrEqualTo(4);
            for (String secret : secrets) {
                assertThat(logs.lines()).noneMatch(line -> line.contains(secret));
            }
        } finally {
            restore(loggers, previous);
        }
    }

    @Test
    void echoedTokenRedacted() throws Exception {
        try (LogCapture logs = new LogCapture(); SyncHarness harness = SyncHarness.start()) {
            String token = harness.sandbox().config().privateToken();
            String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsb2NhdGlvbiJ9.c2lnbmF0dXJl";
            // A server that echoes the request's credentials in its error message.
            harness.sandbox().injectFault(FaultSpec.status("POST", "/contacts/", 422, "{\"statusCode\":422,"
                    + "\"message\":[\"token " + token + " may not create contacts\",\"Authorization: Bearer "
                    + token + "\",\"refresh with " + jwt + "\"]}"));

            harness.post(Events.created("evt-echo-1", "e1", "Ira Sen", "ira@example.com", "+919800000700"));
            await().atMost(Duration.ofSeconds(20)).until(() -> !harness.components().ledger().deadLetters().isEmpty());

            DeadLetter letter = harness.components().ledger().deadLetters().get(0);
            assertThat(letter.ghlMessage()).isEqualTo("token [redacted] may not create contacts; Authorization:"
                    + " Bearer [redacted]; refresh with [redacted]");
            assertThat(letter.ghlResponse()).doesNotContain(token).doesNotContain(jwt).contains("[redacted]");
            assertThat(letter.reason()).doesNotContain(token).doesNotContain(jwt);
            assertThat(logs.lines()).anyMatch(line -> line.contains("may not create contacts"));
            assertThat(logs.lines()).noneMatch(line -> line.contains(token) || line.contains(jwt));
        }
    }

    private static void restore(List<Logger> loggers, List<Level> levels) {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).setLevel(levels.get(i));
        }
    }

    /** Adds the tokens currently in the store to the list of values that must not be logged. */
    private static final class TokenStoreSecrets {
        static void addStored(SyncHarness harness, List<String> secrets) {
            harness.components().tokenStore().find(harness.sandbox().config().locationId()).ifPresent(token -> {
                secrets.add(token.accessToken());
                secrets.add(token.refreshToken());
            });
        }
    }
}
