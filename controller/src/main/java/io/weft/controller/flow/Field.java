package io.weft.controller.flow;

/**
 * The header fields Weft matches on, sets and moves. Each knows its width, its ovs-ofctl name and its
 * NXM/OXM header (used by the Nicira move action, which names fields by header).
 *
 * <p>The enum order is the order ovs-ofctl prints match fields in for the fields used here, so that
 * formatted flows compare equal to {@code ovs-ofctl dump-flows} output.
 */
public enum Field {
    // Order matters: see the class comment.
    TUNNEL_ID("tun_id", 64, FieldKind.HEX, 0x00012008),
    TUNNEL_IPV4_SRC("tun_src", 32, FieldKind.IPV4, 0x00013e04),
    TUNNEL_IPV4_DST("tun_dst", 32, FieldKind.IPV4, 0x00014004),
    METADATA("metadata", 64, FieldKind.HEX, 0x80000408),
    IN_PORT("in_port", 32, FieldKind.PORT, 0),
    ETH_SRC("dl_src", 48, FieldKind.MAC, 0x00000406),
    ETH_DST("dl_dst", 48, FieldKind.MAC, 0x00000206),
    ETH_TYPE("dl_type", 16, FieldKind.HEX, 0x00000602),
    IPV4_SRC("nw_src", 32, FieldKind.IPV4, 0x00000e04),
    IPV4_DST("nw_dst", 32, FieldKind.IPV4, 0x00001004),
    IP_PROTO("nw_proto", 8, FieldKind.DECIMAL, 0x00000c01),
    /** Matched only with {@code udp} (nw_proto=17): the overlay's services (DNS at the gateway). */
    UDP_DST("tp_dst", 16, FieldKind.DECIMAL, 0x00001802),
    ARP_SPA("arp_spa", 32, FieldKind.IPV4, 0x00002004),
    ARP_TPA("arp_tpa", 32, FieldKind.IPV4, 0x00002204),
    ARP_OP("arp_op", 16, FieldKind.DECIMAL, 0x00001e02),
    ARP_SHA("arp_sha", 48, FieldKind.MAC, 0x00012206),
    ARP_THA("arp_tha", 48, FieldKind.MAC, 0x00012406);

    private final String ofctlName;
    private final int bits;
    private final FieldKind kind;
    private final int nxmHeader;

    Field(String ofctlName, int bits, FieldKind kind, int nxmHeader) {
        this.ofctlName = ofctlName;
        this.bits = bits;
        this.kind = kind;
        this.nxmHeader = nxmHeader;
    }

    /** The field's name in ovs-ofctl flow syntax. */
    public String ofctlName() {
        return ofctlName;
    }

    /** The field's name in a set_field action, where OVS prints the OXM-style name (eth_src, not dl_src). */
    public String setFieldName() {
        return switch (this) {
            case ETH_SRC -> "eth_src";
            case ETH_DST -> "eth_dst";
            case ETH_TYPE -> "eth_type";
            case IPV4_SRC -> "ip_src";
            case IPV4_DST -> "ip_dst";
            default -> ofctlName;
        };
    }

    public int bits() {
        return bits;
    }

    /** All ones over the field's width. */
    public long fullMask() {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    /**
     * The NXM (or, for OpenFlow-only fields, OXM) header with no mask bit, as the Nicira move action
     * carries it. ovs-ofctl prefers the NXM header wherever one exists, and so do we.
     */
    public int nxmHeader() {
        if (nxmHeader == 0) {
            throw new IllegalArgumentException(ofctlName + " cannot be moved by Weft");
        }
        return nxmHeader;
    }

    /** The name ovs-ofctl uses for this field inside a move action, e.g. {@code NXM_OF_ETH_SRC[]}. */
    public String nxmName() {
        return switch (this) {
            case TUNNEL_ID -> "NXM_NX_TUN_ID";
            case TUNNEL_IPV4_SRC -> "NXM_NX_TUN_IPV4_SRC";
            case TUNNEL_IPV4_DST -> "NXM_NX_TUN_IPV4_DST";
            case METADATA -> "OXM_OF_METADATA";
            case IN_PORT -> "NXM_OF_IN_PORT";
            case ETH_SRC -> "NXM_OF_ETH_SRC";
            case ETH_DST -> "NXM_OF_ETH_DST";
            case ETH_TYPE -> "NXM_OF_ETH_TYPE";
            case IPV4_SRC -> "NXM_OF_IP_SRC";
            case IPV4_DST -> "NXM_OF_IP_DST";
            case IP_PROTO -> "NXM_OF_IP_PROTO";
            case UDP_DST -> "NXM_OF_UDP_DST";
            case ARP_SPA -> "NXM_OF_ARP_SPA";
            case ARP_TPA -> "NXM_OF_ARP_TPA";
            case ARP_OP -> "NXM_OF_ARP_OP";
            case ARP_SHA -> "NXM_NX_ARP_SHA";
            case ARP_THA -> "NXM_NX_ARP_THA";
        };
    }

    FieldKind kind() {
        return kind;
    }

    /** Renders a value of this field as ovs-ofctl does. */
    public String format(long value) {
        return switch (kind) {
            case DECIMAL -> Long.toString(value);
            case HEX -> value == 0 ? "0" : "0x" + Long.toHexString(value); // ovs-ofctl writes tun_id=0, not 0x0
            case MAC -> Values.formatMac(value);
            case IPV4 -> Values.formatIpv4((int) value);
            case PORT -> new PortNumber(value).toString();
        };
    }
}
