package org.privyrghlsync.ghl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.runtime.OfflineStore;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

class AgencyAuthorizationTest {

    @Test
    void agencyTokenMintsLocationTokens() throws Exception {
        SandboxConfig defaults = SandboxConfig.defaults();
        Map<String, String> settings = Map.of("ghl.private-token", "", "ghl.client-id", defaults.clientId(),
                "ghl.client-secret", defaults.clientSecret(), "ghl.refresh-token", "", "ghl.location-id", "",
                "privyr.account-locations", "team-north:location-north,team-south:location-south");
        try (SyncHarness harness = SyncHarness.withoutRuntime(settings)) {
            List<String> authorized;
            try (OfflineStore store = OfflineStore.open(null, harness.overrides())) {
                AuthorizationCodeExchange exchange = new AuthorizationCodeExchange(harness.sandbox().baseUrl(),
                        defaults.clientId(), defaults.clientSecret(), store.tokenStore(), Clock.systemUTC());
                authorized = exchange.exchange(harness.sandbox().issueCompanyAuthorizationCode(),
                        "http://localhost/cb", List.of("location-north", "location-south"));
            }
            harness.startRuntime();
            harness.post(Events.created("evt-north", "n1", "Om Kulkarni", "om@example.com", "+919811100001")
                    .replace("\"privyr-test-team\"", "\"team-north\""));
            harness.post(Events.created("evt-south", "s1", "Eva Pillai", "eva@example.com", "+919811100002")
                    .replace("\"privyr-test-team\"", "\"team-south\""));
            harness.awaitIdle();

            assertThat(authorized).containsExactly("location-north", "location-south");
            assertThat(harness.ghlRequests("POST", "/oauth/locationToken")).hasSize(2);
            assertThat(harness.sandbox().contacts("location-north")).hasSize(1);
            assertThat(harness.sandbox().contacts("location-south")).hasSize(1);
            assertThat(harness.components().ledger().deadLetters()).isEmpty();
        }
    }
}
