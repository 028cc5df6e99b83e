package org.privyrghlsync.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The difference between the desired contact values and those last pushed to GHL: what a
 * {@code PUT /contacts/{id}} must send and which tags must be added or removed.
 *
 * @param fields changed scalar fields; a {@code null} value clears the field in GHL
 * @param customFields changed custom fields by {@link CustomFieldRef#stableKey()}; {@code ""} clears the field
 * @param tagsToAdd tags to add with {@code POST /contacts/{id}/tags}, not yet pushed (ignoring case)
 * @param tagsToRemove tags pushed earlier that the mapping no longer produces, to remove with
 *     {@code DELETE /contacts/{id}/tags}; tags this product never pushed are never in it
 * @param notUpdatable changed fields that GHL does not accept on update, such as {@code companyName}
 * @param warnings one warning per field in {@code notUpdatable}
 */
public record ContactChange(
        Map<String, Object> fields,
        Map<String, Object> customFields,
        List<String> tagsToAdd,
        List<String> tagsToRemove,
        Set<String> notUpdatable,
        List<String> warnings) {

    /** Copies the collections; maps keep {@code null} values, which mean "clear". */
    public ContactChange {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        customFields = Collections.unmodifiableMap(new LinkedHashMap<>(customFields));
        tagsToAdd = List.copyOf(tagsToAdd);
        tagsToRemove = List.copyOf(tagsToRemove);
        notUpdatable = Collections.unmodifiableSet(new LinkedHashSet<>(notUpdatable));
        warnings = List.copyOf(warnings);
    }

    /**
     * Returns whether there is nothing to send: no changed field, no changed custom field and no tag to add or
     * remove. Warnings alone do not make a change non-empty.
     */
    public boolean isEmpty() {
        return fields.isEmpty() && customFields.isEmpty() && tagsToAdd.isEmpty() && tagsToRemove.isEmpty();
    }

    /**
     * Returns the JSON body for {@code PUT /contacts/{id}}: the changed scalar fields and, when any changed,
     * {@code customFields} as a list of {@code {key|id, field_value}}. It never contains {@code locationId},
     * {@code gender}, {@code companyName}, {@code additionalEmails} or {@code tags}. The body is empty when only
     * tags changed.
     *
     * @throws GhlLimitException when a value breaks a limit that GHL documents, see {@link GhlFieldLimits}
     */
    public Map<String, Object> updateBody() {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        GhlContactFields.NEVER_ON_UPDATE.forEach(body::remove);
        if (!customFields.isEmpty()) {
            List<Map<String, Object>> entries = new ArrayList<>(customFields.size());
            customFields.forEach((stableKey, value) ->
                    entries.add(CustomFieldRef.fromStableKey(stableKey).writeEntry(value)));
            body.put(GhlContactFields.CUSTOM_FIELDS, entries);
        }
        GhlFieldLimits.checkContactBody(body);
        return body;
    }
}
