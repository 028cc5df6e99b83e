package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Predicate;

/**
 * Serves {@code GET /contacts/business/{businessId}}: the location's contacts of one business, paged by
 * {@code skip} and {@code limit}. Contacts get a business through {@link GhlSandbox#setBusiness}, because
 * {@code businessId} is read-only on GHL's contact writes.
 */
final class BusinessContactHandlers {

    /** Defaults of the {@code limit} and {@code skip} query parameters, which GHL declares as strings. */
    private static final String DEFAULT_LIMIT = "25";
    private static final String DEFAULT_SKIP = "0";

    private final SandboxState state;
    private final HttpResponses responses;

    BusinessContactHandlers(SandboxState state, HttpResponses responses) {
        this.state = state;
        this.responses = responses;
    }

    /**
     * Returns 200 {@code {"contacts", "count"}} with the contacts ordered by dateAdded, then id, as the contact
     * list orders them. The optional {@code query} matches names, email, phone and company name.
     */
    void list(RoutingContext context) {
        MultiMap query = context.queryParams();
        String locationId = ContactQueryHandlers.requiredLocationId(query.get("locationId"));
        // NOTE: GHL documents no maximum limit for this endpoint, so the sandbox enforces none.
        int limit = parseNumber("limit", query.get("limit"), DEFAULT_LIMIT, 1);
        int skip = parseNumber("skip", query.get("skip"), DEFAULT_SKIP, 0);
        String businessId = context.pathParam("businessId");
        Predicate<JsonNode> matcher = ContactFilters.query(query.get("query"));

        ArrayNode contacts = GhlErrors.JSON.arrayNode();
        int total = 0;
        for (StoredContact contact : state.contacts.location(locationId).after(null)) {
            ObjectNode document = contact.document();
            if (!businessId.equals(document.path("businessId").asText(null)) || !matcher.test(document)) {
                continue;
            }
            total++;
            if (total > skip && contacts.size() < limit) {
                contacts.add(document);
            }
        }
        ObjectNode answer = GhlErrors.JSON.objectNode();
        answer.set("contacts", contacts);
        // NOTE: as on GET /contacts/, the spec does not say whether count is the page size or the total. The total
        // is a guess.
        answer.put("count", total);
        responses.json(context, 200, answer);
    }

    private static int parseNumber(String name, String text, String defaultText, int min) {
        int value;
        try {
            value = Integer.parseInt(text == null ? defaultText : text.trim());
        } catch (NumberFormatException e) {
            throw GhlErrors.unprocessable(name + " must be a number string");
        }
        if (value < min) {
            throw GhlErrors.unprocessable(name + " must not be less than " + min);
        }
        return value;
    }
}
