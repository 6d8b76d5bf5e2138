package io.weft.apps.provisioning;

/**
 * What a host sets to join, and what Weft creates on it. A host joins with:
 * <pre>
 * ovs-vsctl set Open_vSwitch . external_ids:system-id=node1 external_ids:weft-tunnel-ip=198.18.0.1
 * ovs-vsctl set-manager tcp:CONTROLLER_IP:6640
 * </pre>
 * and optionally {@code external_ids:weft-datapath-type=netdev} (hosts without the kernel module).
 */
public final class HostJoinContract {
    public static final String SYSTEM_ID = "system-id";
    public static final String TUNNEL_IP = "weft-tunnel-ip";
    public static final String DATAPATH_TYPE = "weft-datapath-type";

    /** The integration bridge Weft owns on every host. */
    public static final String BRIDGE = "br-int";
    /** The one flow-based VXLAN port (remote_ip=flow, key=flow): flows pick the peer and the VNI. */
    public static final String TUNNEL_PORT = "weft-vxlan";
    /** The tunnel's fixed OpenFlow port number, so flows can name it without a lookup. */
    public static final long TUNNEL_OFPORT = 4789;
    public static final int VXLAN_UDP_PORT = 4789;
    public static final String OPENFLOW_PROTOCOLS_13 = "OpenFlow13";
    public static final String OPENFLOW_PROTOCOLS_14 = "OpenFlow14";
    /** Marks rows Weft created, so it never touches anything else. */
    public static final String OWNER_KEY = "weft-owned";
    /** The OVN convention: an Interface with this external id is the endpoint with that id. */
    public static final String IFACE_ID = "iface-id";
    /** Set on an Interface once the endpoint's flows are confirmed on every host that needs them. */
    public static final String INSTALLED_KEY = "weft-installed";

    private HostJoinContract() {
    }

    /**
     * The controller address in an active manager target ({@code ssl:ADDR[:PORT]} or {@code tcp:ADDR[:PORT]}, an
     * IPv6 address in brackets, kept so), or empty for any other (passive {@code pssl:}, unix sockets).
     */
    public static java.util.Optional<String> managerAddress(String target) {
        if (target == null || !(target.startsWith("ssl:") || target.startsWith("tcp:"))) {
            return java.util.Optional.empty();
        }
        String rest = target.substring(4);
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            return close > 1 ? java.util.Optional.of(rest.substring(0, close + 1)) : java.util.Optional.empty();
        }
        int colon = rest.indexOf(':');
        String address = colon < 0 ? rest : rest.substring(0, colon);
        return address.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(address);
    }
}
