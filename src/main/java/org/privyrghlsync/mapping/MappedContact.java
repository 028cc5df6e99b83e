package org.privyrghlsync.mapping;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The GHL contact values that a mapping produced for one Privyr client, or that were last pushed to GHL.
 *
 * <p>All values are canonical: scalar fields are Strings except {@code dnd}, which is a Boolean; custom field
 * values are Strings, Longs, BigDecimals, Booleans or lists of those. A field without a value is absent, never
 * mapped to {@code null}. Custom fields are keyed by {@link CustomFieldRef#stableKey()}. Tags keep their first
 * spelling and are unique ignoring case. {@code blankWhenEmpty} contains the scalar field names and custom field
 * stable keys that an empty value may clear in GHL. Warnings never contain a full email or phone number.
 *
 * @param fields scalar GHL fields by name, in mapping order
 * @param customFields custom field values by stable key, in mapping order
 * @param tags tags in mapping order
 * @param blankWhenEmpty fields that an empty value clears in GHL
 * @param warnings problems found while mapping, such as an invalid phone number
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MappedContact(
        Map<String, Object> fields,
        Map<String, Object> customFields,
        List<String> tags,
        Set<String> blankWhenEmpty,
        List<String> warnings) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private static final MappedContact EMPTY = new MappedContact(null, null, null, null, null);

    /** Copies and canonicalises every value; {@code null} collections are read as empty. */
    public MappedContact {
        fields = canonicalFields(fields);
        customFields = canonicalCustomFields(customFields);
        tags = uniqueTags(tags);
        blankWhenEmpty = blankWhenEmpty == null ? Set.of()
                : Collections.unmodifiableSet(new LinkedHashSet<>(blankWhenEmpty));
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** Returns a contact with no values, the baseline for a contact that was never pushed. */
    public static MappedContact empty() {
        return EMPTY;
    }

    /** Returns a copy without warnings, which is the form to store as "last pushed". */
    public MappedContact withoutWarnings() {
        return warnings.isEmpty() ? this : new MappedContact(fields, customFields, tags, blankWhenEmpty, null);
    }

    /** Serialises this contact as the JSON text that the store keeps per contact. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise mapped contact: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a contact written by {@link #toJson()}; values are canonicalised again, so a round trip is equal.
     *
     * @throws IllegalArgumentException if the text is not such JSON
     */
    public static MappedContact fromJson(String json) {
        try {
            return JSON.readValue(json, MappedContact.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid mapped contact JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, Object> canonicalFields(Map<String, Object> source) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (source != null) {
            source.forEach((name, value) -> {
                Object canonical = canonicalScalar(name, value);
                if (canonical != null) {
                    result.put(name, canonical);
                }
            });
        }
        return Collections.unmodifiableMap(result);
    }

    /** Returns a String for every scalar field except {@code dnd}, which stays a Boolean when it is one. */
    static Object canonicalScalar(String name, Object value) {
        Object canonical = Values.canonical(value);
        if (canonical == null) {
            return null;
        }
        if (GhlContactFields.DND.equals(name) && canonical instanceof Boolean) {
            return canonical;
        }
        return Values.text(canonical);
    }

    private static Map<String, Object> canonicalCustomFields(Map<String, Object> source) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (source != null) {
            source.forEach((stableKey, value) -> {
                Object canonical = Values.canonical(value);
                if (canonical != null) {
                    result.put(stableKey, canonical);
                }
            });
        }
        return Collections.unmodifiableMap(result);
    }

    private static List<String> uniqueTags(List<String> source) {
        if (source == null || source.isEmpty()) {
            return List.of();
        }
        List<String> result = new ArrayList<>(source.size());
        Set<String> seen = new HashSet<>();
        for (String tag : source) {
            String canonical = (String) Values.canonical(tag);
            if (canonical != null && seen.add(tagIdentity(canonical))) {
                result.add(canonical);
            }
        }
        return Collections.unmodifiableList(result);
    }

    /** Returns the form in which two tags are compared; GHL stores tags lower-case, so case is ignored. */
    static String tagIdentity(String tag) {
        return tag.toLowerCase(Locale.ROOT);
    }

    /** Collects the values of one {@code map} call; not thread-safe. */
    static final class Builder {
        private final Map<String, Object> fields = new LinkedHashMap<>();
        private final Map<String, Object> customFields = new LinkedHashMap<>();
        private final List<String> tags = new ArrayList<>();
        private final Set<String> blankWhenEmpty;
        private final List<String> warnings = new ArrayList<>();

        Builder(Set<String> blankWhenEmpty) {
            this.blankWhenEmpty = blankWhenEmpty;
        }

        void field(String name, Object value) {
            fields.put(name, value);
        }

        void customField(CustomFieldRef ref, Object value) {
            customFields.put(ref.stableKey(), value);
        }

        void tag(String tag) {
            tags.add(tag);
        }

        void warning(String warning) {
            warnings.add(warning);
        }

        MappedContact build() {
            return new MappedContact(fields, customFields, tags, blankWhenEmpty, warnings);
        }
    }
}
