package org.privyrghlsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.privyrghlsync.mapping.MappingFixtures.client;
import static org.privyrghlsync.mapping.MappingFixtures.mapping;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class FieldRulesTest {

    private static final ContactMapping EMAIL_MAPPING = mapping(
            "fields:",
            "  - target: email",
            "    from: email",
            "    transform: email");

    @Test
    void emailTrimmedAndLowerCased() {
        MappedContact contact = EMAIL_MAPPING.map(client().email("  Priya.Nair@Example.COM ").build());

        assertThat(contact.fields()).containsEntry("email", "priya.nair@example.com");
        assertThat(contact.warnings()).isEmpty();
    }

    @Test
    void emailWithoutAtRejected() {
        MappedContact contact = EMAIL_MAPPING.map(client().email("priya.example.com").build());

        assertThat(contact.fields()).doesNotContainKey("email");
        assertThat(contact.warnings()).singleElement().asString().contains("not a valid email address");
    }

    @Test
    void emailWithInnerSpaceRejected() {
        MappedContact contact = EMAIL_MAPPING.map(client().email("priya nair@example.com").build());

        assertThat(contact.fields()).doesNotContainKey("email");
        assertThat(contact.warnings()).hasSize(1);
    }

    @Test
    void emailWarningMasksAddress() {
        MappedContact contact = EMAIL_MAPPING.map(client().email("priya@localhost").build());

        String warning = contact.warnings().get(0);
        assertThat(warning).contains("p***@localhost");
        assertThat(warning).doesNotContain("priya");
    }

    @Test
    void otherFieldByKeyAndId() {
        ContactMapping otherFields = mapping(
                "fields:",
                "  - custom-field: contact.budget",
                "    other-field: Budget",
                "  - custom-field: id:AbC123",
                "    other-field: Timeline");

        MappedContact contact = otherFields.map(client().other("Budget", "$500k").other("Timeline", "3 months")
                .build());

        assertThat(contact.customFields()).containsEntry("key:contact.budget", "$500k");
        assertThat(contact.customFields()).containsEntry("id:AbC123", "3 months");
    }

    @Test
    void otherFieldKeepsNumbers() {
        ContactMapping otherFields = mapping(
                "fields:",
                "  - custom-field: contact.budget",
                "    other-field: Budget",
                "  - custom-field: contact.area",
                "    other-field: Area");

        MappedContact contact = otherFields.map(client().other("Budget", 500000).other("Area", 1250.50).build());

        assertThat(contact.customFields()).containsEntry("key:contact.budget", 500000L);
        assertThat(contact.customFields()).containsEntry("key:contact.area", new BigDecimal("1250.5"));
    }

    @Test
    void otherFieldToScalarIsText() {
        ContactMapping company = mapping(
                "fields:",
                "  - target: companyName",
                "    other-field: Company");

        MappedContact contact = company.map(client().other("Company", 42).build());

        assertThat(contact.fields()).containsEntry("companyName", "42");
    }

    @Test
    void unmappedOtherFieldsWarnWhenConfigured() {
        ContactMapping warnUnmapped = mapping(
                "unmapped-other-fields: warn",
                "fields:",
                "  - custom-field: contact.budget",
                "    other-field: Budget",
                "  - custom-field: contact.timeline",
                "    simple: ${body[other_fields][Timeline]}");

        MappedContact contact = warnUnmapped.map(client().other("Budget", "1").other("Timeline", "2")
                .other("Pets", "cat").build());

        assertThat(contact.warnings()).containsExactly("other_fields without a mapping rule, not sent: Pets");
    }

    @Test
    void unmappedOtherFieldsIgnoredByDefault() {
        ContactMapping ignoreUnmapped = mapping(
                "fields:",
                "  - custom-field: contact.budget",
                "    other-field: Budget");

        MappedContact contact = ignoreUnmapped.map(client().other("Pets", "cat").build());

        assertThat(contact.warnings()).isEmpty();
        assertThat(contact.customFields()).isEmpty();
    }

    @Test
    void groupsBecomeTagsWithExtras() {
        ContactMapping tags = mapping(
                "fields:",
                "  - target: tags",
                "    from: groups",
                "    extra-tags: [privyr, Hot Leads]");

        MappedContact contact = tags.map(client().groups("Hot Leads", "VIP", "vip", " ").build());

        assertThat(contact.tags()).containsExactly("Hot Leads", "VIP", "privyr");
    }

    @Test
    void tagsCanBeLowerCased() {
        ContactMapping tags = mapping(
                "fields:",
                "  - target: tags",
                "    from: groups",
                "    transform: lowercase");

        MappedContact contact = tags.map(client().groups("Hot Leads").build());

        assertThat(contact.tags()).containsExactly("hot leads");
    }

    @Test
    void constantsWritten() {
        ContactMapping constants = mapping(
                "fields:",
                "  - target: source",
                "    constant: Privyr",
                "  - target: dnd",
                "    constant: false",
                "  - custom-field: contact.score",
                "    constant: 10");

        MappedContact contact = constants.map(client().build());

        assertThat(contact.fields()).containsEntry("source", "Privyr");
        assertThat(contact.fields()).containsEntry("dnd", Boolean.FALSE);
        assertThat(contact.customFields()).containsEntry("key:contact.score", 10L);
    }

    @Test
    void dndTextBecomesBoolean() {
        ContactMapping dnd = mapping(
                "fields:",
                "  - target: dnd",
                "    other-field: Do not disturb");

        MappedContact contact = dnd.map(client().other("Do not disturb", "Yes").build());

        assertThat(contact.fields()).containsEntry("dnd", Boolean.TRUE);
    }

    @Test
    void simpleElvisFallsBack() {
        ContactMapping source = mapping(
                "fields:",
                "  - target: source",
                "    simple: \"${body[source]} ?: 'Privyr'\"");

        assertThat(source.map(client().build()).fields()).containsEntry("source", "Privyr");
        assertThat(source.map(client().source("  ").build()).fields()).containsEntry("source", "Privyr");
        assertThat(source.map(client().source("Facebook Lead Ads").build()).fields())
                .containsEntry("source", "Facebook Lead Ads");
    }

    @Test
    void simpleReadsOtherFieldsAndName() {
        ContactMapping website = mapping(
                "fields:",
                "  - target: website",
                "    simple: https://example.com/${body[other_fields][Slug]}",
                "  - target: name",
                "    simple: ${body[name]} (${body[id]})");

        MappedContact contact = website.map(client().name("Tony Stark").other("Slug", "tony").build());

        assertThat(contact.fields()).containsEntry("website", "https://example.com/tony");
        assertThat(contact.fields()).containsEntry("name", "Tony Stark (10000001)");
    }

    @Test
    void simpleFailureBecomesWarning() {
        ContactMapping failing = mapping(
                "fields:",
                "  - target: city",
                "    simple: ${body[missing][City]}");

        MappedContact contact = failing.map(client().build());

        assertThat(contact.fields()).doesNotContainKey("city");
        assertThat(contact.warnings()).singleElement().asString().contains("field 'city'", "simple expression");
    }

    @Test
    void clientIdWrittenToCustomField() {
        MappedContact contact = MappingFixtures.shippedMapping().map(client().id("777").build());

        assertThat(contact.customFields()).containsEntry("key:contact.privyr_client_id", "777");
    }
}
