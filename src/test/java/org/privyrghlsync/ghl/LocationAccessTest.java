package org.privyrghlsync.ghl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pause of a location whose token GHL denied, and the probes that resume it. */
class LocationAccessTest {

    private static final String LOCATION = "loc-1";
    private static final String SCOPE = "401 The token is not authorized for this scope.";
    private static final String NO_ACCESS = "403 The token does not have access to this location.";

    private final SteppedClock clock = new SteppedClock();
    private final LocationAccess access = new LocationAccess(Duration.ofSeconds(300), clock);

    @Test
    void missingScopeResumesOnlyOnDeniedOperation() {
        AtomicInteger resumed = new AtomicInteger();
        access.onResume(resumed::incrementAndGet);
        access.deny(LOCATION, SCOPE, "POST /contacts/", false);

        assertThat(access.isPaused(LOCATION)).isTrue();
        assertThatThrownBy(() -> access.requireAllowed(LOCATION)).isInstanceOf(GhlAccessDeniedException.class);
        clock.advance(Duration.ofSeconds(300));
        assertThat(access.isPaused(LOCATION)).isFalse();
        assertThat(access.requireAllowed(LOCATION)).isTrue();
        // An update needs another scope, so its success does not show that the create's scope is granted.
        access.probeAccepted(LOCATION, "PUT /contacts/{id}");
        assertThat(access.isDenied(LOCATION)).isTrue();
        assertThat(resumed).hasValue(0);
        assertThatThrownBy(() -> access.requireAllowed(LOCATION)).isInstanceOf(GhlAccessDeniedException.class);

        clock.advance(Duration.ofSeconds(300));
        assertThat(access.requireAllowed(LOCATION)).isTrue();
        access.probeAccepted(LOCATION, "POST /contacts/");
        assertThat(access.isDenied(LOCATION)).isFalse();
        assertThat(resumed).hasValue(1);
        assertThat(access.requireAllowed(LOCATION)).isFalse();
    }

    @Test
    void locationDenialResumesOnAnyProbe() {
        access.deny(LOCATION, NO_ACCESS, "POST /contacts/", false);
        clock.advance(Duration.ofSeconds(300));

        assertThat(access.requireAllowed(LOCATION)).isTrue();
        access.probeAccepted(LOCATION, "PUT /contacts/{id}");

        assertThat(access.isDenied(LOCATION)).isFalse();
        assertThat(access.deniedLocations()).isEmpty();
    }

    @Test
    void deniedCallOutsideProbeKeepsNextTry() {
        access.deny(LOCATION, NO_ACCESS, "POST /contacts/", false);
        String first = access.deniedLocations().get(LOCATION);
        clock.advance(Duration.ofSeconds(200));

        // A call sent before the denial, whose response arrives now.
        access.deny(LOCATION, NO_ACCESS, "PUT /contacts/{id}", false);

        assertThat(access.deniedLocations().get(LOCATION)).isEqualTo(first);
        clock.advance(Duration.ofSeconds(100));
        assertThat(access.requireAllowed(LOCATION)).isTrue();
        access.deny(LOCATION, NO_ACCESS, "PUT /contacts/{id}", true);
        assertThat(access.deniedLocations().get(LOCATION)).contains("PUT /contacts/{id}")
                .contains(clock.instant().plusSeconds(300).toString());
    }

    @Test
    void onlyOneProbePerInterval() {
        access.deny(LOCATION, NO_ACCESS, "POST /contacts/", false);
        clock.advance(Duration.ofSeconds(300));

        assertThat(access.requireAllowed(LOCATION)).isTrue();

        assertThatThrownBy(() -> access.requireAllowed(LOCATION)).isInstanceOf(GhlAccessDeniedException.class)
                .hasMessageContaining("The call was not sent");
        assertThat(access.isPaused(LOCATION)).isTrue();
    }

    @Test
    void operationLeavesIdsOut() {
        assertThat(LocationAccess.operation("PUT", "/contacts/dC0qziU50efYMFtbth6t"))
                .isEqualTo("PUT /contacts/{id}");
        assertThat(LocationAccess.operation("POST", "/contacts/k3Xn0Qp7Rt2Lm9Vb4Wc1/tasks")).isEqualTo("POST /contacts/{id}/tasks");
        assertThat(LocationAccess.operation("GET", "/locations/sandbox-location/customFields"))
                .isEqualTo("GET /locations/{id}/customFields");
        assertThat(LocationAccess.operation("POST", "/contacts/upsert")).isEqualTo("POST /contacts/upsert");
        assertThat(LocationAccess.operation("GET", "/contacts/search/duplicate"))
                .isEqualTo("GET /contacts/search/duplicate");
    }

    @Test
    void onlyResponsesAboutTheTokenDeny() {
        assertThat(LocationAccess.isDenial(403, "The token does not have access to this location.")).isTrue();
        assertThat(LocationAccess.isDenial(401, "The token is not authorized for this scope.")).isTrue();
        assertThat(LocationAccess.isDenial(401, "This authClass type is not allowed to access this scope.")).isTrue();
        assertThat(LocationAccess.isDenial(401, "Invalid token: access token is invalid")).isFalse();
        assertThat(LocationAccess.isDenial(403, "Forbidden resource")).isFalse();
        assertThat(LocationAccess.isDenial(422, "The token does not have access to this location.")).isFalse();
    }

    /** A clock that moves only when the test advances it. */
    private static final class SteppedClock extends Clock {
        private Instant now = Instant.parse("2026-01-05T10:00:00Z");

        void advance(Duration step) {
            now = now.plus(step);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
