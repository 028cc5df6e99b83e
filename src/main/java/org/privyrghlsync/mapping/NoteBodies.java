package org.privyrghlsync.mapping;

import java.util.Map;
import java.util.Objects;

/** Builds GHL note request bodies from note text. All methods are pure functions. */
public final class NoteBodies {

    private NoteBodies() {
    }

    /**
     * Returns {@code {"body": text}} for {@code POST /contacts/{contactId}/notes}.
     *
     * @throws IllegalArgumentException if {@code text} is {@code null} or blank, because GHL requires a body
     */
    public static Map<String, Object> createBody(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a GHL note needs a body, but the text is missing or blank");
        }
        return Map.of("body", text);
    }

    /**
     * Returns the body for {@code PUT /contacts/{contactId}/notes/{noteId}}: {@code {"body": text}}, or an empty
     * map when there is nothing to send because {@code desired} is {@code null} or blank (the update carried no
     * text) or equals {@code lastPushed} exactly.
     *
     * @param lastPushed the text stored after the previous push, or {@code null}
     */
    public static Map<String, Object> diff(String desired, String lastPushed) {
        if (desired == null || desired.isBlank() || Objects.equals(desired, lastPushed)) {
            return Map.of();
        }
        return Map.of("body", desired);
    }
}
