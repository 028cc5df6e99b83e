package org.privyrghlsync.ghl;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;

/**
 * Walks every page of GHL's contact lists for the paged operations of {@code routes/ghl-contacts-api.yaml}. The
 * contacts of all pages are collected into one list, or each page is sent on to the endpoint named in the
 * {@code GhlPageEndpoint} header, so that a large location is never held in memory at once.
 *
 * <p>A walk ends at the first empty page. That costs one request more than stopping at a short page, but it never
 * stops early when GHL returns fewer contacts than the page size asked for.
 */
public final class ContactPager {

    /** Header with the number of contacts per request. */
    public static final String PAGE_SIZE_HEADER = "GhlPageSize";
    /** Header with a {@code direct:} or {@code seda:} endpoint that receives each page instead of collecting them. */
    public static final String PAGE_ENDPOINT_HEADER = "GhlPageEndpoint";
    /** Header with the {@code query} text filter of the list and business operations. */
    public static final String QUERY_HEADER = "GhlContactQuery";
    /** Header with the business whose contacts are listed. */
    public static final String BUSINESS_HEADER = "GhlBusinessId";
    /** Header set on each page sent to the page endpoint: the page's number, from 1. */
    public static final String PAGE_NUMBER_HEADER = "GhlPageNumber";
    /** Header set when a walk ends: the number of contacts returned or sent on. */
    public static final String CONTACT_COUNT_HEADER = "GhlContactCount";

    /** GHL documents a maximum {@code limit} of 100 for the deprecated {@code GET /contacts/}. */
    static final int LIST_MAX_PAGE_SIZE = 100;
    /** GHL's search documentation allows {@code pageLimit} up to 500. */
    static final int SEARCH_MAX_PAGE_SIZE = 500;
    // NOTE: GHL documents no maximum limit for GET /contacts/business/{id}; 100 matches the list endpoint's cap.
    static final int BUSINESS_MAX_PAGE_SIZE = 100;
    static final int DEFAULT_PAGE_SIZE = 100;

    private final GhlApiCalls calls;
    private final ProducerTemplate template;

    public ContactPager(GhlApiCalls calls, ProducerTemplate template) {
        this.calls = calls;
        this.template = template;
    }

    /**
     * Walks the deprecated {@code GET /contacts/}, resuming each page after the {@code startAfter} (epoch
     * milliseconds) and {@code startAfterId} cursor of the previous one.
     */
    public void listContacts(Exchange exchange) {
        String locationId = calls.locationId(exchange);
        int limit = pageSize(exchange, LIST_MAX_PAGE_SIZE);
        String text = exchange.getMessage().getHeader(QUERY_HEADER, String.class);
        PageSink sink = new PageSink(exchange);
        String startAfter = null;
        String startAfterId = null;
        while (true) {
            StringBuilder query = new StringBuilder("locationId=").append(GhlApiCalls.encode(locationId))
                    .append("&limit=").append(limit);
            if (text != null && !text.isBlank()) {
                query.append("&query=").append(GhlApiCalls.encode(text));
            }
            if (startAfterId != null) {
                query.append("&startAfterId=").append(GhlApiCalls.encode(startAfterId))
                        .append("&startAfter=").append(GhlApiCalls.encode(startAfter));
            }
            Map<?, ?> response = asMap(calls.fetch(exchange, "GET", "/contacts/", query.toString(), null));
            List<?> contacts = contacts(response, "GET /contacts/");
            if (contacts.isEmpty()) {
                break;
            }
            sink.accept(contacts);

            Map<?, ?> last = asMap(contacts.get(contacts.size() - 1));
            Map<?, ?> meta = response.get("meta") instanceof Map<?, ?> map ? map : Map.of();
            String nextId = firstText(meta.get("startAfterId"), last.get("id"));
            String nextAfter = firstText(meta.get("startAfter"), epochMillis(last.get("dateAdded")));
            if (nextId == null || nextAfter == null) {
                throw new IllegalStateException("GHL's page of GET /contacts/ has no startAfter and startAfterId"
                        + " in meta, and its last contact no id and dateAdded; cannot request the next page");
            }
            if (nextId.equals(startAfterId) && nextAfter.equals(startAfter)) {
                throw new IllegalStateException("GHL returned the cursor " + nextAfter + "/" + nextId
                        + " twice for GET /contacts/; stopped to avoid repeating the same page");
            }
            startAfter = nextAfter;
            startAfterId = nextId;
        }
        sink.finish();
    }

    /**
     * Walks {@code POST /contacts/search}. The body contains the search ({@code filters}, {@code sort}, {@code query});
     * {@code locationId}, {@code pageLimit} and the {@code searchAfter} cursor of each next page are added. A
     * {@code searchAfter} already in the body starts the walk after that position.
     */
    public void searchContacts(Exchange exchange) {
        Map<String, Object> request = calls.bodyAsMap(exchange);
        if (request.containsKey("page")) {
            throw new IllegalArgumentException("The search body has \"page\"; remove it, because the walk pages"
                    + " with searchAfter (page paging stops at 10,000 results)");
        }
        request.put("locationId", calls.sameLocation(exchange, request.get("locationId")));
        Integer fromHeader = exchange.getMessage().getHeader(PAGE_SIZE_HEADER, Integer.class);
        if (fromHeader != null || !request.containsKey("pageLimit")) {
            request.put("pageLimit", pageSize(exchange, SEARCH_MAX_PAGE_SIZE));
        }
        PageSink sink = new PageSink(exchange);
        while (true) {
            Map<?, ?> response = asMap(calls.fetch(exchange, "POST", "/contacts/search", null, request));
            List<?> contacts = contacts(response, "POST /contacts/search");
            if (contacts.isEmpty()) {
                break;
            }
            sink.accept(contacts);

            Object searchAfter = asMap(contacts.get(contacts.size() - 1)).get("searchAfter");
            if (!(searchAfter instanceof List<?> cursor) || cursor.isEmpty()) {
                throw new IllegalStateException("The last contact of GHL's search page has no searchAfter"
                        + " cursor; cannot request the next page");
            }
            if (cursor.equals(request.get("searchAfter"))) {
                throw new IllegalStateException("GHL returned the searchAfter cursor " + cursor
                        + " twice; stopped to avoid repeating the same page");
            }
            request.put("searchAfter", cursor);
        }
        sink.finish();
    }

