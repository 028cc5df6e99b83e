package org.privyrghlsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code privyr.account-locations} is read, and which location an account's events go to. */
class LocationResolverTest {

    @Test
    void entriesMapAccountsToLocations() {
        LocationResolver resolver = new LocationResolver("loc-default", " team-a : loc-a , team-b:loc-b,");

        assertThat(resolver.locationFor("team-a")).isEqualTo("loc-a");
        assertThat(resolver.locationFor("team-b")).isEqualTo("loc-b");
        assertThat(resolver.locationFor("team-c")).isEqualTo("loc-default");
        assertThat(LocationResolver.parseAccountLocations("b:2,a:1")).containsExactly(
                Map.entry("b", "2"), Map.entry("a", "1"));
    }

    @Test
    void spaceBetweenEntriesRejected() {
        assertThatThrownBy(() -> new LocationResolver("", "team-a:loc-a team-b:loc-b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'team-a:loc-a team-b:loc-b'")
                .hasMessageContaining("separate entries with commas");
    }

    @Test
    void spaceInsideIdRejected() {
        assertThatThrownBy(() -> new LocationResolver("", "team a:loc-a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'team a:loc-a'");
    }

    @Test
    void colonInLocationRejected() {
        assertThatThrownBy(() -> new LocationResolver("", "team-a:loc-a:loc-b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'team-a:loc-a:loc-b'");
    }

    @Test
    void accountWithTwoLocationsRejected() {
        assertThatThrownBy(() -> new LocationResolver("", "team-a:loc-a,team-b:loc-b,team-a:loc-c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("privyr.account-locations sends account 'team-a' to two locations, 'loc-a' and 'loc-c';"
                        + " keep one entry per account");
    }

    @Test
    void repeatedEntryAccepted() {
        LocationResolver resolver = new LocationResolver("", "team-a:loc-a,team-a:loc-a");

        assertThat(resolver.locationFor("team-a")).isEqualTo("loc-a");
    }

    @Test
    void entryWithoutLocationRejected() {
        assertThatThrownBy(() -> new LocationResolver("loc-default", "team-a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected <privyr account id>:<GHL location id>");
    }
}
