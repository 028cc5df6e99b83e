package org.privyrghlsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OAuthTokenTest {

    private GhlSandbox sandbox;
    private SandboxClient client;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void refreshRotatesAndRejectsOldToken() {
        start(SandboxConfig.defaults());

        SandboxClient.Reply first = client.postForm("/oauth/token", refreshForm("sandbox-refresh-token"));
        SandboxClient.Reply reused = client.postForm("/oauth/token", refreshForm("sandbox-refresh-token"));
        String rotated = first.body().path("refresh_token").asText();
        SandboxClient.Reply second = client.postForm("/oauth/token", refreshForm(rotated));

        assertThat(first.status()).isEqualTo(200);
        assertThat(rotated).isNotEqualTo("sandbox-refresh-token");
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.body().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(reused.body().path("error_description").asText()).isNotEmpty();
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body().path("refresh_token").asText()).isNotEqualTo(rotated);
    }

    @Test
    void tokenResponseHasGhlFields() {
        start(SandboxConfig.defaults());

        SandboxClient.Reply reply = client.postForm("/oauth/token", refreshForm("sandbox-refresh-token"));

        assertThat(reply.body().path("token_type").asText()).isEqualTo("Bearer");
        assertThat(reply.body().path("expires_in").asLong()).isEqualTo(86_399);
        assertThat(reply.body().path("userType").asText()).isEqualTo("Location");
        assertThat(reply.body().path("locationId").asText()).isEqualTo("sandbox-location");
        assertThat(reply.body().path("companyId").asText()).isNotEmpty();
        assertThat(reply.body().path("userId").asText()).isNotEmpty();
        assertThat(reply.body().path("scope").asText()).contains("contacts.write");
    }

    @Test
    void issuedAccessTokenIsAccepted() {
        start(SandboxConfig.defaults());
        String accessToken = client.postForm("/oauth/token", refreshForm("sandbox-refresh-token"))
                .body().path("access_token").asText();

        SandboxClient.Reply reply = client.withHeader("Authorization", "Bearer " + accessToken)
                .get("/contacts/?locationId=sandbox-location");

        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void wrongClientSecretReturns401() {
        start(SandboxConfig.defaults());
        Map<String, String> form = refreshForm("sandbox-refresh-token");
        form.put("client_secret", "wrong");

        SandboxClient.Reply reply = client.postForm("/oauth/token", form);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body().path("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void accessTokenExpiresAfterTtl() {
        start(SandboxConfig.builder().accessTokenTtl(Duration.ofMillis(300)).build());
        String accessToken = client.postForm("/oauth/token", refreshForm("sandbox-refresh-token"))
                .body().path("access_token").asText();
        SandboxClient bearer = client.withHeader("Authorization", "Bearer " + accessToken);

        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> bearer.get("/contacts/?locationId=sandbox-location").status() == 401);

        SandboxClient.Reply reply = bearer.get("/contacts/?locationId=sandbox-location");
        assertThat(reply.body().path("message").asText()).isEqualTo("Invalid token: access token is invalid");
    }

    @Test
    void expireAccessTokensRejectsIssuedTokens() {
        start(SandboxConfig.defaults());
        String accessToken = client.postForm("/oauth/token", refreshForm("sandbox-refresh-token"))
                .body().path("access_token").asText();
        SandboxClient bearer = client.withHeader("Authorization", "Bearer " + accessToken);
        assertThat(bearer.get("/contacts/?locationId=sandbox-location").status()).isEqualTo(200);

        sandbox.expireAccessTokens();

        assertThat(bearer.get("/contacts/?locationId=sandbox-location").status()).isEqualTo(401);
        assertThat(client.get("/contacts/?locationId=sandbox-location").status()).isEqualTo(200);
    }

    @Test
    void authorizationCodeIsSingleUse() {
        start(SandboxConfig.defaults());
        String code = sandbox.issueAuthorizationCode("second-location");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", "sandbox-client");
        form.put("client_secret", "sandbox-secret");
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("user_type", "Location");
        form.put("redirect_uri", "http://127.0.0.1/callback");

        SandboxClient.Reply first = client.postForm("/oauth/token", form);
        SandboxClient.Reply second = client.postForm("/oauth/token", form);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("locationId").asText()).isEqualTo("second-location");
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.body().path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void companyTokenIsRejectedOnContacts() {
        start(SandboxConfig.defaults());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", "sandbox-client");
        form.put("client_secret", "sandbox-secret");
        form.put("grant_type", "authorization_code");
        form.put("code", sandbox.issueAuthorizationCode("sandbox-location"));
        form.put("user_type", "Company");
        String accessToken = client.postForm("/oauth/token", form).body().path("access_token").asText();

        SandboxClient.Reply reply = client.withHeader("Authorization", "Bearer " + accessToken)
                .get("/contacts/?locationId=sandbox-location");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body().path("message").asText())
                .isEqualTo("This authClass type is not allowed to access this scope.");
    }

    private void start(SandboxConfig config) {
        sandbox = GhlSandbox.start(config);
        client = new SandboxClient(sandbox);
    }

    private static Map<String, String> refreshForm(String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", "sandbox-client");
        form.put("client_secret", "sandbox-secret");
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("user_type", "Location");
        return form;
    }
}
