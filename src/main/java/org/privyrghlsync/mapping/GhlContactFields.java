package org.privyrghlsync.mapping;

import java.util.Set;

/** Names of the GHL API v2 contact fields that a mapping may write, and the ones each request must omit. */
final class GhlContactFields {

    private GhlContactFields() {
    }

    /** Scalar contact fields a mapping rule may target, in the order they are listed in error messages. */
    static final Set<String> SCALAR_TARGETS = orderedSet(
            "firstName", "lastName", "name", "email", "phone", "source", "address1", "city", "state",
            "postalCode", "country", "website", "timezone", "dateOfBirth", "companyName", "assignedTo", "dnd");

    /** Target of a tags rule; tags are never sent in a contact body, only through the add-tags call. */
    static final String TAGS = "tags";

    /** Target name GHL uses for custom fields; a mapping rule names the field with {@code custom-field} instead. */
    static final String CUSTOM_FIELDS = "customFields";

    /** The only target whose canonical value is a {@link Boolean}; every other scalar is a String. */
    static final String DND = "dnd";

    /**
     * Fields that {@code PUT /contacts/{id}} must not contain. GHL rejects {@code gender} and
     * {@code additionalEmails} with 422 "property ... should not exist", and integrators report the same for
     * {@code locationId}. {@code companyName} is missing from UpdateContactDto in every published spec version of
     * the contacts API. {@code tags} would replace the contact's whole tag list.
     */
    static final Set<String> NEVER_ON_UPDATE =
            Set.of("locationId", "gender", "companyName", "additionalEmails", "tags");

    /**
     * Fields that {@code POST /contacts/upsert} must not contain: {@code tags} replaces tags that other tools
     * set, {@code additionalEmails} is rejected, and {@code gender} is ignored for existing contacts.
     */
    static final Set<String> NEVER_ON_UPSERT = Set.of("tags", "additionalEmails", "gender");

    private static Set<String> orderedSet(String... names) {
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(java.util.List.of(names)));
    }
}
