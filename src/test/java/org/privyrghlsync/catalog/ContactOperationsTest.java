package org.privyrghlsync.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.testing.SyncHarness;

class ContactOperationsTest {

    private static SyncHarness harness;
    private static ProducerTemplate template;

    @BeforeAll
    static void start() throws Exception {
        harness = SyncHarness.start();
        template = harness.runtime().camelContext().createProducerTemplate();
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @Test
    void createThenGet() {
        Object created = template.requestBody("direct:ghl-create-contact", Map.of("firstName", "Ann", "email", "ann@example.org"));
        System.out.println("CREATED " + created);
        String id = (String) ((Map<?, ?>) created).get("id");
        Object got = template.requestBodyAndHeader("direct:ghl-get-contact", null, "GhlContactId", id);
        System.out.println("GOT " + got);
        assertThat(got).isInstanceOf(Map.class);
    }
}
