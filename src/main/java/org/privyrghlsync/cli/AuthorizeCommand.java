package org.privyrghlsync.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.privyrghlsync.ghl.AuthorizationCodeExchange;
import org.privyrghlsync.runtime.OfflineStore;
import org.privyrghlsync.sync.LocationResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs GHL's OAuth install flow once: prints the install URL, receives the redirect and stores the tokens. */
@Command(name = "authorize", mixinStandardHelpOptions = true, version = Launcher.VERSION,
        description = {"Authorizes the GHL app for a location: prints the install URL, serves the redirect at"
                + " /oauth/callback on PORT, exchanges the code and stores the location's tokens, encrypted.",
            "Needs GHL_CLIENT_ID and GHL_CLIENT_SECRET. Run it while the runtime is stopped, then start the runtime"
                + " without GHL_REFRESH_TOKEN. A location that needed to be authorized again resumes."})
final class AuthorizeCommand implements Callable<Integer> {

    static final String DEFAULT_SCOPES = "contacts.readonly contacts.write locations/customFields.readonly";

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file whose keys override the defaults (default: ./application.properties"
                    + " when it exists).")
    Path config;

    @Option(names = "--redirect-uri", paramLabel = "URL",
            description = "Redirect URI registered for the app in GHL (default: http://localhost:PORT/oauth/callback).")
    String redirectUri;

    @Option(names = "--scopes", defaultValue = DEFAULT_SCOPES, paramLabel = "SCOPES",
            description = "Space-separated scopes to request (default: ${DEFAULT-VALUE}).")
    String scopes;

    @Option(names = "--marketplace-url", paramLabel = "URL",
            defaultValue = "https://marketplace.gohighlevel.com/v2/oauth/chooselocation",
            description = "GHL page that asks the user to choose a location (default: ${DEFAULT-VALUE}).")
    String marketplaceUrl;

    @Option(names = "--timeout", defaultValue = "600", paramLabel = "SECONDS",
            description = "How long to wait for the redirect, in seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** Overrides of configuration keys, for tests. */
    Map<String, String> overrides = new HashMap<>();

    @Override
    public Integer call() throws Exception {
        Path file = config;
        if (file == null && Files.exists(Path.of("application.properties"))) {
            file = Path.of("application.properties");
        }
        try (OfflineStore store = OfflineStore.open(file, overrides)) {
            String clientId = store.setting("ghl.client-id");
            String clientSecret = store.setting("ghl.client-secret");
            if (clientId.isEmpty() || clientSecret.isEmpty()) {
                System.err.println("authorize needs GHL_CLIENT_ID and GHL_CLIENT_SECRET; set both and run it again.");
                return 2;
            }
            List<String> companyLocations;
            try {
                companyLocations = companyLocations(store);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            String host = store.setting("camel.server.host");
            int port = Integer.parseInt(store.setting("camel.server.port"));
            String redirect = redirectUri != null ? redirectUri : "http://localhost:" + port + "/oauth/callback";
            AuthorizationCodeExchange exchange = new AuthorizationCodeExchange(store.setting("ghl.base-url"),
                    clientId, clientSecret, store.tokenStore(), Clock.systemUTC());
            CompletableFuture<List<String>> authorized = new CompletableFuture<>();
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
            server.createContext("/oauth/callback", request -> handleCallback(request, exchange, redirect,
                    companyLocations, authorized));
            server.start();
            try {
                System.out.println("Open this URL in a browser and choose the location to authorize:");
                System.out.println(AuthorizationCodeExchange.installUrl(marketplaceUrl, clientId, redirect, scopes));
                System.out.println("Waiting for GHL's redirect on " + redirect + " ...");
                List<String> locations = authorized.get(timeoutSeconds, TimeUnit.SECONDS);
                for (String locationId : locations) {
                    store.locationStates().clear(locationId);
                }
                System.out.println("Authorized location(s) " + String.join(", ", locations)
                        + "; tokens are stored. Start the runtime with `run`.");
                return 0;
            } catch (TimeoutException e) {
                System.err.println("No redirect arrived within " + timeoutSeconds + " s; run authorize again.");
                return 1;
            } catch (java.util.concurrent.ExecutionException e) {
                System.err.println("Authorizing failed: " + e.getCause().getMessage());
                return 1;
            } finally {
                server.stop(0);
            }
        }
    }

    private static List<String> companyLocations(OfflineStore store) {
        List<String> locations = new ArrayList<>();
        if (!store.setting("ghl.location-id").isEmpty()) {
            locations.add(store.setting("ghl.location-id"));
        }
        for (String location : LocationResolver.parseAccountLocations(store.setting("privyr.account-locations"))
                .values()) {
            if (!locations.contains(location)) {
                locations.add(location);
            }
        }
        return locations;
    }

    private static void handleCallback(HttpExchange request, AuthorizationCodeExchange exchange, String redirect,
            List<String> companyLocations, CompletableFuture<List<String>> authorized) throws IOException {
        Map<String, String> query = parseQuery(request.getRequestURI().getRawQuery());
        String code = query.get("code");
        int status;
        String text;
        List<String> locations = null;
        Exception failure = null;
        if (code == null || code.isBlank()) {
            status = 400;
            text = "The redirect has no code parameter; start the install from the URL that authorize printed.";
        } else {
            try {
                locations = exchange.exchange(code, redirect, companyLocations);
                status = 200;
                text = "Authorized location(s) " + String.join(", ", locations) + ". You can close this window.";
            } catch (IOException | RuntimeException e) {
                failure = e;
                status = 502;
                text = "Exchanging the code failed: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
                status = 503;
                text = "Interrupted";
            }
        }
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        request.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        request.sendResponseHeaders(status, body.length);
        try (OutputStream out = request.getResponseBody()) {
            out.write(body);
        }
        // Completed only after the browser has its response, because completing lets the command stop the server.
        if (locations != null) {
            authorized.complete(locations);
        } else if (failure != null) {
            authorized.completeExceptionally(failure);
        }
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> values = new HashMap<>();
        if (rawQuery == null) {
            return values;
        }
        for (String pair : rawQuery.split("&")) {
            String[] parts = pair.split("=", 2);
            values.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length == 2 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return values;
    }
}
