package org.privyrghlsync.ghl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GhlHeaderFilterTest {

    private final GhlHeaderFilter filter = new GhlHeaderFilter();

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "authorization", "Version", "VERSION", "Accept"})
    void sendsAuthProcessorHeaders(String name) {
        assertThat(filter.applyFilterToCamelHeaders(name, "value", null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"CamelHttpMethod", "CamelHttpPath", "Content-Type", "Content-Length", "Host",
        "GhlLocationId", "X-Custom", "Authorization2"})
    void sendsNoOtherHeader(String name) {
        assertThat(filter.applyFilterToCamelHeaders(name, "value", null)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-RateLimit-Remaining", "x-ratelimit-max", "X-RateLimit-Daily-Remaining",
        "Retry-After", "retry-after", "Content-Type", "content-type"})
    void keepsRateLimitHeaders(String name) {
        assertThat(filter.applyFilterToExternalHeaders(name, "1", null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Set-Cookie", "Date", "Content-Length", "CamelHttpResponseCode", "X-Rate", "Server"})
    void dropsOtherResponseHeaders(String name) {
        assertThat(filter.applyFilterToExternalHeaders(name, "1", null)).isTrue();
    }
}
