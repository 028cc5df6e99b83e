package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Handlers of the contact list, search and duplicate lookup endpoints.
 */
final class ContactQueryHandlers {

    private static final int LIST_DEFAULT_LIMIT = 20;
    private static final int LIST_MAX_LIMIT = 100;
    private static final int SEARCH_MAX_PAGE_LIMIT = 500;
    private static final Set<String> SEARCH_FIELDS = Set.of("locationId", "pageLimit", "page", "searchAfter",
            "filters", "sort", "query");

    private final SandboxState state;
    private final HttpResponses responses;

    ContactQueryHandlers(SandboxState state, HttpResponses responses) {
        this.state = state;
        this.responses = responses;
    }

    /**
     * Handles the deprecated {@code GET /contacts/}: pages ordered by dateAdded then id, resumed after the cursor
     * {@code startAfter} (epoch ms) plus {@code startAfterId}, with paging data in {@code meta}.
     */
    void list(RoutingContext context) {
        MultiMap query = context.queryParams();
        String locationId = requiredLocationId(query.get("locationId"));
        int limit = parseLimit(query.get("limit"));
        LocationContacts location = state.contacts.location(locationId);
        StoredContact.ContactKey cursor = listCursor(location, query.get("startAfter"), query.get("startAfterId"));
        Predicate<JsonNode> matcher = ContactFilters.query(query.get("query"));

        List<StoredContact> page = new ArrayList<>(limit);
        int total = 0;
        int before = 0;
        boolean more = false;
        for (StoredContact contact : location.after(null)) {
            if (!matcher.test(contact.document())) {
                continue;
            }
            total++;
            if (cursor != null && contact.key().compareTo(cursor) <= 0) {
                before++;
            } else if (page.size() < limit) {
                page.add(contact);
            } else {
                more = true;
            }
        }
        ObjectNode answer = GhlErrors.JSON.objectNode();
        ArrayNode contacts = answer.putArray("contacts");
        page.forEach(contact -> contacts.add(contact.document()));
        // NOTE: the spec does not say whether count is the page size or the total. Returning the total is a guess.
        answer.put("count", total);
        answer.set("meta", listMeta(locationId, limit, page, total, before, more));
        responses.json(context, 200, answer);
    }

    /**
     * Handles {@code POST /contacts/search}: {@code locationId} and {@code pageLimit} are required, and paging
     * uses either {@code page} or the {@code searchAfter} cursor that each returned contact carries.
     */
    void search(RoutingContext context) {
        ObjectNode body = ContactDtoValidator.requireObject(JsonBodies.parse(state, context));
        validateSearch(body);
        AccessGrant grant = context.get(ContactsGuard.GRANT);
        String locationId = body.get("locationId").asText();
        ContactsGuard.requireLocation(grant, locationId);
        int pageLimit = body.get("pageLimit").asInt();
        int skip = body.has("page") ? (body.get("page").asInt() - 1) * pageLimit : 0;
        StoredContact.ContactKey cursor = searchCursor(body.get("searchAfter"));
        Predicate<JsonNode> matcher = ContactFilters.query(body.path("query").asText(null))
                .and(ContactFilters.filters(body.get("filters")));

        // NOTE: sort is accepted but ignored, so results are always ordered by dateAdded, then id, ascending.
        ArrayNode contacts = GhlErrors.JSON.arrayNode();
        int total = 0;
        for (StoredContact contact : state.contacts.location(locationId).after(null)) {
            if (!matcher.test(contact.document())) {
                continue;
            }
            total++;
            boolean afterCursor = cursor == null || contact.key().compareTo(cursor) > 0;
            if (afterCursor && skip > 0) {
                skip--;
            } else if (afterCursor && contacts.size() < pageLimit) {
                contacts.add(withSearchAfter(contact));
            }
        }
        ObjectNode answer = GhlErrors.JSON.objectNode();
        answer.set("contacts", contacts);
        answer.put("total", total);
        answer.put("traceId", SandboxIds.traceId());
        responses.json(context, 200, answer);
    }

    /** Handles {@code GET /contacts/search/duplicate}: email is tried first, then {@code number}. */
    void duplicate(RoutingContext context) {
        MultiMap query = context.queryParams();
        String locationId = requiredLocationId(query.get("locationId"));
        LocationContacts.DuplicateMatch match = state.contacts.location(locationId)
                .findDuplicate(query.get("email"), query.get("number"));
        ObjectNode answer = GhlErrors.JSON.objectNode();
        if (match == null) {
            answer.putNull("contact");
        } else {
            answer.set("contact", match.contact().document());
        }
        responses.json(context, 200, answer);
    }

