package org.privyrghlsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FaultInjectionTest extends DefaultSandboxTest {

    @Test
    void faultRespondsThenStops() {
        sandbox.injectFault("POST", "/contacts/?", 503, "{\"statusCode\":503,\"message\":\"Service Unavailable\"}", 2);
        String body = "{\"locationId\":\"sandbox-location\",\"email\":\"a@example.com\"}";

        SandboxClient.Reply first = client.post("/contacts/", body);
        SandboxClient.Reply second = client.post("/contacts/", body);
        SandboxClient.Reply third = client.post("/contacts/", body);

        assertThat(first.status()).isEqualTo(503);
        assertThat(first.body().path("message").asText()).isEqualTo("Service Unavailable");
        assertThat(second.status()).isEqualTo(503);
        assertThat(third.status()).isEqualTo(201);
        assertThat(sandbox.contacts("sandbox-location")).hasSize(1);
    }

    @Test
    void faultIgnoresOtherMethodsAndPaths() {
        sandbox.injectFault("PUT", "/contacts/[^/]+", 500, "{}", 1);

        SandboxClient.Reply reply = client.get("/contacts/?locationId=sandbox-location");

        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void anyMethodFaultMatchesOAuth() {
        sandbox.injectFault("*", "/oauth/token", 502, "{\"error\":\"bad_gateway\"}", 1);

        SandboxClient.Reply reply = client.postForm("/oauth/token", java.util.Map.of("grant_type", "refresh_token"));

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.body().path("error").asText()).isEqualTo("bad_gateway");
    }
}
