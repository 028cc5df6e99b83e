package org.privyrghlsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.privyrghlsync.mapping.MappingFixtures.client;
import static org.privyrghlsync.mapping.MappingFixtures.mapping;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneMappingTest {

    private static ContactMapping phoneMapping(String region) {
        return mapping(
                "phone-region: " + region,
                "fields:",
                "  - target: phone",
                "    from: phone",
                "    transform: e164",
                "    invalid-to: contact.privyr_raw_phone");
    }

    @ParameterizedTest
    @CsvSource({
        "IN, 98765 43210, +919876543210",
        "IN, 098765-43210, +919876543210",
        "US, (415) 555-2671, +14155552671",
        "GB, 07400 123456, +447400123456",
        "SG, 8123 4567, +6581234567",
        "AE, 050 123 4567, +971501234567",
        "AU, 0412 345 678, +61412345678",
    })
    void nationalNumberUsesDefaultRegion(String region, String raw, String e164) {
        MappedContact contact = phoneMapping(region).map(client().phone(raw).build());

        assertThat(contact.fields()).containsEntry("phone", e164);
        assertThat(contact.warnings()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "+1 415-555-2671, +14155552671",
        "+44 20 7946 0958, +442079460958",
        "+91-98765-43210, +919876543210",
        "0091 98765 43210, +919876543210",
    })
    void internationalNumberIgnoresRegion(String raw, String e164) {
        MappedContact contact = phoneMapping("IN").map(client().phone(raw).build());

        assertThat(contact.fields()).containsEntry("phone", e164);
    }

    @Test
    void invalidPhoneGoesToRawCustomField() {
        MappedContact contact = phoneMapping("IN").map(client().phone("12345").build());

        assertThat(contact.fields()).doesNotContainKey("phone");
        assertThat(contact.customFields()).containsEntry("key:contact.privyr_raw_phone", "12345");
        assertThat(contact.warnings()).hasSize(1);
        assertThat(contact.warnings().get(0)).contains("field 'phone'", "not a valid phone number",
                "custom field 'contact.privyr_raw_phone'");
    }

    @Test
    void invalidNationalNumberNamesRegion() {
        MappedContact national = phoneMapping("IN").map(client().phone("12345").build());

        assertThat(national.warnings()).singleElement().asString().contains("(default region IN)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+44 1632 9601 23", "(+44) 1632 9601 23", "＋44 1632 9601 23"})
    void invalidInternationalNumberNamesNoRegion(String raw) {
        MappedContact international = phoneMapping("IN").map(client().phone(raw).build());

        assertThat(international.fields()).doesNotContainKey("phone");
        assertThat(international.warnings()).singleElement().asString()
                .contains("is not a valid phone number")
                .doesNotContain("region");
    }

    @Test
    void unparseableTextGoesToRawCustomField() {
        MappedContact contact = phoneMapping("IN").map(client().phone("call me maybe").build());

        assertThat(contact.customFields()).containsEntry("key:contact.privyr_raw_phone", "call me maybe");
        assertThat(contact.fields()).doesNotContainKey("phone");
    }

    @Test
    void warningMasksPhone() {
        MappedContact contact = phoneMapping("US").map(client().phone("+91 98765 43210 999").build());

        String warning = contact.warnings().get(0);
        assertThat(warning).contains("'+91**************99'");
        assertThat(warning).doesNotContain("98765");
    }

    @Test
    void invalidWithoutRawFieldIsDropped() {
        ContactMapping whatsappMapping = mapping(
                "phone-region: IN",
                "fields:",
                "  - custom-field: contact.whatsapp_number",
                "    from: whatsapp_number",
                "    transform: e164");

        MappedContact contact = whatsappMapping.map(client().whatsapp("000").build());

        assertThat(contact.customFields()).isEmpty();
        assertThat(contact.warnings()).singleElement().asString().contains("not sent");
    }

    @Test
    void ruleRegionOverridesDefault() {
        ContactMapping usMapping = mapping(
                "phone-region: IN",
                "fields:",
                "  - target: phone",
                "    from: phone",
                "    transform: e164",
                "    region: us");

        MappedContact contact = usMapping.map(client().phone("(415) 555-2671").build());

        assertThat(contact.fields()).containsEntry("phone", "+14155552671");
    }

    @Test
    void noRegionRejectsNationalNumber() {
        ContactMapping noRegion = mapping(
                "fields:",
                "  - target: phone",
                "    from: phone",
                "    transform: e164");

        MappedContact contact = noRegion.map(client().phone("98765 43210").build());

        assertThat(contact.fields()).doesNotContainKey("phone");
        assertThat(contact.warnings()).singleElement().asString().contains("no default region");
    }

    @Test
    void maskKeepsEnds() {
        assertThat(Masking.maskText("+919876543210")).isEqualTo("+91********10");
        assertThat(Masking.maskText("12345")).isEqualTo("*****");
        assertThat(Masking.maskEmail("priya@example.com")).isEqualTo("p***@example.com");
    }

    @Test
    void maskNeverSplitsSurrogatePairs() {
        String masked = Masking.maskText("😀😀😀1234😀😀");

        assertThat(masked).isEqualTo("😀😀😀****😀😀");
    }
}
