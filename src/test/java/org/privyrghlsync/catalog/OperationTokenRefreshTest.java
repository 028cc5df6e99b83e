package org.privyrghlsync.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.RecordedRequest;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.testing.SyncHarness;

/** Operation routes get the product's one token refresh after a 401 about the token, as the sync does. */
class OperationTokenRefreshTest {

    private static final String REFRESH_TOKEN = "catalog-refresh-token";

    @Test
    void expiredTokenIsRefreshedOnce() throws Exception {
        SandboxConfig defaults = SandboxConfig.defaults();
        Map<String, String> runtime = Map.of("ghl.private-token", "", "ghl.client-id", defaults.clientId(),
                "ghl.client-secret", defaults.clientSecret(), "ghl.refresh-token", REFRESH_TOKEN);
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder().refreshToken(REFRESH_TOKEN)
                .accessTokenTtl(Duration.ofHours(1)), runtime)) {
            Operations operations = new Operations(harness);
            String id = operations.newContact("oauth@example.org");
            harness.sandbox().expireAccessTokens();

            Map<String, Object> contact = operations.map("direct:ghl-get-contact", null, Map.of("GhlContactId", id));

            assertThat(contact.get("id")).isEqualTo(id);
            assertThat(harness.ghlRequests("GET", "/contacts/" + id).stream().map(RecordedRequest::status))
                    .containsExactly(401, 200);
            assertThat(harness.ghlRequests("POST", "/oauth/token")).hasSize(2);
        }
    }
}
