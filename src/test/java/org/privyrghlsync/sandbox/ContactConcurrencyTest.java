package org.privyrghlsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContactConcurrencyTest {

    private static final int PARALLEL_REQUESTS = 16;

    private GhlSandbox sandbox;
    private SandboxClient client;

    @BeforeEach
    void start() {
        sandbox = GhlSandbox.start(SandboxConfig.builder().rateLimitMax(0).build());
        client = new SandboxClient(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void parallelCreatesMakeOneContact() throws Exception {
        String body = "{\"locationId\":\"sandbox-location\",\"email\":\"race@example.com\"}";

        List<Integer> statuses = runInParallel(() -> client.post("/contacts/", body).status());

        assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
        assertThat(statuses).filteredOn(status -> status == 400).hasSize(PARALLEL_REQUESTS - 1);
        assertThat(sandbox.contacts("sandbox-location")).hasSize(1);
    }

    @Test
    void parallelUpsertsMakeOneContact() throws Exception {
        String body = "{\"locationId\":\"sandbox-location\",\"phone\":\"+14155550199\"}";

        List<Integer> statuses = runInParallel(() -> client.post("/contacts/upsert", body).status());

        assertThat(statuses).containsOnly(200);
        assertThat(sandbox.contacts("sandbox-location")).hasSize(1);
    }

    @Test
    void updateToTakenEmailReturns400() {
        client.post("/contacts/", "{\"locationId\":\"sandbox-location\",\"email\":\"a@example.com\"}");
        String second = client.post("/contacts/", "{\"locationId\":\"sandbox-location\",\"email\":\"b@example.com\"}")
                .body().path("contact").path("id").asText();

        SandboxClient.Reply reply = client.put("/contacts/" + second, "{\"email\":\"A@example.com\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("meta").path("matchingField").asText()).isEqualTo("email");
        assertThat(sandbox.contact(second).path("email").asText()).isEqualTo("b@example.com");
    }

    @Test
    void contactOfOtherLocationIsForbidden() {
        String code = sandbox.issueAuthorizationCode("other-location");
        String otherToken = client.postForm("/oauth/token", java.util.Map.of("client_id", "sandbox-client",
                "client_secret", "sandbox-secret", "grant_type", "authorization_code", "code", code))
                .body().path("access_token").asText();
        String otherId = client.withHeader("Authorization", "Bearer " + otherToken)
                .post("/contacts/", "{\"locationId\":\"other-location\",\"email\":\"a@example.com\"}")
                .body().path("contact").path("id").asText();

        SandboxClient.Reply reply = client.get("/contacts/" + otherId);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(sandbox.contacts("other-location")).hasSize(1);
    }

    private List<Integer> runInParallel(Callable<Integer> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_REQUESTS);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < PARALLEL_REQUESTS; i++) {
                futures.add(pool.submit(request));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> future : futures) {
                statuses.add(future.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }
}
