package io.weft.apps.rest;

/**
 * An RFC 9457 problem details object, the body of every error response. {@code type} is {@code about:blank}: the
 * status says what kind of problem it is, {@code title} is its standard phrase and {@code detail} the reason, written
 * for a human and naming the field or value at fault.
 */
record Problem(String type, String title, int status, String detail) {
    static final String CONTENT_TYPE = "application/problem+json";

    static Problem of(int status, String detail) {
        return new Problem("about:blank", HttpStatusTitles.titleOf(status), status, detail);
    }
}
