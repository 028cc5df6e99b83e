package org.privyrghlsync.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.RecordedRequest;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.testing.SyncHarness;

/** The paged operations walk every page of 250 or more contacts, returning each contact exactly once. */
class ContactPagingOperationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUSINESS_CONTACTS = 250;
    private static final int OTHER_CONTACTS = 7;
    private static final String BUSINESS_ID = "business-paging";

    private static SyncHarness harness;
    private static Operations operations;
    private static final Set<String> allIds = new HashSet<>();
    private static final Set<String> businessIds = new HashSet<>();
    private static final List<Exchange> receivedPages = new CopyOnWriteArrayList<>();
    private static final List<Exchange> queuedPages = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        // Rate limits off on both sides, so creating the contacts takes no 10-second windows.
        harness = SyncHarness.start(SandboxConfig.builder().rateLimitMax(0),
                Map.of("ghl.rate-limit.max-requests", "0"));
        operations = new Operations(harness);
        for (int i = 0; i < BUSINESS_CONTACTS + OTHER_CONTACTS; i++) {
            String id = operations.newContact("user" + i + "@paging.example.org");
            allIds.add(id);
            if (i < BUSINESS_CONTACTS) {
                harness.sandbox().setBusiness(id, BUSINESS_ID);
                businessIds.add(id);
            }
        }
        String otherBusiness = operations.newContact("other-business@example.org");
        harness.sandbox().setBusiness(otherBusiness, "business-other");
        allIds.add(otherBusiness);
        harness.runtime().camelContext().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("seda:test-pages-queued").routeId("test-pages-queued")
                        .process(exchange -> queuedPages.add(exchange.copy()));
                from("direct:test-pages").routeId("test-pages").process(exchange -> {
                    receivedPages.add(exchange.copy());
                    if ("fail".equals(exchange.getMessage().getHeader("TestPageMode"))
                            && exchange.getMessage().getHeader("GhlPageNumber", Integer.class) == 2) {
                        throw new IllegalStateException("page endpoint failed on purpose");
                    }
                });
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @BeforeEach
    void reset() {
        harness.sandbox().clearRequests();
        harness.sandbox().clearFaults();
        receivedPages.clear();
        queuedPages.clear();
    }

    @Test
    void listContactsReturnsEachOnce() {
        List<String> ids = ids(operations.result("direct:ghl-list-contacts", null, Map.of()));

        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(allIds);
        List<RecordedRequest> requests = harness.ghlRequests("GET", "/contacts/");
        assertThat(requests).hasSize(4);
        assertThat(requests.get(0).query()).contains("limit=100").doesNotContain("startAfter");
        assertThat(requests.get(1).query()).contains("startAfterId=").contains("startAfter=");
    }

    @Test
    void listContactsHonoursPageSize() {
        Exchange result = operations.call("direct:ghl-list-contacts", null, Map.of("GhlPageSize", 40));

        List<String> ids = ids(result.getMessage().getBody());
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(allIds);
        assertThat(result.getMessage().getHeader("GhlContactCount", Long.class)).isEqualTo((long) allIds.size());
        assertThat(harness.ghlRequests("GET", "/contacts/")).hasSize((allIds.size() + 39) / 40 + 1);
    }

    @Test
    void listContactsRejectsPageSizeOverLimit() {
        Exchange result = operations.call("direct:ghl-list-contacts", null, Map.of("GhlPageSize", 101));

        assertThat(result.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GhlPageSize");
        assertThat(harness.sandbox().requests()).isEmpty();
    }

    @Test
    void searchContactsReturnsEachOnce() throws Exception {
        List<String> ids = ids(operations.result("direct:ghl-search-contacts", null, Map.of()));

        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(allIds);
        List<RecordedRequest> requests = harness.ghlRequests("POST", "/contacts/search");
        assertThat(requests).hasSize(4);
        JsonNode first = JSON.readTree(requests.get(0).body());
        JsonNode second = JSON.readTree(requests.get(1).body());
        assertThat(first.path("locationId").asText()).isEqualTo("sandbox-location");
        assertThat(first.path("pageLimit").asInt()).isEqualTo(100);
        assertThat(first.has("searchAfter")).isFalse();
        assertThat(second.path("searchAfter").isArray()).isTrue();
    }

    @Test
    void searchContactsKeepsFilters() {
        Map<String, Object> search = Map.of("filters", List.of(Map.of("field", "email", "operator", "contains",
                "value", "@paging.example.org")));

        List<String> ids = ids(operations.result("direct:ghl-search-contacts", search, Map.of("GhlPageSize", 60)));

        assertThat(ids).doesNotHaveDuplicates().hasSize(BUSINESS_CONTACTS + OTHER_CONTACTS);
        assertThat(allIds).containsAll(ids);
        assertThat(harness.ghlRequests("POST", "/contacts/search")).hasSize(6);
    }

    @Test
    void searchContactsRejectsPageNumbers() {
        Exchange result = operations.call("direct:ghl-search-contacts", Map.of("page", 2), Map.of());

        assertThat(result.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("searchAfter");
        assertThat(harness.sandbox().requests()).isEmpty();
    }

    @Test
    void businessContactsReturnsEachOnce() {
        Exchange result = operations.call("direct:ghl-list-business-contacts", null,
                Map.of("GhlBusinessId", BUSINESS_ID));

        List<String> ids = ids(result.getMessage().getBody());
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(businessIds);
        List<RecordedRequest> requests = harness.ghlRequests("GET", "/contacts/business/" + BUSINESS_ID);
        assertThat(requests).hasSize(4);
        assertThat(requests.get(2).query()).contains("limit=100").contains("skip=200");
    }

    @Test
    void businessContactsNeedBusinessId() {
        Exchange result = operations.call("direct:ghl-list-business-contacts", null, Map.of());

        assertThat(result.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GhlBusinessId");
    }

    @Test
    void pageEndpointReceivesEachPage() {
        Exchange result = operations.call("direct:ghl-list-contacts", null,
                Map.of("GhlPageEndpoint", "direct:test-pages", "TestCaller", "kept"));

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo((long) allIds.size());
        assertThat(receivedPages).hasSize(3);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < receivedPages.size(); i++) {
            Exchange page = receivedPages.get(i);
            assertThat(page.getMessage().getHeader("GhlPageNumber")).isEqualTo(i + 1);
            assertThat(page.getMessage().getHeader("TestCaller")).isEqualTo("kept");
            assertThat(page.getMessage().getHeader("GhlPageEndpoint")).isNull();
            ids.addAll(ids(page.getMessage().getBody()));
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(allIds);
    }

    @Test
    void searchPagesGoToPageEndpoint() {
        Exchange result = operations.call("direct:ghl-search-contacts", null,
                Map.of("GhlPageEndpoint", "direct:test-pages", "GhlPageSize", 200));

        assertThat(result.getMessage().getBody()).isEqualTo((long) allIds.size());
        assertThat(receivedPages).hasSize(2);
    }

    @Test
    void sedaPageEndpointReceivesEachPage() {
        Exchange result = operations.call("direct:ghl-list-contacts", null,
                Map.of("GhlPageEndpoint", "seda:test-pages-queued"));

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo((long) allIds.size());
        await().atMost(Duration.ofSeconds(10)).until(() -> queuedPages.size() == 3);
        List<String> ids = new ArrayList<>();
        queuedPages.forEach(page -> ids.addAll(ids(page.getMessage().getBody())));
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(allIds);
    }

    @Test
    void pageEndpointFailureStopsWalk() {
        Exchange result = operations.call("direct:ghl-list-business-contacts", null,
                Map.of("GhlBusinessId", BUSINESS_ID, "GhlPageEndpoint", "direct:test-pages", "GhlPageSize", 50,
                        "TestPageMode", "fail"));

        assertThat(result.getException()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("on purpose");
        assertThat(receivedPages).hasSize(2);
        assertThat(harness.ghlRequests("GET", "/contacts/business/.*")).hasSize(2);
    }

    @Test
    void pageEndpointMustBeInternal() {
        Exchange result = operations.call("direct:ghl-list-contacts", null,
                Map.of("GhlPageEndpoint", "file:/tmp/pages"));

        assertThat(result.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("direct:");
        assertThat(harness.sandbox().requests()).isEmpty();
    }

    @Test
    void repeatedCursorStopsWalk() {
        String samePage = "{\"contacts\":[{\"id\":\"c1\",\"dateAdded\":\"2025-01-01T00:00:00.000Z\"}],"
                + "\"meta\":{\"startAfterId\":\"c1\",\"startAfter\":1735689600000}}";
        harness.sandbox().injectFault("GET", "/contacts/", 200, samePage, 2);

        Exchange result = operations.call("direct:ghl-list-contacts", null, Map.of());

        assertThat(result.getException()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("twice");
        assertThat(harness.ghlRequests("GET", "/contacts/")).hasSize(2);
    }

    private static List<String> ids(Object contacts) {
        assertThat(contacts).isInstanceOf(List.class);
        List<String> ids = new ArrayList<>();
        for (Object contact : (List<?>) contacts) {
            ids.add((String) ((Map<?, ?>) contact).get("id"));
        }
        return ids;
    }
}
