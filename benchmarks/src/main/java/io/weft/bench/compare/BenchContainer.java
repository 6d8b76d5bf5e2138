package io.weft.bench.compare;

import io.weft.testkit.NetNamespace;
import java.io.IOException;

/**
 * A container as a runtime makes one on a netdev host: its own network namespace holding {@code eth0}
 * (the endpoint's MAC and IP, MTU 1450 for the VXLAN header), the other end of the veth left in the
 * host's namespace for the runtime to plug into br-int. ARP is retried every 10 ms instead of every
 * second, so that a first ping is not held back by the kernel's neighbour timer in either system.
 */
final class BenchContainer implements AutoCloseable {
    private final NetNamespace ns;
    private final String hostSide;
    private final EndpointAddress address;

    private BenchContainer(NetNamespace ns, String hostSide, EndpointAddress address) {
        this.ns = ns;
        this.hostSide = hostSide;
        this.address = address;
    }

    static BenchContainer create(NetNamespace host, String nsName, String hostSide, EndpointAddress address,
                                 int prefixLength) throws IOException {
        NetNamespace ns = NetNamespace.create(nsName);
        BenchContainer c = new BenchContainer(ns, hostSide, address);
        try {
            host.exec("ip", "link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", ns.name());
            ns.exec("ip", "link", "set", "eth0", "address", address.mac(), "mtu", "1450");
            ns.exec("ip", "addr", "add", address.ip() + "/" + prefixLength, "dev", "eth0");
            ns.exec("ip", "link", "set", "eth0", "up");
            ns.exec("sysctl", "-qw", "net.ipv4.neigh.eth0.retrans_time_ms=10");
            host.exec("ip", "link", "set", hostSide, "up");
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    NetNamespace namespace() {
        return ns;
    }

    /** The host-side interface name: the port the runtime adds to br-int. */
    String port() {
        return hostSide;
    }

    EndpointAddress address() {
        return address;
    }

    /** Deleting the namespace deletes the veth pair with it. */
    @Override
    public void close() throws IOException {
        ns.close();
    }
}
