package org.privyrghlsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BusinessContactsTest {

    private static final int BUSINESS_CONTACTS = 60;
    private static final String BUSINESS_PATH = "/contacts/business/biz-1?locationId=sandbox-location";

    private GhlSandbox sandbox;
    private SandboxClient client;
    private List<String> businessIds;

    @BeforeEach
    void start() {
        sandbox = GhlSandbox.start(SandboxConfig.builder().rateLimitMax(0).build());
        client = new SandboxClient(sandbox);
        businessIds = new ArrayList<>();
        for (int i = 0; i < BUSINESS_CONTACTS; i++) {
            String id = createContact("member" + i);
            sandbox.setBusiness(id, "biz-1");
            businessIds.add(id);
        }
        for (int i = 0; i < 10; i++) {
            sandbox.setBusiness(createContact("other" + i), "biz-2");
        }
        for (int i = 0; i < 5; i++) {
            createContact("loner" + i);
        }
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void skipPagingReturnsEachContactOnce() {
        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        for (int skip = 0; ; skip += 25) {
            SandboxClient.Reply reply = client.get(BUSINESS_PATH + "&limit=25&skip=" + skip);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body().path("count").asInt()).isEqualTo(BUSINESS_CONTACTS);
            JsonNode contacts = reply.body().path("contacts");
            if (contacts.isEmpty()) {
                break;
            }
            pageSizes.add(contacts.size());
            contacts.forEach(contact -> {
                assertThat(contact.path("businessId").asText()).isEqualTo("biz-1");
                seen.add(contact.path("id").asText());
            });
        }

        assertThat(pageSizes).containsExactly(25, 25, 10);
        assertThat(seen).hasSize(BUSINESS_CONTACTS);
        assertThat(new HashSet<>(seen)).hasSize(BUSINESS_CONTACTS);
        assertThat(seen).containsExactlyElementsOf(listOrder());
    }

    @Test
    void defaultsAreLimit25Skip0() {
        SandboxClient.Reply reply = client.get(BUSINESS_PATH);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(ids(reply)).containsExactlyElementsOf(listOrder().subList(0, 25));
    }

    @Test
    void queryFiltersWithinBusiness() {
        SandboxClient.Reply reply = client.get(BUSINESS_PATH + "&query=member1");

        // Matches member1 and member10 to member19, but no contact of another business.
        assertThat(reply.body().path("count").asInt()).isEqualTo(11);
        assertThat(ids(reply)).hasSize(11).isSubsetOf(businessIds);
    }

    @Test
    void unknownBusinessIsEmpty() {
        SandboxClient.Reply reply = client.get("/contacts/business/biz-none?locationId=sandbox-location");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo(SandboxClient.json("{\"contacts\":[],\"count\":0}"));
    }

    @Test
    void businessNamedTasksIsListed() {
        String id = businessIds.get(0);
        sandbox.setBusiness(id, "tasks");

        SandboxClient.Reply reply = client.get("/contacts/business/tasks?locationId=sandbox-location");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(ids(reply)).containsExactly(id);
    }

    @Test
    void setBusinessShowsOnContactAndNullDetaches() {
        String id = businessIds.get(0);

        assertThat(client.get("/contacts/" + id).body().path("contact").path("businessId").asText())
                .isEqualTo("biz-1");
        sandbox.setBusiness(id, null);

        assertThat(sandbox.contact(id).has("businessId")).isFalse();
        assertThat(client.get(BUSINESS_PATH).body().path("count").asInt()).isEqualTo(BUSINESS_CONTACTS - 1);
        assertThatThrownBy(() -> sandbox.setBusiness("missingContact0000000", "biz-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missingContact0000000");
    }

    @Test
    void contactWritesCannotSetBusiness() {
        String id = businessIds.get(0);

        SandboxClient.Reply reply = client.put("/contacts/" + id, "{\"businessId\":\"biz-2\"}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body().path("message").get(0).asText()).isEqualTo("property businessId should not exist");
        assertThat(sandbox.contact(id).path("businessId").asText()).isEqualTo("biz-1");
    }

    @Test
    void invalidQueryParametersReturn422() {
        String[][] cases = {
                {"/contacts/business/biz-1", "locationId should not be empty"},
                {BUSINESS_PATH + "&limit=ten", "limit must be a number string"},
                {BUSINESS_PATH + "&limit=0", "limit must not be less than 1"},
                {BUSINESS_PATH + "&skip=-1", "skip must not be less than 0"},
        };
        for (String[] request : cases) {
            SandboxClient.Reply reply = client.get(request[0]);

            assertThat(reply.status()).as(request[0]).isEqualTo(422);
            assertThat(reply.body().path("message").get(0).asText()).as(request[0]).isEqualTo(request[1]);
        }
    }

    @Test
    void otherLocationIsForbidden() {
        SandboxClient.Reply reply = client.get("/contacts/business/biz-1?locationId=other-location");

        assertThat(reply.status()).isEqualTo(403);
    }

    private String createContact(String firstName) {
        SandboxClient.Reply reply = client.post("/contacts/",
                "{\"locationId\":\"sandbox-location\",\"firstName\":\"" + firstName + "\"}");
        assertThat(reply.status()).isEqualTo(201);
        return reply.body().path("contact").path("id").asText();
    }

    /** Returns the ids of biz-1's contacts in the sandbox's list order: dateAdded, then id. */
    private List<String> listOrder() {
        return sandbox.contacts("sandbox-location").stream()
                .filter(contact -> contact.path("businessId").asText().equals("biz-1"))
                .map(contact -> contact.path("id").asText())
                .toList();
    }

    private static List<String> ids(SandboxClient.Reply reply) {
        List<String> ids = new ArrayList<>();
        reply.body().path("contacts").forEach(contact -> ids.add(contact.path("id").asText()));
        return ids;
    }
}
