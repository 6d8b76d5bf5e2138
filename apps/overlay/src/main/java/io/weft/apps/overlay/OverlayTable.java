package io.weft.apps.overlay;

import io.weft.controller.flow.TableId;

/** The overlay's OpenFlow tables, in pipeline order (docs/pipeline.md describes each). */
public enum OverlayTable {
    /** Port -> network (metadata); the tunnel port with tun_id=VNI -> network, marked "from tunnel". */
    CLASSIFIER(0, "port or VNI -> network (metadata); tunnel frames marked as such"),
    /** Frames from a local endpoint must carry its MAC and IP (IPv4 source, ARP sender). */
    PORT_SECURITY(10, "only the endpoint's own MAC and IPv4 may leave its port"),
    /** ARP requests for known addresses of the network are answered here, never sent on. */
    ARP_RESPONDER(20, "ARP for known addresses answered on the host"),
    /** Destination MAC -> local port or remote host's tunnel; broadcast/unknown -> flood group. */
    L2_FORWARDING(30, "destination MAC -> local port, remote host's tunnel, router, or flood group"),
    /** IPv4 to a gateway MAC, marked with a router: destination IP -> TTL-1, MACs rewritten, into the other VNI. */
    ROUTING(40, "distributed routing between a router's networks");

    private final TableId id;
    private final String purpose;

    OverlayTable(int id, String purpose) {
        this.id = TableId.of(id);
        this.purpose = purpose;
    }

    /** What the table does, in a line (for {@code weft flows}). */
    public String purpose() {
        return purpose;
    }

    public TableId id() {
        return id;
    }

    /** The table's name, or {@code table N} for an id that is none of the overlay's. */
    public static String nameOf(TableId id) {
        return of(id).map(Enum::name).orElse("table " + id.value());
    }

    /** The overlay table with this id, if it is one. */
    public static java.util.Optional<OverlayTable> of(TableId id) {
        for (OverlayTable t : values()) {
            if (t.id.equals(id)) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }
}
