package io.weft.topology;

import java.util.Objects;

/**
 * Where OVS reports an endpoint's interface: the host whose bridge has an interface with
 * {@code external_ids:iface-id} equal to the endpoint id, and the OpenFlow port number of that interface.
 */
public record OvsBinding(String host, int ofport) {
    /** OpenFlow 1.3 OFPP_MAX: numbers above it are reserved ports, never a real interface. */
    public static final int MAX_OFPORT = 0xff00;

    public OvsBinding {
        Objects.requireNonNull(host, "host");
        if (ofport < 1 || ofport > MAX_OFPORT) {
            throw TopologyException.invalid("invalid ofport " + ofport + ": expected 1.." + MAX_OFPORT);
        }
    }
}
