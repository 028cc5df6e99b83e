package org.privyrghlsync.mapping;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds GHL contact request bodies from mapped contacts and works out what changed since the last push.
 * All methods are pure functions.
 */
public final class ContactBodies {

    private ContactBodies() {
    }

    /**
     * Returns the JSON body for {@code POST /contacts/upsert}: {@code locationId}, every scalar field that has a
     * value, and {@code customFields} as a list of {@code {key|id, field_value}}. It never contains {@code tags}
     * (added with a separate call, so tags set by other tools are kept), {@code additionalEmails} or
     * {@code gender}.
     *
     * @throws GhlLimitException when a value breaks a limit that GHL documents, see {@link GhlFieldLimits}
     */
    public static Map<String, Object> upsertBody(MappedContact desired, String locationId) {
        Objects.requireNonNull(locationId, "locationId");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("locationId", locationId);
        desired.fields().forEach((name, value) -> {
            if (!GhlContactFields.NEVER_ON_UPSERT.contains(name)) {
                body.put(name, value);
            }
        });
        if (!desired.customFields().isEmpty()) {
            List<Map<String, Object>> entries = new ArrayList<>(desired.customFields().size());
            desired.customFields().forEach((stableKey, value) ->
                    entries.add(CustomFieldRef.fromStableKey(stableKey).writeEntry(value)));
            body.put(GhlContactFields.CUSTOM_FIELDS, entries);
        }
        GhlFieldLimits.checkContactBody(body);
        return body;
    }

    /**
     * Returns the JSON body for {@code POST /contacts/}: the upsert body with the mapped tags. A new contact has no
     * tags of other tools yet, so setting the whole list is safe here, unlike on an upsert or update.
     */
    public static Map<String, Object> createBody(MappedContact desired, String locationId) {
        Map<String, Object> body = upsertBody(desired, locationId);
        if (!desired.tags().isEmpty()) {
            body.put("tags", desired.tags());
        }
        return body;
    }

    /**
     * Compares the desired values with those last pushed and returns what an update must send.
     *
     * <p>A field is sent when its desired value differs from the pushed one. A field without a desired value is
     * left alone in GHL, unless {@code desired.blankWhenEmpty()} contains it: then a scalar is sent as
     * {@code null} and a custom field as {@code ""}. A changed {@code companyName} is not sent, because GHL's
     * update does not accept it, and is reported in {@link ContactChange#notUpdatable()}. Tags are compared
     * ignoring case: missing ones are added, and pushed ones the mapping no longer produces are removed. Field order
     * never matters.
     *
     * @param lastPushed the values stored after the previous push, or {@code null} when nothing was pushed
     */
    public static ContactChange diff(MappedContact desired, MappedContact lastPushed) {
        MappedContact pushed = lastPushed == null ? MappedContact.empty() : lastPushed;
        Map<String, Object> fields = new LinkedHashMap<>();
        Set<String> notUpdatable = new LinkedHashSet<>();
        List<String> warnings = new ArrayList<>();
        changedValues(desired.fields(), pushed.fields(), desired.blankWhenEmpty(), null).forEach((name, value) -> {
            if (GhlContactFields.NEVER_ON_UPDATE.contains(name)) {
                notUpdatable.add(name);
                warnings.add("field '" + name + "' changed but GHL does not accept it on update; not sent");
            } else {
                fields.put(name, value);
            }
        });
        Map<String, Object> customFields =
                changedValues(desired.customFields(), pushed.customFields(), desired.blankWhenEmpty(), "");
        return new ContactChange(fields, customFields, missingTags(desired.tags(), pushed.tags()),
                missingTags(pushed.tags(), desired.tags()), notUpdatable, warnings);
    }

    private static Map<String, Object> changedValues(Map<String, Object> desired, Map<String, Object> pushed,
            Set<String> blankWhenEmpty, Object blankValue) {
        Map<String, Object> changed = new LinkedHashMap<>();
        desired.forEach((name, value) -> {
            if (!Values.same(value, pushed.get(name))) {
                changed.put(name, value);
            }
        });
        pushed.keySet().forEach(name -> {
            if (!desired.containsKey(name) && blankWhenEmpty.contains(name)) {
                changed.put(name, blankValue);
            }
        });
        return changed;
    }

    /** Returns the tags of {@code wanted} that {@code present} lacks, ignoring case, in {@code wanted} order. */
    private static List<String> missingTags(List<String> wanted, List<String> present) {
        Set<String> known = new HashSet<>();
        present.forEach(tag -> known.add(MappedContact.tagIdentity(tag)));
        List<String> missing = new ArrayList<>();
        for (String tag : wanted) {
            if (known.add(MappedContact.tagIdentity(tag))) {
                missing.add(tag);
            }
        }
        return missing;
    }

    /**
     * Returns the values GHL stores after {@code change} was pushed successfully on top of {@code lastPushed}: changed
     * fields replaced, cleared fields removed, added tags appended, removed tags dropped. Fields that were not sent, such as a changed
     * {@code companyName}, keep their pushed value. The result has no warnings and is the form to store. Its
     * {@code blankWhenEmpty} is copied from {@code lastPushed}; {@link #diff} only reads that set from the
     * desired side.
     */
    public static MappedContact afterPush(MappedContact lastPushed, ContactChange change) {
        MappedContact pushed = lastPushed == null ? MappedContact.empty() : lastPushed;
        Map<String, Object> fields = new LinkedHashMap<>(pushed.fields());
        change.fields().forEach((name, value) -> apply(fields, name, value));
        Map<String, Object> customFields = new LinkedHashMap<>(pushed.customFields());
        change.customFields().forEach((stableKey, value) -> apply(customFields, stableKey, value));
        List<String> tags = new ArrayList<>(pushed.tags());
        tags.addAll(change.tagsToAdd());
        Set<String> removed = new HashSet<>();
        change.tagsToRemove().forEach(tag -> removed.add(MappedContact.tagIdentity(tag)));
        tags.removeIf(tag -> removed.contains(MappedContact.tagIdentity(tag)));
        return new MappedContact(fields, customFields, tags, pushed.blankWhenEmpty(), null);
    }

    private static void apply(Map<String, Object> values, String name, Object value) {
        if (Values.canonical(value) == null) {
            values.remove(name);
        } else {
            values.put(name, value);
        }
    }

    /**
     * Returns the values GHL stores after a successful upsert of {@code desired} followed by adding its tags: the desired
     * values without warnings. Values GHL already had and the upsert did not send are unknown and not included.
     */
    public static MappedContact afterUpsert(MappedContact desired) {
        return desired.withoutWarnings();
    }
}
