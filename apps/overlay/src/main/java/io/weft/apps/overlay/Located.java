package io.weft.apps.overlay;

import io.weft.topology.Endpoint;

/**
 * An endpoint where it really is (the host and port OVS reported for its iface-id), or, before OVS has reported it,
 * on the host it was created for, with no port ({@link #bound()} false).
 */
public record Located(Endpoint endpoint, String host, int ofport) {
    static final int NO_PORT = -1;

    static Located expected(Endpoint endpoint) {
        return new Located(endpoint, endpoint.host(), NO_PORT);
    }

    boolean bound() {
        return ofport != NO_PORT;
    }
}
