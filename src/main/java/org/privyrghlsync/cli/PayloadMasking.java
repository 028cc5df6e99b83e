package org.privyrghlsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.privyrghlsync.mapping.Masking;

/**
 * Masks emails and phone numbers in a stored event payload for the text output of {@code dead-letters show}. A
 * field whose name contains {@code email} is masked as an email, one whose name contains {@code phone} or
 * {@code whatsapp} as a phone number, and other texts (notes, form answers) have the emails and phone numbers inside
 * them masked. Names and ids stay readable.
 */
final class PayloadMasking {

    private PayloadMasking() {
    }

    /** Returns a masked copy; {@code payload} is not changed. */
    static JsonNode mask(JsonNode payload) {
        JsonNode copy = payload.deepCopy();
        maskNode(copy);
        return copy;
    }

    private static void maskNode(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isTextual()) {
                    field.setValue(TextNode.valueOf(maskField(field.getKey(), field.getValue().asText())));
                } else {
                    maskNode(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(Masking.maskPersonalData(array.get(i).asText())));
                } else {
                    maskNode(array.get(i));
                }
            }
        }
    }

    private static String maskField(String name, String value) {
        String key = name.toLowerCase(Locale.ROOT);
        if (key.contains("email")) {
            return Masking.maskEmail(value);
        }
        if (key.contains("phone") || key.contains("whatsapp")) {
            return Masking.maskText(value);
        }
        return Masking.maskPersonalData(value);
    }
}
