package io.weft.apps.overlay;

import io.weft.controller.flow.TableId;

/** The overlay's OpenFlow tables, in pipeline order (docs/pipeline.md describes each). */
public enum OverlayTable {
    /** Port -> network (metadata); the tunnel port with tun_id=VNI -> network, marked "from tunnel". */
    CLASSIFIER(0),
    /** Frames from a local endpoint must carry its MAC and IP (IPv4 source, ARP sender). */
    PORT_SECURITY(10),
    /** ARP requests for known addresses of the network are answered here, never sent on. */
    ARP_RESPONDER(20),
    /** Destination MAC -> local port or remote host's tunnel; broadcast/unknown -> flood group. */
    L2_FORWARDING(30),
    /** IPv4 to a gateway MAC, marked with a router: destination IP -> TTL-1, MACs rewritten, into the other VNI. */
    ROUTING(40);

    private final TableId id;

    OverlayTable(int id) {
        this.id = TableId.of(id);
    }

    public TableId id() {
        return id;
    }
}
