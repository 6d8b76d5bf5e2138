package io.weft.apps.rest;

/** Which callers a route serves when the API requires tokens (see {@link RequestGuard}). */
enum Access {
    /** No token needed: health and the OpenAPI document, which reveal nothing about the overlay. */
    PUBLIC,
    /** Any valid token. */
    READ,
    /**
     * An {@code admin} token, or a {@code host:NAME} token for what that host's container runtime asks: an endpoint on
     * host NAME, a new network, a network's deletion once it is empty (the handler narrows it further).
     */
    HOST,
    /** An {@code admin} token. */
    ADMIN
}
