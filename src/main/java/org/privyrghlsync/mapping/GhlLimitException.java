package org.privyrghlsync.mapping;

/**
 * A value that GHL's published API schema does not accept, found while a request body was built, so the request
 * was not sent. The event becomes a dead letter with {@link #getMessage()} as its reason.
 */
public final class GhlLimitException extends RuntimeException {

    private final String field;
    private final String maskedValue;
    private final String limit;

    /**
     * Creates the exception.
     *
     * @param field the GHL field, such as {@code contact.dateOfBirth}
     * @param maskedValue the rejected value, masked with {@link Masking#maskText(String)}
     * @param limit the rule the value breaks and where GHL documents it
     */
    public GhlLimitException(String field, String maskedValue, String limit) {
        super("GHL field " + field + " has the value '" + maskedValue + "', which GHL does not accept: " + limit
                + ". Nothing was sent to GHL for it; correct the value in Privyr or the mapping, then replay the"
                + " event");
        this.field = field;
        this.maskedValue = maskedValue;
        this.limit = limit;
    }

    public String field() {
        return field;
    }

    public String maskedValue() {
        return maskedValue;
    }

    public String limit() {
        return limit;
    }
}
