package org.privyrghlsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestLogTest {

    private GhlSandbox sandbox;
    private SandboxClient client;

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void javaLogRecordsRequestDetails() {
        start(SandboxConfig.defaults());
        Instant before = Instant.now().minusSeconds(1);

        client.post("/contacts/", "{\"locationId\":\"sandbox-location\",\"email\":\"a@example.com\"}");
        client.get("/contacts/?locationId=sandbox-location&limit=5");

        List<RecordedRequest> requests = sandbox.requests();
        assertThat(requests).hasSize(2);
        RecordedRequest create = requests.get(0);
        assertThat(create.method()).isEqualTo("POST");
        assertThat(create.path()).isEqualTo("/contacts/");
        assertThat(create.status()).isEqualTo(201);
        assertThat(create.body()).contains("a@example.com");
        assertThat(create.header("Version")).isEqualTo("2021-07-28");
        assertThat(create.time()).isAfter(before);
        RecordedRequest list = requests.get(1);
        assertThat(list.query()).isEqualTo("locationId=sandbox-location&limit=5");
        assertThat(list.status()).isEqualTo(200);
    }

    @Test
    void httpLogListsServedRequests() {
        start(SandboxConfig.defaults());
        client.get("/contacts/unknownContactId00000");
        client.withHeader("Version", null).get("/contacts/?locationId=sandbox-location");

        SandboxClient.Reply reply = client.get("/_sandbox/requests");

        JsonNode entries = reply.body();
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).path("method").asText()).isEqualTo("GET");
        assertThat(entries.get(0).path("path").asText()).isEqualTo("/contacts/unknownContactId00000");
        assertThat(entries.get(0).path("status").asInt()).isEqualTo(400);
        assertThat(entries.get(1).path("status").asInt()).isEqualTo(401);
        assertThat(entries.get(1).path("time").asText()).isNotEmpty();
    }

    @Test
    void httpDeleteClearsLog() {
        start(SandboxConfig.defaults());
        client.get("/contacts/?locationId=sandbox-location");

        SandboxClient.Reply cleared = client.delete("/_sandbox/requests", null);

        assertThat(cleared.status()).isEqualTo(204);
        assertThat(sandbox.requests()).isEmpty();
        assertThat(client.get("/_sandbox/requests").body()).isEmpty();
    }

    @Test
    void logDropsOldestBeyondLimit() {
        start(SandboxConfig.builder().requestLogLimit(3).build());
        for (int i = 0; i < 5; i++) {
            client.get("/contacts/id" + i);
        }

        List<RecordedRequest> requests = sandbox.requests();

        assertThat(requests).hasSize(3);
        assertThat(requests.get(0).path()).isEqualTo("/contacts/id2");
    }

    @Test
    void latencyDelaysResponses() {
        start(SandboxConfig.builder().latency(Duration.ofMillis(200)).build());
        long started = System.nanoTime();

        SandboxClient.Reply reply = client.get("/contacts/?locationId=sandbox-location");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    private void start(SandboxConfig config) {
        sandbox = GhlSandbox.start(config);
        client = new SandboxClient(sandbox);
    }
}
