package io.weft.testkit;

import java.io.IOException;
import java.util.List;

/**
 * A simulated host for real packets, as the end-to-end tests build it: network namespace {@code ns}
 * reached from the root namespace (where the controller runs) over a management veth, 198.19.N.1 on
 * the root side and 198.19.N.2 inside; its own OVS on the userspace (netdev) datapath, with br-phy
 * holding the underlay interface and the tunnel IP 198.18.0.N.
 */
public final class NetdevHost implements AutoCloseable {
    private final NetNamespace ns;
    private final int index;
    private final String name;
    private final String rootLink;
    private final OvsInstance ovs;

    private NetdevHost(NetNamespace ns, int index, String name, String rootLink, OvsInstance ovs) {
        this.ns = ns;
        this.index = index;
        this.name = name;
        this.rootLink = rootLink;
        this.ovs = ovs;
    }

    /**
     * Builds host {@code index} in {@code ns}; {@code tag} keeps link names unique between runs, and
     * {@code underlay} (an interface already in {@code ns}, or null) is put on br-phy.
     */
    public static NetdevHost start(NetNamespace ns, int index, String name, String tag, String underlay)
            throws IOException {
        String rootLink = "wm" + index + tag;
        String inside = "wn" + index + tag;
        NetNamespace.ip("link", "add", rootLink, "type", "veth", "peer", "name", inside, "netns", ns.name());
        NetNamespace.ip("addr", "add", "198.19." + index + ".1/24", "dev", rootLink);
        NetNamespace.ip("link", "set", rootLink, "up");
        ns.exec("ip", "addr", "add", "198.19." + index + ".2/24", "dev", inside);
        ns.exec("ip", "link", "set", inside, "up");
        OvsInstance ovs = OvsInstance.start(name + tag, ns.name());
        NetdevHost host = new NetdevHost(ns, index, name, rootLink, ovs);
        try {
            ovs.vsctl("add-br", "br-phy", "--", "set", "Bridge", "br-phy", "datapath_type=netdev");
            if (underlay != null) {
                ovs.vsctl("add-port", "br-phy", underlay);
                ns.exec("ip", "link", "set", underlay, "up");
            }
            // The kernel must not also answer ARP for the tunnel IP through the underlay port OVS holds
            // (a second reply with the wrong MAC makes tunnel traffic flaky).
            ns.exec("sysctl", "-qw", "net.ipv4.conf.all.arp_ignore=1");
            ns.exec("ip", "addr", "add", host.tunnelIp() + "/24", "dev", "br-phy");
            ns.exec("ip", "link", "set", "br-phy", "up");
        } catch (IOException | RuntimeException e) {
            host.close();
            throw e;
        }
        return host;
    }

    /** The two documented join commands, towards the controller's OVSDB port on the management link. */
    public void join(int ovsdbPort) throws IOException {
        ovs.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=" + name,
                "external_ids:weft-tunnel-ip=" + tunnelIp(), "external_ids:weft-datapath-type=netdev");
        ovs.vsctl("set-manager", "tcp:" + controllerAddress() + ":" + ovsdbPort);
    }

    public NetNamespace namespace() {
        return ns;
    }

    public OvsInstance ovs() {
        return ovs;
    }

    public String tunnelIp() {
        return "198.18.0." + index;
    }

    /** The root namespace's address as this host reaches it. */
    public String controllerAddress() {
        return "198.19." + index + ".1";
    }

    @Override
    public void close() throws IOException {
        ovs.close();
        // Gone already if the namespace was deleted first (its peer takes the pair with it).
        if (NetNamespace.linkExists(rootLink)) {
            Processes.run(List.of("ip", "link", "del", rootLink));
        }
    }
}
