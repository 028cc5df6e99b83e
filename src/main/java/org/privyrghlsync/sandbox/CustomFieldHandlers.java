package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * Serves {@code GET /locations/{locationId}/customFields}: the location's contact custom fields, which are the ones
 * configured with {@link SandboxConfig.Builder#customFieldKeys} plus every key written to a contact since.
 */
final class CustomFieldHandlers {

    private final SandboxState state;
    private final HttpResponses responses;

    CustomFieldHandlers(SandboxState state, HttpResponses responses) {
        this.state = state;
        this.responses = responses;
    }

    void list(RoutingContext context) {
        String locationId = context.pathParam("locationId");
        ContactsGuard.requireLocation(context.get(ContactsGuard.GRANT), locationId);
        ArrayNode fields = GhlErrors.JSON.arrayNode();
        int position = 0;
        for (Map.Entry<String, String> field : state.contacts.location(locationId).customFieldIds().entrySet()) {
            ObjectNode definition = fields.addObject();
            definition.put("id", field.getValue());
            definition.put("name", field.getKey().replace('_', ' '));
            definition.put("fieldKey", "contact." + field.getKey());
            definition.put("dataType", "TEXT");
            definition.put("position", position);
            definition.put("model", "contact");
            definition.put("locationId", locationId);
            position += 50;
        }
        ObjectNode answer = GhlErrors.JSON.objectNode();
        answer.set("customFields", fields);
        responses.json(context, 200, answer);
    }
}
