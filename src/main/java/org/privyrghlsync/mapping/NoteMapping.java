package org.privyrghlsync.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Privyr notes as GHL note text, and the options under {@code notes} in mappings/task.yaml.
 *
 * <p>GHL's API reference gives no length limit for a note body, so the text is sent whole. Privyr's event contract
 * caps a note body at 10,000 characters.
 */
public final class NoteMapping {

    /** Heading above the "Label: value" lines of the first-sync note. */
    public static final String OTHER_FIELDS_HEADING = "Other fields from Privyr";

    private final boolean firstSyncNote;

    NoteMapping(boolean firstSyncNote) {
        this.firstSyncNote = firstSyncNote;
    }

    /**
     * Returns whether a client's first sync creates one GHL note from the client's {@code notes} and unmapped
     * {@code other_fields} ({@code notes.first-sync-note}, false by default).
     */
    public boolean firstSyncNote() {
        return firstSyncNote;
    }

    /**
     * Returns the note text of a Privyr note as written, or {@code null} when {@code body} is absent, {@code null}
     * or blank. For a {@code note.updated}, {@code null} means that the text did not change.
     *
     * @param note {@code data.note} as validated by the event parser
     */
    public static String text(JsonNode note) {
        JsonNode body = note.get("body");
        if (body == null || body.isNull() || body.asText().isBlank()) {
            return null;
        }
        return body.asText();
    }

    /**
     * Builds the text of the first-sync note: the client's notes, then a blank line, then a heading and one
     * "Label: value" line per other field, in the map's iteration order. Notes and values are stripped, and blank
     * values are left out. The lines after the first of a multi-line value are indented by two spaces so that
     * they stay under their label. Returns "" when there are neither notes nor values.
     *
     * @param notes the client's {@code notes}, or {@code null}
     * @param otherFields label to value, such as {@link ContactMapping#unmappedOtherFields}; pass an ordered map
     *     for a stable order
     */
    public static String firstSyncNoteText(String notes, Map<String, ?> otherFields) {
        List<String> lines = new ArrayList<>();
        if (otherFields != null) {
            otherFields.forEach((label, value) -> {
                String text = Values.text(value);
                if (text != null && !text.isBlank()) {
                    lines.add(label + ": " + text.strip().replaceAll("\\R", "\n  "));
                }
            });
        }
        String strippedNotes = notes == null ? "" : notes.strip();
        if (lines.isEmpty()) {
            return strippedNotes;
        }
        String fieldsSection = OTHER_FIELDS_HEADING + ":\n" + String.join("\n", lines);
        return strippedNotes.isEmpty() ? fieldsSection : strippedNotes + "\n\n" + fieldsSection;
    }
}
