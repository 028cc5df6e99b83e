package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;

/**
 * State shared by all event loops of one sandbox: configuration, stores, limiter, request log and faults.
 */
final class SandboxState {

    final SandboxConfig config;
    final ObjectMapper mapper = new ObjectMapper();
    final Clock clock = Clock.systemUTC();
    final TokenStore tokens;
    final ContactStore contacts;
    final RateLimiter rateLimiter;
    final RequestLog requestLog;
    final FaultInjector faults = new FaultInjector();
    final long latencyMillis;
    /** Base URL with the bound port; set once the server listens, before any request is served. */
    volatile String baseUrl;

    SandboxState(SandboxConfig config) {
        this.config = config;
        this.tokens = new TokenStore(config);
        this.contacts = new ContactStore(config.allowDuplicates(), config.customFieldKeys());
        this.rateLimiter = new RateLimiter(config.rateLimitMax(), config.rateLimitWindow(), config.dailyLimit(),
                config.rateLimitShared(), config.dailyLimitShared(), config.dailyWindow(), System::nanoTime);
        this.requestLog = new RequestLog(config.requestLogLimit());
        this.latencyMillis = config.latency().toMillis();
        config.faults().forEach(faults::add);
    }
}