    /** Walks {@code GET /contacts/business/{businessId}} with {@code limit} and a growing {@code skip}. */
    public void listBusinessContacts(Exchange exchange) {
        String businessId = exchange.getMessage().getHeader(BUSINESS_HEADER, String.class);
        if (businessId == null || businessId.isBlank()) {
            throw new IllegalArgumentException("The " + BUSINESS_HEADER + " header is missing; set it to the GHL"
                    + " business id");
        }
        String locationId = calls.locationId(exchange);
        int limit = pageSize(exchange, BUSINESS_MAX_PAGE_SIZE);
        String text = exchange.getMessage().getHeader(QUERY_HEADER, String.class);
        String path = "/contacts/business/" + GhlApiCalls.encode(businessId.trim());
        PageSink sink = new PageSink(exchange);
        int skip = 0;
        Object previousFirstId = null;
        while (true) {
            StringBuilder query = new StringBuilder("locationId=").append(GhlApiCalls.encode(locationId))
                    .append("&limit=").append(limit).append("&skip=").append(skip);
            if (text != null && !text.isBlank()) {
                query.append("&query=").append(GhlApiCalls.encode(text));
            }
            Map<?, ?> response = asMap(calls.fetch(exchange, "GET", path, query.toString(), null));
            List<?> contacts = contacts(response, "GET " + path);
            if (contacts.isEmpty()) {
                break;
            }
            Object firstId = asMap(contacts.get(0)).get("id");
            if (firstId != null && firstId.equals(previousFirstId)) {
                throw new IllegalStateException("GHL returned the page starting at contact " + firstId
                        + " twice for GET " + path + "; stopped to avoid repeating it");
            }
            previousFirstId = firstId;
            sink.accept(contacts);
            skip += contacts.size();
        }
        sink.finish();
    }

    private static int pageSize(Exchange exchange, int max) {
        Integer size = exchange.getMessage().getHeader(PAGE_SIZE_HEADER, Integer.class);
        if (size == null) {
            return Math.min(DEFAULT_PAGE_SIZE, max);
        }
        if (size < 1 || size > max) {
            throw new IllegalArgumentException("The " + PAGE_SIZE_HEADER + " header is " + size
                    + "; set it between 1 and " + max);
        }
        return size;
    }

    private static Map<?, ?> asMap(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalStateException("Expected a JSON object from GHL, got " + describe(value));
    }

    private static List<?> contacts(Map<?, ?> response, String request) {
        if (response.get("contacts") instanceof List<?> contacts) {
            return contacts;
        }
        throw new IllegalStateException("GHL's response to " + request + " has no \"contacts\" list");
    }

    private static String firstText(Object preferred, Object fallback) {
        Object value = preferred != null ? preferred : fallback;
        return value == null ? null : String.valueOf(value);
    }

    private static Long epochMillis(Object dateAdded) {
        if (!(dateAdded instanceof String text)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String pageEndpoint(Exchange exchange) {
        String uri = exchange.getMessage().getHeader(PAGE_ENDPOINT_HEADER, String.class);
        if (uri == null || uri.isBlank()) {
            return null;
        }
        String trimmed = uri.trim();
        // Only endpoints of this CamelContext: a header must never make the walk reach files, hosts or commands.
        if (!trimmed.startsWith("direct:") && !trimmed.startsWith("seda:")) {
            throw new IllegalArgumentException("The " + PAGE_ENDPOINT_HEADER + " header is " + trimmed
                    + "; set it to a direct: or seda: endpoint");
        }
        return trimmed;
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : value.getClass().getSimpleName();
    }

    /** Collects the pages of one walk, or sends each to the page endpoint. */
    private final class PageSink {

        private final Exchange origin;
        private final String endpoint;
        private final List<Object> collected = new ArrayList<>();
        private int pages;
        private long contacts;

        PageSink(Exchange origin) {
            this.origin = origin;
            this.endpoint = pageEndpoint(origin);
        }

        void accept(List<?> page) {
            pages++;
            contacts += page.size();
            if (endpoint == null) {
                collected.addAll(page);
                return;
            }
            Exchange copy = origin.copy();
            if (endpoint.startsWith("seda:")) {
                // In-only, so the walk goes on without waiting for the seda consumer.
                copy.setPattern(ExchangePattern.InOnly);
            }
            copy.getMessage().setBody(new ArrayList<>(page));
            copy.getMessage().setHeader(PAGE_NUMBER_HEADER, pages);
            // A page endpoint that walks another list must name its own page endpoint, if any.
            copy.getMessage().removeHeader(PAGE_ENDPOINT_HEADER);
            Exchange result = template.send(endpoint, copy);
            Exception failure = result.getException();
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure != null) {
                throw new CamelExecutionException("The page endpoint " + endpoint + " failed on page " + pages,
                        result, failure);
            }
        }

        void finish() {
            origin.getMessage().setHeader(CONTACT_COUNT_HEADER, contacts);
            origin.getMessage().setBody(endpoint == null ? collected : contacts);
        }
    }
}
