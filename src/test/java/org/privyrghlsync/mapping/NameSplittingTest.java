package org.privyrghlsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.privyrghlsync.mapping.MappingFixtures.client;
import static org.privyrghlsync.mapping.MappingFixtures.mapping;

import org.junit.jupiter.api.Test;

class NameSplittingTest {

    private final ContactMapping nameMapping = mapping(
            "fields:",
            "  - target: firstName",
            "    from: name",
            "    transform: first-name",
            "  - target: lastName",
            "    from: name",
            "    transform: last-name");

    private MappedContact mapName(String name) {
        return nameMapping.map(client().name(name).build());
    }

    @Test
    void twoWordsSplit() {
        MappedContact contact = mapName("Tony Stark");
        assertThat(contact.fields()).containsEntry("firstName", "Tony");
        assertThat(contact.fields()).containsEntry("lastName", "Stark");
    }

    @Test
    void singleWordHasNoLastName() {
        MappedContact contact = mapName("Madonna");
        assertThat(contact.fields()).containsEntry("firstName", "Madonna");
        assertThat(contact.fields()).doesNotContainKey("lastName");
    }

    @Test
    void extraSpacesCollapse() {
        MappedContact contact = mapName("  Mary   Jane \t Watson  ");
        assertThat(contact.fields()).containsEntry("firstName", "Mary");
        assertThat(contact.fields()).containsEntry("lastName", "Jane Watson");
    }

    @Test
    void noBreakAndIdeographicSpacesSplit() {
        MappedContact contact = mapName("Asha\u00a0Rao\u3000Iyer");
        assertThat(contact.fields()).containsEntry("firstName", "Asha");
        assertThat(contact.fields()).containsEntry("lastName", "Rao Iyer");
    }

    @Test
    void devanagariKeptIntact() {
        MappedContact contact = mapName("राहुल कुमार शर्मा");
        assertThat(contact.fields()).containsEntry("firstName", "राहुल");
        assertThat(contact.fields()).containsEntry("lastName", "कुमार शर्मा");
    }

    @Test
    void arabicKeptIntact() {
        MappedContact contact = mapName("محمد بن سلمان");
        assertThat(contact.fields()).containsEntry("firstName", "محمد");
        assertThat(contact.fields()).containsEntry("lastName", "بن سلمان");
    }

    @Test
    void emojiSurrogatePairsKept() {
        MappedContact contact = mapName("Priya 🌸 👨‍👩‍👧 Nair");
        assertThat(contact.fields()).containsEntry("firstName", "Priya");
        assertThat(contact.fields()).containsEntry("lastName", "🌸 👨‍👩‍👧 Nair");
    }

    @Test
    void emojiOnlyNameIsFirstName() {
        MappedContact contact = mapName("😀");
        assertThat(contact.fields()).containsEntry("firstName", "😀");
        assertThat(contact.fields()).doesNotContainKey("lastName");
    }

    @Test
    void blankNameSetsNothing() {
        MappedContact contact = mapName("   ");
        assertThat(contact.fields()).isEmpty();
    }

    @Test
    void displayNameCanBeSplit() {
        ContactMapping displayMapping = mapping(
                "fields:",
                "  - target: firstName",
                "    from: display_name",
                "    transform: first-name",
                "  - target: name",
                "    from: name");

        MappedContact contact = displayMapping.map(client().name("Anthony Edward Stark").displayName("Tony S")
                .build());

        assertThat(contact.fields()).containsEntry("firstName", "Tony");
        assertThat(contact.fields()).containsEntry("name", "Anthony Edward Stark");
    }

    @Test
    void fullNameOnlyWhenConfigured() {
        MappedContact contact = mapName("Tony Stark");
        assertThat(contact.fields()).doesNotContainKey("name");
    }
}
