package org.privyrghlsync.events;

/** Failed check of the {@code X-Signature} header of an event request; the receiver responds with 401. */
public final class SignatureException extends RuntimeException {

    /** The check that failed. */
    public enum Failure {
        MISSING_HEADER,
        MALFORMED_HEADER,
        TIMESTAMP_OUT_OF_TOLERANCE,
        SIGNATURE_MISMATCH
    }

    private final Failure failure;

    /**
     * Creates the exception.
     *
     * @param failure the check that failed
     * @param reason a sentence naming the failed check; it must never contain the secret or an expected signature
     */
    public SignatureException(Failure failure, String reason) {
        super(reason);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }

    public String reason() {
        return getMessage();
    }
}
