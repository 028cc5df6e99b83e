package org.privyrghlsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    private static final String LIST = "/contacts/?locationId=sandbox-location&limit=1";

    private GhlSandbox sandbox;
    private SandboxClient client;

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void requestAfterMaxReturns429() {
        start(SandboxConfig.builder().rateLimitMax(5).rateLimitWindow(Duration.ofMinutes(5)).build());
        for (int i = 0; i < 5; i++) {
            assertThat(client.get(LIST).status()).as("request %d", i + 1).isEqualTo(200);
        }

        SandboxClient.Reply reply = client.get(LIST);

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.body().path("statusCode").asInt()).isEqualTo(429);
        assertThat(reply.body().path("message").asText()).isEqualTo("Too many requests");
        assertThat(reply.header("Retry-After")).isNull();
        assertThat(reply.header("X-RateLimit-Remaining")).isEqualTo("0");
    }

    @Test
    void everyContactsReturnCarriesHeaders() {
        start(SandboxConfig.builder().rateLimitMax(7).rateLimitWindow(Duration.ofSeconds(10)).dailyLimit(1000).build());

        SandboxClient.Reply first = client.get(LIST);
        SandboxClient.Reply notFound = client.get("/contacts/unknownContactId00000");

        assertThat(first.header("X-RateLimit-Max")).isEqualTo("7");
        assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("6");
        assertThat(first.header("X-RateLimit-Interval-Milliseconds")).isEqualTo("10000");
        assertThat(first.header("X-RateLimit-Limit-Daily")).isEqualTo("1000");
        assertThat(first.header("X-RateLimit-Daily-Remaining")).isEqualTo("999");
        assertThat(notFound.status()).isEqualTo(400);
        assertThat(notFound.header("X-RateLimit-Remaining")).isEqualTo("5");
    }

    @Test
    void rejectedRequestConsumesNoBudget() {
        start(SandboxConfig.builder().rateLimitMax(2).rateLimitWindow(Duration.ofMinutes(5)).dailyLimit(10).build());
        client.get(LIST);
        client.get(LIST);

        SandboxClient.Reply rejected = client.get(LIST);
        SandboxClient.Reply againRejected = client.get(LIST);

        assertThat(rejected.status()).isEqualTo(429);
        assertThat(againRejected.header("X-RateLimit-Daily-Remaining")).isEqualTo("8");
    }

    @Test
    void dailyLimitReturns429() {
        start(SandboxConfig.builder().rateLimitMax(0).dailyLimit(3).build());
        for (int i = 0; i < 3; i++) {
            client.get(LIST);
        }

        SandboxClient.Reply reply = client.get(LIST);

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.header("X-RateLimit-Daily-Remaining")).isEqualTo("0");
    }

    @Test
    void windowSlidesAndAllowsAgain() {
        start(SandboxConfig.builder().rateLimitMax(2).rateLimitWindow(Duration.ofSeconds(3)).build());
        client.get(LIST);
        client.get(LIST);
        assertThat(client.get(LIST).status()).isEqualTo(429);

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> client.get(LIST).status() == 200);
    }

    @Test
    void retryAfterIsSentWhenEnabled() {
        start(SandboxConfig.builder().rateLimitMax(1).rateLimitWindow(Duration.ofSeconds(30))
                .retryAfterOn429(true).build());
        client.get(LIST);

        SandboxClient.Reply reply = client.get(LIST);

        assertThat(reply.status()).isEqualTo(429);
        assertThat(Integer.parseInt(reply.header("Retry-After"))).isBetween(1, 30);
    }

    @Test
    void disabledLimitNeverReturns429() {
        start(SandboxConfig.builder().rateLimitMax(0).build());
        for (int i = 0; i < 150; i++) {
            assertThat(client.get(LIST).status()).isEqualTo(200);
        }
    }

    @Test
    void sharedBudgetAllowsAndReportsFewer() {
        start(SandboxConfig.builder().rateLimitMax(10).rateLimitShared(4).rateLimitWindow(Duration.ofMinutes(5))
                .build());

        SandboxClient.Reply first = client.get(LIST);
        for (int i = 0; i < 5; i++) {
            assertThat(client.get(LIST).status()).as("request %d", i + 2).isEqualTo(200);
        }
        SandboxClient.Reply rejected = client.get(LIST);

        assertThat(first.header("X-RateLimit-Max")).isEqualTo("10");
        assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("5");
        assertThat(rejected.status()).isEqualTo(429);
        assertThat(rejected.header("X-RateLimit-Remaining")).isEqualTo("0");
    }

    @Test
    void sharedDailyBudgetAllowsAndReportsFewer() {
        start(SandboxConfig.builder().rateLimitMax(0).dailyLimit(10).dailyLimitShared(7).build());

        SandboxClient.Reply first = client.get(LIST);
        client.get(LIST);
        client.get(LIST);
        SandboxClient.Reply rejected = client.get(LIST);

        assertThat(first.header("X-RateLimit-Limit-Daily")).isEqualTo("10");
        assertThat(first.header("X-RateLimit-Daily-Remaining")).isEqualTo("2");
        assertThat(rejected.status()).isEqualTo(429);
        assertThat(rejected.header("X-RateLimit-Daily-Remaining")).isEqualTo("0");
    }

    @Test
    void dailyWindowStartsOver() {
        start(SandboxConfig.builder().rateLimitMax(0).dailyLimit(2).dailyWindow(Duration.ofSeconds(1)).build());
        client.get(LIST);
        client.get(LIST);
        assertThat(client.get(LIST).status()).isEqualTo(429);

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> client.get(LIST).status() == 200);
    }

    @Test
    void sharedBudgetAboveMaxIsRejected() {
        SandboxConfig.Builder builder = SandboxConfig.builder().rateLimitMax(5).rateLimitShared(6);

        org.assertj.core.api.Assertions.assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rateLimitShared (6) must not exceed rateLimitMax (5)");
        sandbox = GhlSandbox.start(SandboxConfig.defaults());
    }

    private void start(SandboxConfig config) {
        sandbox = GhlSandbox.start(config);
        client = new SandboxClient(sandbox);
    }
}