    private ObjectNode listMeta(String locationId, int limit, List<StoredContact> page, int total, int before,
                                boolean more) {
        ObjectNode meta = GhlErrors.JSON.objectNode();
        meta.put("total", total);
        int currentPage = before / limit + 1;
        meta.put("currentPage", currentPage);
        if (page.isEmpty()) {
            meta.putNull("startAfterId");
            meta.putNull("startAfter");
        } else {
            StoredContact last = page.get(page.size() - 1);
            meta.put("startAfterId", last.id());
            meta.put("startAfter", last.dateAddedMillis());
        }
        if (more) {
            StoredContact last = page.get(page.size() - 1);
            meta.put("nextPageUrl", state.baseUrl + "/contacts/?locationId=" + encode(locationId)
                    + "&startAfter=" + last.dateAddedMillis() + "&startAfterId=" + last.id() + "&limit=" + limit);
            meta.put("nextPage", currentPage + 1);
        } else {
            meta.putNull("nextPageUrl");
            meta.putNull("nextPage");
        }
        if (currentPage > 1) {
            meta.put("prevPage", currentPage - 1);
        } else {
            meta.putNull("prevPage");
        }
        return meta;
    }

    private static ObjectNode withSearchAfter(StoredContact contact) {
        ObjectNode copy = GhlErrors.JSON.objectNode();
        copy.setAll(contact.document());
        copy.putArray("searchAfter").add(contact.dateAddedMillis()).add(contact.id());
        return copy;
    }

    /** Returns the {@code locationId} query parameter, raising 422 when it is missing or empty. */
    static String requiredLocationId(String locationId) {
        if (locationId == null || locationId.isEmpty()) {
            throw GhlErrors.unprocessable("locationId should not be empty");
        }
        return locationId;
    }

    private static int parseLimit(String text) {
        if (text == null) {
            return LIST_DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw GhlErrors.unprocessable("limit must be a number conforming to the specified constraints");
        }
        if (limit > LIST_MAX_LIMIT) {
            throw GhlErrors.unprocessable("limit must not be greater than " + LIST_MAX_LIMIT);
        }
        if (limit < 1) {
            throw GhlErrors.unprocessable("limit must not be less than 1");
        }
        return limit;
    }

    /** Returns the list cursor. A {@code startAfterId} without {@code startAfter} resumes after that contact. */
    private static StoredContact.ContactKey listCursor(LocationContacts location, String startAfter,
                                                       String startAfterId) {
        if (startAfter == null) {
            StoredContact anchor = startAfterId == null ? null : location.get(startAfterId);
            return anchor == null ? null : anchor.key();
        }
        long millis;
        try {
            millis = Long.parseLong(startAfter.trim());
        } catch (NumberFormatException e) {
            throw GhlErrors.unprocessable("startAfter must be a number conforming to the specified constraints");
        }
        // Without an id the cursor skips every contact added at that millisecond, because "~" sorts after all ids.
        return new StoredContact.ContactKey(millis, startAfterId == null ? "~" : startAfterId);
    }

    private static StoredContact.ContactKey searchCursor(JsonNode searchAfter) {
        if (searchAfter == null || searchAfter.isNull()) {
            return null;
        }
        return new StoredContact.ContactKey(searchAfter.get(0).asLong(), searchAfter.get(1).asText());
    }

    private static void validateSearch(ObjectNode body) {
        List<String> messages = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!SEARCH_FIELDS.contains(name)) {
                messages.add("property " + name + " should not exist");
            }
        });

        if (!body.path("locationId").isTextual() || body.get("locationId").asText().isEmpty()) {
            messages.add("locationId should not be empty");
        }
        JsonNode pageLimit = body.get("pageLimit");
        if (pageLimit == null || !pageLimit.canConvertToInt() || !pageLimit.isIntegralNumber()) {
            messages.add("pageLimit must be an integer number");
        } else if (pageLimit.asInt() < 1 || pageLimit.asInt() > SEARCH_MAX_PAGE_LIMIT) {
            messages.add("pageLimit must be between 1 and " + SEARCH_MAX_PAGE_LIMIT);
        }

        JsonNode page = body.get("page");
        if (page != null && (!page.isIntegralNumber() || page.asInt() < 1)) {
            messages.add("page must be an integer number not less than 1");
        }
        JsonNode searchAfter = body.get("searchAfter");
        if (searchAfter != null && !searchAfter.isNull() && (!searchAfter.isArray() || searchAfter.size() != 2
                || !searchAfter.get(0).isNumber() || !searchAfter.get(1).isTextual())) {
            messages.add("searchAfter must be the array [dateAddedMillis, contactId] of the last contact returned");
        }
        if (body.has("page") && searchAfter != null && !searchAfter.isNull()) {
            messages.add("page and searchAfter must not be used together");
        }

        JsonNode query = body.get("query");
        if (query != null && !query.isNull() && !query.isTextual()) {
            messages.add("query must be a string");
        }
        if (!messages.isEmpty()) {
            throw GhlErrors.unprocessable(messages);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
