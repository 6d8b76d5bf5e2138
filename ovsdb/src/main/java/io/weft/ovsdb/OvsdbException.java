package io.weft.ovsdb;

/** The server answered with an error (RFC 7047 {@code error} and {@code details}). */
public class OvsdbException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String error;

    public OvsdbException(String error, String details) {
        super(details == null || details.isEmpty() ? error : error + ": " + details);
        this.error = error;
    }

    /** The RFC 7047 error string, e.g. {@code constraint violation}. */
    public String error() {
        return error;
    }
}
