package org.privyrghlsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GhlFieldLimitsTest {

    @Test
    void everyDocumentedDateFormatIsAccepted() {
        for (String date : List.of("1990/09/25", "09/25/1990", "1990-09-25", "09-25-1990", "1990.09.25",
                "09.25.1990", "1990_09_25", "09_25_1990", "1990-9-5", "9/5/1990", "2000-02-29")) {
            assertThat(GhlFieldLimits.isDocumentedDate(date)).as(date).isTrue();
        }
    }

    @Test
    void otherDateTextIsRejected() {
        for (String date : List.of("14 March 1990", "1990-02-30", "1990/09-25", "90-09-25", "19900925",
                "1990-09-25T00:00:00Z", "", "1990-13-01", "25/09/1990", "1990--25", "1990-09-25-01", "１９９０-09-25",
                "+1990-09-25", "1990-009-25", "1999-02-29")) {
            assertThat(GhlFieldLimits.isDocumentedDate(date)).as(date).isFalse();
        }
    }

    @Test
    void upsertBodyRejectsUndocumentedDateOfBirth() {
        MappedContact contact = new MappedContact(Map.of("firstName", "Asha", "dateOfBirth", "14 March 1990"),
                Map.of(), List.of(), Set.of(), List.of());

        assertThatThrownBy(() -> ContactBodies.upsertBody(contact, "loc-1"))
                .isInstanceOfSatisfying(GhlLimitException.class, e -> {
                    assertThat(e.field()).isEqualTo("contact.dateOfBirth");
                    assertThat(e.maskedValue()).isEqualTo("14 ********90");
                    assertThat(e.limit()).contains("YYYY-MM-DD").contains("UpsertContactDto.dateOfBirth");
                    assertThat(e.getMessage()).doesNotContain("March");
                    assertThat(e.getMessage()).contains("Nothing was sent to GHL");
                });
    }

    @Test
    void upsertBodyKeepsDocumentedDateOfBirth() {
        MappedContact contact = new MappedContact(Map.of("firstName", "Asha", "dateOfBirth", "03/14/1990"),
                Map.of(), List.of(), Set.of(), List.of());

        assertThat(ContactBodies.upsertBody(contact, "loc-1")).containsEntry("dateOfBirth", "03/14/1990");
    }

    @Test
    void updateBodyRejectsUndocumentedDateOfBirth() {
        MappedContact pushed = new MappedContact(Map.of("dateOfBirth", "1990-03-14"), Map.of(), List.of(),
                Set.of(), List.of());
        MappedContact desired = new MappedContact(Map.of("dateOfBirth", "1990-03-32"), Map.of(), List.of(),
                Set.of(), List.of());

        ContactChange change = ContactBodies.diff(desired, pushed);

        assertThatThrownBy(change::updateBody).isInstanceOf(GhlLimitException.class)
                .hasMessageContaining("contact.dateOfBirth").hasMessageContaining("'199*****32'");
    }

    @Test
    void clearingDateOfBirthIsAccepted() {
        Map<String, Object> body = new HashMap<>();
        body.put("dateOfBirth", null);

        GhlFieldLimits.checkContactBody(body);

        assertThat(body).containsEntry("dateOfBirth", null);
    }

    @Test
    void fieldsWithoutDocumentedLimitAreSentAsTheyAre() {
        String longText = "x".repeat(50_000);
        MappedContact contact = new MappedContact(Map.of("firstName", longText, "city", "\u00a0"),
                Map.of("key:contact.notes", longText), List.of(longText), Set.of(), List.of());

        Map<String, Object> body = ContactBodies.upsertBody(contact, "loc-1");

        assertThat(body).containsEntry("firstName", longText);
    }
}
