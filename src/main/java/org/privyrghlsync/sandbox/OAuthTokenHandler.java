package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Handler of {@code POST /oauth/token} for the {@code refresh_token} and {@code authorization_code} grants.
 *
 * <p>Refresh tokens are single-use: every refresh returns a new refresh token and the used one fails afterwards
 * with 400 {@code invalid_grant}. The body is form-encoded and, as in GHL v2, no Version header is needed.
 */
final class OAuthTokenHandler {

    /** Scopes reported in token responses; the sandbox does not enforce scopes. */
    static final String SCOPE = "contacts.readonly contacts.write";

    private final SandboxState state;
    private final HttpResponses responses;

    OAuthTokenHandler(SandboxState state, HttpResponses responses) {
        this.state = state;
        this.responses = responses;
    }

    void handle(RoutingContext context) {
        MultiMap form = context.request().formAttributes();
        if (!state.config.clientId().equals(form.get("client_id"))
                || !state.config.clientSecret().equals(form.get("client_secret"))) {
            throw GhlErrors.oauth(401, "invalid_client",
                    "client_id or client_secret is missing or invalid; send both as form fields");
        }
        String userType = form.get("user_type");
        if (userType != null && !userType.equals(AccessGrant.LOCATION) && !userType.equals(AccessGrant.COMPANY)) {
            throw GhlErrors.oauth(400, "invalid_request", "user_type must be Location or Company, got " + userType);
        }
        String grantType = form.get("grant_type");
        AccessGrant grant;
        if ("refresh_token".equals(grantType)) {
            grant = state.tokens.consumeRefreshToken(required(form, "refresh_token"));
            if (grant == null) {
                throw GhlErrors.oauth(400, "invalid_grant",
                        "refresh_token is invalid, expired or already used; refresh tokens are single-use");
            }
        } else if ("authorization_code".equals(grantType)) {
            grant = state.tokens.consumeAuthorizationCode(required(form, "code"));
            if (grant == null) {
                throw GhlErrors.oauth(400, "invalid_grant", "code is invalid, expired or already used");
            }
            if (AccessGrant.COMPANY.equals(userType)) {
                grant = new AccessGrant(AccessGrant.COMPANY, null, grant.companyId(), 0, 0);
            }
        } else if (grantType == null) {
            throw GhlErrors.oauth(400, "invalid_request", "grant_type is missing");
        } else {
            throw GhlErrors.oauth(400, "unsupported_grant_type",
                    "grant_type " + grantType + " is not supported; use refresh_token or authorization_code");
        }
        responses.json(context, 200, tokenResponse(state.tokens.issue(grant)));
    }

    /**
     * Handles {@code POST /oauth/locationToken}: an agency (Company) bearer token and the form fields
     * {@code companyId} and {@code locationId} give a Location token pair for that location.
     */
    void locationToken(RoutingContext context) {
        if (context.request().getHeader("Version") == null) {
            throw GhlErrors.unauthorized("version header was not found.");
        }
        String authorization = context.request().getHeader("Authorization");
        AccessGrant company = authorization == null || !authorization.startsWith("Bearer ") ? null
                : state.tokens.resolveBearer(authorization.substring("Bearer ".length()).trim());
        if (company == null) {
            throw GhlErrors.unauthorized("Invalid token: access token is invalid");
        }
        if (company.isLocation()) {
            throw GhlErrors.unauthorized("This authClass type is not allowed to access this scope.");
        }
        MultiMap form = context.request().formAttributes();
        String locationId = required(form, "locationId");
        if (!company.companyId().equals(required(form, "companyId"))) {
            throw GhlErrors.forbiddenLocation();
        }
        TokenStore.IssuedTokens issued = state.tokens.issue(new AccessGrant(AccessGrant.LOCATION, locationId,
                company.companyId(), 0, 0));
        responses.json(context, 200, tokenResponse(issued));
    }

    private ObjectNode tokenResponse(TokenStore.IssuedTokens issued) {
        AccessGrant grant = issued.grant();
        ObjectNode body = GhlErrors.JSON.objectNode();
        body.put("access_token", issued.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", state.tokens.accessTokenTtl().toSeconds());
        body.put("refresh_token", issued.refreshToken());
        body.put("scope", SCOPE);
        body.put("userType", grant.userType());
        if (grant.locationId() != null) {
            body.put("locationId", grant.locationId());
        }
        body.put("companyId", grant.companyId());
        body.put("userId", TokenStore.USER_ID);
        return body;
    }

    private static String required(MultiMap form, String name) {
        String value = form.get(name);
        if (value == null || value.isEmpty()) {
            throw GhlErrors.oauth(400, "invalid_request", name + " is missing");
        }
        return value;
    }
}
