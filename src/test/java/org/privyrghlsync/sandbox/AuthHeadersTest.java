package org.privyrghlsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthHeadersTest extends DefaultSandboxTest {

    @Test
    void missingVersionIsRejected() {
        SandboxClient.Reply reply = client.withHeader("Version", null).get("/contacts/?locationId=sandbox-location");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body().path("message").asText()).isEqualTo("version header was not found.");
        assertThat(reply.body().path("error").asText()).isEqualTo("Unauthorized");
    }

    @Test
    void unknownVersionIsRejected() {
        SandboxClient.Reply reply = client.withHeader("Version", "2020-01-01")
                .get("/contacts/?locationId=sandbox-location");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body().path("message").asText()).isEqualTo("version header is invalid");
    }

    @Test
    void publishedVersionsAreAccepted() {
        for (String version : new String[] {"2021-07-28", "2021-04-15", "2023-02-21"}) {
            SandboxClient.Reply reply = client.withHeader("Version", version)
                    .get("/contacts/?locationId=sandbox-location");

            assertThat(reply.status()).as("Version %s", version).isEqualTo(200);
        }
    }

    @Test
    void unknownTokenIsRejected() {
        SandboxClient.Reply reply = client.withHeader("Authorization", "Bearer wrong-token")
                .get("/contacts/?locationId=sandbox-location");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body().path("statusCode").asInt()).isEqualTo(401);
        assertThat(reply.body().path("message").asText()).isEqualTo("Invalid token: access token is invalid");
    }

    @Test
    void missingTokenIsRejected() {
        SandboxClient.Reply reply = client.withHeader("Authorization", null)
                .get("/contacts/?locationId=sandbox-location");

        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    void otherLocationInQueryIsForbidden() {
        SandboxClient.Reply reply = client.get("/contacts/?locationId=other-location");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body().path("message").asText())
                .isEqualTo("The token does not have access to this location.");
        assertThat(reply.body().path("error").asText()).isEqualTo("Forbidden");
    }

    @Test
    void otherLocationInBodyIsForbidden() {
        SandboxClient.Reply reply = client.post("/contacts/",
                "{\"locationId\":\"other-location\",\"firstName\":\"A\"}");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(sandbox.contacts("other-location")).isEmpty();
    }

    @Test
    void unknownRouteReturns404() {
        SandboxClient.Reply reply = client.get("/nothing/here");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().path("message").asText()).isEqualTo("Cannot GET /nothing/here");
    }

    @Test
    void unknownContactIdReturns400() {
        SandboxClient.Reply reply = client.get("/contacts/doesNotExist123");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("message").asText()).isEqualTo("Contact with id doesNotExist123 not found");
    }
}
