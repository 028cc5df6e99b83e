package org.privyrghlsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.privyrghlsync.mapping.TaskFixtures.json;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoteMappingTest {

    @Test
    void noteTextKeptAsWritten() {
        assertThat(NoteMapping.text(json("{'id':'nt-1','body':'Prefers WhatsApp\\nafter 6pm. '}")))
                .isEqualTo("Prefers WhatsApp\nafter 6pm. ");
    }

    @Test
    void absentOrBlankNoteTextIsNull() {
        assertThat(NoteMapping.text(json("{'id':'nt-1'}"))).isNull();
        assertThat(NoteMapping.text(json("{'id':'nt-1','body':null}"))).isNull();
        assertThat(NoteMapping.text(json("{'id':'nt-1','body':' \\n '}"))).isNull();
    }

    @Test
    void createAndUpdateBodiesHoldText() {
        assertThat(NoteBodies.createBody("Prefers WhatsApp")).isEqualTo(Map.of("body", "Prefers WhatsApp"));
        assertThat(NoteBodies.diff("Prefers calls", "Prefers WhatsApp")).isEqualTo(Map.of("body", "Prefers calls"));
    }

    @Test
    void unchangedNoteDiffIsEmpty() {
        assertThat(NoteBodies.diff("Prefers WhatsApp", "Prefers WhatsApp")).isEmpty();
        assertThat(NoteBodies.diff(null, "Prefers WhatsApp")).isEmpty();
    }

    @Test
    void blankNoteCreateRejected() {
        IllegalArgumentException error = catchThrowableOfType(IllegalArgumentException.class,
                () -> NoteBodies.createBody(" "));

        assertThat(error).hasMessage("a GHL note needs a body, but the text is missing or blank");
    }

    @Test
    void firstSyncNoteListsNotesThenFields() {
        Map<String, Object> otherFields = new LinkedHashMap<>();
        otherFields.put("Preferred time", "Evenings");
        otherFields.put("Budget", new BigDecimal("1150.50"));
        otherFields.put("Site visit", true);
        otherFields.put("Empty", " ");
        otherFields.put("Address", "12 MG Road\nBengaluru");

        String text = NoteMapping.firstSyncNoteText(" Interested in: 2BHK\nAd: Spring campaign\n", otherFields);

        assertThat(text).isEqualTo("""
                Interested in: 2BHK
                Ad: Spring campaign

                Other fields from Privyr:
                Preferred time: Evenings
                Budget: 1150.50
                Site visit: true
                Address: 12 MG Road
                  Bengaluru""");
    }

    @Test
    void firstSyncNoteWithoutNotes() {
        String text = NoteMapping.firstSyncNoteText(null, Map.of("Budget", "$500k"));

        assertThat(text).isEqualTo("Other fields from Privyr:\nBudget: $500k");
    }

    @Test
    void firstSyncNoteWithoutFields() {
        assertThat(NoteMapping.firstSyncNoteText("Call after 6pm", Map.of())).isEqualTo("Call after 6pm");
        assertThat(NoteMapping.firstSyncNoteText("Call after 6pm", null)).isEqualTo("Call after 6pm");
    }

    @Test
    void firstSyncNoteEmptyWhenNothingToSay() {
        assertThat(NoteMapping.firstSyncNoteText(null, null)).isEmpty();
        assertThat(NoteMapping.firstSyncNoteText("  ", Map.of("Budget", ""))).isEmpty();
    }

    @Test
    void firstSyncNoteOptionRead() {
        TaskMapping mapping = TaskFixtures.taskMapping("notes:", "  first-sync-note: true");

        assertThat(mapping.notes().firstSyncNote()).isTrue();
    }

    @Test
    void unmappedOtherFieldsFeedFirstSyncNote() {
        // The shipped contact mapping maps Budget, Timeline and Company.
        ContactMapping contactMapping = MappingFixtures.shippedMapping();
        Map<String, Object> unmapped = contactMapping.unmappedOtherFields(MappingFixtures.client()
                .other("Budget", "$500k").other("Pets", "Cat").other("Floor", 3L).notes("2BHK").build());

        assertThat(unmapped).containsExactly(Map.entry("Pets", "Cat"), Map.entry("Floor", 3L));
        assertThat(NoteMapping.firstSyncNoteText("2BHK", unmapped))
                .isEqualTo("2BHK\n\nOther fields from Privyr:\nPets: Cat\nFloor: 3");
    }
}
