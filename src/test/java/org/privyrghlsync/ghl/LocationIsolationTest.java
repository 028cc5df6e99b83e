package org.privyrghlsync.ghl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.runtime.OfflineStore;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

class LocationIsolationTest {

    private static final String HEALTHY = "location-healthy";
    private static final String BROKEN = "location-broken";

    @Test
    void brokenLocationPausesWhileOtherSyncs() throws Exception {
        SandboxConfig defaults = SandboxConfig.defaults();
        Map<String, String> settings = Map.of("ghl.private-token", "", "ghl.client-id", defaults.clientId(),
                "ghl.client-secret", defaults.clientSecret(), "ghl.refresh-token", "", "ghl.location-id", "",
                "privyr.account-locations", "team-healthy:" + HEALTHY + ",team-broken:" + BROKEN);
        try (SyncHarness harness = SyncHarness.withoutRuntime(settings)) {
            try (OfflineStore store = OfflineStore.open(null, harness.overrides())) {
                AuthorizationCodeExchange exchange = new AuthorizationCodeExchange(harness.sandbox().baseUrl(),
                        defaults.clientId(), defaults.clientSecret(), store.tokenStore(), Clock.systemUTC());
                for (String locationId : List.of(HEALTHY, BROKEN)) {
                    exchange.exchange(harness.sandbox().issueAuthorizationCode(locationId), "http://localhost/cb",
                            List.of());
                }
                // The broken location's refresh token stops working, as after a revoked install.
                store.tokenStore().replaceRefreshToken(BROKEN, "revoked-refresh-token");
            }
            harness.startRuntime();

            for (int i = 0; i < 5; i++) {
                harness.post(event("team-broken", "evt-broken-" + i, "b" + i, "+91987650000" + i));
                harness.post(event("team-healthy", "evt-healthy-" + i, "h" + i, "+91987651000" + i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    harness.components().authState().reauthRequired().containsKey(BROKEN)
                            && harness.sandbox().contacts(HEALTHY).size() == 5);

            assertThat(harness.sandbox().contacts(BROKEN)).isEmpty();
            assertThat(harness.components().authState().reauthRequired()).containsOnlyKeys(BROKEN);
            for (int i = 0; i < 5; i++) {
                assertThat(harness.components().inbox().statusOf("evt-broken-" + i)[0]).isEqualTo("PENDING");
                assertThat(harness.components().inbox().statusOf("evt-healthy-" + i)).containsExactly("DONE",
                        "created");
            }
            assertThat(harness.components().ledger().deadLetters()).isEmpty();
        }
    }

    private static String event(String accountId, String eventId, String clientId, String phone) {
        return Events.created(eventId, clientId, "Lead " + clientId, clientId + "@example.com", phone)
                .replace("\"privyr-test-team\"", "\"" + accountId + "\"");
    }
}
