package org.privyrghlsync.mapping;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A reference to a GHL custom field, either by field key ({@code contact.budget}) or by id ({@code AbC123}).
 *
 * <p>In a mapping file a key is written as is and an id with the prefix {@code id:}. The stable form
 * {@link #stableKey()} ({@code key:contact.budget} or {@code id:AbC123}) keys custom fields in a
 * {@link MappedContact} and its JSON snapshot.
 */
public record CustomFieldRef(Kind kind, String value) {

    /** Identifier type of a custom field in GHL's write shape. */
    public enum Kind {
        KEY,
        ID
    }

    /** Field keys in GHL's custom field metadata look like {@code contact.pincode}. */
    private static final Pattern FIELD_KEY = Pattern.compile("contact\\.[A-Za-z0-9_]+");
    /** Ids are accepted when they are alphanumeric; their length is not checked. */
    private static final Pattern FIELD_ID = Pattern.compile("[A-Za-z0-9]+");

    static final String EXPECTED_FORM = "expected a field key such as 'contact.budget' or an id such as 'id:AbC123'";

    /**
     * Parses a reference as written in a mapping file ({@code contact.budget} or {@code id:AbC123}).
     *
     * @throws IllegalArgumentException if the text is neither form
     */
    public static CustomFieldRef parse(String text) {
        if (text.startsWith("id:") && FIELD_ID.matcher(text.substring(3)).matches()) {
            return new CustomFieldRef(Kind.ID, text.substring(3));
        }
        if (text.startsWith("key:") && FIELD_KEY.matcher(text.substring(4)).matches()) {
            return new CustomFieldRef(Kind.KEY, text.substring(4));
        }
        if (FIELD_KEY.matcher(text).matches()) {
            return new CustomFieldRef(Kind.KEY, text);
        }
        throw new IllegalArgumentException("malformed custom field reference '" + text + "'; " + EXPECTED_FORM);
    }

    /** Parses the stable form produced by {@link #stableKey()}. */
    public static CustomFieldRef fromStableKey(String stableKey) {
        return parse(stableKey);
    }

    /** Returns {@code key:<field key>} or {@code id:<id>}. */
    public String stableKey() {
        return (kind == Kind.KEY ? "key:" : "id:") + value;
    }

    /** Returns the reference as a mapping file writes it: {@code contact.budget} or {@code id:<id>}. */
    public String mappingForm() {
        return kind == Kind.KEY ? value : "id:" + value;
    }

    /** Returns the GHL write shape {@code {key|id, field_value}} for this field. */
    public Map<String, Object> writeEntry(Object fieldValue) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(kind == Kind.KEY ? "key" : "id", value);
        entry.put("field_value", fieldValue);
        return entry;
    }

    @Override
    public String toString() {
        return stableKey();
    }
}
