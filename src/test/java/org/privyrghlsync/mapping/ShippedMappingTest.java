package org.privyrghlsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.privyrghlsync.mapping.MappingFixtures.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.events.ClientData;

class ShippedMappingTest {

    private static final ContactMapping SHIPPED = MappingFixtures.shippedMapping();

    @Test
    void shippedMappingMapsSampleClient() {
        ClientData tony = client().id("10000001").name("Tony Stark").email("Tony@Example.com")
                .phone("98765 43210").whatsapp("+16262223333").groups("Hot Leads").other("Budget", "$500k")
                .other("Timeline", "3 months").other("Company", "Stark Industries").notes("Interested in: 2BHK")
                .build();

        MappedContact contact = SHIPPED.map(tony);

        assertThat(contact.fields()).isEqualTo(Map.of(
                "firstName", "Tony", "lastName", "Stark", "email", "tony@example.com", "phone", "+919876543210",
                "source", "Privyr", "companyName", "Stark Industries"));
        assertThat(contact.customFields()).containsEntry("key:contact.whatsapp_number", "+16262223333");
        assertThat(contact.customFields()).containsEntry("key:contact.budget", "$500k");
        assertThat(contact.customFields()).containsEntry("key:contact.timeline", "3 months");
        assertThat(contact.customFields()).containsEntry("key:contact.privyr_client_id", "10000001");
        assertThat(contact.customFields()).containsEntry("key:contact.privyr_notes", "Interested in: 2BHK");
        assertThat(contact.tags()).containsExactly("Hot Leads", "privyr");
        assertThat(contact.blankWhenEmpty())
                .containsExactlyInAnyOrder("key:contact.privyr_raw_phone", "key:contact.privyr_notes");
        assertThat(contact.warnings()).isEmpty();
    }

    @Test
    void shippedMappingNamesClientIdField() {
        assertThat(SHIPPED.clientIdFields()).containsExactly("key:contact.privyr_client_id");
    }

    @Test
    void shippedMappingKeepsClientSource() {
        MappedContact contact = SHIPPED.map(client().source("Facebook Lead Ads").build());

        assertThat(contact.fields()).containsEntry("source", "Facebook Lead Ads");
    }

    @Test
    void shippedMappingKeepsRawPhone() {
        MappedContact contact = SHIPPED.map(client().phone("98765").build());

        assertThat(contact.customFields()).containsEntry("key:contact.privyr_raw_phone", "98765");
        assertThat(contact.fields()).doesNotContainKey("phone");
    }

    @Test
    void fixedPhoneClearsRawPhone() {
        MappedContact invalid = ContactBodies.afterUpsert(SHIPPED.map(client().phone("call after 6pm").build()));
        MappedContact fixed = SHIPPED.map(client().phone("+1 202 555 0188").build());

        ContactChange change = ContactBodies.diff(fixed, invalid);

        assertThat(change.fields()).containsEntry("phone", "+12025550188");
        assertThat(change.customFields()).containsEntry("key:contact.privyr_raw_phone", "");
    }

    @Test
    void classpathCopyMatchesFile() throws IOException {
        byte[] file = Files.readAllBytes(MappingFixtures.shippedMappingFile());
        byte[] resource;
        try (InputStream stream = ContactMapping.class.getClassLoader()
                .getResourceAsStream(ContactMapping.DEFAULT_RESOURCE)) {
            assertThat(stream).as("classpath resource %s", ContactMapping.DEFAULT_RESOURCE).isNotNull();
            resource = stream.readAllBytes();
        }

        assertThat(new String(resource, "UTF-8")).isEqualTo(new String(file, "UTF-8"));
    }

    @Test
    void classpathFallbackLoads() {
        ContactMapping mapping = ContactMapping.loadFileOrClasspath(
                MappingFixtures.projectDir().resolve("no-such-dir/contact.yaml"), ContactMapping.DEFAULT_RESOURCE,
                MappingFixtures.CAMEL);

        assertThat(mapping.source()).endsWith("mappings/contact.yaml");
        assertThat(mapping.phoneRegion()).isEqualTo("IN");
    }

    @Test
    void missingClasspathResourceRejected() {
        MappingException error = org.assertj.core.api.Assertions.catchThrowableOfType(MappingException.class,
                () -> ContactMapping.loadFromClasspath("mappings/none.yaml", MappingFixtures.CAMEL));

        assertThat(error.getFile()).isEqualTo("classpath:mappings/none.yaml");
        assertThat(error.getProblem()).isEqualTo("resource not found on the classpath");
    }

    @Test
    void parallelMappingGivesSameResult() {
        ClientData tony = client().name("Tony Stark").phone("98765 43210").groups("VIP").build();
        MappedContact expected = SHIPPED.map(tony);

        List<MappedContact> results = java.util.stream.IntStream.range(0, 2_000).parallel()
                .mapToObj(i -> SHIPPED.map(tony)).toList();

        assertThat(results).allMatch(expected::equals);
    }

    @Test
    void tenThousandClientsMap() {
        List<MappedContact> results = new ArrayList<>(10_000);
        for (int i = 0; i < 10_000; i++) {
            ClientData lead = client().id(Integer.toString(i)).name("Lead Number " + i)
                    .email("lead" + i + "@example.com").phone("98765 " + String.format("%05d", i))
                    .groups("Batch " + (i % 7)).other("Budget", i).build();
            results.add(SHIPPED.map(lead));
        }

        assertThat(results).hasSize(10_000);
        assertThat(results.get(9_999).customFields()).containsEntry("key:contact.privyr_client_id", "9999");
        assertThat(results.get(9_999).fields()).containsEntry("phone", "+919876509999");
    }
}
