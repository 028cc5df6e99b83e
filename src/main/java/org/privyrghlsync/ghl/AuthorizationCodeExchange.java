package org.privyrghlsync.ghl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.privyrghlsync.store.TokenStore;
import org.privyrghlsync.store.TokenStore.StoredToken;

/**
 * Exchanges an OAuth authorization code from GHL's install flow for tokens and stores them for the location that
 * GHL's token response names. An agency (Company) token is turned into a location token for each requested location
 * with {@code POST /oauth/locationToken}.
 */
public final class AuthorizationCodeExchange {

    private final String baseUrl;
    private final String clientId;
    private final String clientSecret;
    private final TokenStore store;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public AuthorizationCodeExchange(String baseUrl, String clientId, String clientSecret, TokenStore store,
            Clock clock) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.store = store;
        this.clock = clock;
    }

    /** Returns the URL that opens GHL's location chooser for this app. */
    public static String installUrl(String marketplaceUrl, String clientId, String redirectUri, String scopes) {
        return marketplaceUrl + "?response_type=code&redirect_uri=" + encode(redirectUri) + "&client_id="
                + encode(clientId) + "&scope=" + encode(scopes);
    }

    /**
     * Exchanges the code and stores the tokens; returns the ids of the locations that now have tokens.
     *
     * @param companyLocations locations to mint location tokens for when GHL returns an agency token
     */
    public java.util.List<String> exchange(String code, String redirectUri, java.util.List<String> companyLocations)
            throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("user_type", "Location");
        form.put("redirect_uri", redirectUri);
        JsonNode answer = post("/oauth/token", form, null);
        if ("Company".equalsIgnoreCase(answer.path("userType").asText())) {
            String companyToken = answer.path("access_token").asText();
            String companyId = answer.path("companyId").asText();
            java.util.List<String> stored = new java.util.ArrayList<>();
            for (String locationId : companyLocations) {
                Map<String, String> request = new LinkedHashMap<>();
                request.put("companyId", companyId);
                request.put("locationId", locationId);
                storeTokens(locationId, post("/oauth/locationToken", request, companyToken));
                stored.add(locationId);
            }
            return stored;
        }
        String locationId = answer.path("locationId").asText("");
        if (locationId.isEmpty()) {
            throw new IOException("GHL's token response names no locationId; authorize the app for a sub-account");
        }
        storeTokens(locationId, answer);
        return java.util.List.of(locationId);
    }

    private void storeTokens(String locationId, JsonNode answer) throws IOException {
        String accessToken = answer.path("access_token").asText(null);
        String refreshToken = answer.path("refresh_token").asText(null);
        if (accessToken == null || refreshToken == null) {
            throw new IOException("GHL's token response for location " + locationId
                    + " lacks access_token or refresh_token");
        }
        Instant expiresAt = clock.instant().plusSeconds(answer.path("expires_in").asLong(86399));
        StoredToken fresh = new StoredToken(locationId, accessToken, refreshToken, expiresAt, 0);
        store.rotate(locationId, refreshToken, current -> fresh);
    }

    private JsonNode post(String path, Map<String, String> form, String bearer) throws IOException,
            InterruptedException {
        String body = form.entrySet().stream().map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer).header("Version", GhlProperties.API_VERSION);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = json.readTree(response.body().isBlank() ? "{}" : response.body());
        if (response.statusCode() / 100 != 2) {
            String error = answer.path("error").asText("") + " " + answer.path("error_description")
                    .asText(answer.path("message").asText(""));
            throw new IOException("GHL returned " + response.statusCode() + " for POST " + path + ": "
                    + SecretRedaction.redact(error, clientSecret, bearer, form.get("code")));
        }
        return answer;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
