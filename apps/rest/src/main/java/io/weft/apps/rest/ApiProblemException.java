package io.weft.apps.rest;

/**
 * A request refused by the REST layer itself (bad body, unknown name in the path, ...), answered with
 * {@link #status()} and the message as the problem's detail. Refusals by the domain arrive as
 * {@link io.weft.topology.TopologyException} instead.
 */
final class ApiProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    ApiProblemException(int status, String detail) {
        // No stack trace: this is an answer to a client, not a fault to debug.
        super(detail, null, false, false);
        this.status = status;
    }

    static ApiProblemException badRequest(String detail) {
        return new ApiProblemException(400, detail);
    }

    /** No valid credentials: answered with {@code WWW-Authenticate: Bearer}. */
    static ApiProblemException unauthorized(String detail) {
        return new ApiProblemException(401, detail);
    }

    static ApiProblemException forbidden(String detail) {
        return new ApiProblemException(403, detail);
    }

    static ApiProblemException notFound(String detail) {
        return new ApiProblemException(404, detail);
    }

    int status() {
        return status;
    }
}
