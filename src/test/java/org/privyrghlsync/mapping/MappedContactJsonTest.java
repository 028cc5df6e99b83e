package org.privyrghlsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.privyrghlsync.mapping.MappingFixtures.client;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MappedContactJsonTest {

    @Test
    void snapshotRoundTripIsEqual() {
        MappedContact mapped = MappingFixtures.shippedMapping().map(client().name("Priya 🌸 Nair")
                .email("Priya@Example.com").phone("12345").groups("Hot Leads").other("Budget", 500000)
                .other("Timeline", 2.50).notes("Prefers WhatsApp").build());

        MappedContact restored = MappedContact.fromJson(mapped.toJson());

        assertThat(restored).isEqualTo(mapped);
        assertThat(ContactBodies.diff(mapped, restored).isEmpty()).isTrue();
    }

    @Test
    void snapshotKeepsTypes() {
        MappedContact contact = new MappedContact(Map.of("dnd", true, "firstName", "Tony"),
                Map.of("key:contact.budget", 500000L, "key:contact.area", new BigDecimal("0.1")),
                List.of("VIP"), Set.of("email"), List.of());

        MappedContact restored = MappedContact.fromJson(contact.toJson());

        assertThat(restored.fields()).containsEntry("dnd", Boolean.TRUE);
        assertThat(restored.customFields()).containsEntry("key:contact.budget", 500000L);
        assertThat(restored.customFields()).containsEntry("key:contact.area", new BigDecimal("0.1"));
        assertThat(restored.blankWhenEmpty()).containsExactly("email");
    }

    @Test
    void snapshotJsonIsReadable() {
        MappedContact contact = new MappedContact(Map.of("firstName", "Tony"), Map.of("id:AbC123", "x"),
                List.of("VIP"), Set.of(), List.of());

        assertThat(contact.toJson()).isEqualTo("{\"fields\":{\"firstName\":\"Tony\"},\"customFields\":"
                + "{\"id:AbC123\":\"x\"},\"tags\":[\"VIP\"],\"blankWhenEmpty\":[],\"warnings\":[]}");
    }

    @Test
    void snapshotMatchesJacksonsRecordForm() throws Exception {
        MappedContact contact = new MappedContact(Map.of("dnd", false, "email", "a\"b@example.com"),
                Map.of("key:contact.area", new BigDecimal("1E+3"), "key:contact.tags", List.of("a", 2L)),
                List.of("VIP", "Ünïcode ✓"), Set.of("email"), List.of("line\nbreak"));

        assertThat(contact.toJson()).isEqualTo(JsonMapper.builder()
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build().writeValueAsString(contact));
    }

    @Test
    void invalidSnapshotRejected() {
        assertThatThrownBy(() -> MappedContact.fromJson("{\"fields\": [1]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid mapped contact JSON");
    }
}
