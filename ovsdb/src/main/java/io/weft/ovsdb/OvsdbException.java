package io.weft.ovsdb;

/** The server answered with an error (RFC 7047 {@code error} and {@code details}). */
public class OvsdbException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String error;

    public OvsdbException(String error, String details) {
        super(details == null || details.isEmpty() ? error : error + ": " + details);
        this.error = error;
    }

    /** Whether {@code failure} (possibly wrapped by a future) is the peer not knowing the method we called. */
    public static boolean isUnknownMethod(Throwable failure) {
        Throwable t = failure;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof OvsdbException e && "unknown method".equals(e.error());
    }

    /** The RFC 7047 error string, e.g. {@code constraint violation}. */
    public String error() {
        return error;
    }
}
