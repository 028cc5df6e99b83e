package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Factory of the error bodies that GHL API v2 returns, with its exact status codes and messages.
 */
final class GhlErrors {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private GhlErrors() {
    }

    static GhlApiException badRequest(String message) {
        return new GhlApiException(400, statusBody(400, message));
    }

    static GhlApiException contactNotFound(String contactId) {
        return badRequest("Contact with id " + contactId + " not found");
    }

    /**
     * Builds the 404 error for a task or note id that the contact does not have.
     * NOTE: GHL documents no 404 for these paths. The body copies the shape of its 401 and 422 bodies.
     */
    static GhlApiException recordNotFound(String kind, String id) {
        ObjectNode body = statusBody(404, kind + " with id " + id + " not found");
        body.put("error", "Not Found");
        return new GhlApiException(404, body);
    }

    static GhlApiException unauthorized(String message) {
        ObjectNode body = statusBody(401, message);
        body.put("error", "Unauthorized");
        return new GhlApiException(401, body);
    }

    static GhlApiException forbiddenLocation() {
        ObjectNode body = statusBody(403, "The token does not have access to this location.");
        body.put("error", "Forbidden");
        return new GhlApiException(403, body);
    }

    /** Builds the 422 error of GHL's DTO validation, whose {@code message} is an array of strings. */
    static GhlApiException unprocessable(List<String> messages) {
        ObjectNode body = JSON.objectNode();
        body.put("statusCode", 422);
        ArrayNode array = body.putArray("message");
        messages.forEach(array::add);
        body.put("error", "Unprocessable Entity");
        return new GhlApiException(422, body);
    }

    static GhlApiException unprocessable(String message) {
        return unprocessable(List.of(message));
    }

    static GhlApiException duplicate(String contactId, String contactName, String matchingField) {
        ObjectNode body = statusBody(400, "This location does not allow duplicated contacts.");
        ObjectNode meta = body.putObject("meta");
        meta.put("contactId", contactId);
        meta.put("contactName", contactName);
        meta.put("matchingField", matchingField);
        return new GhlApiException(400, body);
    }

    static ObjectNode tooManyRequests() {
        return statusBody(429, "Too many requests");
    }

    static ObjectNode routeNotFound(String method, String path) {
        return statusBody(404, "Cannot " + method + " " + path);
    }

    /** Builds an OAuth error in the RFC 6749 shape that the token endpoint uses. */
    static GhlApiException oauth(int status, String error, String description) {
        ObjectNode body = JSON.objectNode();
        body.put("error", error);
        body.put("error_description", description);
        return new GhlApiException(status, body);
    }

    static ObjectNode statusBody(int status, String message) {
        ObjectNode body = JSON.objectNode();
        body.put("statusCode", status);
        body.put("message", message);
        return body;
    }
}
