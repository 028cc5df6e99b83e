package org.privyrghlsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContactNotesTest extends DefaultSandboxTest {

    private String contactId;
    private String notesPath;

    @BeforeEach
    void createContact() {
        contactId = client.post("/contacts/", "{\"locationId\":\"sandbox-location\",\"firstName\":\"Ann\"}")
                .body().path("contact").path("id").asText();
        notesPath = "/contacts/" + contactId + "/notes";
    }

    @Test
    void createReturnsNoteWrapper() {
        Instant before = Instant.now().minusSeconds(1);

        SandboxClient.Reply reply = client.post(notesPath, "{\"body\":\"Wants a 2BHK\",\"userId\":\"user1\","
                + "\"title\":\"Call summary\",\"color\":\"#FFAA00\",\"pinned\":true}");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.body().size()).isEqualTo(1);
        JsonNode note = reply.body().path("note");
        assertThat(note.path("id").asText()).hasSize(20);
        assertThat(note.path("body").asText()).isEqualTo("Wants a 2BHK");
        assertThat(note.path("userId").asText()).isEqualTo("user1");
        assertThat(note.path("title").asText()).isEqualTo("Call summary");
        assertThat(note.path("color").asText()).isEqualTo("#FFAA00");
        assertThat(note.path("pinned").asBoolean()).isTrue();
        assertThat(note.path("contactId").asText()).isEqualTo(contactId);
        String dateAdded = note.path("dateAdded").asText();
        assertThat(dateAdded).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(Instant.parse(dateAdded)).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(sandbox.notes(contactId)).containsExactly((ObjectNode) note);
    }

    @Test
    void createWithBodyOnlyIsUnpinned() {
        SandboxClient.Reply reply = client.post(notesPath, "{\"body\":\"Short note\"}");

        JsonNode note = reply.body().path("note");
        assertThat(reply.status()).isEqualTo(201);
        assertThat(note.path("pinned").isBoolean()).isTrue();
        assertThat(note.path("pinned").asBoolean()).isFalse();
        assertThat(note.has("title")).isFalse();
        assertThat(note.has("userId")).isFalse();
        assertThat(note.has("color")).isFalse();
    }

    @Test
    void listReturnsNotesInCreationOrder() {
        List<String> ids = new ArrayList<>();
        for (String body : List.of("first", "second", "third")) {
            ids.add(client.post(notesPath, "{\"body\":\"" + body + "\"}").body().path("note").path("id").asText());
        }

        SandboxClient.Reply reply = client.get(notesPath);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().size()).isEqualTo(1);
        List<String> listed = new ArrayList<>();
        reply.body().path("notes").forEach(note -> listed.add(note.path("id").asText()));
        assertThat(listed).containsExactlyElementsOf(ids);
        assertThat(sandbox.notes(contactId)).extracting(note -> note.path("body").asText())
                .containsExactly("first", "second", "third");
    }

    @Test
    void listOfContactWithoutNotesIsEmpty() {
        SandboxClient.Reply reply = client.get(notesPath);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo(SandboxClient.json("{\"notes\":[]}"));
    }

    @Test
    void getReturnsNoteWrapper() {
        JsonNode created = client.post(notesPath, "{\"body\":\"Wants a 2BHK\"}").body().path("note");

        SandboxClient.Reply reply = client.get(notesPath + "/" + created.path("id").asText());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().size()).isEqualTo(1);
        assertThat(reply.body().path("note")).isEqualTo(created);
    }

    @Test
    void updateChangesOnlyGivenFields() {
        JsonNode created = client.post(notesPath, "{\"body\":\"Wants a 2BHK\",\"title\":\"Call summary\"}")
                .body().path("note");

        SandboxClient.Reply reply = client.put(notesPath + "/" + created.path("id").asText(),
                "{\"body\":\"Wants a 3BHK\",\"pinned\":true,\"color\":null}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().size()).isEqualTo(1);
        JsonNode note = reply.body().path("note");
        assertThat(note.path("id")).isEqualTo(created.path("id"));
        assertThat(note.path("body").asText()).isEqualTo("Wants a 3BHK");
        assertThat(note.path("pinned").asBoolean()).isTrue();
        assertThat(note.path("title").asText()).isEqualTo("Call summary");
        assertThat(note.path("dateAdded")).isEqualTo(created.path("dateAdded"));
        assertThat(note.has("color")).isFalse();
        assertThat(sandbox.notes(contactId).get(0)).isEqualTo(note);
    }

    @Test
    void createWithoutBodyReturns422() {
        for (String json : List.of("{}", "{\"body\":\"\"}", "{\"body\":null,\"title\":\"t\"}")) {
            SandboxClient.Reply reply = client.post(notesPath, json);

            assertThat(reply.status()).as(json).isEqualTo(422);
            assertThat(reply.body().path("error").asText()).as(json).isEqualTo("Unprocessable Entity");
            assertThat(messages(reply)).as(json).containsExactly("body should not be empty");
        }
        assertThat(sandbox.notes(contactId)).isEmpty();
    }

    @Test
    void wrongTypesAndUnknownPropertiesReturn422() {
        SandboxClient.Reply create = client.post(notesPath,
                "{\"body\":\"b\",\"pinned\":\"yes\",\"color\":1,\"dateAdded\":\"2021-07-08T12:02:11.285Z\"}");
        String id = client.post(notesPath, "{\"body\":\"b\"}").body().path("note").path("id").asText();
        SandboxClient.Reply update = client.put(notesPath + "/" + id, "{\"body\":\"\",\"contactId\":\"x\"}");

        assertThat(create.status()).isEqualTo(422);
        assertThat(messages(create)).containsExactlyInAnyOrder("pinned must be a boolean value",
                "color must be a string", "property dateAdded should not exist");
        assertThat(update.status()).isEqualTo(422);
        assertThat(messages(update)).containsExactlyInAnyOrder("body should not be empty",
                "property contactId should not exist");
        assertThat(sandbox.notes(contactId)).extracting(note -> note.path("body").asText()).containsExactly("b");
    }

    @Test
    void deleteReturnsSuccededAndRemovesNote() {
        String id = client.post(notesPath, "{\"body\":\"b\"}").body().path("note").path("id").asText();

        SandboxClient.Reply reply = client.delete(notesPath + "/" + id, null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo(SandboxClient.json("{\"succeded\":true}"));
        assertThat(sandbox.notes(contactId)).isEmpty();
        assertThat(client.get(notesPath + "/" + id).status()).isEqualTo(404);
    }

    @Test
    void unknownNoteReturns404() {
        String unknown = notesPath + "/missingNote000000000";
        JsonNode expected = SandboxClient.json("{\"statusCode\":404,"
                + "\"message\":\"Note with id missingNote000000000 not found\",\"error\":\"Not Found\"}");

        List<SandboxClient.Reply> replies = List.of(client.get(unknown),
                client.put(unknown, "{\"body\":\"x\"}"),
                client.delete(unknown, null));

        SandboxClient.assertEachReturns(replies, 404, expected);
    }

    @Test
    void unknownContactReturns400OnEveryNoteRoute() {
        String noteId = client.post(notesPath, "{\"body\":\"b\"}").body().path("note").path("id").asText();
        String unknown = "/contacts/missingContact0000000/notes";
        JsonNode expected = SandboxClient.contactNotFound("missingContact0000000");

        List<SandboxClient.Reply> replies = List.of(client.get(unknown),
                client.post(unknown, "{\"body\":\"b\"}"),
                client.get(unknown + "/" + noteId),
                client.put(unknown + "/" + noteId, "{\"body\":\"x\"}"),
                client.delete(unknown + "/" + noteId, null));

        SandboxClient.assertEachReturns(replies, 400, expected);
    }

    private static List<String> messages(SandboxClient.Reply reply) {
        List<String> messages = new ArrayList<>();
        reply.body().path("message").forEach(message -> messages.add(message.asText()));
        return messages;
    }
}
