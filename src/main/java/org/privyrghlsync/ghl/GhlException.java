package org.privyrghlsync.ghl;

/** A GHL call that failed for good: GHL returned an error status, or no response came after all retries. */
public final class GhlException extends RuntimeException {

    private final int status;
    private final String ghlMessage;
    private final String responseBody;

    public GhlException(String message, int status, String ghlMessage, String responseBody, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.ghlMessage = ghlMessage;
        this.responseBody = responseBody;
    }

    /** Returns GHL's HTTP status, or 0 when GHL did not respond (connection error, timeout). */
    public int status() {
        return status;
    }

    /** Returns the {@code message} of GHL's error body, with array messages joined by "; ", or null. */
    public String ghlMessage() {
        return ghlMessage;
    }

    /** Returns GHL's response body as received, or null. */
    public String responseBody() {
        return responseBody;
    }
}
