package org.privyrghlsync.mapping;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Map;

/**
 * The limits that GHL documents for the values this product writes, checked where the request bodies are built so
 * that a value GHL would reject is never sent.
 *
 * <p>Source: GoHighLevel's OpenAPI file {@code apps/contacts.json} (repository GoHighLevel/highlevel-api-docs,
 * commit 0af86a4 of 2026-06-19). For every contact, task, note and tag field the sync writes, it declares only the
 * JSON type: no {@code maxLength}, {@code pattern} or {@code format}. The one written value it constrains further
 * is {@code dateOfBirth}, whose description in CreateContactDto, UpdateContactDto and UpsertContactDto lists the
 * accepted formats. Fields without a documented limit are sent as they are.
 */
public final class GhlFieldLimits {

    /** The formats of {@code dateOfBirth}, as GHL's schema lists them. */
    static final String DATE_OF_BIRTH_FORMATS =
            "YYYY/MM/DD, MM/DD/YYYY, YYYY-MM-DD, MM-DD-YYYY, YYYY.MM.DD, MM.DD.YYYY, YYYY_MM_DD or MM_DD_YYYY";

    private static final String DATE_OF_BIRTH = "dateOfBirth";
    private static final String SEPARATORS = "/-._";

    private GhlFieldLimits() {
    }

    /**
     * Checks the scalar fields of a contact body for {@code POST /contacts/upsert}, {@code POST /contacts/} or
     * {@code PUT /contacts/{id}}. A {@code null} value clears a field and is always accepted.
     *
     * @throws GhlLimitException naming the first field whose value GHL does not accept
     */
    public static void checkContactBody(Map<String, Object> body) {
        Object dateOfBirth = body.get(DATE_OF_BIRTH);
        if (dateOfBirth != null && !isDocumentedDate(dateOfBirth.toString())) {
            throw new GhlLimitException("contact." + DATE_OF_BIRTH, Masking.maskText(dateOfBirth.toString()),
                    "it must be a calendar date in one of the formats " + DATE_OF_BIRTH_FORMATS
                            + " (GHL contacts API, UpsertContactDto.dateOfBirth)");
        }
    }

    /**
     * Returns whether {@code text} is a real calendar date in one of GHL's documented formats: three groups of
     * digits split by the same separator, the four-digit year first or last. Month and day may have one digit.
     */
    static boolean isDocumentedDate(String text) {
        int first = firstSeparator(text);
        if (first < 0) {
            return false;
        }
        char separator = text.charAt(first);
        int second = text.indexOf(separator, first + 1);
        if (second < 0 || text.indexOf(separator, second + 1) >= 0) {
            return false;
        }
        String[] parts = {text.substring(0, first), text.substring(first + 1, second), text.substring(second + 1)};
        for (String part : parts) {
            if (part.isEmpty() || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
        }
        boolean yearFirst = parts[0].length() == 4 && parts[1].length() <= 2 && parts[2].length() <= 2;
        boolean yearLast = parts[2].length() == 4 && parts[0].length() <= 2 && parts[1].length() <= 2;
        if (!yearFirst && !yearLast) {
            return false;
        }
        try {
            if (yearFirst) {
                LocalDate.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
            } else {
                LocalDate.of(Integer.parseInt(parts[2]), Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static int firstSeparator(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (SEPARATORS.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
