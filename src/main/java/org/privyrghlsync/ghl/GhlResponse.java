package org.privyrghlsync.ghl;

import com.fasterxml.jackson.databind.JsonNode;

/** A successful GHL response: its status and parsed JSON body (a missing node when the body was empty). */
public record GhlResponse(int status, JsonNode body) {
}
