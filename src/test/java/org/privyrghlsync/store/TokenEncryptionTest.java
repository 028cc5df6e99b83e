package org.privyrghlsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.LogCapture;
import org.privyrghlsync.testing.SyncHarness;

class TokenEncryptionTest {

    private static final String REFRESH_TOKEN = "install-refresh-token-enc";

    private static Map<String, String> oauth() {
        SandboxConfig defaults = SandboxConfig.defaults();
        return Map.of("ghl.private-token", "", "ghl.client-id", defaults.clientId(),
                "ghl.client-secret", defaults.clientSecret(), "ghl.refresh-token", REFRESH_TOKEN);
    }

    @Test
    void storedTokensAreNotReadableWithoutKey() throws Exception {
        try (LogCapture logs = new LogCapture();
                SyncHarness harness = SyncHarness.start(SandboxConfig.builder().refreshToken(REFRESH_TOKEN), oauth())) {
            harness.post(Events.created("evt-enc-1", "e1", "Riya Sen", "riya@example.com", "+919830000001"));
            harness.awaitIdle();
            String locationId = harness.sandbox().config().locationId();
            TokenStore.StoredToken token = harness.components().tokenStore().find(locationId).orElseThrow();
            harness.stopRuntime();

            assertThat(logs.lines()).isNotEmpty();
            for (String secret : new String[] {token.accessToken(), token.refreshToken(), REFRESH_TOKEN,
                SandboxConfig.defaults().clientSecret()}) {
                assertThat(logs.lines()).noneMatch(line -> line.contains(secret));
            }

            String url = "jdbc:h2:file:" + harness.dataDir().resolve("privyr-ghl-sync").toAbsolutePath();
            try (Connection connection = DriverManager.getConnection(url, "", "");
                    Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT access_token, refresh_token FROM oauth_token")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).startsWith("enc:v1:").doesNotContain(token.accessToken());
                assertThat(row.getString(2)).startsWith("enc:v1:").doesNotContain(token.refreshToken());
            }
            assertThat(Files.exists(harness.dataDir().resolve("token.key"))).isTrue();
        }
    }

    @Test
    void wrongKeyStopsStartup() throws Exception {
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder().refreshToken(REFRESH_TOKEN), oauth())) {
            harness.post(Events.created("evt-enc-2", "e2", "Kabir Roy", "kabir@example.com", "+919830000002"));
            harness.awaitIdle();
            harness.stopRuntime();
            Files.writeString(harness.dataDir().resolve("token.key"),
                    Base64.getEncoder().encodeToString(new byte[32]) + "\n");

            assertThatThrownBy(harness::startRuntime)
                    .hasStackTraceContaining("cannot be decrypted with the key from key file")
                    .hasStackTraceContaining("TOKEN_ENCRYPTION_KEY");
        }
    }

    @Test
    void shortKeyIsRejected() throws Exception {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        try (SyncHarness harness = SyncHarness.withoutRuntime(Map.of("sync.token-encryption-key", shortKey))) {
            assertThatThrownBy(harness::startRuntime).hasStackTraceContaining("must be 32 bytes");
        }
    }
}
