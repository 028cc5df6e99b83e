package org.privyrghlsync.admin;

/**
 * An invalid request parameter, body field or path id. The admin API returns it as 400 {@code invalid_request}
 * with the parameter's name as {@code field}; the {@code dead-letters} command reports it as an invalid option.
 */
public class InvalidParameterException extends IllegalArgumentException {

    private final String field;

    public InvalidParameterException(String field, String reason) {
        super(reason);
        this.field = field;
    }

    /** Returns the name of the invalid parameter, {@code body} for the request body as a whole, or {@code id}. */
    public String field() {
        return field;
    }

    /** Returns the first 60 characters of a request value for an error message, control characters as '?'. */
    static String clip(String value) {
        int end = Math.min(value.length(), 60);
        StringBuilder printable = new StringBuilder(end + 3);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            printable.append(Character.isISOControl(c) ? '?' : c);
        }
        return value.length() > end ? printable.append("...").toString() : printable.toString();
    }
}
