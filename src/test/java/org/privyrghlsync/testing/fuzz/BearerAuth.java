package org.privyrghlsync.testing.fuzz;

import java.util.Random;

/** Authentication with {@code Authorization: Bearer <token>}, and the ways of breaking it. */
public final class BearerAuth implements RequestAuth {

    private final String token;

    public BearerAuth(String token) {
        this.token = token;
    }

    @Override
    public void authorize(FuzzRequest request) {
        request.setHeader("Authorization", "Bearer " + token);
    }

    @Override
    public String breakAuthentication(FuzzRequest request, Random random) {
        request.skipAuthorization();
        switch (random.nextInt(8)) {
            case 0:
                return "missing";
            case 1:
                request.setHeader("Authorization", "Bearer " + token + "x");
                return "wrong-token";
            case 2:
                request.setHeader("Authorization", "Basic " + token);
                return "wrong-scheme";
            case 3:
                request.setHeader("Authorization", "Bearer");
                return "empty-token";
            case 4:
                request.addHeader("Authorization", "Bearer wrong-" + random.nextInt(1000));
                request.addHeader("Authorization", "Bearer " + token);
                return "repeated-header";
            case 5:
                request.query("?access_token=" + token);
                return "token-in-query";
            case 6:
                request.setHeader("Authorization", "Bearer " + "A".repeat(2048 + random.nextInt(4000)));
                return "oversized-token";
            default:
                request.setHeader("Authorization", "Bearer " + token.substring(0, token.length() - 1));
                return "truncated-token";
        }
    }
}
