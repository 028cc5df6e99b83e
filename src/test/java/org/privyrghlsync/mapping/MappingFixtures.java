package org.privyrghlsync.mapping;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.privyrghlsync.events.ClientData;

/** Shared test inputs: a Camel context for simple expressions, the shipped mapping and a client builder. */
final class MappingFixtures {

    /** Started, because Camel caches the bean introspection behind {@code ${body[...]}} only once started. */
    static final CamelContext CAMEL = startedContext();

    private MappingFixtures() {
    }

    private static CamelContext startedContext() {
        CamelContext context = new DefaultCamelContext();
        context.start();
        return context;
    }

    static Path projectDir() {
        return Path.of(System.getProperty("project.basedir", "."));
    }

    static Path shippedMappingFile() {
        return projectDir().resolve("mappings/contact.yaml");
    }

    static ContactMapping shippedMapping() {
        return ContactMapping.load(shippedMappingFile(), CAMEL);
    }

    /** Parses mapping text that starts with {@code version: 1} and the given lines. */
    static ContactMapping mapping(String... lines) {
        return ContactMapping.parse("version: 1\n" + String.join("\n", lines) + "\n", "test.yaml", CAMEL);
    }

    static ClientBuilder client() {
        return new ClientBuilder();
    }

    /** Builds a {@link ClientData} with id 10000001 and no other values. */
    static final class ClientBuilder {
        private String id = "10000001";
        private String name;
        private String displayName;
        private String email;
        private String phone;
        private String whatsappNumber;
        private String source;
        private List<String> groups = List.of();
        private final Map<String, Object> otherFields = new LinkedHashMap<>();
        private String notes;

        ClientBuilder id(String value) {
            id = value;
            return this;
        }

        ClientBuilder name(String value) {
            name = value;
            return this;
        }

        ClientBuilder displayName(String value) {
            displayName = value;
            return this;
        }

        ClientBuilder email(String value) {
            email = value;
            return this;
        }

        ClientBuilder phone(String value) {
            phone = value;
            return this;
        }

        ClientBuilder whatsapp(String value) {
            whatsappNumber = value;
            return this;
        }

        ClientBuilder source(String value) {
            source = value;
            return this;
        }

        ClientBuilder groups(String... values) {
            groups = List.of(values);
            return this;
        }

        ClientBuilder other(String label, Object value) {
            otherFields.put(label, value);
            return this;
        }

        ClientBuilder notes(String value) {
            notes = value;
            return this;
        }

        ClientData build() {
            return new ClientData(id, name, displayName, email, phone, whatsappNumber, source, groups, otherFields,
                    notes, Instant.parse("2025-03-14T09:20:00Z"), Instant.parse("2025-03-14T09:26:53Z"));
        }
    }
}
