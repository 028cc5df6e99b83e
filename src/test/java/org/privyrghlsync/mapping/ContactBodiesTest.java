package org.privyrghlsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContactBodiesTest {

    private static MappedContact contact(Map<String, Object> fields, Map<String, Object> customFields,
            List<String> tags, Set<String> blankWhenEmpty) {
        return new MappedContact(fields, customFields, tags, blankWhenEmpty, List.of());
    }

    private static final MappedContact PUSHED = contact(
            Map.of("firstName", "Tony", "lastName", "Stark", "email", "tony@example.com", "companyName", "Stark"),
            Map.of("key:contact.budget", "$500k", "id:AbC123", "3 months"),
            List.of("Hot Leads", "privyr"),
            Set.of());

    @Test
    void upsertBodyHasLocationFieldsAndCustomFields() {
        Map<String, Object> body = ContactBodies.upsertBody(PUSHED, "loc-1");

        assertThat(body).containsEntry("locationId", "loc-1");
        assertThat(body).containsEntry("firstName", "Tony");
        assertThat(body).containsEntry("companyName", "Stark");
        assertThat(body.get("customFields")).asList().containsExactlyInAnyOrder(
                Map.of("key", "contact.budget", "field_value", "$500k"),
                Map.of("id", "AbC123", "field_value", "3 months"));
    }

    @Test
    void upsertBodyNeverHasTags() {
        MappedContact desired = contact(Map.of("firstName", "Tony", "tags", "VIP", "gender", "male",
                "additionalEmails", "t@example.com"), Map.of(), List.of("VIP"), Set.of());

        Map<String, Object> body = ContactBodies.upsertBody(desired, "loc-1");

        assertThat(body).containsEntry("firstName", "Tony");
        assertThat(body).doesNotContainKeys("tags", "gender", "additionalEmails");
    }

    @Test
    void upsertBodyOmitsEmptyFields() {
        MappedContact desired = contact(Map.of("firstName", "Tony", "lastName", " "), Map.of(), List.of(),
                Set.of("lastName"));

        Map<String, Object> body = ContactBodies.upsertBody(desired, "loc-1");

        assertThat(body).containsOnlyKeys("locationId", "firstName");
    }

    @Test
    void diffOfEqualInputsIsEmpty() {
        ContactChange change = ContactBodies.diff(PUSHED, PUSHED);

        assertThat(change.isEmpty()).isTrue();
        assertThat(change.updateBody()).isEmpty();
    }

    @Test
    void diffIgnoresOrderAndTagCase() {
        Map<String, Object> reversed = new LinkedHashMap<>();
        reversed.put("companyName", "Stark");
        reversed.put("email", "tony@example.com");
        reversed.put("lastName", "Stark");
        reversed.put("firstName", "Tony");
        Map<String, Object> reversedCustom = new LinkedHashMap<>();
        reversedCustom.put("id:AbC123", "3 months");
        reversedCustom.put("key:contact.budget", "$500k");
        MappedContact desired = contact(reversed, reversedCustom, List.of("PRIVYR", "hot leads"), Set.of());

        ContactChange change = ContactBodies.diff(desired, PUSHED);

        assertThat(change.isEmpty()).isTrue();
    }

    @Test
    void diffIgnoresNumberForm() {
        MappedContact pushed = contact(Map.of(), Map.of("key:contact.area", 1250.50), List.of(), Set.of());
        MappedContact desired = contact(Map.of(), Map.of("key:contact.area", "1250.5"), List.of(), Set.of());
        MappedContact desiredNumber = contact(Map.of(), Map.of("key:contact.area",
                new java.math.BigDecimal("1250.500")), List.of(), Set.of());

        assertThat(ContactBodies.diff(desiredNumber, pushed).isEmpty()).isTrue();
        assertThat(ContactBodies.diff(desired, pushed).isEmpty()).isFalse();
    }

    @Test
    void diffSendsOnlyChangedFields() {
        MappedContact desired = contact(
                Map.of("firstName", "Tony", "lastName", "Stark", "email", "tony@stark.com", "companyName", "Stark"),
                Map.of("key:contact.budget", "$600k", "id:AbC123", "3 months"),
                List.of("Hot Leads", "privyr", "VIP"),
                Set.of());

        ContactChange change = ContactBodies.diff(desired, PUSHED);

        assertThat(change.updateBody()).containsOnlyKeys("email", "customFields");
        assertThat(change.updateBody()).containsEntry("email", "tony@stark.com");
        assertThat(change.updateBody().get("customFields")).asList()
                .containsExactly(Map.of("key", "contact.budget", "field_value", "$600k"));
        assertThat(change.tagsToAdd()).containsExactly("VIP");
    }

    @Test
    void updateBodyNeverHasForbiddenFields() {
        MappedContact desired = contact(Map.of("firstName", "Anthony", "companyName", "Stark Industries",
                "locationId", "loc-2", "gender", "male", "additionalEmails", "t@example.com", "tags", "VIP"),
                Map.of(), List.of("new"), Set.of());

        ContactChange change = ContactBodies.diff(desired, PUSHED);
        Map<String, Object> body = change.updateBody();

        assertThat(body).containsEntry("firstName", "Anthony");
        assertThat(body).doesNotContainKeys("locationId", "gender", "companyName", "additionalEmails", "tags");
        assertThat(change.tagsToAdd()).containsExactly("new");
    }

    @Test
    void companyNameChangeReportedNotSent() {
        MappedContact desired = contact(
                Map.of("firstName", "Tony", "lastName", "Stark", "email", "tony@example.com",
                        "companyName", "Stark Industries"),
                PUSHED.customFields(), PUSHED.tags(), Set.of());

        ContactChange change = ContactBodies.diff(desired, PUSHED);

        assertThat(change.isEmpty()).isTrue();
        assertThat(change.notUpdatable()).containsExactly("companyName");
        assertThat(change.warnings()).singleElement().asString().contains("companyName");
    }

    @Test
    void emptyValueKeptWithoutBlanking() {
        MappedContact desired = contact(Map.of("firstName", "Tony", "lastName", "Stark", "companyName", "Stark"),
                Map.of("id:AbC123", "3 months"), PUSHED.tags(), Set.of());

        ContactChange change = ContactBodies.diff(desired, PUSHED);

        assertThat(change.isEmpty()).isTrue();
    }

    @Test
    void emptyValueBlanksWhenConfigured() {
        MappedContact desired = contact(Map.of("firstName", "Tony", "lastName", "Stark", "companyName", "Stark"),
                Map.of("id:AbC123", "3 months"), PUSHED.tags(), Set.of("email", "key:contact.budget"));

        Map<String, Object> body = ContactBodies.diff(desired, PUSHED).updateBody();

        assertThat(body).containsEntry("email", null);
        assertThat(body.get("customFields")).asList()
                .containsExactly(Map.of("key", "contact.budget", "field_value", ""));
    }

    @Test
    void blankingNeverPushedFieldSendsNothing() {
        MappedContact desired = contact(PUSHED.fields(), PUSHED.customFields(), PUSHED.tags(), Set.of("city"));

        assertThat(ContactBodies.diff(desired, PUSHED).isEmpty()).isTrue();
    }

    @Test
    void diffWithoutSnapshotSendsEverything() {
        ContactChange change = ContactBodies.diff(PUSHED, null);

        assertThat(change.updateBody()).containsKeys("firstName", "lastName", "email", "customFields");
        assertThat(change.tagsToAdd()).containsExactly("Hot Leads", "privyr");
    }

    @Test
    void afterPushHoldsWhatGhlHolds() {
        MappedContact desired = contact(
                Map.of("firstName", "Tony", "lastName", "Stark", "companyName", "Stark Industries"),
                Map.of("key:contact.budget", "$600k"),
                List.of("VIP"),
                Set.of("email", "id:AbC123"));
        ContactChange change = ContactBodies.diff(desired, PUSHED);

        MappedContact stored = ContactBodies.afterPush(PUSHED, change);

        assertThat(stored.fields()).doesNotContainKey("email");
        assertThat(stored.fields()).containsEntry("companyName", "Stark");
        assertThat(stored.customFields()).containsOnly(Map.entry("key:contact.budget", "$600k"));
        assertThat(stored.tags()).containsExactly("VIP");
        assertThat(ContactBodies.diff(desired, stored).isEmpty()).isTrue();
    }

    @Test
    void removedGroupRemovesOnlyItsPushedTag() {
        // PUSHED has the tags "Hot Leads" and "privyr"; "Cold" was never pushed, so it is not in the diff.
        MappedContact desired = contact(PUSHED.fields(), PUSHED.customFields(), List.of("PRIVYR", "Cold"), Set.of());

        ContactChange change = ContactBodies.diff(desired, PUSHED);

        assertThat(change.tagsToRemove()).containsExactly("Hot Leads");
        assertThat(change.tagsToAdd()).containsExactly("Cold");
        assertThat(change.updateBody()).isEmpty();
        assertThat(ContactBodies.afterPush(PUSHED, change).tags()).containsExactly("privyr", "Cold");
    }

    @Test
    void afterUpsertDropsWarnings() {
        MappedContact desired = new MappedContact(Map.of("firstName", "Tony"), Map.of(), List.of(), Set.of(),
                List.of("field 'phone': invalid"));

        assertThat(ContactBodies.afterUpsert(desired).warnings()).isEmpty();
        assertThat(ContactBodies.afterUpsert(desired).fields()).containsEntry("firstName", "Tony");
    }
}
